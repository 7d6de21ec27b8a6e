"""Catalogue booklet: the printed catalogue of social services of a planning area (PDF).

Title page with the process's publicity notice and logo, a table of contents with page
numbers, chapters by kind of service (grouped as the act groups them) or by target group,
one entry per active service (provider, contacts, addresses, forms with their registered
capacity), then indexes of providers and of municipalities in Czech alphabetical order.
A4 or A5.

By target group, a service that serves several groups is printed in full once (in the
first of its groups) and referred to with its page number in the others.

The PDF is typeset by Typst (:mod:`.booklet_print` builds the document, :mod:`.typeset`
typesets it): the page numbers of the contents, the references and the indexes are those
of the entries' labels.

Used by the background job :func:`booklet_job` (started from the booklet page of a
process) and by ``socplan catalogue_booklet AREA --out FILE.pdf``.
"""

import datetime
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from socplan.catalogue.display import capacity_text
from socplan.catalogue.models import (
    Codelist,
    Facility,
    ServiceForm,
    ServiceGroup,
    Source,
)
from socplan.catalogue.selectors import services_for_area
from socplan.core.collation import czech, czech_sort_key
from socplan.core.jobs import JobFailed, JobResult
from socplan.territory.models import PlanningArea

from . import typeset
from .booklet_print import booklet_document
from .branding import branding_for
from .pdf import cached_document

BY_KIND = "kind"
BY_TARGET_GROUP = "target_group"
ARRANGEMENTS = (BY_KIND, BY_TARGET_GROUP)
SIZES = ("A4", "A5")
JOB_FUNCTION = "socplan.documents.booklet.booklet_job"


@dataclass
class Entry:
    """One service in a section: in full, or a reference to its full entry."""

    service: object
    full: bool = True


@dataclass
class Section:
    anchor: str
    title: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Chapter:
    anchor: str
    title: str
    note: str = ""
    sections: list[Section] = field(default_factory=list)


@dataclass
class IndexRow:
    name: str
    services: list  # services in the order of their entries


def _services(area: PlanningArea, on: datetime.date) -> list:
    """Active services available in the area, with everything an entry prints."""
    facilities = Facility.objects.select_related("municipality").order_by(czech("name"), "pk")
    forms = ServiceForm.objects.select_related("form").prefetch_related("capacities__type")
    queryset = (
        services_for_area(area, on=on)
        .select_related("provider", "kind", "local_category")
        .prefetch_related(
            "target_groups",
            "age_groups",
            Prefetch("forms", queryset=forms),
            Prefetch("facilities", queryset=facilities),
            "area_municipalities__municipality",
            "regions__region",
        )
    )
    services = sorted(queryset, key=lambda s: czech_sort_key(s.name))
    for service in services:
        service.booklet_facilities = [f for f in service.facilities.all() if _open(f, on)]
        service.booklet_forms = [
            {
                "name": str(service_form.form),
                "continuous": service_form.continuous,
                "capacities": [capacity_text(c) for c in service_form.capacities.all()],
            }
            for service_form in service.forms.all()
        ]
        service.booklet_anchor = f"service-{service.pk}"
    return services


def _open(facility: Facility, on: datetime.date) -> bool:
    if facility.start_date is not None and facility.start_date > on:
        return False
    return facility.end_date is None or facility.end_date >= on


def _chapters_by_kind(services: list) -> list[Chapter]:
    kinds = {}
    for service in services:
        key = service.kind or service.local_category
        kinds.setdefault(key.pk if key else None, (key, []))[1].append(service)
    chapters = []
    group_labels = dict(ServiceGroup.choices)
    for group in ServiceGroup.values:
        items = sorted(
            (item for item, _rows in kinds.values() if item is not None and item.group == group),
            key=lambda item: (item.order, czech_sort_key(item.name)),
        )
        if not items:
            continue
        chapter = Chapter(anchor=f"group-{group}", title=str(group_labels[group]))
        for item in items:
            chapter.sections.append(
                Section(
                    anchor=f"kind-{item.pk}",
                    title=item.label,
                    entries=[Entry(s) for s in kinds[item.pk][1]],
                )
            )
        chapters.append(chapter)
    # registered services of kinds without a group, then the local services by category
    other_registered = [
        (item, rows)
        for item, rows in kinds.values()
        if item is not None and item.codelist == Codelist.KIND and not item.group
    ]
    local = sorted(
        (
            (item, rows)
            for item, rows in kinds.values()
            if item is not None and item.codelist == Codelist.LOCAL_CATEGORY
        ),
        key=lambda pair: (pair[0].order, czech_sort_key(pair[0].name)),
    )
    unclassified = kinds.get(None, (None, []))[1]
    if other_registered:
        chapter = Chapter(anchor="group-other", title=_("Other social services"))
        for item, rows in sorted(other_registered, key=lambda p: czech_sort_key(p[0].name)):
            chapter.sections.append(
                Section(
                    anchor=f"kind-{item.pk}", title=item.label, entries=[Entry(s) for s in rows]
                )
            )
        chapters.append(chapter)
    if local or unclassified:
        chapter = Chapter(
            anchor="local",
            title=_("Related services"),
            note=_(
                "Services that are not registered social services: health care, housing, "
                "leisure, self-help groups, authorities."
            ),
        )
        for item, rows in local:
            chapter.sections.append(
                Section(anchor=f"kind-{item.pk}", title=item.name, entries=[Entry(s) for s in rows])
            )
        if unclassified:
            chapter.sections.append(
                Section(
                    anchor="kind-none",
                    title=_("Other services"),
                    entries=[Entry(s) for s in unclassified],
                )
            )
        chapters.append(chapter)
    return chapters


def _chapters_by_target_group(services: list) -> list[Chapter]:
    groups = {}
    without = []
    for service in services:
        targets = sorted(service.target_groups.all(), key=lambda t: (t.order, t.name))
        if not targets:
            without.append(service)
        for index, target in enumerate(targets):
            groups.setdefault(target.pk, (target, []))[1].append(Entry(service, full=index == 0))
    chapters = []
    for target, entries in sorted(
        groups.values(), key=lambda pair: (pair[0].order, czech_sort_key(pair[0].name))
    ):
        title = str(target)
        chapters.append(
            Chapter(
                anchor=f"target-{target.pk}",
                title=title[:1].upper() + title[1:],
                sections=[Section(anchor="", title="", entries=entries)],
            )
        )
    if without:
        chapters.append(
            Chapter(
                anchor="target-none",
                title=_("Services for everyone"),
                note=_("Services that name no particular target group."),
                sections=[Section(anchor="", title="", entries=[Entry(s) for s in without])],
            )
        )
    return chapters


def _full_entries(chapters: list[Chapter]) -> list:
    """Services in the order their full entries are printed."""
    return [e.service for c in chapters for s in c.sections for e in s.entries if e.full]


def _provider_index(services: list) -> list[IndexRow]:
    rows = {}
    for service in services:
        rows.setdefault(service.provider_id, IndexRow(service.provider.name, []))
        rows[service.provider_id].services.append(service)
    return sorted(rows.values(), key=lambda row: czech_sort_key(row.name))


def _municipality_index(services: list, area: PlanningArea) -> list[IndexRow]:
    """Municipalities of the area with the services that have a facility there or serve it
    (services with the register's region-wide scope are left out: they serve them all)."""
    in_area = {m.pk: m for m in area.municipalities.all()}
    rows = {}
    for service in services:
        pks = {f.municipality_id for f in service.booklet_facilities}
        pks |= {row.municipality_id for row in service.area_municipalities.all()}
        for pk in sorted(pks & in_area.keys()):
            rows.setdefault(pk, IndexRow(in_area[pk].name, []))
            if service not in rows[pk].services:
                rows[pk].services.append(service)
    return sorted(rows.values(), key=lambda row: czech_sort_key(row.name))


def booklet_context(
    *,
    area: PlanningArea,
    process=None,
    by: str = BY_KIND,
    page_size: str = "A5",
    on: datetime.date | None = None,
) -> dict:
    """Everything the booklet prints (see :func:`.booklet_print.booklet_document`)."""
    if by not in ARRANGEMENTS:
        raise ValueError(f"unknown arrangement {by!r}")
    if page_size not in SIZES:
        raise ValueError(f"unknown page size {page_size!r}")
    on = on or timezone.localdate()
    services = _services(area, on)
    chapters = _chapters_by_kind(services) if by == BY_KIND else _chapters_by_target_group(services)
    ordered = _full_entries(chapters)
    position = {service.pk: index for index, service in enumerate(ordered)}
    providers = _provider_index(services)
    municipalities = _municipality_index(services, area)
    for row in providers + municipalities:
        row.services.sort(key=lambda s: position.get(s.pk, 0))
    regional = [s for s in services if s.regions.all()]
    return {
        "title": _("Catalogue of social services"),
        "subtitle": area.name,
        "area": area,
        "process": process,
        "page_size": page_size,
        "by": by,
        "on": on,
        "chapters": chapters,
        "provider_index": providers,
        "municipality_index": municipalities,
        "service_count": len(services),
        "registered_count": sum(1 for s in services if s.source == Source.REGISTER),
        "regional_count": len(regional),
        "is_demo": area.is_demo or any(s.is_demo for s in services),
    }


def render_booklet(
    *,
    area: PlanningArea,
    process=None,
    by: str = BY_KIND,
    page_size: str = "A5",
    language: str | None = None,
    on: datetime.date | None = None,
) -> bytes:
    """The booklet as PDF bytes."""
    with override(language) if language else nullcontext():
        document = printed_booklet(area=area, process=process, by=by, page_size=page_size, on=on)
    return typeset.typeset_pdf(document)


def printed_booklet(
    *,
    area: PlanningArea,
    process=None,
    by: str = BY_KIND,
    page_size: str = "A5",
    on: datetime.date | None = None,
) -> typeset.Document:
    """The booklet as a document for Typst (in the active language)."""
    context = booklet_context(area=area, process=process, by=by, page_size=page_size, on=on)
    context["branding"] = branding_for(process)
    return booklet_document(context)


def booklet_cached(
    *,
    area: PlanningArea,
    process=None,
    by: str = BY_KIND,
    page_size: str = "A5",
    language: str | None = None,
) -> bytes:
    """The booklet as PDF bytes, kept in the data dir under a hash of its printed data (the
    services, the process's title page, the date "as of", its images, the Typst template and
    Typst's version, see :func:`.typeset.document_key`): generating the booklet again while
    the catalogue is unchanged costs collecting the services, not the typesetting."""
    language = language or get_language() or settings.LANGUAGE_CODE
    with override(language):
        document = printed_booklet(area=area, process=process, by=by, page_size=page_size)
    path, _made = cached_document(
        folder="booklets",
        prefix=f"booklet-{area.pk}-{by}-{page_size}-{language}-",
        key=typeset.document_key(document),
        suffix="pdf",
        make=lambda: typeset.typeset_pdf(document),
    )
    return path.read_bytes()


def booklet_file_name(area: PlanningArea, *, on: datetime.date | None = None) -> str:
    on = on or timezone.localdate()
    return f"katalog-{slugify(area.slug or area.name)}-{on:%Y-%m-%d}.pdf"


def booklet_job(
    progress,
    *,
    area_id: int,
    process_id: int | None = None,
    by: str = BY_KIND,
    page_size: str = "A5",
    language: str | None = None,
) -> JobResult:
    """Background job: the booklet of a planning area, as a file to download."""
    from socplan.organisation.models import PlanningProcess

    area = PlanningArea.objects.filter(pk=area_id).first()
    if area is None:
        raise JobFailed(_("The planning area no longer exists."))
    process = PlanningProcess.objects.filter(pk=process_id).first() if process_id else None
    progress(0, 2, _("Collecting the services"))
    context_check = services_for_area(area).exists()
    if not context_check:
        raise JobFailed(
            _("The catalogue has no active service in %(area)s: import the register first.")
            % {"area": area.name}
        )
    progress(1, 2, _("Typesetting the booklet"))
    pdf = booklet_cached(area=area, process=process, by=by, page_size=page_size, language=language)
    progress(2, 2, _("Done"))
    return JobResult(
        message=_("The booklet of %(area)s is ready.") % {"area": area.name},
        data={"area_id": area.pk, "by": by, "page_size": page_size, "bytes": len(pdf)},
        file_name=booklet_file_name(area),
        file_content=pdf,
    )


def default_process(area: PlanningArea):
    """The process whose title page a booklet of the area shows: the latest published one
    over the area, else the latest one."""
    processes = area.processes.order_by("-is_published", "-period_start", "-pk")
    return processes.first()


def _booklet_jobs(process):
    from socplan.core.models import Job

    return Job.objects.filter(function=JOB_FUNCTION, params__process_id=process.pk)


def latest_booklet(process):
    """The latest booklet generated for the process (a finished job with its PDF)."""
    from socplan.core.models import Job

    return (
        _booklet_jobs(process)
        .filter(status=Job.Status.SUCCEEDED)
        .exclude(result_file="")
        .order_by("-finished_at", "-pk")
        .first()
    )


def running_booklet(process):
    """A booklet job of the process that is waiting or running."""
    from socplan.core.models import Job

    return (
        _booklet_jobs(process)
        .filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .order_by("-pk")
        .first()
    )


def booklet_generate_now(
    *, process, by: str = BY_KIND, page_size: str = "A5", language: str | None = None, user=None
):
    """Generate the booklet of ``process``'s area at once, in this process (the command line:
    ``socplan demo_booklet``), recorded as a finished job like one the booklet page starts;
    the booklet page then offers it for download. Returns the job."""
    from django.conf import settings

    from socplan.core.jobs import run_job
    from socplan.core.models import Job

    area = process.planning_area
    job = Job.objects.create(
        function=JOB_FUNCTION,
        title=str(_("Catalogue booklet: %(area)s") % {"area": area.name})[:255],
        params={
            "area_id": area.pk,
            "process_id": process.pk,
            "by": by,
            "page_size": page_size,
            "language": language or settings.LANGUAGE_CODE,
        },
        created_by=user if user is not None and user.is_authenticated else None,
    )
    run_job.call(job.pk)
    job.refresh_from_db()
    return job
