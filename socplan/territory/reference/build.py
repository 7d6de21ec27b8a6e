"""Build the reference dataset of the whole country (``czechia.json.xz``) from the
official files, so that a fresh installation knows every region, ORP and municipality
with its population by age and sex, index of social exclusion and simplified boundary.

    socplan build_reference ../shared/data [--out FILE]

``../shared/data`` holds the folders ``territory`` (ČSÚ code lists, census 2021,
population, coordinates), ``demography`` (ČSÚ age spreadsheets, 31 Dec 2020),
``social-exclusion`` (MMR index 2023) and ``geo`` (RÚIAN boundaries). The files are
read by the project's importers (the same code as ``import_territory`` and
``import_statistics``); only the facts are written, compactly: rows as lists, boundaries
simplified and delta-encoded in units of 1e-4 degree, the whole compressed with xz.
"""

from __future__ import annotations

import datetime
import json
import lzma
from pathlib import Path

from socplan.territory import importers as territory
from socplan.territory import importers_statistics as statistics
from socplan.territory.importers_statistics import GRID, encode_polygons

from . import FORMAT_VERSION

SOURCES = [
    "ČSÚ: číselníky obcí, okresů, krajů a vazby obec–ORP, obec–okres, kraj–okres (CIS0043, "
    "CIS0100, CIS0101, VAZ0043_0065, VAZ0043_0101, VAZ0100_0101; stav 2020)",
    "ČSÚ: Sčítání lidu, domů a bytů 2021, obyvatelé s obvyklým pobytem podle věku (26. 3. 2021)",
    "Počet obyvatel obcí k 1. 1. 2020 (ČSÚ, převzato z pehovorka/covid-obce-frontend)",
    "Souřadnice a PSČ obcí (převzato z bouchja1/kdetosakra.cz)",
    statistics.SOURCES["age"],
    statistics.SOURCES["exclusion"],
    statistics.SOURCES["boundaries"],
]


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def build(root: Path, *, tolerance: float = statistics.DEFAULT_TOLERANCE) -> dict:
    folder = root / "territory"
    data = territory.ParsedData()
    territory.parse_regions(folder / territory.REGIONS_FILE, data)
    territory.parse_districts(folder / territory.DISTRICTS_FILE, data)
    territory.parse_region_districts(folder / territory.REGION_DISTRICT_FILE, data)
    territory.parse_municipalities(folder / territory.MUNICIPALITIES_FILE, data)
    territory.parse_municipality_orps(folder / territory.MUNICIPALITY_ORP_FILE, data)
    territory.parse_municipality_districts(folder / territory.MUNICIPALITY_DISTRICT_FILE, data)
    territory.parse_census(folder / territory.CENSUS_FILE, data)
    territory.parse_register(folder / territory.POPULATION_FILE, data)
    territory.parse_coordinates(folder / territory.COORDINATES_FILE, data)

    found = statistics.find_files([root / "demography", root / "social-exclusion", root / "geo"])
    stats = statistics.parse_files(found, tolerance=tolerance)
    exclusion_fields = [
        "population_15_plus",
        "population_15_64",
        "debt_enforcement",
        "debt_enforcement_share",
        "housing_allowance",
        "housing_allowance_share",
        "subsistence_allowance",
        "subsistence_allowance_share",
        "long_term_jobseekers",
        "long_term_jobseekers_share",
        "early_school_leavers",
        "early_school_leavers_share",
        "points",
        "category",
    ]
    notes = sorted({v["school_note"] for v in stats.exclusion.values() if v["school_note"]})

    def short(value):
        return round(value, 4) if isinstance(value, float) else value

    return {
        "about": (
            "Reference dataset of socplan: the facts of the official files listed in "
            "'sources' (codes, names, links, population by age band and sex, index of social "
            "exclusion, simplified boundaries), built by socplan/territory/reference/build.py."
        ),
        "format": FORMAT_VERSION,
        "built": datetime.date.today().isoformat(),
        "sources": SOURCES,
        "grid": GRID,
        "regions": [[c, *v.values()] for c, v in sorted(data.regions.items())],
        "region_fields": ["code", *next(iter(data.regions.values())).keys()],
        "districts": [
            [c, v["name"], v["lau_code"], v["ruian_code"], data.district_region.get(c)]
            for c, v in sorted(data.districts.items())
        ],
        "orps": [[c, n] for c, n in sorted(data.orps.items())],
        "municipalities": [
            [
                c,
                v["name"],
                v["short_name"],
                _date(v["valid_from"]),
                _date(v["valid_to"]),
                data.municipality_district.get(c),
                data.municipality_orp.get(c),
                *(
                    [
                        data.coordinates[c]["postcode"],
                        str(data.coordinates[c]["latitude"]),
                        str(data.coordinates[c]["longitude"]),
                    ]
                    if c in data.coordinates
                    else ["", None, None]
                ),
            ]
            for c, v in sorted(data.municipalities.items())
        ],
        "census": {
            "year": data.census_year,
            "reference_date": _date(data.census_date),
            "rows": [
                [c, v["total"], v["age_0_14"], v["age_15_64"], v["age_65_plus"]]
                for c, v in sorted(data.census.items())
            ],
        },
        "register": {
            "year": territory.REGISTER_YEAR,
            "rows": [[c, v] for c, v in sorted(data.register.items())],
        },
        "age": {
            "year": statistics.AGE_YEAR,
            "reference_date": statistics.AGE_DATE.isoformat(),
            "rows": [[c, v["m"], v["f"]] for c, v in sorted(stats.age.items())],
        },
        "exclusion": {
            "year": statistics.EXCLUSION_YEAR,
            "reference_date": statistics.EXCLUSION_DATE.isoformat(),
            "fields": exclusion_fields,
            "notes": notes,
            "rows": [
                [
                    c,
                    notes.index(v["school_note"]) if v["school_note"] else None,
                    *[short(v[f]) for f in exclusion_fields],
                ]
                for c, v in sorted(stats.exclusion.items())
            ],
        },
        "boundaries": {
            "municipality": {
                "year": statistics.MUNICIPALITY_BOUNDARIES_YEAR,
                "rows": [
                    [c, v["name"], encode_polygons(v["polygons"])]
                    for c, v in sorted(stats.municipality_boundaries.items())
                ],
            },
            "orp": {
                "year": statistics.ORP_BOUNDARIES_YEAR,
                "rows": [
                    [c, v["name"], encode_polygons(v["polygons"])]
                    for c, v in sorted(stats.orp_boundaries.items())
                ],
            },
        },
    }


def write(dataset: dict, out: Path) -> int:
    text = json.dumps(dataset, ensure_ascii=False, separators=(",", ":"))
    out.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    return out.stat().st_size


def subset(dataset: dict, orp_codes: set[str]) -> dict:
    """The dataset for the municipalities of ``orp_codes`` only (the demo's small copy)."""
    rows = [row for row in dataset["municipalities"] if row[6] in orp_codes]
    codes = {row[0] for row in rows}
    part = dict(dataset)
    part["about"] = dataset["about"] + " Subset: ORP " + ", ".join(sorted(orp_codes)) + "."
    part["municipalities"] = rows
    part["orps"] = [row for row in dataset["orps"] if row[0] in orp_codes]
    part["census"] = {
        **dataset["census"],
        "rows": [r for r in dataset["census"]["rows"] if r[0] in codes],
    }
    part["register"] = {
        **dataset["register"],
        "rows": [r for r in dataset["register"]["rows"] if r[0] in codes],
    }
    part["age"] = {**dataset["age"], "rows": [r for r in dataset["age"]["rows"] if r[0] in codes]}
    part["exclusion"] = {
        **dataset["exclusion"],
        "rows": [r for r in dataset["exclusion"]["rows"] if r[0] in codes],
    }
    boundaries = dataset["boundaries"]
    part["boundaries"] = {
        "municipality": {
            **boundaries["municipality"],
            "rows": [r for r in boundaries["municipality"]["rows"] if r[0] in codes],
        },
        "orp": {
            **boundaries["orp"],
            "rows": [r for r in boundaries["orp"]["rows"] if r[0] in orp_codes],
        },
    }
    return part
