"""The reference dataset of the whole country shipped with socplan (``czechia.json.xz``).

Built by :mod:`socplan.territory.reference.build` from the official files (its ``sources``
list names them); the official files themselves are not part of the project. It holds the
ČSÚ code lists (regions, districts, ORPs, municipalities with their links), the census 2021
and 2020 population, population by 5-year band and sex (31 Dec 2020), the index of social
exclusion 2023 and simplified boundaries of municipalities and ORPs.

:func:`load` writes it with the importers' code (create or update, never delete):
``socplan load_reference`` loads the whole country (``make run`` does it before the demo);
the demo loads only its ORP (``orp_codes``) to stay fast.
"""

from __future__ import annotations

import datetime
import json
import lzma
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from socplan.territory.importers_statistics import GRID, decode_polygons

DATA_FILE = Path(__file__).with_name("czechia.json.xz")
# the same facts for the demo's ORP only (written by build_reference): loading the demo
# stays fast
DEMO_FILE = Path(__file__).parent.parent / "demo" / "orp_humpolec_reference.json.xz"
DEMO_ORPS = ("6103",)
FORMAT_VERSION = 1


def read(path: Path | None = None) -> dict:
    return json.loads(lzma.decompress((path or DATA_FILE).read_bytes()))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load(
    *,
    orp_codes: set[str] | None = None,
    path: Path | None = None,
    with_territory: bool = True,
    create_only: bool = False,
):
    """Load the dataset (only the municipalities of ``orp_codes`` when given); return the
    reports ``(territory report, statistics report)``.

    The demo loads the statistics of its ORP with ``with_territory=False,
    create_only=True``: it adds what is missing and never overwrites imported data."""
    from socplan.territory import importers as territory
    from socplan.territory import importers_statistics as statistics

    dataset = read(path)
    data = territory.ParsedData()
    fields = dataset["region_fields"]
    for row in dataset["regions"]:
        values = dict(zip(fields, row, strict=True))
        data.regions[values.pop("code")] = values
    for code, name, lau, ruian, region in dataset["districts"]:
        data.districts[code] = {"name": name, "lau_code": lau, "ruian_code": ruian}
        if region:
            data.district_region[code] = region
    all_orps = dict(dataset["orps"])
    selected = set()
    coordinates = {}
    for row in dataset["municipalities"]:
        code, name, short, valid_from, valid_to, district, orp, postcode, lat, lon = row
        if orp_codes is not None and orp not in orp_codes:
            continue
        selected.add(code)
        data.municipalities[code] = {
            "name": name,
            "short_name": short,
            "valid_from": _date(valid_from),
            "valid_to": _date(valid_to),
        }
        if district:
            data.municipality_district[code] = district
        if orp:
            data.municipality_orp[code] = orp
        if lat is not None:
            coordinates[code] = {
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "postcode": postcode,
            }
    # ORPs: the selected ones (the whole list when loading the country)
    used = set(data.municipality_orp.values())
    data.orps = {c: n for c, n in all_orps.items() if orp_codes is None or c in used}
    data.coordinates = coordinates
    census = dataset["census"]
    data.census_year = census["year"]
    data.census_date = _date(census["reference_date"])
    data.census = {
        row[0]: dict(zip(("total", "age_0_14", "age_15_64", "age_65_plus"), row[1:], strict=True))
        for row in census["rows"]
        if row[0] in selected
    }
    data.register = {c: v for c, v in dataset["register"]["rows"] if c in selected}

    stats = statistics.ParsedStatistics()
    stats.age = {c: {"m": m, "f": f} for c, m, f in dataset["age"]["rows"] if c in selected}
    exclusion = dataset["exclusion"]
    notes = exclusion["notes"]
    stats.exclusion = {}
    for code, note, *values in exclusion["rows"]:
        if code in selected:
            record = dict(zip(exclusion["fields"], values, strict=True))
            record["school_note"] = notes[note] if note is not None else ""
            stats.exclusion[code] = record
    grid = dataset.get("grid", GRID)
    boundaries = dataset["boundaries"]
    stats.municipality_boundaries = {
        code: {"name": name, "polygons": decode_polygons(encoded, grid)}
        for code, name, encoded in boundaries["municipality"]["rows"]
        if code in selected
    }
    stats.orp_boundaries = {
        code: {"name": name, "polygons": decode_polygons(encoded, grid)}
        for code, name, encoded in boundaries["orp"]["rows"]
        if code in data.orps
    }
    territory_report = territory.ImportReport()
    statistics_report = statistics.StatisticsReport()
    with transaction.atomic():
        if with_territory:
            territory._write(data, territory_report, _NoBar())
        statistics.write_statistics(
            stats,
            statistics_report,
            codes=selected if orp_codes is not None else None,
            create_only=create_only,
        )
    if orp_codes is not None:
        territory_report.no_longer_listed = []
    return territory_report, statistics_report


class _NoBar:
    def set_description(self, *_args):
        pass

    def update(self, *_args):
        pass
