"""Writes of the catalogue: codelists and the register import.

Register import (:func:`registry_import_run`)
    Upsert by ``portalId``. Fields the register owns (the normalised record of
    :func:`socplan.catalogue.importers.normalise_service`: name, provider, kind, dates,
    groups, contacts, forms and capacities, facilities, extended scope) are overwritten;
    local fields (description, opening hours, accessibility, photos, verification, manual
    service-area rows) are never touched. Importing the same file twice changes nothing:
    a service whose digest (:func:`~socplan.catalogue.importers.service_digest`: its item
    in the file, its provider's name, the codelists and the territory) is the one stored
    is not even read a second time; any other one is normalised and compared with its
    stored record, and written only when they differ. Every changed register field writes
    a :class:`ServiceChange` (source "import").

    Counting: *added* = new portalId; *ended* = a service that was active before this
    import and is not any more, because its end date is now set and passed or because it is
    missing from the file; *changed* = any other change; *unchanged* = the rest.
    Services missing from the file are never deleted: ``removed_from_register_at`` is set
    (they stop being active) and cleared again if they come back.

    Facilities get the centroid of their municipality (``location_precision`` =
    "municipality"; RÚIAN address points are not available offline; the address code is
    kept). Facility-origin service-area rows are rebuilt from the facilities that have not
    ended on the day of the import.

    The whole file is checked first (nothing written when it is broken). Then every write
    is staged (:class:`socplan.catalogue.bulk.Stage`): the services are normalised and
    compared with the stored ones, and their rows, history and search texts prepared, into
    a temporary file, without a transaction, so without SQLite's write lock; new ids are
    reserved beforehand (:func:`socplan.catalogue.bulk.reserve_ids`). Only then are the
    staged writes run, in one transaction (all or nothing), which is short: other writers
    (suggestions, edits) wait for it only, never for the reading and normalising. (That is
    SQLite, whose write lock blocks every other writer; PostgreSQL locks rows only, so
    there the staged writes run at once, in a second thread while the next batch is
    prepared, all inside the one transaction.) A file
    whose active services are 20 % or more fewer than the active registered services of
    the catalogue is refused unless ``force``.

    Speed (``benchmarks/registry_import.py``): the file is parsed once; the first pass
    keeps the services in a temporary spool for the second. Rows are written without model
    instances (:mod:`socplan.catalogue.bulk`: multi-row INSERT on SQLite, COPY on
    PostgreSQL), and new services get their search text with their row (no reindexing
    pass). A first import on SQLite (every service new, at least
    :data:`PARALLEL_MIN_SERVICES`) is staged on two cores: a forked helper process
    (:class:`_Helper`) stages the second half of the spool into a stage file of its own
    while this process stages the first half; the helper never touches the database, and
    should it stop (an unknown code needs the database), this process stages its half
    itself. On PostgreSQL the writes run in a second thread in batches of
    :data:`IMMEDIATE_BATCH` (with a shorter thread switch interval, see
    :func:`_prompt_switches`), large values are compressed with lz4, and a first import
    (:data:`BULK_LOAD_MIN_SERVICES`) drops the foreign keys between the tables it writes
    and adds them again, checked once each, before its commit
    (:func:`socplan.catalogue.bulk.drop_foreign_keys`; those tables are locked until
    then, so the catalogue's pages wait for the first import).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
import pickle
import signal
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socplan.core import liveness
from socplan.core.audit import audit_log
from socplan.territory.models import Municipality, Region

from . import bulk, importers, search
from .audit import CatalogueAction
from .importers import RegistryFileError
from .models import (
    Capacity,
    Codelist,
    CodelistItem,
    Facility,
    Provider,
    RegistryImport,
    Service,
    ServiceAreaMunicipality,
    ServiceChange,
    ServiceForm,
    ServiceRegion,
    Source,
)
from .validators import ico_is_valid

SHRINK_LIMIT = 0.8  # refuse a file with at most 80 % of the active services (20 % fewer)
BATCH = 250
# PostgreSQL (the writes run at once, in a second thread): larger batches, so fewer COPY
# statements, each of which waits for the server twice; and that thread gets Python's
# interpreter lock back sooner after each wait (see _prompt_switches).
IMMEDIATE_BATCH = 500
IMMEDIATE_SWITCH_INTERVAL = 0.001  # seconds (Python's default: 0.005)
MAX_PROBLEM_LINES = 50  # values left out or cleaned, listed in the report
IMPORT_START_GRACE = 60  # seconds a new import counts as running before its first beat
# A first import of at least this many services is staged by two processes (_Helper).
PARALLEL_MIN_SERVICES = 1000
# PostgreSQL: a first import of at least this many services drops the foreign keys from
# the tables it writes to these ones, and adds them again (checked at once) before its
# commit: one check per key instead of one per row, half of the server's work otherwise.
# The tables are locked meanwhile (readers of the catalogue wait for the import), so only
# for a first import, into a catalogue that has no registered service yet. (Keys to the
# territory, the users and the providers stay: other pages read those tables.)
BULK_LOAD_MIN_SERVICES = 1000
BULK_LOAD_KEYS = (Service, ServiceForm, CodelistItem)


class RegistryImportRefused(RegistryFileError):
    """The file is readable but has far fewer services than the catalogue."""


# --------------------------------------------------------------------------- codelists


@dataclass
class CodelistReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0


@transaction.atomic
def load_codelists(
    *, directory: Path | str | None = None, download: bool = False, actor=None
) -> CodelistReport:
    """Upsert the codelists (by ``register_id``) from ``directory``, from the live MPSV
    files (``download``) or from the project's defaults. Items are never deleted; an item
    first created by the importer for an unknown id becomes known when a codelist has it."""
    if download:
        with tempfile.TemporaryDirectory(prefix="socplan-codelists-") as tmp:
            importers.download_codelists(Path(tmp))
            entries = importers.read_codelists(tmp)
    else:
        entries = importers.read_codelists(directory)
    existing = {(item.codelist, item.register_id): item for item in CodelistItem.objects.all()}
    report = CodelistReport()
    for entry in entries:
        values = {
            "code": entry.code,
            "name": entry.name[:255],
            "paragraph": entry.paragraph,
            "group": entry.group,
            "order": entry.order,
            "is_known": True,
        }
        item = existing.get((entry.codelist, entry.register_id))
        if item is None:
            CodelistItem.objects.create(
                codelist=entry.codelist, register_id=entry.register_id, **values
            )
            report.added += 1
            continue
        if entry.codelist == Codelist.KIND and not entry.paragraph and item.paragraph:
            # a live codelist has no §: keep the one we know
            values["paragraph"], values["group"] = item.paragraph, item.group
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        if changed:
            for name in changed:
                setattr(item, name, values[name])
            item.save(update_fields=changed)
            report.changed += 1
        else:
            report.unchanged += 1
    if report.added or report.changed:
        audit_log(
            actor=actor,
            action=CatalogueAction.CODELISTS_LOADED,
            added=report.added,
            changed=report.changed,
        )
    return report


def ensure_codelists() -> None:
    """Load the default codelists when there are none yet (a fresh database)."""
    if not CodelistItem.objects.kinds().filter(is_known=True).exists():
        load_codelists()


# --------------------------------------------------------------------------- register import


@dataclass
class ImportOutcome:
    """What one import did (also stored on its :class:`RegistryImport`)."""

    services_in_file: int = 0
    active_in_file: int = 0
    facilities_in_file: int = 0
    added: int = 0
    changed: int = 0
    ended: int = 0
    unchanged: int = 0
    providers_added: int = 0
    providers_changed: int = 0
    duplicate_facilities: int = 0
    unknown_codes: Counter = field(default_factory=Counter)
    unknown_municipalities: set = field(default_factory=set)
    unknown_regions: set = field(default_factory=set)
    invalid_icos: set = field(default_factory=set)
    duplicate_portal_ids: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # [portalId, field, value, problem]
    added_ids: list = field(default_factory=list)
    changed_ids: list = field(default_factory=list)
    ended_ids: list = field(default_factory=list)

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.changed or self.ended)

    def message(self) -> str:
        if self.nothing_changed:
            return _(
                "The register file has nothing new: %(count)s services, none added, changed "
                "or ended."
            ) % {"count": self.services_in_file}
        return _(
            "Imported %(count)s services: %(added)s added, %(changed)s changed, "
            "%(ended)s ended, %(unchanged)s unchanged."
        ) % {
            "count": self.services_in_file,
            "added": self.added,
            "changed": self.changed,
            "ended": self.ended,
            "unchanged": self.unchanged,
        }

    def notes(self) -> list[str]:
        lines = []
        if self.duplicate_facilities:
            lines.append(
                ngettext(
                    "%(count)s duplicated facility was skipped.",
                    "%(count)s duplicated facilities were skipped.",
                    self.duplicate_facilities,
                )
                % {"count": self.duplicate_facilities}
            )
        if self.unknown_codes:
            codes = ", ".join(sorted(self.unknown_codes)[:10])
            lines.append(
                _("Ids not in the codelists (shown as they are): %(codes)s") % {"codes": codes}
            )
        if self.unknown_municipalities:
            codes = ", ".join(sorted(self.unknown_municipalities)[:10])
            lines.append(
                _("Municipality codes not in the territory data: %(codes)s") % {"codes": codes}
            )
        if self.unknown_regions:
            codes = ", ".join(sorted(self.unknown_regions)[:10])
            lines.append(_("Regions not understood: %(codes)s") % {"codes": codes})
        if self.invalid_icos:
            icos = ", ".join(sorted(self.invalid_icos)[:10])
            lines.append(_("IČO with a wrong check digit: %(icos)s") % {"icos": icos})
        if self.duplicate_portal_ids:
            ids = ", ".join(str(i) for i in self.duplicate_portal_ids[:10])
            lines.append(_("portalId listed twice (the first was used): %(ids)s") % {"ids": ids})
        for portal_id, name, value, problem in sorted(self.problems)[:MAX_PROBLEM_LINES]:
            lines.append(
                _("Service %(portal_id)s, %(field)s “%(value)s”: %(problem)s")
                % {
                    "portal_id": portal_id,
                    "field": name or "?",
                    "value": value,
                    "problem": importers.problem_text(problem),
                }
            )
        if len(self.problems) > MAX_PROBLEM_LINES:
            lines.append(
                _("… and %(count)s more values left out or cleaned.")
                % {"count": len(self.problems) - MAX_PROBLEM_LINES}
            )
        return lines

    def details(self) -> dict:
        return {
            "active_in_file": self.active_in_file,
            "facilities_in_file": self.facilities_in_file,
            "providers_added": self.providers_added,
            "providers_changed": self.providers_changed,
            "duplicate_facilities": self.duplicate_facilities,
            "unknown_codes": dict(self.unknown_codes),
            "unknown_municipalities": sorted(self.unknown_municipalities),
            "invalid_icos": sorted(self.invalid_icos),
            "problems": sorted(self.problems)[:200],
            "added": self.added_ids[:200],
            "changed": self.changed_ids[:200],
            "ended": self.ended_ids[:200],
            "notes": self.notes(),
        }


def _noop_progress(done, total=None, note=""):
    return None


@contextlib.contextmanager
def _fewer_collections():
    """An import makes millions of short-lived objects, which reference counting frees;
    Python's cycle collector would walk every live object of the process again and again
    meanwhile (a tenth of the import's time). It runs less often while it lasts."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 100_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


@contextlib.contextmanager
def _prompt_switches():
    """Where the stage writes at once (PostgreSQL), its thread waits for the server at
    every statement and between blocks of a COPY, and then for Python's interpreter lock,
    which this thread, busy preparing the next batch, gives up only every "switch
    interval" (5 ms by default): meanwhile the server idles. A shorter interval while the
    import writes (measured: the writing thread kept up with the preparing one)."""
    if not bulk.stages_immediately():
        yield
        return
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, IMMEDIATE_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def active_registered_count(on: datetime.date | None = None) -> int:
    return (
        Service.objects.registered()
        .filter(portal_id__isnull=False, is_demo=False)
        .active(on)
        .count()
    )


def registry_import_run(
    *,
    path: Path | str,
    force: bool = False,
    user=None,
    progress=None,
    job=None,
    file_name: str = "",
    on: datetime.date | None = None,
) -> RegistryImport:
    """Import the register file at ``path``; record the run as a :class:`RegistryImport`.

    Returns the finished record. Raises :class:`RegistryFileError` (a broken file) or
    :class:`RegistryImportRefused` (far fewer services, without ``force``); the catalogue
    is then unchanged and the record says why.
    """
    path = Path(path)
    progress = progress or _noop_progress
    on = on or timezone.localdate()
    if _running_imports().exists():
        raise RegistryFileError(ANOTHER_IMPORT_RUNS())
    run = RegistryImport.objects.create(
        file_name=(file_name or path.name)[:500],
        forced=force,
        started_by=user if user is not None and user.is_authenticated else None,
        job=job,
    )
    if _running_imports().filter(pk__lt=run.pk).exists():
        # two imports started at the same moment: the first one goes on
        run.status = RegistryImport.Status.REFUSED
        run.message = ANOTHER_IMPORT_RUNS()
        run.finished_at = timezone.now()
        run.save()
        raise RegistryFileError(run.message)
    outcome = ImportOutcome()
    # the services of the file are spooled for the writing pass (read back faster); the
    # heartbeat tells later imports that this one is alive (see _running_imports)
    with (
        liveness.Heartbeat(_heartbeat_name(run.pk)),
        _fewer_collections(),
        # (big reads: each read lets the writing thread hold the interpreter lock)
        tempfile.TemporaryFile(prefix="socplan-rpss-", buffering=1 << 20) as spool,
    ):
        try:
            checking = _("Checking the file")
            progress(0, None, checking)
            summary = importers.scan_registry(
                path,
                on=on,
                progress=lambda done, total: progress(done, total, checking),
                spool=spool,
            )
            outcome.services_in_file = summary.services
            outcome.active_in_file = summary.active
            outcome.facilities_in_file = summary.facilities
            outcome.duplicate_portal_ids = summary.duplicate_portal_ids
            current = active_registered_count(on)
            if current and summary.active <= current * SHRINK_LIMIT and not force:
                raise RegistryImportRefused(
                    _(
                        "The file has %(file)s active services, far fewer than the %(current)s "
                        "active services in the catalogue. It may be incomplete; nothing was "
                        "imported. Import it with “force” if the register really shrank."
                    )
                    % {"file": summary.active, "current": current}
                )
            # On SQLite everything is read, compared and prepared outside the transaction,
            # which then only writes: SQLite's write lock, which blocks every other writer,
            # is held for that only. (On PostgreSQL the writes run in a second thread as
            # they are prepared, inside the transaction.)
            with _prompt_switches(), bulk.stage_transaction(), bulk.Stage() as stage:
                writer = _stage(
                    summary, spool, stage, outcome=outcome, on=on, progress=progress, user=user
                )
                with transaction.atomic():
                    _apply(stage, writer, outcome=outcome, progress=progress)
                    audit_log(
                        actor=user,
                        action=CatalogueAction.REGISTRY_IMPORTED,
                        obj=run,
                        added=outcome.added,
                        changed=outcome.changed,
                        ended=outcome.ended,
                        forced=force or None,
                    )
        except RegistryFileError as exc:
            run.status = (
                RegistryImport.Status.REFUSED
                if isinstance(exc, RegistryImportRefused)
                else RegistryImport.Status.FAILED
            )
            run.message = str(exc)
            run.finished_at = timezone.now()
            run.services_in_file = outcome.services_in_file
            run.save()
            raise
        except Exception:
            run.status = RegistryImport.Status.FAILED
            run.message = _("The import failed with an unexpected error; nothing was changed.")
            run.finished_at = timezone.now()
            run.save()
            raise
    run.status = RegistryImport.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.services_in_file = outcome.services_in_file
    run.added = outcome.added
    run.changed = outcome.changed
    run.ended = outcome.ended
    run.unchanged = outcome.unchanged
    run.message = outcome.message()
    run.details = outcome.details()
    run.save()
    run.outcome = outcome  # for the caller (not stored)
    return run


def ANOTHER_IMPORT_RUNS() -> str:  # noqa: N802 - a message, translated when used
    return _("Another import of the register is running; try again when it has finished.")


def _heartbeat_name(pk: int) -> str:
    return f"registry-import-{pk}"


def _running_imports():
    """Imports that are running, after marking those that died (no heartbeat for
    :data:`socplan.core.liveness.TTL` seconds: killed, out of memory, the machine
    restarted) as failed; a run started within the last :data:`IMPORT_START_GRACE`
    seconds counts as running until its first beat shows."""
    running = RegistryImport.objects.filter(status=RegistryImport.Status.RUNNING)
    grace = timezone.now() - datetime.timedelta(seconds=IMPORT_START_GRACE)
    dead = [
        pk
        for pk, started in running.values_list("pk", "started_at")
        if started < grace and not liveness.is_alive(_heartbeat_name(pk))
    ]
    if dead:
        RegistryImport.objects.filter(pk__in=dead, status=RegistryImport.Status.RUNNING).update(
            status=RegistryImport.Status.FAILED,
            finished_at=timezone.now(),
            message=_(
                "The import stopped without finishing (its process ended: killed, out of "
                "memory or the machine restarted); nothing of it was saved."
            ),
        )
    return running.exclude(pk__in=dead)


def registry_imports_mark_dead() -> None:
    """Mark imports whose process died as failed, so that the pages show them so."""
    _running_imports()


class _Writer:
    """The writing pass of one import, staged (outside a transaction) into ``stage``.

    Rows are prepared in batches of :data:`BATCH` services (:data:`IMMEDIATE_BATCH`
    where the stage writes at once) through
    :mod:`socplan.catalogue.bulk` (no model instances): new services with all their rows
    and their search text; changed services are compared with their stored record, which
    writes the history, and only the parts that changed are rebuilt."""

    def __init__(self, *, outcome: ImportOutcome, on: datetime.date, user, stage: bulk.Stage):
        self.stage = stage
        self.outcome = outcome
        self.on = on
        self.today = on.isoformat()
        self.now = timezone.now()
        self.db_now = bulk.db_datetime(self.now)
        self.actor_id = user.pk if user is not None and user.is_authenticated else None
        ensure_codelists()
        # (.order_by(): no sorting by the Czech collation, which SQLite calls Python for)
        items = CodelistItem.objects.order_by().values_list(
            "pk", "codelist", "register_id", "name", "paragraph", "is_known"
        )
        self.codes: dict[tuple[str, str], int] = {}
        self.unknown: set[tuple[str, str]] = set()
        self.code_texts: dict[int, tuple[str, str]] = {}  # pk -> (name, paragraph)
        self.kind_names: dict[str, str] = {}
        for pk, codelist, register_id, name, paragraph, known in items:
            self.codes[(codelist, register_id)] = pk
            self.code_texts[pk] = (name, paragraph)
            if not known:
                self.unknown.add((codelist, register_id))
            elif codelist == Codelist.KIND:
                self.kind_names[register_id] = name
        self.municipalities: dict[str, tuple] = {}
        self.municipality_names: dict[int, str] = {}
        for code, pk, name, lat, lon in Municipality.objects.order_by().values_list(
            "code", "pk", "name", "latitude", "longitude"
        ):
            self.municipalities[code] = (pk, lat, lon)
            self.municipality_names[pk] = name
        self.regions: dict[str, int] = {}
        self.region_names: dict[int, str] = {}
        for code, pk, name in Region.objects.order_by().values_list("ruian_code", "pk", "name"):
            self.region_names[pk] = name
            if code:
                self.regions[code] = pk
        # what a record depends on besides its item: a change here compares every
        # service again (the names of municipalities and regions only feed the search)
        self.context = importers.fingerprint(
            sorted((c, r, n, k) for _pk, c, r, n, _p, k in items),
            sorted((code, pk, lat, lon) for code, (pk, lat, lon) in self.municipalities.items()),
            sorted(self.regions.items()),
        )
        self.provider_names: dict[int, str] = {}  # provider pk -> name (for the search)
        now = self.db_now
        self.pools: dict[type, list[int]] = {}
        self.codelist_table = bulk.Table(
            CodelistItem,
            ["id", "codelist", "register_id", "code", "name", "order", "is_known"],
            now=now,
        )
        self.new_codes = 0
        self.tables = {
            "services": bulk.Table(
                Service, [*SERVICE_COLUMNS, "id", "search_text", "portal_id"], now=now
            ),
            "forms": bulk.Table(ServiceForm, ["id", "service", "form", "continuous"], now=now),
            "capacities": bulk.Table(Capacity, ["service_form", "type", "value", "note"], now=now),
            "facilities": bulk.Table(Facility, ["service", *FACILITY_COLUMNS], now=now),
            "areas": bulk.Table(
                ServiceAreaMunicipality, ["service", "municipality", "origin"], now=now
            ),
            "regions": bulk.Table(ServiceRegion, ["service", "region"], now=now),
            "targets": bulk.Table(
                Service.target_groups.through, ["service", "codelistitem"], now=now
            ),
            "ages": bulk.Table(Service.age_groups.through, ["service", "codelistitem"], now=now),
            "changes": bulk.Table(
                ServiceChange,
                ["service", "at", "actor", "source", "field", "old_value", "new_value", "note"],
                now=now,
            ),
        }
        self.new: list[tuple] = []  # (portal_id, record, resolved, digest, notes, provider)
        self.updates: list[tuple] = []  # (pk, record, resolved, digest, notes, ...)
        self.changes: list[tuple] = []
        self.touched: list[int] = []  # changed existing services: reindexed at the end
        self.indexed = 0  # new services, indexed as they are written
        self.added_note = _("added from the register")
        self.helper = False  # in a _Helper's process: never use the database
        self.dropped_keys: list | None = None  # foreign keys dropped until finish()
        self.batch = IMMEDIATE_BATCH if stage.immediate else BATCH

    @property
    def pending(self) -> int:
        return len(self.new) + len(self.updates)

    # ---- lookups

    def code(self, codelist: str, register_id: str) -> int:
        key = (codelist, register_id)
        pk = self.codes.get(key)
        if pk is None:
            if self.helper:
                raise _NeedsTheDatabase(key)
            # an id not in the codelists: added as an unknown item (before the rows that
            # refer to it: the stage runs in order)
            self.stage.wait()  # this thread uses the connection
            pk = self.codes[key] = bulk.reserve_ids(CodelistItem, 1)[0]
            name = register_id[:255]
            self.stage.add(
                self.codelist_table.operations(
                    [
                        (
                            pk,
                            codelist,
                            register_id,
                            register_id.rsplit("/", 1)[-1][:40],
                            name,
                            10000,
                            False,
                        )
                    ]
                )
            )
            self.code_texts[pk] = (name, "")
            self.unknown.add(key)
            self.new_codes += 1
        return pk

    def unknown_codes(self, record: dict) -> list[str]:
        wanted = [(Codelist.KIND, record["kind"])]
        wanted += [(Codelist.TARGET_GROUP, i) for i in record["target_groups"]]
        wanted += [(Codelist.AGE_GROUP, i) for i in record["age_groups"]]
        for form in record["forms"]:
            wanted.append((Codelist.FORM, form["form"]))
            wanted += [(Codelist.CAPACITY_TYPE, c["type"]) for c in form["capacities"]]
        return [key[1] for key in wanted if key not in self.codes or key in self.unknown]

    def resolve(self, record: dict) -> tuple[dict, list[str], list[str]]:
        """Municipalities and regions of a record -> (their rows, unknown municipality
        codes, unknown regions)."""
        municipalities, unknown, unknown_regions = {}, [], []
        for facility in record["facilities"]:
            code = facility["municipality_code"]
            if not code:
                continue
            found = self.municipalities.get(code)
            if found is None:
                unknown.append(code)
                municipalities[code] = None
            else:
                pk, lat, lon = found
                municipalities[code] = [
                    pk,
                    str(lat) if lat is not None else None,
                    str(lon) if lon is not None else None,
                ]
        regions = {}
        for ident in record["regions"]:
            pk = regions[ident] = self.regions.get(ident.rsplit("/", 1)[-1])
            if pk is None:
                unknown_regions.append(ident)
        resolved = {"municipalities": municipalities, "regions": regions}
        return resolved, unknown, unknown_regions

    def notes(self, record: dict, notes: dict, unknown: list[str], regions: list[str]) -> dict:
        """What the report says about one service (kept with its record, so that an
        import that skips the unchanged service can say it again)."""
        result = {
            "duplicate_facilities": notes["duplicate_facilities"],
            "unknown_codes": self.unknown_codes(record),
            "unknown_municipalities": unknown,
            "unknown_regions": notes["unknown_regions"] + regions,
            "problems": notes.get("problems", []),
        }
        return {key: value for key, value in result.items() if value}

    # ---- rows

    def service_row(self, record: dict, provider_pk: int, digest: str, resolved, notes) -> tuple:
        """The values of SERVICE_COLUMNS."""
        data = {**record, "_resolved": resolved}
        if notes:
            data["_notes"] = notes
            digest += importers.NOTED
        return (
            provider_pk,
            record["identifikator"][:20],
            record["name"][:500],
            self.code(Codelist.KIND, record["kind"]),
            record["start_date"],
            record["end_date"],
            record["age_note"],
            record["emails"],
            record["phones"],
            record["webs"],
            record["faxes"],
            record["contact_addresses"],
            Source.REGISTER.value,
            None,  # removed_from_register_at
            data,
            digest,
            self.db_now,
        )

    def children(self, pk: int, record: dict, resolved: dict, parts, rows: dict, form_ids):
        """Rows of one service's ``parts`` into ``rows`` (lists per table), forms with ids
        from ``form_ids``; returns what the search text needs of them."""
        texts = {"target_groups": [], "facilities": [], "areas": [], "regions": []}
        if "forms" in parts:
            for form in record["forms"]:
                form_pk = next(form_ids)
                rows["forms"].append(
                    (form_pk, pk, self.code(Codelist.FORM, form["form"]), form["continuous"])
                )
                for capacity in form["capacities"]:
                    rows["capacities"].append(
                        (
                            form_pk,
                            self.code(Codelist.CAPACITY_TYPE, capacity["type"]),
                            capacity["value"],
                            capacity["note"],
                        )
                    )
        if "facilities" in parts:
            area = set()
            for data in record["facilities"]:
                found = resolved["municipalities"].get(data["municipality_code"])
                municipality_pk, lat, lon = found if found else (None, None, None)
                name = data["name"][:500]
                rows["facilities"].append(
                    (
                        pk,
                        name,
                        data["street"][:255],
                        data["house_number"][:20],
                        data["house_number_type"][:40],
                        data["orientation_number"][:20],
                        data["address_note"][:255],
                        data["postcode"][:10],
                        municipality_pk,
                        data["municipality_code"][:12],
                        data["region_code"][:12],
                        data["city_district"][:80],
                        data["address_code"],
                        lat,
                        lon,
                        Facility.Precision.MUNICIPALITY.value if lat is not None else "",
                        data["is_secret_address"],
                        data["start_date"],
                        data["end_date"],
                    )
                )
                texts["facilities"].append((name, self.municipality_names.get(municipality_pk, "")))
                ended = data["end_date"] is not None and data["end_date"] < self.today
                if municipality_pk and not ended:
                    area.add(municipality_pk)
            for municipality_pk in sorted(area):
                rows["areas"].append(
                    (pk, municipality_pk, ServiceAreaMunicipality.Origin.FACILITY.value)
                )
                texts["areas"].append(self.municipality_names[municipality_pk])
        if "regions" in parts:
            for region_pk in sorted({pk for pk in resolved["regions"].values() if pk}):
                rows["regions"].append((pk, region_pk))
                texts["regions"].append(self.region_names[region_pk])
        if "target_groups" in parts:
            for ident in record["target_groups"]:
                code_pk = self.code(Codelist.TARGET_GROUP, ident)
                rows["targets"].append((pk, code_pk))
                texts["target_groups"].append(self.code_texts[code_pk][0])
        if "age_groups" in parts:
            for ident in record["age_groups"]:
                rows["ages"].append((pk, self.code(Codelist.AGE_GROUP, ident)))
        return texts

    def change_row(self, service_pk: int, name: str, old: str, new: str, note: str = ""):
        self.changes.append(
            (
                service_pk,
                self.db_now,
                self.actor_id,
                ServiceChange.ChangeSource.IMPORT.value,
                name,
                old,
                new,
                note,
            )
        )

    # ---- writing

    def prepare(self, *, new: int, forms: int, first: bool = False) -> None:
        """Before the staging loop: ids of the ``new`` services and of (at most) their
        ``forms`` in one go; and on PostgreSQL, foreign keys checked by each statement (in
        the stage's thread, while this one goes on) rather than all at the commit, large
        values compressed with lz4, and on a ``first`` import of at least
        :data:`BULK_LOAD_MIN_SERVICES` new services, the foreign keys between the tables
        it writes dropped until :meth:`finish` (see :data:`BULK_LOAD_KEYS`)."""
        self.stage.wait()
        self.pools[Service] = bulk.reserve_ids(Service, new)
        self.pools[ServiceForm] = bulk.reserve_ids(ServiceForm, forms)
        if connection.vendor == "postgresql":
            if first and new >= BULK_LOAD_MIN_SERVICES:
                self.dropped_keys = bulk.drop_foreign_keys(
                    [table.model for table in self.tables.values()], BULK_LOAD_KEYS
                )
            self.stage.add(
                [("execute", "SET CONSTRAINTS ALL IMMEDIATE", []), *bulk.fast_compression()]
            )

    def finish(self) -> None:
        """After every write (inside the transaction): the foreign keys dropped by
        :meth:`prepare` are added again, each checked over its table at once."""
        self.stage.wait()
        if self.dropped_keys:
            bulk.restore_foreign_keys(self.dropped_keys)
        self.dropped_keys = None

    def ids(self, model, count: int) -> list[int]:
        """``count`` new ids of ``model`` from a pool reserved in blocks."""
        pool = self.pools.setdefault(model, [])
        if len(pool) < count:
            if self.helper:
                raise _NeedsTheDatabase(model)
            self.stage.wait()  # this thread uses the connection
            pool += bulk.reserve_ids(model, max(count - len(pool), 6 * self.batch))
        taken, pool[:] = pool[:count], pool[count:]
        return taken

    def flush(self) -> None:
        """Prepares the rows of the pending services and stages their writing."""
        rows: dict[str, list] = {name: [] for name in self.tables}
        texts: dict[int, str] = {}
        if self.new:
            self._new(rows, texts)
        if self.updates:
            self._updates(rows)  # (stages its updates and deletes at once)
        rows["changes"], self.changes = self.changes, []
        # services first: the rest refer to them
        operations = []
        for name, table in self.tables.items():
            operations += table.operations(rows[name])
        operations += search.index_operations(texts)
        self.stage.add(operations)
        self.indexed += len(texts)

    def _new(self, rows: dict, texts: dict) -> None:
        ids = self.ids(Service, len(self.new))
        form_ids = iter(self.ids(ServiceForm, sum(len(entry[1]["forms"]) for entry in self.new)))
        for pk, (portal_id, record, resolved, digest, notes, provider_pk) in zip(
            ids, self.new, strict=True
        ):
            row = self.service_row(record, provider_pk, digest, resolved, notes)
            parts = self.children(pk, record, resolved, REBUILT_PARTS, rows, form_ids)
            kind, paragraph = self.code_texts[row[3]]
            text = search.service_search_text(
                name=row[2],
                kind=kind,
                paragraph=paragraph,
                provider=self.provider_names.get(provider_pk, ""),
                age_note=record["age_note"],
                **parts,
            )
            texts[pk] = text
            rows["services"].append((*row, pk, text, portal_id))
            self.change_row(pk, "service", "", record["name"], self.added_note)
        self.new = []

    def _updates(self, rows: dict) -> None:
        if self.helper:
            raise _NeedsTheDatabase(Service)
        self.stage.wait()  # this thread reads below
        pks = [entry[0] for entry in self.updates]
        stored = {
            pk: (data or {}, removed)
            for pk, data, removed in Service.objects.filter(pk__in=pks)
            .order_by()
            .values_list("pk", "register_data", "removed_from_register_at")
        }
        changed, refreshed = [], []
        drop: dict[str, list[int]] = {part: [] for part in REBUILT_PARTS}
        rebuild = []
        for pk, record, resolved, digest, notes, provider_pk, was_active in self.updates:
            old, removed = stored[pk]
            old_resolved = old.get("_resolved") or {}
            differences = importers.record_changes(old, record)
            if not differences and old_resolved == resolved and removed is None:
                # the same record (the file or the context changed in what it ignores)
                data = {**record, "_resolved": resolved}
                if notes:
                    data["_notes"] = notes
                    digest += importers.NOTED
                refreshed.append((digest, bulk.db_json(data), pk))
                self.outcome.unchanged += 1
                continue
            for name, old_text, new_text in differences:
                self.change_row(pk, name, old_text, new_text)
            if removed is not None:
                self.change_row(
                    pk,
                    "removed_from_register_at",
                    removed.isoformat(),
                    "",
                    _("The service is in the register file again."),
                )
            row = self.service_row(record, provider_pk, digest, resolved, notes)
            changed.append(
                (*(bulk.db_json(v) if i in SERVICE_JSON else v for i, v in enumerate(row)), pk)
            )
            parts = set()
            if old.get("forms") != record["forms"]:
                parts.add("forms")
            if (
                old.get("facilities") != record["facilities"]
                or old_resolved.get("municipalities") != resolved["municipalities"]
            ):
                parts.add("facilities")
            if (
                old.get("regions") != record["regions"]
                or old_resolved.get("regions") != resolved["regions"]
            ):
                parts.add("regions")
            for name in ("target_groups", "age_groups"):
                if old.get(name) != record[name]:
                    parts.add(name)
            for part in parts:
                drop[part].append(pk)
            rebuild.append((pk, record, resolved, parts))
            self.touched.append(pk)
            now_active = importers.is_active_between(
                record["start_date"], record["end_date"], self.on
            )
            if was_active and not now_active:
                self.outcome.ended += 1
                self.outcome.ended_ids.append(record["portal_id"])
            else:
                self.outcome.changed += 1
                self.outcome.changed_ids.append(record["portal_id"])
        table = connection.ops.quote_name(Service._meta.db_table)
        operations = []
        if refreshed:
            operations.append(
                (
                    "executemany",
                    f"UPDATE {table} SET register_hash = %s, register_data = %s"  # noqa: S608
                    " WHERE id = %s",
                    refreshed,
                )
            )
        if changed:
            columns = ", ".join(
                f"{connection.ops.quote_name(Service._meta.get_field(name).column)} = %s"
                for name in (*SERVICE_COLUMNS, "updated_at")
            )
            operations.append(
                (
                    "executemany",
                    f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608
                    [(*row[:-1], self.db_now, row[-1]) for row in changed],
                )
            )
        # the parts rebuilt: their old rows go first (with the ORM's cascades)
        for part, model, extra in (
            ("forms", ServiceForm, {}),
            ("facilities", Facility, {}),
            (
                "facilities",
                ServiceAreaMunicipality,
                {"origin": ServiceAreaMunicipality.Origin.FACILITY},
            ),
            ("regions", ServiceRegion, {}),
            ("target_groups", Service.target_groups.through, {}),
            ("age_groups", Service.age_groups.through, {}),
        ):
            if drop[part]:
                operations.append(
                    ("delete", model._meta.label, {"service_id__in": drop[part], **extra})
                )
        self.stage.add(operations)
        forms = sum(len(record["forms"]) for _pk, record, _r, parts in rebuild if "forms" in parts)
        form_ids = iter(self.ids(ServiceForm, forms))
        for pk, record, resolved, parts in rebuild:
            self.children(pk, record, resolved, parts, rows, form_ids)
        self.updates = []


# The register's fields of a service, in the order of _Writer.service_row.
SERVICE_COLUMNS = (
    "provider",
    "identifikator",
    "name",
    "kind",
    "start_date",
    "end_date",
    "age_note",
    "emails",
    "phones",
    "webs",
    "faxes",
    "contact_addresses",
    "source",
    "removed_from_register_at",
    "register_data",
    "register_hash",
    "register_updated_at",
)
SERVICE_JSON = {
    index
    for index, name in enumerate(SERVICE_COLUMNS)
    if name in ("emails", "phones", "webs", "faxes", "contact_addresses", "register_data")
}
FACILITY_COLUMNS = (
    "name",
    "street",
    "house_number",
    "house_number_type",
    "orientation_number",
    "address_note",
    "postcode",
    "municipality",
    "municipality_code",
    "region_code",
    "city_district",
    "address_code",
    "latitude",
    "longitude",
    "location_precision",
    "is_secret_address",
    "start_date",
    "end_date",
)
REBUILT_PARTS = ("forms", "facilities", "regions", "target_groups", "age_groups")


def _add_notes(outcome: ImportOutcome, notes: dict) -> None:
    outcome.duplicate_facilities += notes.get("duplicate_facilities", 0)
    outcome.unknown_codes.update(notes.get("unknown_codes", ()))
    outcome.unknown_municipalities.update(notes.get("unknown_municipalities", ()))
    outcome.unknown_regions.update(notes.get("unknown_regions", ()))
    outcome.problems.extend(tuple(problem) for problem in notes.get("problems", ()))


def _sync_providers(
    providers: dict[str, dict], outcome: ImportOutcome, *, now, stage: bulk.Stage
) -> tuple[dict[str, int], dict[int, str], list[int]]:
    """Stage the upsert of the providers of the file by IČO; return ({IČO: pk}, {pk:
    name}, pks of providers whose name changed)."""
    fields = ["name", "legal_form", "webs", "emails", "phones", "web", "source"]
    existing = {
        row[1]: row
        for row in Provider.objects.filter(ico__isnull=False)
        .order_by()
        .values_list("pk", "ico", *fields)
    }
    new, changed, renamed = [], [], []
    pks, names = {}, {}
    for ico, data in providers.items():
        if not ico_is_valid(ico):
            outcome.invalid_icos.add(ico)
        values = (
            data["name"][:500],
            data["legal_form"][:255],
            data["webs"],
            data["emails"],
            data["phones"],
            data["webs"][0]["value"][:500] if data["webs"] else "",
            Source.REGISTER.value,
        )
        row = existing.get(ico)
        if row is None:
            new.append((ico, *values))
            continue
        pks[ico] = row[0]
        names[row[0]] = row[2]
        if tuple(row[2:]) != values:
            changed.append(
                (*(bulk.db_json(v) if i in (2, 3, 4) else v for i, v in enumerate(values)), now)
                + (row[0],)
            )
            names[row[0]] = values[0]
            if row[2] != values[0]:
                renamed.append(row[0])
    ids = bulk.reserve_ids(Provider, len(new))
    for pk, row in zip(ids, new, strict=True):
        pks[row[0]] = pk
        names[pk] = row[1]
    operations = bulk.Table(Provider, ["id", "ico", *fields], now=now).operations(
        [(pk, *row) for pk, row in zip(ids, new, strict=True)]
    )
    if changed:
        quote = connection.ops.quote_name
        columns = ", ".join(
            f"{quote(Provider._meta.get_field(name).column)} = %s"
            for name in (*fields, "updated_at")
        )
        operations.append(
            (
                "executemany",
                f"UPDATE {quote(Provider._meta.db_table)} SET {columns} WHERE id = %s",  # noqa: S608
                changed,
            )
        )
    stage.add(operations)
    outcome.providers_added = len(new)
    outcome.providers_changed = len(changed)
    return pks, names, renamed


def _stage(summary, spool, stage, *, outcome: ImportOutcome, on, progress, user) -> _Writer:
    """Everything of the writing pass but the writes: they go to ``stage``, for
    :func:`_apply`. On SQLite this reads the catalogue outside any transaction: no other
    import runs at the same time, web edits do not touch what an import writes (its new
    ids are reserved), and should a row it refers to be deleted meanwhile (a service or
    provider in the admin), the transaction of :func:`_apply` fails and changes nothing."""
    writer = _Writer(outcome=outcome, on=on, user=user, stage=stage)
    providers, writer.provider_names, renamed = _sync_providers(
        summary.providers, outcome, now=writer.db_now, stage=stage
    )
    stage.wait()  # (this thread reads below)
    provider_names = {ico: data["name"] for ico, data in summary.providers.items()}
    existing = {
        portal_id: (pk, digest, start, end, removed)
        for portal_id, pk, digest, start, end, removed in Service.objects.filter(
            portal_id__isnull=False
        )
        .order_by()
        .values_list(
            "portal_id", "pk", "register_hash", "start_date", "end_date", "removed_from_register_at"
        )
    }
    # services whose digest is the one stored are not read again
    skipped: set[int] = set()
    for portal_id, raw in summary.digests.items():
        current = existing.get(portal_id)
        if current is None or current[4] is not None:
            continue
        digest = importers.service_digest(
            raw,
            provider_name=provider_names[summary.provider_icos[portal_id]],
            context=writer.context,
        )
        if digest == current[1].removesuffix(importers.NOTED):
            skipped.add(portal_id)
    outcome.unchanged += len(skipped)
    total = summary.services
    note = _("Importing services")
    progress(len(skipped), total, note)
    done = len(skipped)
    if len(skipped) < total:
        new = len(summary.portal_ids - existing.keys())
        writer.prepare(new=new, forms=summary.forms if new else 0, first=not existing)
        context = _StagingContext(
            summary=summary,
            existing=existing,
            providers=providers,
            provider_names=provider_names,
            on=on,
        )
        helper = None
        if (
            not existing
            and total >= PARALLEL_MIN_SERVICES
            and not stage.immediate
            and _Helper.possible()
            and _a_core_is_free()
        ):
            # a first import on SQLite: every service is new, the second half is staged by
            # a second process on the other core meanwhile (on PostgreSQL the server's
            # process takes that core, writing as the rows are staged)
            helper = _Helper(writer, context, spool, first=total // 2)
        stop = helper.first if helper is not None else None
        try:
            items = importers.read_spool(spool, skip=skipped, stop=stop)
            done = _stage_items(writer, items, context, done=done, progress=progress, note=note)
            if helper is not None:
                done = helper.finish(writer, context, done=done, progress=progress, note=note)
        finally:
            if helper is not None:
                helper.stop()
    stage.wait()  # (this thread reads again)
    noted = [
        existing[portal_id][0]
        for portal_id in skipped
        if existing[portal_id][1].endswith(importers.NOTED)
    ]
    for start in range(0, len(noted), BATCH):
        # what the report said about the skipped services last time holds still
        for data in (
            Service.objects.filter(pk__in=noted[start : start + BATCH])
            .order_by()
            .values_list("register_data", flat=True)
        ):
            _add_notes(outcome, data.get("_notes", {}))
    # services no longer in the file: ended, never deleted
    missing = [
        (portal_id, pk, start, end)
        for portal_id, (pk, _d, start, end, removed) in existing.items()
        if portal_id not in summary.portal_ids and removed is None
    ]
    if missing:
        stage.add(
            [
                (
                    "update",
                    Service._meta.label,
                    {"pk__in": [pk for _p, pk, _s, _e in missing]},
                    {"removed_from_register_at": on, "register_updated_at": writer.now},
                )
            ]
        )
        for portal_id, pk, start, end in missing:
            writer.change_row(
                pk,
                "removed_from_register_at",
                "",
                on.isoformat(),
                _("The service is no longer in the register file."),
            )
            if (start is None or start <= on) and (end is None or end >= on):
                outcome.ended += 1
                outcome.ended_ids.append(portal_id)
            else:
                outcome.changed += 1
                outcome.changed_ids.append(portal_id)
            writer.touched.append(pk)
        writer.flush()
    stage.wait()
    if renamed:
        # the provider's name is searched in each of its services
        writer.touched += Service.objects.filter(provider_id__in=renamed).values_list(
            "pk", flat=True
        )
    return writer


@dataclass
class _StagingContext:
    """What staging a service needs besides the writer (see :func:`_stage_items`)."""

    summary: importers.RegistrySummary
    existing: dict
    providers: dict[str, int]
    provider_names: dict[str, str]
    on: datetime.date


def _stage_items(writer: _Writer, items, context: _StagingContext, *, done, progress, note):
    """Normalise and stage the services ``items`` (from :func:`importers.read_spool`);
    returns ``done`` plus their number."""
    outcome, existing, on = writer.outcome, context.existing, context.on
    summary, providers, provider_names = context.summary, context.providers, context.provider_names
    total = summary.services
    for number, item in items:
        record, notes = importers.normalise_service(
            item, number=number, kind_names=writer.kind_names, provider_names=provider_names
        )
        resolved, unknown, unknown_regions = writer.resolve(record)
        notes = writer.notes(record, notes, unknown, unknown_regions)
        _add_notes(outcome, notes)
        portal_id = record["portal_id"]
        digest = importers.service_digest(
            summary.digests[portal_id],
            provider_name=provider_names[record["provider"]],
            context=writer.context,
        )
        provider_pk = providers[record["provider"]]
        current = existing.get(portal_id)
        if current is None:
            writer.new.append((portal_id, record, resolved, digest, notes, provider_pk))
            outcome.added += 1
            outcome.added_ids.append(portal_id)
        else:
            pk, _digest, start, end, removed = current
            was_active = (
                removed is None and (start is None or start <= on) and (end is None or end >= on)
            )
            writer.updates.append((pk, record, resolved, digest, notes, provider_pk, was_active))
        done += 1
        if writer.pending >= writer.batch:
            writer.flush()
        progress(done, total, note)
    writer.flush()
    return done


# The load average that leaves a core free for the helper: the importing process counts in
# it itself (about 1 once it has run for a while: the benchmark's rounds, a worker's import
# after the file's first pass), so "a core free" is "the others use less than about half a
# core"; measured on 2 cores, the helper still paid at a load of about 2 and cost at 2.4.
FREE_CORE_LOAD = 0.5


def _a_core_is_free(load: float | None = None, cores: int | None = None) -> bool:
    """Whether a core is idle for the helper (the load average of the last minute, this
    process included, leaves one: at most ``cores - FREE_CORE_LOAD``): on a machine busy
    with other work a helper process only adds its overhead (about a fifth more CPU time:
    caches filled twice), measured on 2 cores."""
    try:
        load = os.getloadavg()[0] if load is None else load
    except OSError:
        return False
    cores = (os.cpu_count() or 1) if cores is None else cores
    return load <= cores - FREE_CORE_LOAD


class _NeedsTheDatabase(Exception):
    """Raised in a :class:`_Helper`'s process by what would use the database (an unknown
    code, more ids): the importing process then stages that part itself."""


class _Helper:
    """A second process (forked) that stages the services of the spool from ``first`` on
    while the importing process stages those before: a first import (every service new,
    nothing read from the database for them) is then prepared on two cores. The helper
    gets its own ids (reserved here) and writes its parts into a stage file of its own,
    which :meth:`finish` adds after the importing process's parts, with what the report
    says about its services. The helper never touches the database: whatever would (an
    id not in the codelists, ids beyond those reserved for it) or any other error ends it,
    and the importing process stages that half itself, as without a helper."""

    EXIT_OK = 0

    @staticmethod
    def possible() -> bool:
        return hasattr(os, "fork") and os.path.isdir("/proc/self/fd") and (os.cpu_count() or 1) > 1

    def __init__(self, writer: _Writer, context: _StagingContext, spool, *, first: int):
        self.first = first
        self.spool = spool
        writer.stage.wait()  # (this thread uses the connection; nothing runs at the fork)
        pool = writer.pools[Service]
        mine = len(context.summary.portal_ids) - first  # services of the helper (all new)
        writer.pools[Service], self.service_ids = pool[: len(pool) - mine], pool[len(pool) - mine :]
        self.form_ids = bulk.reserve_ids(ServiceForm, context.summary.forms)
        self.stage = bulk.Stage(immediate=False)
        self.result = tempfile.TemporaryFile(prefix="socplan-helper-")  # noqa: SIM115
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the helper's process (measured by its result)
            self._run(writer, context, spool)

    def _run(self, writer: _Writer, context: _StagingContext, spool) -> None:
        status = 1
        try:
            outcome = ImportOutcome()
            writer.outcome, writer.stage, writer.helper = outcome, self.stage, True
            writer.pools = {Service: self.service_ids, ServiceForm: self.form_ids}
            writer.indexed = 0
            # (its own reading position: the spool's file offset is shared with the parent)
            with open(f"/proc/self/fd/{spool.fileno()}", "rb", buffering=1 << 20) as own:
                items = importers.read_spool(own, start=self.first)
                _stage_items(writer, items, context, done=0, progress=_noop_progress, note="")
            self.stage.file.flush()
            pickle.dump(
                {
                    "parts": self.stage.parts,
                    "indexed": writer.indexed,
                    "added": outcome.added,
                    "added_ids": outcome.added_ids,
                    "duplicate_facilities": outcome.duplicate_facilities,
                    "unknown_codes": outcome.unknown_codes,
                    "unknown_municipalities": outcome.unknown_municipalities,
                    "unknown_regions": outcome.unknown_regions,
                    "problems": outcome.problems,
                },
                self.result,
            )
            self.result.flush()
            status = self.EXIT_OK
        except BaseException:  # noqa: BLE001, S110 - the importing process does it itself
            pass
        finally:
            os._exit(status)

    def finish(self, writer: _Writer, context: _StagingContext, *, done, progress, note) -> int:
        """Wait for the helper; add its parts and counts, or stage its half here when it
        did not finish. Returns ``done`` plus the number of the helper's services."""
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = None
        result = None
        if os.waitstatus_to_exitcode(status) == self.EXIT_OK:
            self.result.seek(0)
            with contextlib.suppress(Exception):
                result = pickle.load(self.result)  # noqa: S301 - written by our own fork
        if result is None:
            writer.pools[Service] += self.service_ids
            writer.pools[ServiceForm] += self.form_ids
            items = importers.read_spool(self.spool, start=self.first)
            return _stage_items(writer, items, context, done=done, progress=progress, note=note)
        writer.stage.extend(self.stage, result["parts"])
        writer.indexed += result["indexed"]
        outcome = writer.outcome
        outcome.added += result["added"]
        outcome.added_ids += result["added_ids"]
        outcome.duplicate_facilities += result["duplicate_facilities"]
        outcome.unknown_codes.update(result["unknown_codes"])
        outcome.unknown_municipalities.update(result["unknown_municipalities"])
        outcome.unknown_regions.update(result["unknown_regions"])
        outcome.problems.extend(result["problems"])
        done += result["added"]
        progress(done, context.summary.services, note)
        return done

    def stop(self) -> None:
        """End the helper if it still runs (an error here), and close its files."""
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None
        self.stage.__exit__(None, None, None)
        self.result.close()


def _apply(stage: bulk.Stage, writer: _Writer, *, outcome: ImportOutcome, progress) -> None:
    """The writes staged by :func:`_stage` (inside the import's transaction)."""
    stage.apply()
    writer.finish()
    if writer.touched:
        total = outcome.services_in_file
        progress(total, total, _("Updating the search index"))
        search.reindex_services(writer.touched)
    elif writer.indexed or writer.new_codes or outcome.providers_added or outcome.providers_changed:
        search.data_changed()  # caches of catalogue data (a provider's contacts) read again


# --------------------------------------------------------------------------- local services

LOCAL_FIELDS = (
    "name",
    "local_category",
    "provider",
    "description",
    "opening_hours",
    "accessibility",
    "emails",
    "phones",
    "webs",
    "address",
    "area",
)


def _contact(value: str) -> list[dict]:
    value = (value or "").strip()
    return [{"value": value, "note": ""}] if value else []


def _local_snapshot(service: Service) -> dict:
    facility = service.facilities.first()
    address = facility.address_line if facility else ""
    area = sorted(
        service.area_municipalities.filter(
            origin=ServiceAreaMunicipality.Origin.MANUAL
        ).values_list("municipality__name", flat=True)
    )
    return {
        "name": service.name,
        "local_category": str(service.local_category or ""),
        "provider": service.provider.name,
        "description": service.description,
        "opening_hours": service.opening_hours,
        "accessibility": service.accessibility,
        "emails": importers.describe("emails", service.emails),
        "phones": importers.describe("phones", service.phones),
        "webs": importers.describe("webs", service.webs),
        "address": address,
        "area": ", ".join(area),
    }


def _local_write(*, service: Service, area, data: dict) -> None:
    """Fields, facility and service area of a local service from the form's data."""
    provider_name = data["provider_name"].strip() or data["name"].strip()
    provider = (
        Provider.objects.filter(ico__isnull=True, source=Source.LOCAL, name=provider_name)
        .order_by("pk")
        .first()
    ) or Provider.objects.create(name=provider_name, source=Source.LOCAL)
    service.provider = provider
    service.name = data["name"].strip()
    service.local_category = data["local_category"]
    service.source = Source.LOCAL
    for name in ("description", "opening_hours", "accessibility"):
        setattr(service, name, data.get(name, "").strip())
    service.emails = _contact(data.get("email"))
    service.phones = _contact(data.get("phone"))
    service.webs = _contact(data.get("web"))
    service.save()
    municipality = data["municipality"]
    service.facilities.all().delete()
    Facility.objects.create(
        service=service,
        name=service.name,
        street=data.get("street", "").strip(),
        house_number=data.get("house_number", "").strip(),
        postcode=data.get("postcode", "").strip(),
        municipality=municipality,
        municipality_code=municipality.code,
        latitude=municipality.latitude,
        longitude=municipality.longitude,
        location_precision=Facility.Precision.MUNICIPALITY if municipality.has_point else "",
    )
    manual = ServiceAreaMunicipality.objects.filter(
        service=service, origin=ServiceAreaMunicipality.Origin.MANUAL
    )
    manual.delete()
    served = list(area.municipalities.all()) if data.get("whole_area") else [municipality]
    ServiceAreaMunicipality.objects.bulk_create(
        [
            ServiceAreaMunicipality(
                service=service,
                municipality=m,
                origin=ServiceAreaMunicipality.Origin.MANUAL,
            )
            for m in served
        ]
    )


@transaction.atomic
def local_service_create(*, area, actor, data: dict) -> Service:
    """A local (non-registered) service entered by a coordinator of ``area``."""
    service = Service(source=Source.LOCAL)
    _local_write(service=service, area=area, data=data)
    ServiceChange.objects.create(
        service=service,
        actor=actor if actor is not None and actor.is_authenticated else None,
        source=ServiceChange.ChangeSource.COORDINATOR,
        field="service",
        new_value=service.name,
        note=_("local service added"),
    )
    audit_log(
        actor=actor, action=CatalogueAction.LOCAL_SERVICE_CREATED, obj=service, area=area.slug
    )
    from . import search

    search.reindex_services([service.pk])
    return service


@transaction.atomic
def local_service_update(*, service: Service, area, actor, data: dict) -> Service:
    """Change a local service; every changed field goes to its history."""
    if service.source != Source.LOCAL:
        raise ValueError("only local services are edited here")
    before = _local_snapshot(service)
    _local_write(service=service, area=area, data=data)
    after = _local_snapshot(service)
    changed = [name for name in LOCAL_FIELDS if before[name] != after[name]]
    ServiceChange.objects.bulk_create(
        [
            ServiceChange(
                service=service,
                actor=actor if actor is not None and actor.is_authenticated else None,
                source=ServiceChange.ChangeSource.COORDINATOR,
                field=name,
                old_value=before[name],
                new_value=after[name],
            )
            for name in changed
        ]
    )
    audit_log(
        actor=actor,
        action=CatalogueAction.LOCAL_SERVICE_UPDATED,
        obj=service,
        fields=changed or None,
    )
    from . import search

    search.reindex_services([service.pk])
    return service
