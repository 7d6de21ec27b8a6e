"""Import of the national territorial data: ČSÚ code lists, links, census and population.

The files are read exactly as ČSÚ publishes them (see ``shared/data/territory/README.md``):

=========================  ===================================================  ========
file                       content                                              required
=========================  ===================================================  ========
``CIS0043_CS.csv``         code list 43: municipalities (cp1250, ``;``)         yes
``CIS0100_CS.csv``         code list 100: regions (kraje)                       yes
``CIS0101_CS.csv``         code list 101: districts (okresy)                    yes
``VAZ0043_0065_CS.csv``    link municipality → ORP (ORP names from ``TEXT2``)   yes
``VAZ0043_0101_CS.csv``    link municipality → district                         yes
``VAZ0100_0101_CS.csv``    link region → district                               yes
``sldb2021_vek.csv``       2021 census by age band (UTF-8, ``,``)               no
``population.csv``         population per municipality, about 2020 (UTF-8)      no
``coordinates.csv``        point and postcode per municipality (UTF-8)          no
=========================  ===================================================  ========

:func:`import_territory` validates every file first and writes everything in one
transaction: a malformed file raises :class:`ImportFileError` naming the file and the line,
and the database stays as it was. A second run with the same files changes nothing.
Municipalities that are no longer in the code list are reported, never deleted (planning
areas and history may refer to them).
"""

from __future__ import annotations

import csv
import datetime
import io
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from socplan.core import downloads
from socplan.core.numbers import is_digits

from .models import District, Municipality, Orp, Population, Region, search_key

MUNICIPALITIES_FILE = "CIS0043_CS.csv"
REGIONS_FILE = "CIS0100_CS.csv"
DISTRICTS_FILE = "CIS0101_CS.csv"
MUNICIPALITY_ORP_FILE = "VAZ0043_0065_CS.csv"
MUNICIPALITY_DISTRICT_FILE = "VAZ0043_0101_CS.csv"
REGION_DISTRICT_FILE = "VAZ0100_0101_CS.csv"
CENSUS_FILE = "sldb2021_vek.csv"
POPULATION_FILE = "population.csv"
COORDINATES_FILE = "coordinates.csv"

REQUIRED_FILES = (
    MUNICIPALITIES_FILE,
    REGIONS_FILE,
    DISTRICTS_FILE,
    MUNICIPALITY_ORP_FILE,
    MUNICIPALITY_DISTRICT_FILE,
    REGION_DISTRICT_FILE,
)
OPTIONAL_FILES = (CENSUS_FILE, POPULATION_FILE, COORDINATES_FILE)

# Live files for ``import_territory --download``. The code lists and links come from the
# ČSÚ classification system (iSMS) export: ``kodcis`` is the code list, ``typdat=0`` the
# code list itself, ``typdat=1`` with ``cisvaz`` a link to another code list; ``cisjaz=203``
# Czech, ``format=2`` CSV, ``separator=%3B`` a semicolon. The census file is ČSÚ's open data
# of the 2021 census. These addresses are set by ČSÚ and may change: the ČSÚ pages
# "Číselníky" (https://apl.czso.cz/iSMS/) and "Sčítání 2021 – otevřená data" list the
# current ones. population.csv and coordinates.csv are not ČSÚ products and are not
# downloaded; without them the population register figures and the points stay as they are.
ISMS_EXPORT = "https://apl.czso.cz/iSMS/cisexp.jsp"
DOWNLOAD_URLS = {
    MUNICIPALITIES_FILE: ISMS_EXPORT + "?kodcis=43&typdat=0&cisjaz=203&format=2&separator=%3B",
    REGIONS_FILE: ISMS_EXPORT + "?kodcis=100&typdat=0&cisjaz=203&format=2&separator=%3B",
    DISTRICTS_FILE: ISMS_EXPORT + "?kodcis=101&typdat=0&cisjaz=203&format=2&separator=%3B",
    MUNICIPALITY_ORP_FILE: ISMS_EXPORT
    + "?kodcis=43&typdat=1&cisvaz=65_210&cisjaz=203&format=2&separator=%3B",
    MUNICIPALITY_DISTRICT_FILE: ISMS_EXPORT
    + "?kodcis=43&typdat=1&cisvaz=101_1742&cisjaz=203&format=2&separator=%3B",
    REGION_DISTRICT_FILE: ISMS_EXPORT
    + "?kodcis=100&typdat=1&cisvaz=101_1766&cisjaz=203&format=2&separator=%3B",
    CENSUS_FILE: (
        "https://csu.gov.cz/docs/107508/4317620c-7502-7dc1-5c96-0cdb9affb540/"
        "sldb2021_vek.csv?version=1.0"
    ),
}
DOWNLOAD_TIMEOUT = 60  # seconds without data before an attempt gives up

STILL_VALID = datetime.date(9999, 9, 9)  # ADMNEPO "09.09.9999": still valid
REGISTER_YEAR = 2020  # population.csv: figures of about 1 January 2020
CENSUS_TOTAL_CODE = ""
CENSUS_BANDS = {
    "1100000014": "age_0_14",
    "1300150064": "age_15_64",
    "1200659999": "age_65_plus",
}
CENSUS_MUNICIPALITY_LEVEL = "43"
COORDINATE_STEP = Decimal("0.000001")


class ImportFileError(ValueError):
    """A file is missing, malformed or not the expected one."""

    def __init__(self, file_name: str, message: str, line: int | None = None):
        self.file_name = file_name
        self.line = line
        text = _("%(file)s, line %(line)s: %(message)s") if line else _("%(file)s: %(message)s")
        super().__init__(text % {"file": file_name, "line": line, "message": message})


# --------------------------------------------------------------------------- report


@dataclass
class EntityReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0


class EntityReports:
    """Totals and per-entity lines of an import report whose ``ENTITIES`` name its
    :class:`EntityReport` fields (shared by the territory and statistics importers)."""

    ENTITIES: tuple = ()

    @property
    def total_added(self) -> int:
        return sum(getattr(self, name).added for name, _label in self.ENTITIES)

    @property
    def total_changed(self) -> int:
        return sum(getattr(self, name).changed for name, _label in self.ENTITIES)

    def entity_lines(self) -> list[str]:
        return [
            _("%(label)s: %(added)s added, %(changed)s changed, %(unchanged)s unchanged")
            % {
                "label": label,
                "added": getattr(self, name).added,
                "changed": getattr(self, name).changed,
                "unchanged": getattr(self, name).unchanged,
            }
            for name, label in self.ENTITIES
        ]


@dataclass
class ImportReport(EntityReports):
    """What one import did, per entity; ``notes`` are things worth telling the user."""

    regions: EntityReport = field(default_factory=EntityReport)
    districts: EntityReport = field(default_factory=EntityReport)
    orps: EntityReport = field(default_factory=EntityReport)
    municipalities: EntityReport = field(default_factory=EntityReport)
    census: EntityReport = field(default_factory=EntityReport)
    register_population: EntityReport = field(default_factory=EntityReport)
    no_longer_listed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    ENTITIES = (
        ("regions", gettext_lazy("regions")),
        ("districts", gettext_lazy("districts")),
        ("orps", gettext_lazy("ORPs")),
        ("municipalities", gettext_lazy("municipalities")),
        ("census", gettext_lazy("census population records")),
        ("register_population", gettext_lazy("register population records")),
    )

    def lines(self) -> list[str]:
        out = self.entity_lines()
        if self.no_longer_listed:
            shown = ", ".join(self.no_longer_listed[:20])
            more = " …" if len(self.no_longer_listed) > 20 else ""
            out.append(
                _("Municipalities no longer in the code list (kept): %(count)s: %(names)s")
                % {"count": len(self.no_longer_listed), "names": shown + more}
            )
        out.extend(self.notes)
        return out


# --------------------------------------------------------------------------- reading


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]


def _decode(path: Path, encoding: str) -> str:
    name = path.name
    data = path.read_bytes()
    if encoding == "cp1250":
        if any(b > 0x7F for b in data):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                line = _first_non_ascii_line(data)
                raise ImportFileError(
                    name,
                    _(
                        "the file is in UTF-8, but the ČSÚ code lists are in Windows-1250 "
                        "(cp1250); use the file exactly as ČSÚ publishes it"
                    ),
                    line,
                )
        try:
            return data.decode("cp1250")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ImportFileError(name, _("not a valid Windows-1250 (cp1250) text"), line) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(name, _("not a valid UTF-8 text"), line) from exc


def _first_non_ascii_line(data: bytes) -> int:
    for number, line in enumerate(data.split(b"\n"), start=1):
        if any(b > 0x7F for b in line):
            return number
    return 1


def read_rows(
    path: Path, *, encoding: str, delimiter: str, required: tuple[str, ...]
) -> Iterator[Row]:
    """Yield the records of a CSV file as :class:`Row` with their physical line number.

    Blank lines are skipped (ČSÚ files end with one). The header must hold every column
    of ``required`` and every record must have as many fields as the header.
    """
    name = path.name
    text = _decode(path, encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError(name, _("the file is empty"), 1)
        header = [column.strip() for column in header]
        missing = [column for column in required if column not in header]
        if missing:
            raise ImportFileError(
                name,
                _("the header lacks the column(s) %(missing)s; found: %(found)s")
                % {"missing": ", ".join(missing), "found": ", ".join(header) or "–"},
                1,
            )
        line = reader.line_num
        for record in reader:
            if not record or all(not value.strip() for value in record):
                line = reader.line_num
                continue
            if len(record) != len(header):
                raise ImportFileError(
                    name,
                    _("expected %(expected)s fields separated by '%(delimiter)s', found %(found)s")
                    % {"expected": len(header), "delimiter": delimiter, "found": len(record)},
                    line + 1,
                )
            yield Row(line + 1, dict(zip(header, record, strict=True)))
            line = reader.line_num
    except csv.Error as exc:
        raise ImportFileError(
            name, _("not a valid CSV file (%(error)s)") % {"error": exc}, reader.line_num
        ) from exc


def _code(row: Row, column: str, file_name: str, *, digits: tuple[int, ...] = ()) -> str:
    value = row[column].strip()
    if not is_digits(value) or (digits and len(value) not in digits):
        if digits:
            message = _("column %(column)s must be a %(digits)s-digit code, found %(value)r")
        else:
            message = _("column %(column)s must be a numeric code, found %(value)r")
        digits_text = "/".join(str(d) for d in digits)
        raise ImportFileError(
            file_name,
            message % {"column": column, "digits": digits_text, "value": value},
            row.line,
        )
    return value


def _int(row: Row, column: str, file_name: str) -> int:
    value = row[column].strip()
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImportFileError(
            file_name,
            _("column %(column)s must be a whole number, found %(value)r")
            % {"column": column, "value": value},
            row.line,
        )
    return number


def _date(row: Row, column: str, file_name: str, fmt: str = "%d.%m.%Y") -> datetime.date | None:
    value = row[column].strip()
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value, fmt).date()
    except ValueError:
        raise ImportFileError(
            file_name,
            _("column %(column)s must be a date, found %(value)r")
            % {"column": column, "value": value},
            row.line,
        ) from None


def _expect(row: Row, column: str, expected: str, file_name: str) -> None:
    value = row[column].strip()
    if value != expected:
        raise ImportFileError(
            file_name,
            _("column %(column)s should be %(expected)r, found %(value)r: is this the right file?")
            % {"column": column, "expected": expected, "value": value},
            row.line,
        )


def _text(row: Row, column: str, file_name: str) -> str:
    value = row[column].strip()
    if not value:
        raise ImportFileError(
            file_name, _("column %(column)s is empty") % {"column": column}, row.line
        )
    return value


def _is_extra_regio(row: Row) -> bool:
    return row["TEXT"].strip() == "Extra-Regio" or row["CZNUTS"].strip().endswith("ZZ")


# --------------------------------------------------------------------------- parsing


@dataclass
class ParsedData:
    regions: dict[str, dict] = field(default_factory=dict)
    districts: dict[str, dict] = field(default_factory=dict)
    district_region: dict[str, str] = field(default_factory=dict)
    orps: dict[str, str] = field(default_factory=dict)  # code -> name
    municipalities: dict[str, dict] = field(default_factory=dict)
    municipality_orp: dict[str, str] = field(default_factory=dict)
    municipality_district: dict[str, str] = field(default_factory=dict)
    census: dict[str, dict] | None = None
    census_year: int | None = None
    census_date: datetime.date | None = None
    register: dict[str, int] | None = None
    coordinates: dict[str, dict] | None = None


CIS_COLUMNS = ("KODCIS", "CHODNOTA", "ZKRTEXT", "TEXT", "ADMPLOD", "ADMNEPO")
VAZ_COLUMNS = ("KODCIS1", "CHODNOTA1", "TEXT1", "KODCIS2", "CHODNOTA2", "TEXT2")


def _cp1250(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    return read_rows(path, encoding="cp1250", delimiter=";", required=required)


def parse_regions(path: Path, data: ParsedData) -> None:
    name = path.name
    for row in _cp1250(path, (*CIS_COLUMNS, "CZNUTS", "KOD_RUIAN", "ZKRKRAJ")):
        _expect(row, "KODCIS", "100", name)
        if _is_extra_regio(row):
            continue
        code = _code(row, "CHODNOTA", name)
        data.regions[code] = {
            "name": _text(row, "TEXT", name),
            "short_name": row["ZKRTEXT"].strip(),
            "nuts_code": _text(row, "CZNUTS", name),
            "ruian_code": row["KOD_RUIAN"].strip(),
            "abbreviation": row["ZKRKRAJ"].strip(),
        }
    if not data.regions:
        raise ImportFileError(name, _("the file lists no regions"))


def parse_districts(path: Path, data: ParsedData) -> None:
    name = path.name
    for row in _cp1250(path, (*CIS_COLUMNS, "CZNUTS", "OKRES_LAU", "KOD_RUIAN")):
        _expect(row, "KODCIS", "101", name)
        if _is_extra_regio(row):
            continue
        code = _code(row, "CHODNOTA", name)
        data.districts[code] = {
            "name": _text(row, "TEXT", name),
            "lau_code": row["OKRES_LAU"].strip() or row["CZNUTS"].strip(),
            "ruian_code": row["KOD_RUIAN"].strip(),
        }
    if not data.districts:
        raise ImportFileError(name, _("the file lists no districts"))


def parse_region_districts(path: Path, data: ParsedData) -> None:
    name = path.name
    for row in _cp1250(path, VAZ_COLUMNS):
        _expect(row, "KODCIS1", "100", name)
        _expect(row, "KODCIS2", "101", name)
        region = _code(row, "CHODNOTA1", name)
        district = _code(row, "CHODNOTA2", name)
        if region in data.regions and district in data.districts:
            data.district_region[district] = region


def parse_municipalities(path: Path, data: ParsedData) -> None:
    name = path.name
    for row in _cp1250(path, CIS_COLUMNS):
        _expect(row, "KODCIS", "43", name)
        code = _code(row, "CHODNOTA", name, digits=(6,))
        valid_to = _date(row, "ADMNEPO", name)
        data.municipalities[code] = {
            "name": _text(row, "TEXT", name),
            "short_name": row["ZKRTEXT"].strip(),
            "valid_from": _date(row, "ADMPLOD", name),
            "valid_to": None if valid_to == STILL_VALID else valid_to,
        }
    if not data.municipalities:
        raise ImportFileError(name, _("the file lists no municipalities"))


def parse_municipality_orps(path: Path, data: ParsedData) -> None:
    name = path.name
    for row in _cp1250(path, VAZ_COLUMNS):
        _expect(row, "KODCIS1", "43", name)
        _expect(row, "KODCIS2", "65", name)
        municipality = _code(row, "CHODNOTA1", name, digits=(6,))
        orp = _code(row, "CHODNOTA2", name, digits=(4,))
        data.orps.setdefault(orp, _text(row, "TEXT2", name))
        data.municipality_orp[municipality] = orp


def parse_municipality_districts(path: Path, data: ParsedData) -> None:
    name = path.name
    for row in _cp1250(path, VAZ_COLUMNS):
        _expect(row, "KODCIS1", "43", name)
        _expect(row, "KODCIS2", "101", name)
        municipality = _code(row, "CHODNOTA1", name, digits=(6,))
        district = _code(row, "CHODNOTA2", name)
        if district not in data.districts:
            raise ImportFileError(
                name,
                _("district %(district)s is not in %(file)s")
                % {"district": district, "file": DISTRICTS_FILE},
                row.line,
            )
        data.municipality_district[municipality] = district


def parse_census(path: Path, data: ParsedData) -> None:
    name = path.name
    required = ("hodnota", "vek_kod", "uzemi_cis", "uzemi_kod", "sldb_rok", "sldb_datum")
    census: dict[str, dict] = {}
    for row in read_rows(path, encoding="utf-8", delimiter=",", required=required):
        if row["uzemi_cis"].strip() != CENSUS_MUNICIPALITY_LEVEL:
            continue
        code = _code(row, "uzemi_kod", name, digits=(6,))
        band = row["vek_kod"].strip()
        value = _int(row, "hodnota", name)
        if band == CENSUS_TOTAL_CODE:
            column = "total"
        elif band in CENSUS_BANDS:
            column = CENSUS_BANDS[band]
        else:
            continue
        year = _int(row, "sldb_rok", name)
        reference_date = _date(row, "sldb_datum", name, "%Y-%m-%d")
        if data.census_year is None:
            data.census_year, data.census_date = year, reference_date
        elif (year, reference_date) != (data.census_year, data.census_date):
            raise ImportFileError(
                name, _("the file mixes census years or reference dates"), row.line
            )
        record = census.setdefault(code, {"_line": row.line})
        if column in record:
            raise ImportFileError(
                name,
                _("municipality %(code)s has a second value for the same age band")
                % {"code": code},
                row.line,
            )
        record[column] = value
    for code, record in census.items():
        line = record.pop("_line")
        if "total" not in record:
            raise ImportFileError(
                name, _("municipality %(code)s has no total") % {"code": code}, line
            )
        for column in CENSUS_BANDS.values():
            record.setdefault(column, None)
    data.census = census


def parse_register(path: Path, data: ParsedData) -> None:
    name = path.name
    register = {}
    for row in read_rows(
        path, encoding="utf-8", delimiter=",", required=("municipality_code", "population")
    ):
        code = _code(row, "municipality_code", name, digits=(6,))
        register[code] = _int(row, "population", name)
    data.register = register


def _coordinate(row: Row, column: str, name: str, low: float, high: float) -> Decimal:
    value = row[column].strip()
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not (low <= number <= high):
        raise ImportFileError(
            name,
            _("column %(column)s must be a number from %(low)s to %(high)s, found %(value)r")
            % {"column": column, "low": low, "high": high, "value": value},
            row.line,
        )
    return number.quantize(COORDINATE_STEP)


def parse_coordinates(path: Path, data: ParsedData) -> None:
    name = path.name
    coordinates = {}
    for row in read_rows(
        path,
        encoding="utf-8",
        delimiter=",",
        required=("municipality_code", "postcode", "latitude", "longitude"),
    ):
        code = _code(row, "municipality_code", name, digits=(6,))
        postcode = row["postcode"].strip().replace(" ", "")
        if postcode and not (is_digits(postcode) and len(postcode) == 5):
            raise ImportFileError(
                name,
                _("column postcode must have 5 digits, found %(value)r") % {"value": postcode},
                row.line,
            )
        coordinates[code] = {
            "latitude": _coordinate(row, "latitude", name, -90, 90),
            "longitude": _coordinate(row, "longitude", name, -180, 180),
            "postcode": postcode,
        }
    data.coordinates = coordinates


# --------------------------------------------------------------------------- writing


def _sync(
    model,
    wanted: dict[str, dict],
    report: EntityReport,
    *,
    key: str = "code",
) -> dict[str, object]:
    """Create or update rows of ``model`` keyed by ``key``; return key -> instance."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for code, values in wanted.items():
        obj = existing.get(code)
        if obj is None:
            obj = model(**{key: code}, **values)
            to_create.append(obj)
            existing[code] = obj
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            fields.update(changed)
            to_update.append(obj)
        else:
            report.unchanged += 1
    if to_create:
        model.objects.bulk_create(to_create, batch_size=500)
        if to_create[0].pk is None:  # databases that do not return ids (not ours, but safe)
            existing.update({getattr(o, key): o for o in model.objects.all()})
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    report.added += len(to_create)
    report.changed += len(to_update)
    return existing


def _sync_population(
    *,
    source: str,
    year: int,
    reference_date: datetime.date | None,
    values_by_code: dict[str, dict],
    municipalities: dict[str, Municipality],
    report: EntityReport,
) -> None:
    existing = {p.municipality_id: p for p in Population.objects.filter(source=source, year=year)}
    to_create, to_update, fields = [], [], set()
    for code, values in values_by_code.items():
        municipality = municipalities.get(code)
        if municipality is None:
            continue
        wanted = {"reference_date": reference_date, **values}
        obj = existing.get(municipality.pk)
        if obj is None:
            to_create.append(
                Population(municipality=municipality, source=source, year=year, **wanted)
            )
            continue
        changed = [name for name, value in wanted.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, wanted[name])
            fields.update(changed)
            to_update.append(obj)
        else:
            report.unchanged += 1
    Population.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Population.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    report.added += len(to_create)
    report.changed += len(to_update)


def _pk(objects: dict[str, object], code: str | None) -> int | None:
    obj = objects.get(code) if code else None
    return obj.pk if obj is not None else None


def _orp_regions(data: ParsedData) -> dict[str, str | None]:
    """Region of each ORP: the region of the districts most of its municipalities lie in."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for municipality, orp in data.municipality_orp.items():
        district = data.municipality_district.get(municipality)
        region = data.district_region.get(district) if district else None
        if region:
            votes[orp][region] += 1
    return {orp: (votes[orp].most_common(1)[0][0] if votes[orp] else None) for orp in data.orps}


# --------------------------------------------------------------------------- entry point


def import_territory(
    directory: Path | str,
    *,
    force: bool = False,
    progress: bool = False,
    progress_file=None,
) -> ImportReport:
    """Import the territorial files in ``directory``; return what was added and changed.

    Raises :class:`ImportFileError` (and changes nothing) when a required file is missing,
    a file is malformed, the files disagree with each other (:func:`check_consistency`),
    or, without ``force``, they list fewer regions, districts, ORPs or municipalities than
    the database has (a file cut short at a line boundary reads as a valid file).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportFileError(str(directory), _("no such folder"))
    for file_name in REQUIRED_FILES:
        if not (directory / file_name).is_file():
            raise ImportFileError(
                file_name,
                _("the required file is missing in %(folder)s") % {"folder": directory},
            )

    report = ImportReport()
    data = ParsedData()
    steps: list[tuple[str, Callable[[], None]]] = [
        (REGIONS_FILE, lambda: parse_regions(directory / REGIONS_FILE, data)),
        (DISTRICTS_FILE, lambda: parse_districts(directory / DISTRICTS_FILE, data)),
        (
            REGION_DISTRICT_FILE,
            lambda: parse_region_districts(directory / REGION_DISTRICT_FILE, data),
        ),
        (MUNICIPALITIES_FILE, lambda: parse_municipalities(directory / MUNICIPALITIES_FILE, data)),
        (
            MUNICIPALITY_ORP_FILE,
            lambda: parse_municipality_orps(directory / MUNICIPALITY_ORP_FILE, data),
        ),
        (
            MUNICIPALITY_DISTRICT_FILE,
            lambda: parse_municipality_districts(directory / MUNICIPALITY_DISTRICT_FILE, data),
        ),
    ]
    optional = {
        CENSUS_FILE: parse_census,
        POPULATION_FILE: parse_register,
        COORDINATES_FILE: parse_coordinates,
    }
    for file_name, parser in optional.items():
        path = directory / file_name
        if path.is_file():
            steps.append((file_name, lambda parser=parser, path=path: parser(path, data)))
        else:
            report.notes.append(_("%(file)s not found: skipped") % {"file": file_name})

    writes = [
        "regions",
        "districts",
        "ORPs",
        "municipalities",
        "population",
    ]
    bar = tqdm(
        total=len(steps) + len(writes),
        unit="step",
        disable=not progress,
        file=progress_file or sys.stderr,
        leave=False,
    )
    try:
        with transaction.atomic():
            for label, step in steps:
                bar.set_description(label)
                step()
                bar.update()
            check_consistency(data)
            if not force:
                check_no_shrinking(data)
            _write(data, report, bar)
    finally:
        bar.close()
    return report


def _current(data: ParsedData) -> list[str]:
    """Codes of the municipalities of the code list that are valid today."""
    today = datetime.date.today()
    return [
        code
        for code, values in data.municipalities.items()
        if values["valid_to"] is None or values["valid_to"] >= today
    ]


def _examples(codes) -> str:
    codes = sorted(codes)
    return ", ".join(codes[:5]) + (" …" if len(codes) > 5 else "")


def check_consistency(data: ParsedData) -> None:
    """The files agree with each other: every municipality of the code list that is
    valid today has its ORP and its district, every district its region, and the links
    name no municipality the code list lacks. A file that is cut short (a truncated
    download) breaks one of these; :class:`ImportFileError` names it."""
    current = _current(data)
    incomplete = _(
        "%(count)s municipalities of %(list)s have no link here (for example %(codes)s): "
        "the file is incomplete (cut short?)"
    )
    for file_name, links in (
        (MUNICIPALITY_ORP_FILE, data.municipality_orp),
        (MUNICIPALITY_DISTRICT_FILE, data.municipality_district),
    ):
        missing = [code for code in current if code not in links]
        if missing:
            raise ImportFileError(
                file_name,
                incomplete
                % {"count": len(missing), "list": MUNICIPALITIES_FILE, "codes": _examples(missing)},
            )
    missing = [code for code in data.districts if code not in data.district_region]
    if missing:
        raise ImportFileError(
            REGION_DISTRICT_FILE,
            _(
                "%(count)s districts of %(list)s have no region here (for example %(codes)s): "
                "the file is incomplete (cut short?)"
            )
            % {"count": len(missing), "list": DISTRICTS_FILE, "codes": _examples(missing)},
        )
    unknown = (set(data.municipality_orp) | set(data.municipality_district)) - set(
        data.municipalities
    )
    if unknown:
        raise ImportFileError(
            MUNICIPALITIES_FILE,
            _(
                "the links name %(count)s municipalities that the code list lacks (for "
                "example %(codes)s): the code list is incomplete (cut short?)"
            )
            % {"count": len(unknown), "codes": _examples(unknown)},
        )


def check_no_shrinking(data: ParsedData) -> None:
    """The files list at least as many regions, districts, ORPs and municipalities (valid
    today) as the database has; otherwise :class:`ImportFileError` (``--force`` imports
    them all the same: nothing is deleted, what is no longer listed is reported)."""
    today = datetime.date.today()
    counts = (
        (REGIONS_FILE, _("regions"), len(data.regions), Region.objects.count()),
        (DISTRICTS_FILE, _("districts"), len(data.districts), District.objects.count()),
        (MUNICIPALITY_ORP_FILE, _("ORPs"), len(data.orps), Orp.objects.count()),
        (
            MUNICIPALITIES_FILE,
            _("municipalities"),
            len(_current(data)),
            Municipality.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).count(),
        ),
    )
    for file_name, what, new, old in counts:
        if new < old:
            raise ImportFileError(
                file_name,
                _(
                    "the files list %(new)s %(what)s, fewer than the %(old)s in the database; "
                    "a file may be incomplete. Import with --force if the code list really "
                    "shrank (nothing is deleted)."
                )
                % {"new": new, "what": what, "old": old},
            )


def _write(data: ParsedData, report: ImportReport, bar) -> None:
    bar.set_description("regions")
    regions = _sync(Region, data.regions, report.regions)
    bar.update()

    bar.set_description("districts")
    districts = _sync(
        District,
        {
            code: {**values, "region_id": _pk(regions, data.district_region.get(code))}
            for code, values in data.districts.items()
        },
        report.districts,
    )
    bar.update()

    bar.set_description("ORPs")
    orp_regions = _orp_regions(data)
    orps = _sync(
        Orp,
        {
            code: {"name": name, "region_id": _pk(regions, orp_regions[code])}
            for code, name in data.orps.items()
        },
        report.orps,
    )
    bar.update()

    bar.set_description("municipalities")
    wanted = {}
    for code, values in data.municipalities.items():
        district_code = data.municipality_district.get(code)
        orp_code = data.municipality_orp.get(code)
        row = {
            **values,
            "search_name": search_key(values["name"]),
            "district_id": _pk(districts, district_code),
            "orp_id": _pk(orps, orp_code),
        }
        if data.coordinates is not None:
            point = data.coordinates.get(code)
            row.update(point or {"latitude": None, "longitude": None, "postcode": ""})
        wanted[code] = row
    municipalities = _sync(Municipality, wanted, report.municipalities)
    report.no_longer_listed = sorted(
        f"{m.name} ({code})" for code, m in municipalities.items() if code not in wanted
    )
    bar.update()

    bar.set_description("population")
    if data.census is not None:
        unknown = sorted(set(data.census) - set(data.municipalities))
        if unknown:
            report.notes.append(_unknown_codes_note(CENSUS_FILE, unknown))
        _sync_population(
            source=Population.Source.CENSUS,
            year=data.census_year or 2021,
            reference_date=data.census_date,
            values_by_code=data.census,
            municipalities=municipalities,
            report=report.census,
        )
    if data.register is not None:
        unknown = sorted(set(data.register) - set(data.municipalities))
        if unknown:
            report.notes.append(_unknown_codes_note(POPULATION_FILE, unknown))
        _sync_population(
            source=Population.Source.REGISTER,
            year=REGISTER_YEAR,
            reference_date=None,
            values_by_code={code: {"total": total} for code, total in data.register.items()},
            municipalities=municipalities,
            report=report.register_population,
        )
    bar.update()


def _unknown_codes_note(file_name: str, unknown: list[str]) -> str:
    return _(
        "%(file)s: %(count)s municipality codes not in the code list were skipped: %(codes)s"
    ) % {"file": file_name, "count": len(unknown), "codes": ", ".join(unknown[:10])}


# --------------------------------------------------------------------------- download


def download_files(target: Path, *, urls: dict[str, str] | None = None) -> list[str]:
    """Fetch the live ČSÚ files into ``target``; return the names fetched.

    Raises :class:`ImportFileError` when a file cannot be fetched.
    """
    fetched = []
    for file_name, url in (urls or DOWNLOAD_URLS).items():
        try:
            downloads.download(
                url,
                target / file_name,
                timeout=DOWNLOAD_TIMEOUT,
                user_agent="socplan territory import",
            )
        except downloads.DownloadError as exc:
            raise ImportFileError(
                file_name,
                _("cannot download %(url)s: %(reason)s") % {"url": url, "reason": exc.reason},
            ) from exc
        fetched.append(file_name)
    return fetched


def download_and_import(*, progress: bool = False, force: bool = False) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix="socplan-territory-") as tmp:
        download_files(Path(tmp))
        return import_territory(tmp, progress=progress, force=force)
