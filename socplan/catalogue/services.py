"""Writes of the catalogue: codelists and the register import.

Register import (:func:`registry_import_run`)
    Upsert by ``portalId``. Fields the register owns (the normalised record of
    :func:`socplan.catalogue.importers.normalise_service`: name, provider, kind, dates,
    groups, contacts, forms and capacities, facilities, extended scope) are overwritten;
    local fields (description, opening hours, accessibility, photos, verification, manual
    service-area rows) are never touched. A service whose record (and the territory it
    resolves to) has the same hash as last time is not written at all, so importing the
    same file twice changes nothing. Every changed register field writes a
    :class:`ServiceChange` (source "import").

    Counting: *added* = new portalId; *ended* = a service that was active before this
    import and is not any more, because its end date is now set and passed or because it is
    missing from the file; *changed* = any other change; *unchanged* = the rest.
    Services missing from the file are never deleted: ``removed_from_register_at`` is set
    (they stop being active) and cleared again if they come back.

    Facilities get the centroid of their municipality (``location_precision`` =
    "municipality"; RÚIAN address points are not available offline; the address code is
    kept). Facility-origin service-area rows are rebuilt from the facilities that have not
    ended on the day of the import.

    The whole file is checked first (nothing written when it is broken); the writes run in
    one transaction. A file whose active services are 20 % or more fewer than the active
    registered services of the catalogue is refused unless ``force``.
"""

from __future__ import annotations

import datetime
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import JSONField, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socplan.core.audit import audit_log
from socplan.territory.models import Municipality, Region

from . import importers
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
BATCH = 500
RUNNING_LOCK_HOURS = 2  # an import still "running" after this long is taken as crashed


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
            "added": self.added_ids[:200],
            "changed": self.changed_ids[:200],
            "ended": self.ended_ids[:200],
            "notes": self.notes(),
        }


def _noop_progress(done, total=None, note=""):
    return None


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
    recent = timezone.now() - datetime.timedelta(hours=RUNNING_LOCK_HOURS)
    if RegistryImport.objects.filter(
        status=RegistryImport.Status.RUNNING, started_at__gte=recent
    ).exists():
        raise RegistryFileError(
            _("Another import of the register is running; try again when it has finished.")
        )
    run = RegistryImport.objects.create(
        file_name=(file_name or path.name)[:500],
        forced=force,
        started_by=user if user is not None and user.is_authenticated else None,
        job=job,
    )
    outcome = ImportOutcome()
    try:
        progress(0, None, _("Checking the file"))
        summary = importers.scan_registry(
            path, on=on, progress=lambda done, total: progress(done, total, _("Checking the file"))
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
        with transaction.atomic():
            _write(summary, path, outcome=outcome, on=on, progress=progress, user=user)
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


class _Writer:
    """The writing pass of one import (inside the import's transaction)."""

    def __init__(self, *, outcome: ImportOutcome, on: datetime.date, user):
        self.outcome = outcome
        self.on = on
        self.user = user
        self.now = timezone.now()
        ensure_codelists()
        items = list(CodelistItem.objects.all())
        self.codes = {(i.codelist, i.register_id): i.pk for i in items}
        self.unknown = {(i.codelist, i.register_id) for i in items if not i.is_known}
        self.kind_names = {
            i.register_id: i.name for i in CodelistItem.objects.kinds().filter(is_known=True)
        }
        self.municipalities = {
            code: (pk, lat, lon)
            for code, pk, lat, lon in Municipality.objects.values_list(
                "code", "pk", "latitude", "longitude"
            )
        }
        self.regions = dict(Region.objects.exclude(ruian_code="").values_list("ruian_code", "pk"))
        self.new_services: list[tuple[Service, dict, dict]] = []
        self.rebuild: list[tuple[Service, dict, dict, set[str]]] = []
        self.changes: list[ServiceChange] = []
        self.touched: list[int] = []

    # ---- lookups

    def code(self, codelist: str, register_id: str) -> int:
        key = (codelist, register_id)
        pk = self.codes.get(key)
        if pk is None:
            item, _created = CodelistItem.objects.get_or_create(
                codelist=codelist,
                register_id=register_id,
                defaults={
                    "code": register_id.rsplit("/", 1)[-1][:40],
                    "name": register_id[:255],
                    "order": 10000,
                    "is_known": False,
                },
            )
            pk = self.codes[key] = item.pk
            if not item.is_known:
                self.unknown.add(key)
        return pk

    def note_unknown(self, record: dict) -> None:
        wanted = [(Codelist.KIND, record["kind"])]
        wanted += [(Codelist.TARGET_GROUP, i) for i in record["target_groups"]]
        wanted += [(Codelist.AGE_GROUP, i) for i in record["age_groups"]]
        for form in record["forms"]:
            wanted.append((Codelist.FORM, form["form"]))
            wanted += [(Codelist.CAPACITY_TYPE, c["type"]) for c in form["capacities"]]
        for key in wanted:
            if key not in self.codes or key in self.unknown:
                self.outcome.unknown_codes[key[1]] += 1

    def resolve(self, record: dict) -> dict:
        municipalities = {}
        for facility in record["facilities"]:
            code = facility["municipality_code"]
            if not code:
                continue
            found = self.municipalities.get(code)
            if found is None:
                self.outcome.unknown_municipalities.add(code)
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
            pk = self.regions.get(ident.rsplit("/", 1)[-1])
            if pk is None:
                self.outcome.unknown_regions.add(ident)
            regions[ident] = pk
        return {"municipalities": municipalities, "regions": regions}

    # ---- building

    def service_values(self, record: dict, provider_pk: int, digest: str, resolved: dict) -> dict:
        return {
            "provider_id": provider_pk,
            "identifikator": record["identifikator"][:20],
            "name": record["name"][:500],
            "kind_id": self.code(Codelist.KIND, record["kind"]),
            "start_date": importers.as_date(record["start_date"]),
            "end_date": importers.as_date(record["end_date"]),
            "age_note": record["age_note"],
            "emails": record["emails"],
            "phones": record["phones"],
            "webs": record["webs"],
            "faxes": record["faxes"],
            "contact_addresses": record["contact_addresses"],
            "source": Source.REGISTER,
            "removed_from_register_at": None,
            "register_data": {**record, "_resolved": resolved},
            "register_hash": digest,
            "register_updated_at": self.now,
        }

    def build_children(self, service: Service, record: dict, resolved: dict, parts: set[str]):
        """Children of one service for the bulk writes (only the parts that changed)."""
        children: dict[str, list] = {
            "forms": [],
            "capacities": [],
            "facilities": [],
            "areas": [],
            "regions": [],
            "targets": [],
            "ages": [],
        }
        if "forms" in parts:
            for form in record["forms"]:
                service_form = ServiceForm(
                    service=service,
                    form_id=self.code(Codelist.FORM, form["form"]),
                    continuous=form["continuous"],
                )
                children["forms"].append(service_form)
                for capacity in form["capacities"]:
                    children["capacities"].append(
                        Capacity(
                            service_form=service_form,
                            type_id=self.code(Codelist.CAPACITY_TYPE, capacity["type"]),
                            value=capacity["value"],
                            note=capacity["note"],
                        )
                    )
        if "facilities" in parts:
            area = set()
            for data in record["facilities"]:
                found = resolved["municipalities"].get(data["municipality_code"])
                municipality_pk, lat, lon = found if found else (None, None, None)
                children["facilities"].append(
                    Facility(
                        service=service,
                        name=data["name"][:500],
                        street=data["street"][:255],
                        house_number=data["house_number"][:20],
                        house_number_type=data["house_number_type"][:40],
                        orientation_number=data["orientation_number"][:20],
                        address_note=data["address_note"][:255],
                        postcode=data["postcode"][:10],
                        municipality_id=municipality_pk,
                        municipality_code=data["municipality_code"][:12],
                        region_code=data["region_code"][:12],
                        city_district=data["city_district"][:80],
                        address_code=data["address_code"],
                        latitude=lat,
                        longitude=lon,
                        location_precision=(
                            Facility.Precision.MUNICIPALITY if lat is not None else ""
                        ),
                        is_secret_address=data["is_secret_address"],
                        start_date=importers.as_date(data["start_date"]),
                        end_date=importers.as_date(data["end_date"]),
                    )
                )
                ended = data["end_date"] is not None and data["end_date"] < self.on.isoformat()
                if municipality_pk and not ended:
                    area.add(municipality_pk)
            children["areas"] = [
                ServiceAreaMunicipality(
                    service=service,
                    municipality_id=pk,
                    origin=ServiceAreaMunicipality.Origin.FACILITY,
                )
                for pk in sorted(area)
            ]
        if "regions" in parts:
            children["regions"] = [
                ServiceRegion(service=service, region_id=pk)
                for pk in sorted({pk for pk in resolved["regions"].values() if pk})
            ]
        if "target_groups" in parts:
            children["targets"] = [
                self.code(Codelist.TARGET_GROUP, ident) for ident in record["target_groups"]
            ]
        if "age_groups" in parts:
            children["ages"] = [
                self.code(Codelist.AGE_GROUP, ident) for ident in record["age_groups"]
            ]
        return children

    def flush(self) -> None:
        if self.new_services:
            for service, _r, _x in self.new_services:
                # An expression makes Django 5.2 insert these rows with VALUES instead of
                # UNNEST arrays on PostgreSQL: psycopg escapes every quote of a JSON text in
                # an array with a regular expression, which made the import twice as slow.
                service.register_data = Value(service.register_data, output_field=JSONField())
            Service.objects.bulk_create([s for s, _r, _x in self.new_services])
            for service, record, _resolved in self.new_services:
                self.changes.append(
                    ServiceChange(
                        service=service,
                        at=self.now,
                        actor=self.user if self.user and self.user.is_authenticated else None,
                        source=ServiceChange.ChangeSource.IMPORT,
                        field="service",
                        new_value=record["name"],
                        note=_("added from the register"),
                    )
                )
            everything = {"forms", "facilities", "regions", "target_groups", "age_groups"}
            self.rebuild.extend((s, r, x, everything) for s, r, x in self.new_services)
            self.touched.extend(s.pk for s, _r, _x in self.new_services)
            self.new_services = []
        if self.rebuild:
            forms, capacities, facilities, areas, regions = [], [], [], [], []
            targets, ages = [], []
            target_through = Service.target_groups.through
            age_through = Service.age_groups.through
            for service, record, resolved, parts in self.rebuild:
                children = self.build_children(service, record, resolved, parts)
                forms += children["forms"]
                capacities += children["capacities"]
                facilities += children["facilities"]
                areas += children["areas"]
                regions += children["regions"]
                targets += [
                    target_through(service_id=service.pk, codelistitem_id=pk)
                    for pk in children["targets"]
                ]
                ages += [
                    age_through(service_id=service.pk, codelistitem_id=pk)
                    for pk in children["ages"]
                ]
            ServiceForm.objects.bulk_create(forms, batch_size=BATCH)
            for capacity in capacities:
                capacity.service_form_id = capacity.service_form.pk
            Capacity.objects.bulk_create(capacities, batch_size=BATCH)
            Facility.objects.bulk_create(facilities, batch_size=BATCH)
            ServiceAreaMunicipality.objects.bulk_create(areas, batch_size=BATCH)
            ServiceRegion.objects.bulk_create(regions, batch_size=BATCH)
            target_through.objects.bulk_create(targets, batch_size=BATCH)
            age_through.objects.bulk_create(ages, batch_size=BATCH)
            self.rebuild = []
        if self.changes:
            ServiceChange.objects.bulk_create(self.changes, batch_size=BATCH)
            self.changes = []

    def change_row(self, service_pk: int, name: str, old: str, new: str, note: str = ""):
        self.changes.append(
            ServiceChange(
                service_id=service_pk,
                at=self.now,
                actor=self.user if self.user and self.user.is_authenticated else None,
                source=ServiceChange.ChangeSource.IMPORT,
                field=name,
                old_value=old,
                new_value=new,
                note=note,
            )
        )

    def update(self, pk: int, record: dict, values: dict, resolved: dict, was_active: bool):
        service = Service.objects.get(pk=pk)
        old = service.register_data or {}
        old_resolved = old.get("_resolved") or {}
        for name, old_text, new_text in importers.record_changes(old, record):
            self.change_row(pk, name, old_text, new_text)
        if service.removed_from_register_at is not None:
            self.change_row(
                pk,
                "removed_from_register_at",
                service.removed_from_register_at.isoformat(),
                "",
                _("The service is in the register file again."),
            )
        for name, value in values.items():
            setattr(service, name, value)
        service.save()
        parts = set()
        if old.get("forms") != record["forms"]:
            parts.add("forms")
            ServiceForm.objects.filter(service=service).delete()
        if (
            old.get("facilities") != record["facilities"]
            or old_resolved.get("municipalities") != resolved["municipalities"]
        ):
            parts.add("facilities")
            Facility.objects.filter(service=service).delete()
            ServiceAreaMunicipality.objects.filter(
                service=service, origin=ServiceAreaMunicipality.Origin.FACILITY
            ).delete()
        if (
            old.get("regions") != record["regions"]
            or old_resolved.get("regions") != resolved["regions"]
        ):
            parts.add("regions")
            ServiceRegion.objects.filter(service=service).delete()
        if old.get("target_groups") != record["target_groups"]:
            parts.add("target_groups")
            Service.target_groups.through.objects.filter(service_id=pk).delete()
        if old.get("age_groups") != record["age_groups"]:
            parts.add("age_groups")
            Service.age_groups.through.objects.filter(service_id=pk).delete()
        if parts:
            self.rebuild.append((service, record, resolved, parts))
        self.touched.append(pk)
        now_active = importers.is_active_between(record["start_date"], record["end_date"], self.on)
        if was_active and not now_active:
            self.outcome.ended += 1
            self.outcome.ended_ids.append(record["portal_id"])
        else:
            self.outcome.changed += 1
            self.outcome.changed_ids.append(record["portal_id"])


def _sync_providers(providers: dict[str, dict], outcome: ImportOutcome) -> dict[str, int]:
    """Upsert the providers of the file by IČO; return {IČO: pk}."""
    existing = {p.ico: p for p in Provider.objects.filter(ico__isnull=False)}
    new, changed = [], []
    for ico, data in providers.items():
        if not ico_is_valid(ico):
            outcome.invalid_icos.add(ico)
        values = {
            "name": data["name"][:500],
            "legal_form": data["legal_form"][:255],
            "webs": data["webs"],
            "emails": data["emails"],
            "phones": data["phones"],
            "web": data["webs"][0]["value"][:500] if data["webs"] else "",
            "source": Source.REGISTER,
        }
        provider = existing.get(ico)
        if provider is None:
            new.append(Provider(ico=ico, **values))
            continue
        if any(getattr(provider, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(provider, name, value)
            changed.append(provider)
    Provider.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        fields = ["name", "legal_form", "webs", "emails", "phones", "web", "source", "updated_at"]
        now = timezone.now()
        for provider in changed:
            provider.updated_at = now
        Provider.objects.bulk_update(changed, fields, batch_size=BATCH)
    outcome.providers_added = len(new)
    outcome.providers_changed = len(changed)
    return dict(Provider.objects.filter(ico__in=list(providers)).values_list("ico", "pk"))


def _write(summary, path: Path, *, outcome: ImportOutcome, on, progress, user) -> None:
    writer = _Writer(outcome=outcome, on=on, user=user)
    providers = _sync_providers(summary.providers, outcome)
    provider_names = {ico: data["name"] for ico, data in summary.providers.items()}
    existing = {
        portal_id: (pk, digest, start, end, removed)
        for portal_id, pk, digest, start, end, removed in Service.objects.filter(
            portal_id__isnull=False
        ).values_list(
            "portal_id", "pk", "register_hash", "start_date", "end_date", "removed_from_register_at"
        )
    }
    seen: set[int] = set()
    total = summary.services
    note = _("Importing services")
    progress(0, total, note)
    done = 0
    for number, item in enumerate(importers.iter_registry(path), start=1):
        portal_id = importers.read_portal_id(item, number)
        if portal_id in seen:
            continue
        seen.add(portal_id)
        record, notes = importers.normalise_service(
            item, number=number, kind_names=writer.kind_names, provider_names=provider_names
        )
        outcome.duplicate_facilities += notes["duplicate_facilities"]
        outcome.unknown_regions.update(notes["unknown_regions"])
        writer.note_unknown(record)
        resolved = writer.resolve(record)
        digest = importers.record_hash(record, resolved)
        values = writer.service_values(record, providers[record["provider"]], digest, resolved)
        current = existing.get(portal_id)
        if current is None:
            writer.new_services.append((Service(portal_id=portal_id, **values), record, resolved))
            outcome.added += 1
            outcome.added_ids.append(portal_id)
        else:
            pk, old_digest, start, end, removed = current
            if old_digest == digest and removed is None:
                outcome.unchanged += 1
            else:
                was_active = (
                    removed is None
                    and (start is None or start <= on)
                    and (end is None or end >= on)
                )
                writer.update(pk, record, values, resolved, was_active)
        done += 1
        if len(writer.new_services) + len(writer.rebuild) >= BATCH:
            writer.flush()
        progress(done, total, note)
    writer.flush()
    # services no longer in the file: ended, never deleted
    missing = [
        (portal_id, pk, start, end)
        for portal_id, (pk, _d, start, end, removed) in existing.items()
        if portal_id not in seen and removed is None
    ]
    if missing:
        Service.objects.filter(pk__in=[pk for _p, pk, _s, _e in missing]).update(
            removed_from_register_at=on, register_updated_at=writer.now
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
    if writer.touched:
        from . import search

        progress(total, total, _("Updating the search index"))
        search.reindex_services(writer.touched)


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
