"""Import of national statistics beside the code lists: population by age and sex, the
index of social exclusion and the boundaries of municipalities and ORPs.

The files are read exactly as published (see ``shared/data/*/README.md``):

==============================  ==============================================================
file                            content
==============================  ==============================================================
``2020_vek_do_999.xlsx``        ČSÚ, municipalities under 1,000: 5-year bands by sex, 31 Dec 2020
``2020_vek_nad_1000.xlsx``      ČSÚ, municipalities of 1,000+: single years, then the bands
``index_vylouceni_2023.xlsx``   MMR, index of social exclusion 2023 with its components
``obce_2020.topo.json``         RÚIAN municipalities (TopoJSON, object ``ob``), 2020
``orp_2024-06.geojson``         RÚIAN ORPs (GeoJSON), June 2024
==============================  ==============================================================

``Vek_Praha2000.xlsx`` (Praha by district) is not needed: Praha is one municipality in
``2020_vek_nad_1000.xlsx``. :func:`import_statistics` parses every file first and writes in
one transaction; a malformed file raises :class:`~socplan.territory.importers.ImportFileError`
with the file and the row, and nothing changes. A second run changes nothing. Figures of
municipalities not in the code list are skipped and reported.

The parsers return plain data (no database), so that the reference dataset
(:mod:`socplan.territory.reference`) is built by the same code.
"""

from __future__ import annotations

import datetime
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from socplan.core import downloads
from socplan.core.numbers import is_digits

from .importers import DOWNLOAD_TIMEOUT, EntityReport, EntityReports, ImportFileError
from .models import AGE_BAND_FIELDS, AgeStructure, Boundary, Municipality, SocialExclusion

AGE_SMALL_FILE = "2020_vek_do_999.xlsx"
AGE_LARGE_FILE = "2020_vek_nad_1000.xlsx"
EXCLUSION_FILE = "index_vylouceni_2023.xlsx"
MUNICIPALITY_BOUNDARIES_FILE = "obce_2020.topo.json"
ORP_BOUNDARIES_FILE = "orp_2024-06.geojson"
KNOWN_FILES = (
    AGE_SMALL_FILE,
    AGE_LARGE_FILE,
    EXCLUSION_FILE,
    MUNICIPALITY_BOUNDARIES_FILE,
    ORP_BOUNDARIES_FILE,
)

AGE_YEAR = 2020
AGE_DATE = datetime.date(2020, 12, 31)
EXCLUSION_YEAR = 2023
EXCLUSION_DATE = datetime.date(2023, 12, 31)
MUNICIPALITY_BOUNDARIES_YEAR = 2020
ORP_BOUNDARIES_YEAR = 2024

# The files as their sources keep them, pinned to a commit (so the address never changes).
# ČSÚ and MMR publish them on pages whose addresses change with every release.
DOWNLOAD_URLS = {
    AGE_SMALL_FILE: "https://raw.githubusercontent.com/DataRozhlas/covid-obce-mapa/"
    "ff86cf433ad339bbf696be849cf8d3d5d5871aa7/tools/2020_vek_do_999.xlsx",
    AGE_LARGE_FILE: "https://raw.githubusercontent.com/DataRozhlas/covid-obce-mapa/"
    "ff86cf433ad339bbf696be849cf8d3d5d5871aa7/tools/2020_vek_nad_1000.xlsx",
    EXCLUSION_FILE: "https://raw.githubusercontent.com/falconizmi/Socialni-atlas-Usteckeho-kraje/"
    "f395d0f220edf509e586844a5f14f916d0de833e/backend/index_vylouceni.xlsx",
}

SOURCES = {
    "age": "ČSÚ, Věkové složení obyvatelstva obcí, 31. 12. 2020",
    "exclusion": "MMR, Odbor pro sociální začleňování: Index sociálního vyloučení 2023 "
    "(Lang, Matoušek – Metodika pro posouzení rozsahu sociálního vyloučení v území, 2020)",
    "boundaries": "RÚIAN © ČÚZK: hranice obcí (2020) a ORP (06/2024), zjednodušené",
}

SEX_ROWS = {"muži": AgeStructure.Sex.MALE, "ženy": AgeStructure.Sex.FEMALE}
BAND_HEADERS = tuple(
    [f"{low}-{low + 4}" for low in range(0, 85, 5)] + ["85+"]
)  # as in the spreadsheets
PRAHA = "554782"  # drawn in the TopoJSON as its 22 administrative districts
EXCLUSION_CATEGORIES = ("0 až 1", "2 až 7", "8 až 11", "12 až 30")


# --------------------------------------------------------------------------- reading


def _sheet_rows(path: Path):
    """Rows of the first sheet of a spreadsheet as tuples, with their row number (1 = header)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise ImportFileError(
            path.name, _("not a readable XLSX spreadsheet (%(error)s)") % {"error": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _count(value, *, file_name: str, line: int, column: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ImportFileError(
            file_name,
            _("column %(column)s must be a whole number, found %(value)r")
            % {"column": column, "value": value},
            line,
        )
    if isinstance(value, float):
        if not value.is_integer():
            raise ImportFileError(
                file_name,
                _("column %(column)s must be a whole number, found %(value)r")
                % {"column": column, "value": value},
                line,
            )
        value = int(value)
    return value


def _municipality_code(value, *, file_name: str, line: int, column: str) -> str:
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not (is_digits(text) and len(text) == 6):
        raise ImportFileError(
            file_name,
            _("column %(column)s must be a 6-digit code, found %(value)r")
            % {"column": column, "value": value},
            line,
        )
    return text


# --------------------------------------------------------------------------- age structure


def parse_age_file(path: Path, result: dict[str, dict[str, list[int]]]) -> None:
    """Read one ČSÚ age spreadsheet into ``result``: code -> {"m": [total, *18 bands],
    "f": [...]}. Checks that men + women = total and that the bands add up."""
    name = path.name
    header = None
    band_columns: list[int] = []
    pending: dict[str, tuple[int, list[int]]] = {}
    for line, row in _sheet_rows(path):
        if header is None:
            header = [str(v).strip() if v is not None else "" for v in row]
            missing = [c for c in ("POH", "ZUJ", "Celkem") if c not in header]
            if missing:
                raise ImportFileError(
                    name,
                    _("the header lacks the column(s) %(missing)s; found: %(found)s")
                    % {"missing": ", ".join(missing), "found": ", ".join(header[:8])},
                    line,
                )
            # the 5-year bands: the last occurrence of each band header (in "nad 1000" the
            # single years come first, then "X", then the bands)
            for band in BAND_HEADERS:
                positions = [i for i, h in enumerate(header) if h == band]
                if not positions:
                    raise ImportFileError(
                        name,
                        _("the header lacks the age band %(band)s") % {"band": band},
                        line,
                    )
                band_columns.append(positions[-1])
            poh, zuj, total = header.index("POH"), header.index("ZUJ"), header.index("Celkem")
            continue
        if row is None or all(v is None or str(v).strip() == "" for v in row):
            continue
        kind = str(row[poh] or "").strip()
        code = _municipality_code(row[zuj], file_name=name, line=line, column="ZUJ")
        values = [_count(row[total], file_name=name, line=line, column="Celkem")]
        values += [
            _count(row[i], file_name=name, line=line, column=header[i]) for i in band_columns
        ]
        if sum(values[1:]) != values[0]:
            raise ImportFileError(
                name,
                _("the age bands add up to %(sum)s, not to the total %(total)s")
                % {"sum": sum(values[1:]), "total": values[0]},
                line,
            )
        if kind == "celkem":
            if code in result:
                raise ImportFileError(
                    name, _("municipality %(code)s appears twice") % {"code": code}, line
                )
            pending[code] = (line, values)
            result[code] = {}
        elif kind in SEX_ROWS:
            if code not in pending:
                raise ImportFileError(
                    name,
                    _("row %(kind)s of municipality %(code)s without its 'celkem' row")
                    % {"kind": kind, "code": code},
                    line,
                )
            result[code][SEX_ROWS[kind]] = values
            if len(result[code]) == 2:
                first_line, totals = pending.pop(code)
                men, women = result[code]["m"], result[code]["f"]
                if [a + b for a, b in zip(men, women, strict=True)] != totals:
                    raise ImportFileError(
                        name,
                        _("men and women of municipality %(code)s do not add up to the total")
                        % {"code": code},
                        line,
                    )
        else:
            raise ImportFileError(
                name,
                _("column POH must be 'celkem', 'muži' or 'ženy', found %(value)r")
                % {"value": kind},
                line,
            )
    if header is None:
        raise ImportFileError(name, _("the file is empty"), 1)
    if pending:
        code, (line, _values) = next(iter(pending.items()))
        raise ImportFileError(
            name, _("municipality %(code)s lacks its men or women row") % {"code": code}, line
        )


# --------------------------------------------------------------------------- social exclusion

EXCLUSION_COLUMNS = {
    "code": "Kód obce",
    "population_15_plus": "Počet obyvyatel - starších 15 let",
    "population_15_64": "Počet obyvyatel - 15 až 64 let",
    "debt_enforcement": "Počet osob v exekuci",
    "debt_enforcement_share": "% podíl obyvatel v exekuci",
    "housing_allowance": "Počet vyplacených PnB",
    "housing_allowance_share": "% podíl příjemců PnB",
    "subsistence_allowance": "Počet vyplacených PnŽ",
    "subsistence_allowance_share": "% podíl příjemců PnŽ",
    "long_term_jobseekers": "Počet uchazečů o zaměstnání",
    "long_term_jobseekers_share": "% podíl uchazečů o zaměstnání",
    "early_school_leavers": "Počet předčasných odchodů",
    "early_school_leavers_share": "% podíl předčasných odchodů",
    "points": "Index soc. vyloučení 2023 (0-30 bodů)",
    "category": "Index soc. vyloučení 2023 (4 kategorie bodů)",
}
EXCLUSION_INTS = {
    "population_15_plus",
    "population_15_64",
    "debt_enforcement",
    "long_term_jobseekers",
    "early_school_leavers",
    "points",
}
EXCLUSION_OPTIONAL = {"early_school_leavers", "early_school_leavers_share"}


def parse_exclusion_file(path: Path) -> dict[str, dict]:
    """Read the MMR index of social exclusion: code -> values (see
    :data:`EXCLUSION_COLUMNS`). Where the school columns hold the publisher's sentence
    (no primary school in the municipality), the values are None and the sentence is kept
    as ``school_note``."""
    name = path.name
    result: dict[str, dict] = {}
    positions: dict[str, int] = {}
    for line, row in _sheet_rows(path):
        if not positions:
            header = [str(v).strip() if v is not None else "" for v in row]
            for key, prefix in EXCLUSION_COLUMNS.items():
                found = [i for i, h in enumerate(header) if h.startswith(prefix)]
                if not found:
                    raise ImportFileError(
                        name,
                        _("the header lacks the column %(column)s") % {"column": prefix},
                        line,
                    )
                positions[key] = found[0]
            continue
        if row is None or all(v is None for v in row):
            continue
        code = _municipality_code(
            row[positions["code"]], file_name=name, line=line, column=EXCLUSION_COLUMNS["code"]
        )
        values: dict = {"school_note": ""}
        for key, index in positions.items():
            if key == "code":
                continue
            value = row[index]
            column = EXCLUSION_COLUMNS[key]
            if key == "category":
                value = str(value or "").strip()
                if value not in EXCLUSION_CATEGORIES:
                    raise ImportFileError(
                        name,
                        _("column %(column)s must be one of %(allowed)s, found %(value)r")
                        % {
                            "column": column,
                            "allowed": ", ".join(EXCLUSION_CATEGORIES),
                            "value": value,
                        },
                        line,
                    )
            elif isinstance(value, str) and key in EXCLUSION_OPTIONAL:
                values["school_note"] = value.strip()
                value = None
            elif key in EXCLUSION_INTS:
                value = _count(value, file_name=name, line=line, column=column)
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ImportFileError(
                    name,
                    _("column %(column)s must be a number, found %(value)r")
                    % {"column": column, "value": value},
                    line,
                )
            else:
                value = round(float(value), 4)  # the file has full float precision
            values[key] = value
        if not 0 <= values["points"] <= 30:
            raise ImportFileError(
                name,
                _("the index must be 0 to 30 points, found %(value)s")
                % {"value": values["points"]},
                line,
            )
        if code in result:
            raise ImportFileError(
                name, _("municipality %(code)s appears twice") % {"code": code}, line
            )
        result[code] = values
    if not positions:
        raise ImportFileError(name, _("the file is empty"), 1)
    return result


# --------------------------------------------------------------------------- boundaries


def _ring_box(polygons: list) -> tuple[float, float, float, float]:
    xs = [p[0] for polygon in polygons for ring in polygon for p in ring]
    ys = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def parse_topojson_municipalities(path: Path) -> dict[str, dict]:
    """Municipal boundaries from the TopoJSON (object ``ob``): code -> {"name", "polygons"}.
    Praha's 22 districts (not municipalities) are joined into Praha (``554782``)."""
    name = path.name
    try:
        topology = json.loads(path.read_bytes())
        transform = topology.get("transform")
        arcs_in = topology["arcs"]
        geometries = topology["objects"]["ob"]["geometries"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportFileError(
            name, _("not a TopoJSON file with the object 'ob' (%(error)s)") % {"error": exc}
        ) from exc
    arcs = []
    for arc in arcs_in:
        points, x, y = [], 0, 0
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                points.append(
                    [
                        x * transform["scale"][0] + transform["translate"][0],
                        y * transform["scale"][1] + transform["translate"][1],
                    ]
                )
            else:
                points.append([position[0], position[1]])
        arcs.append(points)

    def ring(indexes: list[int]) -> list[list[float]]:
        points: list[list[float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    result: dict[str, dict] = {}
    for number, geometry in enumerate(geometries, start=1):
        props = geometry.get("properties") or {}
        try:
            code = _municipality_code(
                props.get("kod"), file_name=name, line=number, column="properties.kod"
            )
            if geometry["type"] == "Polygon":
                polygons = [[ring(r) for r in geometry["arcs"]]]
            elif geometry["type"] == "MultiPolygon":
                polygons = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
            else:
                continue
        except (KeyError, IndexError, TypeError) as exc:
            raise ImportFileError(
                name,
                _("geometry %(number)s is malformed (%(error)s)")
                % {"number": number, "error": exc},
            ) from exc
        if str(props.get("ok", "")).strip() == "Praha" and code != PRAHA:
            target = result.setdefault(PRAHA, {"name": "Praha", "polygons": []})
            target["polygons"].extend(polygons)
            continue
        result[code] = {"name": str(props.get("ob", "")), "polygons": polygons}
    return result


def parse_geojson_orps(path: Path) -> dict[str, dict]:
    """ORP boundaries from the GeoJSON: ORP code -> {"name", "polygons"}."""
    name = path.name
    try:
        features = json.loads(path.read_bytes())["features"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportFileError(
            name, _("not a GeoJSON feature collection (%(error)s)") % {"error": exc}
        ) from exc
    result = {}
    for number, feature in enumerate(features, start=1):
        try:
            props = feature["properties"]
            code = str(props["KOD_ORP"]).strip()
            geometry = feature["geometry"]
            if geometry["type"] == "Polygon":
                polygons = [geometry["coordinates"]]
            elif geometry["type"] == "MultiPolygon":
                polygons = geometry["coordinates"]
            else:
                continue
        except (KeyError, TypeError) as exc:
            raise ImportFileError(
                name,
                _("feature %(number)s is malformed (%(error)s)") % {"number": number, "error": exc},
            ) from exc
        if not (is_digits(code) and len(code) == 4):
            raise ImportFileError(
                name,
                _("feature %(number)s: KOD_ORP must be a 4-digit code, found %(value)r")
                % {"number": number, "value": code},
            )
        polygons = [[[[float(x), float(y)] for x, y, *_z in r] for r in p] for p in polygons]
        result[code] = {"name": str(props.get("NAZ_ORP", "")), "polygons": polygons}
    return result


def simplify_ring(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker: the ring with the points that matter at ``tolerance`` degrees."""
    if len(points) < 5 or tolerance <= 0:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    result = [p for p, k in zip(points, keep, strict=True) if k]
    return result if len(result) >= 4 else points


GRID = 10_000  # boundary coordinates are kept in 1/10,000 degree (about 7–11 m)


def simplify(polygons: list, tolerance: float) -> list:
    """The polygons simplified at ``tolerance`` degrees and snapped to the grid (exactly as
    the reference dataset stores them: :func:`encode_polygons`)."""
    simplified = [[simplify_ring(ring, tolerance) for ring in polygon] for polygon in polygons]
    return decode_polygons(encode_polygons(simplified))


def encode_polygons(polygons: list) -> list:
    """Rings as flat integer lists: the first point, then differences, in 1/GRID degrees."""
    encoded = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            flat, px, py = [], 0, 0
            for x, y in ring:
                ix, iy = round(x * GRID), round(y * GRID)
                if flat and ix == px and iy == py:
                    continue
                flat += [ix - px, iy - py]
                px, py = ix, iy
            if len(flat) >= 8:
                rings.append(flat)
        if rings:
            encoded.append(rings)
    return encoded


def decode_polygons(encoded: list, grid: int = GRID) -> list:
    polygons = []
    for polygon in encoded:
        rings = []
        for flat in polygon:
            ring, x, y = [], 0, 0
            for i in range(0, len(flat), 2):
                x, y = x + flat[i], y + flat[i + 1]
                ring.append([x / grid, y / grid])
            if ring and ring[0] != ring[-1]:
                ring.append(ring[0])
            rings.append(ring)
        polygons.append(rings)
    return polygons


# --------------------------------------------------------------------------- import


@dataclass
class StatisticsReport(EntityReports):
    age_structure: EntityReport = field(default_factory=EntityReport)
    social_exclusion: EntityReport = field(default_factory=EntityReport)
    boundaries: EntityReport = field(default_factory=EntityReport)
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    ENTITIES = (
        ("age_structure", gettext_lazy("population by age and sex records")),
        ("social_exclusion", gettext_lazy("index of social exclusion records")),
        ("boundaries", gettext_lazy("boundaries")),
    )

    def lines(self) -> list[str]:
        return self.entity_lines() + self.notes


@dataclass
class ParsedStatistics:
    age: dict[str, dict[str, list[int]]] | None = None
    exclusion: dict[str, dict] | None = None
    municipality_boundaries: dict[str, dict] | None = None
    orp_boundaries: dict[str, dict] | None = None


def find_files(paths: list[Path | str]) -> dict[str, Path]:
    """The known files among ``paths`` (files, or folders searched one level deep)."""
    found: dict[str, Path] = {}
    for path in map(Path, paths):
        if path.is_dir():
            candidates = [
                *path.iterdir(),
                *(p for d in path.iterdir() if d.is_dir() for p in d.iterdir()),
            ]
        elif path.is_file():
            candidates = [path]
        else:
            raise ImportFileError(str(path), _("no such file or folder"))
        for candidate in candidates:
            if candidate.name in KNOWN_FILES and candidate.is_file():
                found.setdefault(candidate.name, candidate)
    if not found:
        raise ImportFileError(
            ", ".join(str(p) for p in paths),
            _("none of the files %(files)s found") % {"files": ", ".join(KNOWN_FILES)},
        )
    if (AGE_SMALL_FILE in found) != (AGE_LARGE_FILE in found):
        missing = AGE_LARGE_FILE if AGE_SMALL_FILE in found else AGE_SMALL_FILE
        raise ImportFileError(
            missing, _("both age spreadsheets are needed (under and over 1,000 inhabitants)")
        )
    return found


def parse_files(found: dict[str, Path], *, tolerance: float, bar=None) -> ParsedStatistics:
    data = ParsedStatistics()

    def step(label):
        if bar is not None:
            bar.set_description(label)

    def done():
        if bar is not None:
            bar.update()

    if AGE_SMALL_FILE in found:
        data.age = {}
        for file_name in (AGE_SMALL_FILE, AGE_LARGE_FILE):
            step(file_name)
            parse_age_file(found[file_name], data.age)
            done()
    if EXCLUSION_FILE in found:
        step(EXCLUSION_FILE)
        data.exclusion = parse_exclusion_file(found[EXCLUSION_FILE])
        done()
    if MUNICIPALITY_BOUNDARIES_FILE in found:
        step(MUNICIPALITY_BOUNDARIES_FILE)
        parsed = parse_topojson_municipalities(found[MUNICIPALITY_BOUNDARIES_FILE])
        data.municipality_boundaries = {
            code: {**v, "polygons": simplify(v["polygons"], tolerance)}
            for code, v in parsed.items()
        }
        done()
    if ORP_BOUNDARIES_FILE in found:
        step(ORP_BOUNDARIES_FILE)
        parsed = parse_geojson_orps(found[ORP_BOUNDARIES_FILE])
        data.orp_boundaries = {
            code: {**v, "polygons": simplify(v["polygons"], tolerance * 2)}
            for code, v in parsed.items()
        }
        done()
    return data


def _upsert(
    model, existing: dict, wanted: dict, make, report: EntityReport, create_only: bool = False
) -> None:
    to_create, to_update, fields = [], [], set()
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(make(key, values))
            continue
        if create_only:
            report.unchanged += 1
            continue
        changed = [n for n, v in values.items() if getattr(obj, n) != v]
        if changed:
            for n in changed:
                setattr(obj, n, values[n])
            fields.update(changed)
            to_update.append(obj)
        else:
            report.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    report.added += len(to_create)
    report.changed += len(to_update)


def write_statistics(
    data: ParsedStatistics, report: StatisticsReport, *, codes=None, create_only: bool = False
) -> None:
    """Write parsed statistics (in the caller's transaction). ``codes`` limits the
    municipalities (the demo loads one ORP); figures of unknown municipalities are skipped;
    ``create_only`` adds what is missing and changes nothing that exists."""
    municipalities = dict(Municipality.objects.values_list("code", "pk"))
    if codes is not None:
        municipalities = {c: pk for c, pk in municipalities.items() if c in codes}

    def known(values: dict, label: str) -> dict:
        unknown = [c for c in values if c not in municipalities]
        if unknown and codes is None:
            report.notes.append(
                _("%(file)s: %(count)s municipality codes not in the code list were skipped")
                % {"file": label, "count": len(unknown)}
            )
        return {c: v for c, v in values.items() if c in municipalities}

    if data.age is not None:
        wanted = {}
        for code, sexes in known(data.age, AGE_LARGE_FILE).items():
            for sex, values in sexes.items():
                wanted[(municipalities[code], sex)] = {
                    "reference_date": AGE_DATE,
                    "total": values[0],
                    **dict(zip(AGE_BAND_FIELDS, values[1:], strict=True)),
                }
        existing = {
            (o.municipality_id, o.sex): o
            for o in AgeStructure.objects.filter(
                year=AGE_YEAR, municipality_id__in=municipalities.values()
            )
        }
        _upsert(
            AgeStructure,
            existing,
            wanted,
            lambda key, v: AgeStructure(municipality_id=key[0], sex=key[1], year=AGE_YEAR, **v),
            report.age_structure,
            create_only,
        )
    if data.exclusion is not None:
        wanted = {
            municipalities[code]: {"reference_date": EXCLUSION_DATE, **values}
            for code, values in known(data.exclusion, EXCLUSION_FILE).items()
        }
        existing = {
            o.municipality_id: o
            for o in SocialExclusion.objects.filter(
                year=EXCLUSION_YEAR, municipality_id__in=municipalities.values()
            )
        }
        _upsert(
            SocialExclusion,
            existing,
            wanted,
            lambda key, v: SocialExclusion(municipality_id=key, year=EXCLUSION_YEAR, **v),
            report.social_exclusion,
            create_only,
        )
    for level, parsed, year in (
        (Boundary.Level.MUNICIPALITY, data.municipality_boundaries, MUNICIPALITY_BOUNDARIES_YEAR),
        (Boundary.Level.ORP, data.orp_boundaries, ORP_BOUNDARIES_YEAR),
    ):
        if parsed is None:
            continue
        if level == Boundary.Level.MUNICIPALITY:
            parsed = known(parsed, MUNICIPALITY_BOUNDARIES_FILE)
        elif codes is not None:
            orps = set(
                Municipality.objects.filter(code__in=codes).values_list("orp__code", flat=True)
            )
            parsed = {c: v for c, v in parsed.items() if c in orps}
        wanted = {}
        for code, values in parsed.items():
            box = _ring_box(values["polygons"])
            wanted[code] = {
                "name": values["name"],
                "year": year,
                "polygons": values["polygons"],
                "min_lon": box[0],
                "min_lat": box[1],
                "max_lon": box[2],
                "max_lat": box[3],
            }
        existing = {o.code: o for o in Boundary.objects.filter(level=level, code__in=list(wanted))}
        _upsert(
            Boundary,
            existing,
            wanted,
            lambda key, v, level=level: Boundary(level=level, code=key, **v),
            report.boundaries,
            create_only,
        )


DEFAULT_TOLERANCE = 0.0005  # degrees (about 40–55 m): boundaries for maps, not for surveying


def import_statistics(
    paths: list[Path | str],
    *,
    progress: bool = False,
    progress_file=None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> StatisticsReport:
    """Import the statistics files found in ``paths`` (files or folders). Raises
    :class:`ImportFileError` and changes nothing when a file is malformed."""
    found = find_files(paths)
    report = StatisticsReport(files=sorted(found))
    bar = tqdm(
        total=len(found) + 1,
        unit="file",
        disable=not progress,
        file=progress_file or sys.stderr,
        leave=False,
    )
    try:
        data = parse_files(found, tolerance=tolerance, bar=bar)
        bar.set_description(_("writing"))
        with transaction.atomic():
            write_statistics(data, report)
        bar.update()
    finally:
        bar.close()
    return report


def download_files(target: Path, *, urls: dict[str, str] | None = None) -> list[str]:
    fetched = []
    for file_name, url in (urls or DOWNLOAD_URLS).items():
        try:
            downloads.download(
                url, target / file_name, timeout=DOWNLOAD_TIMEOUT, user_agent="socplan import"
            )
        except downloads.DownloadError as exc:
            raise ImportFileError(
                file_name,
                _("cannot download %(url)s: %(reason)s") % {"url": url, "reason": exc.reason},
            ) from exc
        fetched.append(file_name)
    return fetched


def download_and_import(*, progress: bool = False) -> StatisticsReport:
    with tempfile.TemporaryDirectory(prefix="socplan-statistics-") as tmp:
        download_files(Path(tmp))
        return import_statistics([tmp], progress=progress)
