"""Reading the MPSV register of social-service providers (RPSS) and its codelists.

The format is described in ``shared/data/registry/README.md``. This module only READS and
normalises; :mod:`socplan.catalogue.services` writes (``registry_import_run``,
``load_codelists``).

Reading the register file
    The file (~100 MB) is streamed once with ijson, one service at a time, so memory
    stays bounded by the size of one service plus small per-service summaries:

    1. :func:`scan_registry` checks the shape of the whole file (a JSON object with a list
       ``polozky`` of objects, each with an integer ``portalId``, a kind and a provider
       IČO) and counts services, active services and facilities. A file that is not JSON,
       has the wrong shape or is truncated raises :class:`RegistryFileError` here, before
       anything is written. It also keeps one provider record per IČO, a digest of every
       service as normalisation reads it and, in a temporary spool file, the services
       without what normalisation never reads.
    2. :func:`read_spool` yields them again for the writing pass (skipping those whose
       digest is unchanged).

Normalising a service (:func:`normalise_service`)
    Only keys we know are read, so the names of statutory persons
    (``poskytovatel.statutarniOrgany``) and of facility heads never reach the database,
    the logs or the history. Contacts come only from ``emaily``, ``telefony``, ``weby`` and
    ``faxy`` (never from ``doplnkoveUdaje``). Facilities are deduplicated within a service
    by (name with spaces collapsed, RÚIAN address code, dates; and the written address
    when the code is missing). A secret address (``utajenaAdresa``) is dropped entirely.
    Capacities stay with their form. IČO is text (leading zeros kept). The extended scope
    ``rozsirenePusobnostiVKraji`` is read at region level (``Kraj/NN`` = RÚIAN region
    code), defensively. The result is a JSON-able dict, stored on the service as
    :attr:`Service.register_data`; the import compares it with the stored one to write
    the history. :func:`service_digest` (kept in :attr:`Service.register_hash`) lets an
    import skip a service without normalising it again.

Service name
    The register has no name of a service. We use the facility name when the service has
    exactly one distinct facility name, otherwise "<kind> – <provider>" (e.g. "Pečovatelská
    služba – Město Humpolec").
"""

from __future__ import annotations

import contextvars
import csv
import datetime
import hashlib
import json
import marshal
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ijson
from django.utils.translation import gettext as _

from socplan.core import downloads
from socplan.core.numbers import is_digits

from .models import Codelist, ServiceGroup

REGISTRY_URL = "https://data.mpsv.cz/od/soubory/rpss/rpss.json"
REGISTRY_SCHEMA_URL = "https://data.mpsv.cz/od/soubory/rpss/rpss.schema.json"
CODELIST_URL = "https://data.mpsv.cz/od/soubory/ciselniky/{name}.json"
DOWNLOAD_TIMEOUT = 120  # seconds without data before a download gives up
DOWNLOAD_ATTEMPTS = 4  # a broken download is resumed (HTTP Range) this many times

DEFAULT_CODELIST_DIR = Path(__file__).with_name("codelists")
CODELIST_FILES = {
    Codelist.KIND: "druhy-socialni-sluzby",
    Codelist.TARGET_GROUP: "cilove-skupiny-osoby",
    Codelist.AGE_GROUP: "vekove-skupiny-osoby",
    Codelist.FORM: "formy-soc-sluzby",
    Codelist.CAPACITY_TYPE: "typy-kapacity-socialni-sluzby",
}
LOCAL_CATEGORIES_FILE = "mistni-kategorie.json"  # project-defined, never downloaded
PARAGRAPHS_FILE = "paragraphs.csv"  # kind -> § of act 108/2006 Sb. and group
GROUPS = {
    "sociální poradenství": ServiceGroup.COUNSELLING,
    "služby sociální péče": ServiceGroup.CARE,
    "služby sociální prevence": ServiceGroup.PREVENTION,
    **{value: value for value in ServiceGroup.values},
}

# Bump when normalisation changes: every service is then compared field by field again.
# (Also when it starts to read a key of DIGEST_IGNORED: those do not enter the digest.)
NORMALISATION_VERSION = 2  # 2: control characters, ranges, dates checked (issue 10)
# Keys of an item that normalisation never reads, left out of its digest: attachments
# (~12 kB of a service in the real file) and the provider's statutory persons.
DIGEST_IGNORED = frozenset({"doplnkoveUdaje"})
PROVIDER_DIGEST_IGNORED = frozenset({"statutarniOrgany"})


class RegistryFileError(ValueError):
    """The register file (or a codelist) cannot be imported; nothing was changed."""


# --------------------------------------------------------------------------- small readers

# What the database and the pages take: PostgreSQL's integer (capacities, portalId), whole
# numbers a JSON reader keeps exactly (address codes), ids of the codelists' length, dates
# of these centuries.
MAX_INTEGER = 2**31 - 1
MAX_SAFE_INTEGER = 2**53 - 1
MAX_ID_LENGTH = 80
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
MAX_PROBLEMS = 20  # reported of one service
# Control characters (tabs and line ends are whitespace, collapsed anyway), unpaired
# surrogates (not UTF-8) and the two non-characters: PostgreSQL refuses NUL, XLSX all of them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Problems met while one service is normalised: [(field, value, problem)]
_PROBLEMS: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "socplan_registry_problems", default=None
)


class Problem:
    """Kinds of values an import left out or changed (their text: :func:`problem_text`)."""

    CONTROL = "control"  # control characters removed
    RANGE = "range"  # a whole number beyond what can be stored
    NEGATIVE = "negative"
    DATE = "date"  # not a date (or not of these centuries)
    END_BEFORE_START = "end_before_start"
    LONG_ID = "long_id"


def problem_text(problem: str) -> str:
    return {
        Problem.CONTROL: _("control characters removed"),
        Problem.RANGE: _("number out of range, left out"),
        Problem.NEGATIVE: _("negative number, left out"),
        Problem.DATE: _("not a date in the form YYYY-MM-DD, left out"),
        Problem.END_BEFORE_START: _("ends before it starts: the start date was left out"),
        Problem.LONG_ID: _("an id longer than 80 characters, left out"),
    }.get(problem, problem)


def shown(value, limit: int = 80) -> str:
    """A value as a report shows it: control characters escaped, shortened."""
    value = str(value)
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: ascii(m.group())[1:-1], value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _problem(field_name: str, value, problem: str) -> None:
    problems = _PROBLEMS.get()
    if problems is not None:
        problems.append((field_name, value, problem))


def _paths(value, wanted: set, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of the texts of ``value`` that are in ``wanted``."""
    if isinstance(value, str):
        if value in wanted:
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, wanted, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, wanted, f"{path}[{index}]")


def _collect(item: dict, problems: list) -> list[list[str]]:
    """The problems of one service as [field, value shown, problem], texts with control
    characters under their place in the item (only texts normalisation read)."""
    result = set()
    texts = set()
    for field_name, value, problem in problems:
        if problem == Problem.CONTROL and not field_name:
            texts.add(value)
        else:
            result.add((field_name, shown(value), problem))
    if texts:
        found = set()
        for path, value in _paths(item, texts):
            result.add((path, shown(value), Problem.CONTROL))
            found.add(value)
        result.update(("", shown(value), Problem.CONTROL) for value in texts - found)
    return [list(problem) for problem in sorted(result)[:MAX_PROBLEMS]]


def clean(value: str) -> str:
    """Text without the characters of :data:`_CONTROL` (noted as a problem)."""
    if value.isprintable() or not _CONTROL.search(value):
        return value
    _problem("", value, Problem.CONTROL)
    return _CONTROL.sub("", value)


def ref_id(value) -> str | None:
    """``{"id": "Kraj/51"}`` -> ``"Kraj/51"``; a plain string is taken as it is."""
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, str) and value.strip():
        value = clean(value).strip()
        if len(value) > MAX_ID_LENGTH:
            _problem("id", value, Problem.LONG_ID)
            return None
        return value or None
    return None


def ref_code(value) -> str:
    """``{"id": "Obec/554499"}`` -> ``"554499"``."""
    ident = ref_id(value)
    if not ident:
        return ""
    return ident.rsplit("/", 1)[-1]


def text(value) -> str:
    """A value as text with whitespace collapsed ("a.s.  " -> "a.s.")."""
    if type(value) is str:
        if not value.isprintable():
            value = clean(value)
        return " ".join(value.split())
    if value is None or isinstance(value, (dict, list)):  # noqa: UP038 - faster
        return ""
    return " ".join(clean(str(value)).split())


def parse_date(value, field_name: str = "") -> str | None:
    """``"2008-12-01"`` (or a timestamp starting with it) -> ``"2008-12-01"``; else None
    (noted as a problem of ``field_name`` when it is given and the value is not empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) >= 10:
        try:
            day = datetime.date.fromisoformat(value[:10])
        except ValueError:
            pass
        else:
            if EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                return day.isoformat()
    if field_name:
        _problem(field_name, value, Problem.DATE)
    return None


def parse_period(start, end, field_prefix: str) -> tuple[str | None, str | None]:
    """Start and end dates (:func:`parse_date`); an end before the start leaves the start
    out (noted)."""
    start = parse_date(start, f"{field_prefix}Od")
    end = parse_date(end, f"{field_prefix}Do")
    if start and end and end < start:
        _problem(f"{field_prefix}Od", f"{start} > {end}", Problem.END_BEFORE_START)
        start = None
    return start, end


def as_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def is_active_between(start: str | None, end: str | None, on: datetime.date) -> bool:
    day = on.isoformat()
    return (start is None or start <= day) and (end is None or end >= day)


def contacts(values, key: str) -> list[dict]:
    """``[{"email": "x@y.cz", "poznamka": null}]`` -> ``[{"value": "x@y.cz", "note": ""}]``."""
    result = []
    if not isinstance(values, list):
        return result
    for entry in values:
        if isinstance(entry, dict):
            value, note = text(entry.get(key)), text(entry.get("poznamka"))
        else:
            value, note = text(entry), ""
        if value and {"value": value, "note": note} not in result:
            result.append({"value": value, "note": note})
    return result


def normalise_ico(value) -> str:
    """IČO as 8 characters of text; a number (wrongly typed) gets its leading zeros back."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    ico = text(value).replace(" ", "")
    if is_digits(ico) and len(ico) < 8:
        ico = ico.zfill(8)
    return ico


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and is_digits(value.strip()) and len(value.strip()) < 30:
        return int(value.strip())
    return None


def bounded_int(value, field_name: str, *, maximum: int) -> int | None:
    """A whole number from 0 to ``maximum``; anything else (noted when not empty) None."""
    number = _int(value)
    if number is None:
        if value not in (None, ""):
            _problem(field_name, value, Problem.RANGE)
        return None
    if number < 0:
        _problem(field_name, value, Problem.NEGATIVE)
        return None
    if number > maximum:
        _problem(field_name, value, Problem.RANGE)
        return None
    return number


# --------------------------------------------------------------------------- codelists


@dataclass
class CodelistEntry:
    codelist: str
    register_id: str
    code: str
    name: str
    order: int
    paragraph: str = ""
    group: str = ""


def read_codelist(path: Path, codelist: str) -> list[CodelistEntry]:
    """Read one MPSV codelist file; ``nazev`` may be ``{"cs": ...}`` or a plain string."""
    try:
        with open(path, "rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise RegistryFileError(
            _("%(file)s: not a readable JSON codelist (%(error)s)")
            % {"file": path.name, "error": exc}
        ) from exc
    items = data.get("polozky") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise RegistryFileError(
            _("%(file)s: expected a JSON object with a list “polozky”") % {"file": path.name}
        )
    entries = []
    for order, item in enumerate(items, start=1):
        register_id = ref_id(item) if isinstance(item, dict) else None
        if not register_id:
            raise RegistryFileError(
                _("%(file)s: item %(number)s has no “id”") % {"file": path.name, "number": order}
            )
        name = item.get("nazev")
        if isinstance(name, dict):
            name = name.get("cs") or next(iter(name.values()), "")
        name = text(name) or register_id
        if register_id.split("/", 1)[0] != codelist and "/" in register_id:
            raise RegistryFileError(
                _("%(file)s: the id %(id)s does not belong to the codelist %(codelist)s")
                % {"file": path.name, "id": register_id, "codelist": codelist}
            )
        entries.append(
            CodelistEntry(
                codelist=codelist,
                register_id=register_id,
                code=register_id.rsplit("/", 1)[-1],
                name=name,
                order=order,
            )
        )
    return entries


def read_paragraphs(path: Path) -> dict[str, tuple[str, str]]:
    """``paragraphs.csv`` (``id,paragraph,group``) -> {kind id: (paragraph, group key)}."""
    result = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            group = GROUPS.get((row.get("group") or "").strip(), "")
            result[(row.get("id") or "").strip()] = ((row.get("paragraph") or "").strip(), group)
    return result


def read_codelists(directory: Path | str | None = None) -> list[CodelistEntry]:
    """All codelists: the MPSV ones from ``directory`` (the project's defaults when None or
    when a file is missing there), with § and group of the kinds, and the local categories."""
    default = DEFAULT_CODELIST_DIR
    directory = Path(directory) if directory else default
    if not directory.is_dir():
        raise RegistryFileError(_("%(folder)s: no such folder") % {"folder": directory})
    entries: list[CodelistEntry] = []
    for codelist, name in CODELIST_FILES.items():
        path = directory / f"{name}.json"
        if not path.is_file():
            path = default / f"{name}.json"
        entries.extend(read_codelist(path, codelist))
    paragraphs_path = directory / PARAGRAPHS_FILE
    paragraphs = read_paragraphs(
        paragraphs_path if paragraphs_path.is_file() else default / PARAGRAPHS_FILE
    )
    for entry in entries:
        if entry.codelist == Codelist.KIND and entry.register_id in paragraphs:
            entry.paragraph, entry.group = paragraphs[entry.register_id]
    for entry in read_codelist(default / LOCAL_CATEGORIES_FILE, Codelist.LOCAL_CATEGORY):
        entries.append(entry)
    return entries


def download_codelists(target: Path) -> list[str]:
    """Fetch the live MPSV codelists into ``target``; return the file names."""
    names = []
    for name in CODELIST_FILES.values():
        download(CODELIST_URL.format(name=name), target / f"{name}.json")
        names.append(f"{name}.json")
    return names


# --------------------------------------------------------------------------- download


def download(url: str, destination: Path, *, attempts: int = DOWNLOAD_ATTEMPTS) -> Path:
    """Download ``url`` to ``destination`` (resumed and retried by
    :func:`socplan.core.downloads.download`); RegistryFileError when it cannot be had."""
    try:
        return downloads.download(
            url,
            destination,
            attempts=attempts,
            timeout=DOWNLOAD_TIMEOUT,
            user_agent="socplan registry import",
        )
    except downloads.DownloadError as exc:
        raise RegistryFileError(
            _("Cannot download %(url)s: %(reason)s") % {"url": url, "reason": exc.reason}
        ) from exc


def download_registry(target: Path) -> Path:
    """Download the live register file (and its JSON Schema) into ``target`` and validate
    it; return the path of the file."""
    path = download(REGISTRY_URL, target / "rpss.json")
    try:
        schema = download(REGISTRY_SCHEMA_URL, target / "rpss.schema.json", attempts=2)
    except RegistryFileError:
        return path  # no schema today: the importer's own checks still apply
    validate_against_schema(path, schema)
    return path


def validate_against_schema(path: Path, schema_path: Path) -> None:
    """Validate the register file against MPSV's JSON Schema, service by service (the
    whole file would not fit in memory as Python objects). ``format`` is not checked.
    Skipped when jsonschema is not installed."""
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - jsonschema is a test dependency
        return
    with open(schema_path, "rb") as handle:
        schema = json.load(handle)
    validator = jsonschema.validators.validator_for(schema)(schema)
    for item in iter_registry(path):
        error = jsonschema.exceptions.best_match(validator.iter_errors({"polozky": [item]}))
        if error is not None:
            raise RegistryFileError(
                _("The downloaded file does not match the register's schema: %(error)s")
                % {"error": error.message}
            )


# --------------------------------------------------------------------------- register file

# Limits of a register file, far above the real one (~100 MB, 6,733 services of a few kB
# each, nested 6 deep): the parser builds one service at a time and keeps small summaries
# per service, so with these its memory stays bounded whatever the file holds.
MAX_FILE_BYTES = 1 << 30
MAX_DEPTH = 32  # nesting of arrays and objects
MAX_ITEM_BYTES = 8 << 20  # one service
MAX_TEXT_BYTES = 1 << 20  # any single text of the file
MAX_SERVICES = 100_000
MAX_DIGITS = 1000  # of a number (or of a run of digits in a text)
_READ_SIZE = 1 << 16
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
# the longest start of a piece of JSON that ends outside any text
_OUTSIDE = re.compile(rb'(?:"(?:[^"\\]++|\\.)*+"|[^"]++)*+', re.DOTALL)
_TEXT_END = re.compile(rb'(?:[^"\\]++|\\.)*+"', re.DOTALL)  # the rest of a text
_DIGITS = bytes.maketrans(b"0123456789", b"0" * 10)
_LONG_NUMBER = b"0" * (MAX_DIGITS + 1)
_PARENTHESES = bytes.maketrans(b"[{]}", b"(())")
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_NOT_BRACKETS_OR_QUOTES = bytes(set(range(256)) - set(b'[]{}"'))
# Whole numbers of 19 digits or more (from 10^18; 2^63 has 19): ijson's C parser refuses
# the whole file on one beyond 2^63 ("integer overflow"). The guard hands them to it as
# texts of their digits, so the field that holds one is reported (record, field, value)
# and left out by :func:`bounded_int` like any other number out of range.
_BIG_RUN = b"0" * 19
_BIG_INTEGER = re.compile(rb"(?<![\w.+\-])-?\d{19,}(?![\w.])")
_PIECES = re.compile(rb'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)|[^"]++', re.DOTALL)
_NUMBER_BYTES = b"0123456789.eE+-"  # of a number that may go on in the next read


class _GuardedFile:
    """A register file read for the JSON parser, refused (:class:`RegistryFileError`) as
    soon as it nests deeper than :data:`MAX_DEPTH`, a service is longer than
    :data:`MAX_ITEM_BYTES`, a text longer than :data:`MAX_TEXT_BYTES`, or the file is
    longer than :data:`MAX_FILE_BYTES`, before the parser sees the part in question.
    (ijson keeps the path of every open level, so a file of nested arrays would otherwise
    take memory in the square of its depth: 23 GB for 200 kB.) Texts are skipped and
    brackets counted by the regular expression and bytes methods (C), never character by
    character in Python."""

    def __init__(self, handle, file_name: str):
        self.handle = handle
        self.file_name = file_name
        self._reset()

    def _reset(self) -> None:
        self.depth = 0
        self.text = None  # length so far of a text that goes on in the next read
        self.escaped = False  # ... whose last character escapes the next one
        self.offset = 0  # bytes of the file read so far
        self.mark = None  # the offset when the parser gave the last service (or started)
        self.carry = b""  # digits at the end of the last read, held back (may go on)

    def tell(self) -> int:
        return self.handle.tell()

    def seek(self, position: int, whence: int = 0) -> int:
        if (position, whence) != (0, 0):
            raise OSError("only a rewind is supported")
        self._reset()
        return self.handle.seek(0)

    def _refuse(self, message) -> None:
        raise RegistryFileError(
            _("%(file)s cannot be the register file: %(problem)s Nothing was imported.")
            % {"file": self.file_name, "problem": message}
        )

    def read(self, size: int = -1) -> bytes:
        """What :meth:`_read_chunk` read, whole numbers of 19 digits or more outside texts
        turned into texts (:data:`_BIG_INTEGER`). A number (or what may start one) at the
        end of a read is held back to the next one, where it may go on."""
        if size == 0:  # (how ijson tells bytes from text)
            return b""
        while True:
            inside, escaped = self.text is not None, self.escaped
            chunk = self._read_chunk(size)
            data, self.carry = (self.carry + chunk if self.carry else chunk), b""
            if not chunk:  # the end
                return self._numbers_as_texts(data, inside, escaped) if data else data
            if self.text is None and data[-1:] in _NUMBER_BYTES:
                kept = data.rstrip(_NUMBER_BYTES)
                data, self.carry = kept, data[len(kept) :]
                if len(self.carry) > MAX_DIGITS:
                    self._refuse(
                        _("it has a number longer than %(digits)s digits.") % {"digits": MAX_DIGITS}
                    )
            if _BIG_RUN in data.translate(_DIGITS):
                data = self._numbers_as_texts(data, inside, escaped)
            if data:
                return data

    @staticmethod
    def _numbers_as_texts(data: bytes, inside: bool, escaped: bool) -> bytes:
        """``data`` with each whole number of 19 digits or more outside texts in quotes
        (``data`` begins inside a text when ``inside``, after a backslash when ``escaped``)."""
        position = 0
        if inside:
            end = _TEXT_END.match(data, 1 if escaped else 0)
            if end is None:
                return data
            position = end.end()
        pieces = [data[:position]]
        for piece in _PIECES.findall(data, position):
            if piece.startswith(b'"'):
                pieces.append(piece)
            else:
                pieces.append(_BIG_INTEGER.sub(rb'"\g<0>"', piece))
        return b"".join(pieces)

    def _read_chunk(self, size: int = -1) -> bytes:
        chunk = self.handle.read(_READ_SIZE if size is None or size < 0 else size)
        if not chunk:
            return chunk  # the end (a text left open is the parser's error)
        self.offset += len(chunk)
        if self.offset > MAX_FILE_BYTES:
            self._refuse(_("it is longer than %(size)s MB.") % {"size": MAX_FILE_BYTES >> 20})
        if self.mark is not None and self.offset - self.mark > MAX_ITEM_BYTES + _READ_SIZE:
            self._refuse(
                _("one of its services is longer than %(size)s MB.")
                % {"size": MAX_ITEM_BYTES >> 20}
            )
        if _LONG_NUMBER in chunk.translate(_DIGITS):
            # (ijson's C parser crashes the process on a whole number beyond Python's
            # 4,300 digits)
            self._refuse(
                _("it has a number longer than %(digits)s digits.") % {"digits": MAX_DIGITS}
            )
        if self.escaped or b'\\"' in chunk or chunk.endswith(b"\\"):
            outside = self._outside_texts(chunk)
        else:  # no escaped quote: the texts lie between every other quote
            parts = chunk.translate(None, _NOT_BRACKETS_OR_QUOTES).split(b'"')
            inside = self.text is not None
            outside = b"".join(parts[1::2] if inside else parts[0::2])
            if inside == (len(parts) % 2 == 1):  # a text goes on in the next read
                if len(parts) == 1:
                    self._text_goes_on(len(chunk), b"")
                else:
                    self.text = 0
                    self._text_goes_on(len(chunk) - chunk.rfind(b'"'), b"")
            else:
                self.text = None
        # Brackets only, as "(" and ")"; pairs are removed from the inside out: what is left
        # is some ")" then some "(", and the passes that took add to the depth in between.
        brackets = outside.translate(_PARENTHESES, _NOT_BRACKETS)
        passes = 0
        while b"()" in brackets:
            passes += 1
            if passes > MAX_DEPTH:
                self._too_deep()
            brackets = brackets.replace(b"()", b"")
        closing = brackets.count(b")")
        depth = self.depth - closing + (len(brackets) - closing)
        if max(self.depth, depth) + passes > MAX_DEPTH:
            self._too_deep()
        self.depth = depth
        return chunk

    def _outside_texts(self, chunk: bytes) -> bytes:
        """What of ``chunk`` lies outside texts (any escapes)."""
        data = chunk
        if self.text is not None:  # inside a text: find its end
            position = 1 if self.escaped else 0
            end = _TEXT_END.match(chunk, position) if position <= len(chunk) else None
            if end is None:
                self._text_goes_on(len(chunk), chunk[position:])
                return b""
            data, self.text = chunk[end.end() :], None
        self.escaped = False
        if b'"' not in data:
            return data
        cut = _OUTSIDE.match(data).end()
        if cut < len(data):  # a text begins that goes on in the next read
            self.text = 0
            self._text_goes_on(len(data) - cut, data[cut + 1 :])
        return _STRING.sub(b"", data[:cut])

    def _text_goes_on(self, length: int, rest: bytes) -> None:
        self.text += length
        if self.text > MAX_TEXT_BYTES:
            self._refuse(
                _("it has a text longer than %(size)s MB.") % {"size": MAX_TEXT_BYTES >> 20}
            )
        self.escaped = (len(rest) - len(rest.rstrip(b"\\"))) % 2 == 1

    def _too_deep(self) -> None:
        self._refuse(_("it is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH})


def _check_shape(handle, file_name: str) -> None:
    """Check that the root is an object whose ``polozky`` is a list (reads only up to the
    start of that list); the items are then read by ijson's C backend directly."""
    events = ijson.parse(handle)
    first = next(events, None)
    if first is None:
        raise RegistryFileError(_("%(file)s is empty.") % {"file": file_name})
    if first[1] != "start_map":
        raise RegistryFileError(
            _(
                "%(file)s is not the register file: it should be a JSON object with "
                "a list “polozky”."
            )
            % {"file": file_name}
        )
    for prefix, event, value in events:
        if prefix == "" and event == "map_key" and value == "polozky":
            if next(events, (None, None, None))[1] != "start_array":
                raise RegistryFileError(
                    _("%(file)s: “polozky” should be a list of services.") % {"file": file_name}
                )
            return
    raise RegistryFileError(
        _("%(file)s is not the register file: it has no list “polozky”.") % {"file": file_name}
    )


def iter_registry(path: Path | str, *, on_bytes=None) -> Iterator[dict]:
    """Yield the services of the register file one by one (streamed).

    Raises :class:`RegistryFileError` when the file is not JSON, has the wrong shape or is
    truncated. ``on_bytes(n)`` is called with the number of bytes read so far (every 64
    services)."""
    path = Path(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; open errors get a message
    except OSError as exc:
        raise RegistryFileError(
            _("Cannot read %(file)s: %(error)s") % {"file": path.name, "error": exc.strerror}
        ) from exc
    with handle:
        if not handle.read(4096).strip():
            raise RegistryFileError(_("%(file)s is empty.") % {"file": path.name})
        handle.seek(0)
        handle = _GuardedFile(handle, path.name)
        try:
            _check_shape(handle, path.name)
            handle.seek(0)
            handle.mark = 0
            for number, item in enumerate(ijson.items(handle, "polozky.item", use_float=True)):
                handle.mark = handle.offset
                if not isinstance(item, dict):
                    raise RegistryFileError(
                        _("%(file)s: every item of “polozky” should be an object.")
                        % {"file": path.name}
                    )
                if on_bytes is not None and not number % 64:
                    on_bytes(handle.tell())
                yield item
        except ijson.IncompleteJSONError as exc:
            if "premature EOF" in str(exc):
                raise RegistryFileError(
                    _("%(file)s is incomplete: it ends in the middle (truncated download?).")
                    % {"file": path.name}
                ) from exc
            raise RegistryFileError(
                _("%(file)s is not valid JSON: %(error)s")
                % {"file": path.name, "error": _first_line(exc)}
            ) from exc
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            raise RegistryFileError(
                _("%(file)s is not valid JSON: %(error)s")
                % {"file": path.name, "error": _first_line(exc)}
            ) from exc


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


def _item_error(number: int, message: str) -> RegistryFileError:
    return RegistryFileError(
        _("Service no. %(number)s in the file: %(message)s")
        % {"number": number, "message": message}
    )


def read_provider(item: dict, number: int) -> dict:
    """The provider of one service; never its statutory persons."""
    ico = read_provider_ico(item, number)
    provider = item["poskytovatel"]
    legal_form = provider.get("pravniForma")
    if isinstance(legal_form, dict):
        legal_form = legal_form.get("nazev")
    return {
        "ico": ico,
        "name": text(provider.get("nazev")) or ico,
        "legal_form": text(legal_form),
        "webs": contacts(provider.get("weby"), "web"),
        "emails": contacts(provider.get("emaily"), "email"),
        "phones": contacts(provider.get("telefony"), "telefon"),
    }


def read_portal_id(item: dict, number: int) -> int:
    portal_id = _int(item.get("portalId"))
    if portal_id is None or not 0 < portal_id <= MAX_INTEGER:
        raise _item_error(
            number,
            _("“portalId” is missing or not a whole number from 1 to %(max)s.")
            % {"max": MAX_INTEGER},
        )
    return portal_id


def read_provider_ico(item: dict, number: int) -> str:
    """The IČO of a service's provider (checked as :func:`read_provider` checks it)."""
    provider = item.get("poskytovatel")
    if not isinstance(provider, dict):
        raise _item_error(number, _("it has no provider (“poskytovatel”)."))
    ico = normalise_ico(provider.get("ico"))
    if not (is_digits(ico) and len(ico) == 8):
        raise _item_error(number, _("the provider's IČO “%(ico)s” is not 8 digits.") % {"ico": ico})
    return ico


def _digest_view(item: dict) -> dict:
    """The item without the keys normalisation never reads."""
    kept = {key: value for key, value in item.items() if key not in DIGEST_IGNORED}
    provider = kept.get("poskytovatel")
    if isinstance(provider, dict):
        kept["poskytovatel"] = {
            key: value for key, value in provider.items() if key not in PROVIDER_DIGEST_IGNORED
        }
    return kept


def _pack(kept: dict) -> bytes:
    """An item without what normalisation never reads (:func:`_digest_view`) as bytes:
    marshal's version 2, twice as fast as JSON and read back four times as fast as the
    file. Unlike later versions it writes values only, never references to objects seen
    before, so equal items give equal bytes. (Should another Python write other bytes,
    every service is only compared field by field once more.)"""
    return marshal.dumps(kept, 2)


def _digest(packed: bytes) -> bytes:
    return hashlib.blake2b(packed, digest_size=20).digest()


def fingerprint(*parts) -> bytes:
    """A digest of JSON-able data (the context an import normalises services in)."""
    payload = json.dumps([NORMALISATION_VERSION, *parts], sort_keys=True, default=str)
    return hashlib.blake2b(payload.encode(), digest_size=20).digest()


def service_digest(raw: bytes, *, provider_name: str, context: bytes) -> str:
    """The digest of an item (as :func:`scan_registry` makes it: of everything of the
    parsed item that normalisation may read, not of its text, so whitespace and number
    formats of the file do not count) with what else its record depends on (the name of
    its provider as the file gives it, and the codelists and territory of
    :func:`fingerprint`), as 48 hexadecimal digits. Equal digests mean equal records;
    different ones only mean that the record must be made and compared again. (Stored in
    ``Service.register_hash``, followed by :data:`NOTED` when the import had something to
    report about the service.)"""
    digest = hashlib.blake2b(raw, digest_size=24)
    digest.update(context)
    digest.update(provider_name.encode())
    return digest.hexdigest()


NOTED = "+"  # after a stored digest: the record has notes ("_notes")


@dataclass
class RegistrySummary:
    """What the first pass learnt about a file."""

    services: int = 0
    active: int = 0
    facilities: int = 0
    forms: int = 0  # at most (before deduplication)
    portal_ids: set[int] = field(default_factory=set)
    duplicate_portal_ids: list[int] = field(default_factory=list)
    providers: dict[str, dict] = field(default_factory=dict)
    size: int = 0
    # portalId -> IČO of its provider; and -> digest of the item (with a spool)
    provider_icos: dict[int, str] = field(default_factory=dict)
    digests: dict[int, bytes] = field(default_factory=dict)


_SPOOL_HEADER = struct.Struct("<QQQ")  # length, number in the file, portalId


def scan_registry(path: Path | str, *, on=None, progress=None, spool=None) -> RegistrySummary:
    """First pass: check the whole file and count; raises :class:`RegistryFileError`.

    With ``spool`` (a binary temporary file), also the digest of every service (see
    :func:`service_digest`), and the services themselves (without what normalisation
    never reads) into ``spool`` for :func:`read_spool`: the second pass of an import reads
    them from there four times as fast as from the file, and skips the unchanged ones
    unread."""
    path = Path(path)
    day = (on or datetime.date.today()).isoformat()
    summary = RegistrySummary(size=path.stat().st_size if path.exists() else 0)
    chosen: dict[str, tuple] = {}  # IČO -> portalId, number, provider of the one kept

    def on_bytes(done):
        if progress is not None:
            progress(done, summary.size)

    for number, item in enumerate(iter_registry(path, on_bytes=on_bytes), start=1):
        portal_id = read_portal_id(item, number)
        if portal_id in summary.portal_ids:
            summary.duplicate_portal_ids.append(portal_id)
            continue
        if not ref_id(item.get("druhSocialniSluzby")):
            raise _item_error(number, _("it has no kind of service (“druhSocialniSluzby”)."))
        ico = read_provider_ico(item, number)
        kept = _digest_view(item)
        # names of a provider vary between its services: keep the newest registration's
        if ico not in chosen or portal_id > chosen[ico][0]:
            chosen[ico] = (portal_id, number, {"poskytovatel": kept["poskytovatel"]})
        summary.provider_icos[portal_id] = ico
        if spool is not None:
            packed = _pack(kept)
            summary.digests[portal_id] = _digest(packed)
            spool.write(_SPOOL_HEADER.pack(len(packed), number, portal_id))
            spool.write(packed)
        summary.portal_ids.add(portal_id)
        summary.services += 1
        if summary.services > MAX_SERVICES:
            raise RegistryFileError(
                _("%(file)s lists more than %(count)s services: it cannot be the register file.")
                % {"file": path.name, "count": MAX_SERVICES}
            )
        start, end = parse_period(
            item.get("datumPoskytovaniOd"), item.get("datumPoskytovaniDo"), "datumPoskytovani"
        )
        if (start is None or start <= day) and (end is None or end >= day):
            summary.active += 1
        facilities = item.get("zarizeni")
        if isinstance(facilities, list):
            summary.facilities += len(facilities)
        forms = item.get("formy")
        if isinstance(forms, list):
            summary.forms += len(forms)
    if not summary.services:
        raise RegistryFileError(_("%(file)s lists no services.") % {"file": path.name})
    for ico, (_portal_id, number, item) in chosen.items():
        summary.providers[ico] = read_provider(item, number)
    return summary


def read_spool(
    spool, *, skip=frozenset(), start: int = 0, stop: int | None = None
) -> Iterator[tuple[int, dict]]:
    """The services :func:`scan_registry` spooled, as ``(number in the file, item)``;
    those whose portalId is in ``skip`` are passed over unread, and so are those before
    the ``start``-th service of the spool (counted from 0) and from the ``stop``-th on."""
    spool.seek(0)
    header = _SPOOL_HEADER.size
    index = -1
    while chunk := spool.read(header):
        index += 1
        if stop is not None and index >= stop:
            return
        length, number, portal_id = _SPOOL_HEADER.unpack(chunk)
        if index < start or portal_id in skip:
            spool.seek(length, 1)
            continue
        yield number, marshal.loads(spool.read(length))


# --------------------------------------------------------------------------- normalising


def read_address(address) -> dict:
    """The parts of an RPSS address we keep (all optional)."""
    if not isinstance(address, dict):
        return {}
    street = address.get("ulice")
    if isinstance(street, dict):
        street = street.get("nazev")
    house = address.get("cisloDomovni")
    district = ref_id(address.get("mestskyObvodMestskaCast")) or ref_id(
        address.get("mestskyObvodVPraze")
    )
    return {
        "street": text(street),
        "house_number": text(house),
        "house_number_type": ref_id(address.get("typCislaDomovniho")) or "",
        "orientation_number": text(address.get("cisloOrientacni")),
        "address_note": text(address.get("dodatekAdresy")),
        "postcode": text(address.get("psc")).replace(" ", ""),
        "municipality_code": ref_code(address.get("obec")),
        "region_code": ref_code(address.get("kraj")),
        "city_district": district or "",
        "address_code": bounded_int(
            address.get("kodAdresnihoMista"), "kodAdresnihoMista", maximum=MAX_SAFE_INTEGER
        ),
    }


ADDRESS_KEYS = (
    "street",
    "house_number",
    "house_number_type",
    "orientation_number",
    "address_note",
    "postcode",
    "municipality_code",
    "region_code",
    "city_district",
    "address_code",
)
EMPTY_ADDRESS = {key: None if key == "address_code" else "" for key in ADDRESS_KEYS}


def read_facilities(values) -> tuple[list[dict], int]:
    """Facilities of one service, deduplicated; returns (facilities, duplicates dropped)."""
    result: dict[tuple, dict] = {}
    duplicates = 0
    if not isinstance(values, list):
        return [], 0
    for entry in values:
        if not isinstance(entry, dict):
            continue
        secret = entry.get("utajenaAdresa") is True
        address = {} if secret else read_address(entry.get("adresa"))
        start, end = parse_period(entry.get("poskytujeOd"), entry.get("poskytujeDo"), "poskytuje")
        facility = {
            "name": text(entry.get("nazev")),
            **(address or EMPTY_ADDRESS),
            "is_secret_address": secret,
            "start_date": start,
            "end_date": end,
        }
        key: tuple = (
            facility["name"].casefold(),
            facility["address_code"],
            facility["start_date"],
            facility["end_date"],
        )
        if facility["address_code"] is None:
            key += (
                facility["street"],
                facility["house_number"],
                facility["orientation_number"],
                facility["municipality_code"],
                secret,
            )
        if key in result:
            duplicates += 1
            continue
        result[key] = facility
    ordered = sorted(
        result.values(),
        key=lambda f: (
            f["name"],
            f["municipality_code"],
            f["street"],
            f["house_number"],
            f["address_code"] or 0,
            f["start_date"] or "",
            f["end_date"] or "",
        ),
    )
    return ordered, duplicates


def read_forms(values) -> list[dict]:
    """Forms with their own capacities (never summed across forms)."""
    forms: dict[str, dict] = {}
    if not isinstance(values, list):
        return []
    for entry in values:
        if not isinstance(entry, dict):
            continue
        form_id = ref_id(entry.get("forma"))
        if not form_id:
            continue
        form = forms.setdefault(form_id, {"form": form_id, "continuous": False, "capacities": []})
        form["continuous"] = form["continuous"] or entry.get("nepretrzitePoskytovani") is True
        capacities = entry.get("kapacity")
        for capacity in capacities if isinstance(capacities, list) else []:
            if not isinstance(capacity, dict):
                continue
            value = bounded_int(capacity.get("pocet"), "kapacity.pocet", maximum=MAX_INTEGER)
            type_id = ref_id(capacity.get("typ"))
            if value is None or not type_id:
                continue
            form["capacities"].append(
                {"type": type_id, "value": value, "note": text(capacity.get("popis"))}
            )
    return [forms[key] for key in sorted(forms)]


def read_regions(values) -> tuple[list[str], list[str]]:
    """``rozsirenePusobnostiVKraji`` -> (["Kraj/108", ...], [ids not understood])."""
    regions, unknown = set(), []
    if not isinstance(values, list):
        return [], []
    for entry in values:
        ident = None
        if isinstance(entry, dict):
            ident = ref_id(entry.get("kraj")) or ref_id(entry)
        elif isinstance(entry, str):
            ident = entry.strip()
        if ident and ident.startswith("Kraj/"):
            regions.add(ident)
        elif entry:
            unknown.append(shown(ident or entry))
    return sorted(regions), unknown


def read_ids(values, key: str) -> list[str]:
    """``[{"cilovaSkupina": {"id": "X/1"}}]`` (or ``[{"id": ...}]``) -> ``["X/1"]``."""
    result = set()
    if not isinstance(values, list):
        return []
    for entry in values:
        ident = ref_id(entry.get(key)) or ref_id(entry) if isinstance(entry, dict) else None
        if ident:
            result.add(ident)
    return sorted(result)


def service_name(*, facilities: list[dict], kind_name: str, provider_name: str) -> str:
    names = {f["name"] for f in facilities if f["name"]}
    if len(names) == 1:
        return next(iter(names))
    kind = kind_name[:1].upper() + kind_name[1:]
    return f"{kind} – {provider_name}"


def normalise_service(item: dict, *, number: int, kind_names: dict, provider_names: dict):
    """One register item -> (record, notes). The record is JSON-able and deterministic,
    and holds nothing the database or an export refuses: values that cannot be stored
    are left out or cleaned, and listed in ``notes["problems"]`` as [field, value,
    problem] (:class:`Problem`)."""
    problems: list = []
    token = _PROBLEMS.set(problems)
    try:
        record, notes = _normalise_service(
            item, number=number, kind_names=kind_names, provider_names=provider_names
        )
    finally:
        _PROBLEMS.reset(token)
    if problems:
        notes["problems"] = [[record["portal_id"], *entry] for entry in _collect(item, problems)]
    return record, notes


def _normalise_service(item: dict, *, number: int, kind_names: dict, provider_names: dict):
    portal_id = read_portal_id(item, number)
    provider_ico = read_provider_ico(item, number)
    kind = ref_id(item.get("druhSocialniSluzby"))
    if not kind:
        raise _item_error(number, _("it has no kind of service (“druhSocialniSluzby”)."))
    facilities, duplicates = read_facilities(item.get("zarizeni"))
    regions, unknown_regions = read_regions(item.get("rozsirenePusobnostiVKraji"))
    start, end = parse_period(
        item.get("datumPoskytovaniOd"), item.get("datumPoskytovaniDo"), "datumPoskytovani"
    )
    contact_addresses = []
    addresses = item.get("kontaktniAdresy")
    for entry in addresses if isinstance(addresses, list) else []:
        if isinstance(entry, dict):
            address = read_address(entry.get("adresa") if "adresa" in entry else entry)
            if address and address not in contact_addresses:
                contact_addresses.append(address)
    record = {
        "portal_id": portal_id,
        "identifikator": text(item.get("identifikator")),
        "name": service_name(
            facilities=facilities,
            kind_name=kind_names.get(kind, kind),
            provider_name=provider_names.get(provider_ico, provider_ico),
        ),
        "provider": provider_ico,
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "target_groups": read_ids(item.get("ciloveSkupiny"), "cilovaSkupina"),
        "age_groups": read_ids(item.get("vekoveSkupiny"), "vekovaSkupina"),
        "age_note": text(item.get("doplnujiciInformaceVekoveSkupiny")),
        "emails": contacts(item.get("emaily"), "email"),
        "phones": contacts(item.get("telefony"), "telefon"),
        "webs": contacts(item.get("weby"), "web"),
        "faxes": contacts(item.get("faxy"), "fax"),
        "contact_addresses": contact_addresses,
        "forms": read_forms(item.get("formy")),
        "facilities": facilities,
        "regions": regions,
    }
    notes = {"duplicate_facilities": duplicates, "unknown_regions": unknown_regions}
    return record, notes


# --------------------------------------------------------------------------- history text

# Fields of the record compared for the history, in the order they are reported.
RECORD_FIELDS = (
    "name",
    "identifikator",
    "provider",
    "kind",
    "start_date",
    "end_date",
    "target_groups",
    "age_groups",
    "age_note",
    "emails",
    "phones",
    "webs",
    "faxes",
    "contact_addresses",
    "forms",
    "facilities",
    "regions",
)


def describe(field_name: str, value) -> str:
    """A record value as history text (short and readable, no personal data)."""
    if value in (None, "", []):
        return ""
    if field_name in ("emails", "phones", "webs", "faxes"):
        return "; ".join(c["value"] + (f" ({c['note']})" if c.get("note") else "") for c in value)
    if field_name == "forms":
        parts = []
        for form in value:
            caps = ", ".join(
                f"{c['value']} {c['type'].rsplit('/', 1)[-1]}" for c in form["capacities"]
            )
            parts.append(f"{form['form'].rsplit('/', 1)[-1]}: {caps}" if caps else form["form"])
        return "; ".join(parts)
    if field_name == "facilities":
        parts = []
        for facility in value:
            where = " ".join(
                part
                for part in (
                    facility["street"],
                    facility["house_number"]
                    + (
                        "/" + facility["orientation_number"]
                        if facility["orientation_number"]
                        else ""
                    ),
                    facility["municipality_code"],
                )
                if part
            )
            dates = ""
            if facility["end_date"]:
                dates = f" (–{facility['end_date']})"
            parts.append(f"{facility['name']} [{where}]{dates}" if where else facility["name"])
        return "; ".join(parts)
    if field_name == "contact_addresses":
        return "; ".join(
            " ".join(
                part
                for part in (
                    a.get("street"),
                    a.get("house_number"),
                    a.get("postcode"),
                    a.get("municipality_code"),
                )
                if part
            )
            for a in value
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def record_changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """[(field, old text, new text)] for the fields that differ."""
    result = []
    for name in RECORD_FIELDS:
        if old.get(name) != new.get(name):
            result.append((name, describe(name, old.get(name)), describe(name, new.get(name))))
    return result
