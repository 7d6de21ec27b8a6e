"""Reads of the opinions on need: a process's own list, one opinion, the measures that
match a service or kind (suggested as the opinion's evidence), and every sent opinion of a
region (:func:`opinions_for_region`, the region's list and export in monitoring)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from socplan.catalogue.models import CodelistItem
from socplan.organisation.models import PlanningProcess
from socplan.territory.models import Orp, Region

from .models import Measure, Plan
from .models_opinions import NeedOpinion

RELATED = (
    "process__planning_area",
    "service__provider",
    "kind",
    "form",
    "target_group",
    "capacity_unit",
    "submitted_by",
    "replaces",
)


def _with_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(*RELATED).prefetch_related(
        "measures__priority__plan__process", "findings"
    )


def opinions_of_process(*, process: PlanningProcess, drafts: bool) -> QuerySet[NeedOpinion]:
    """The opinions of ``process``, newest number first; ``drafts=False``: sent ones only
    (what region staff see)."""
    queryset = _with_related(NeedOpinion.objects.filter(process=process))
    if not drafts:
        queryset = queryset.filter(state__in=NeedOpinion.SENT_STATES)
    return queryset.order_by("-number", "-version")


def opinion_get(*, process: PlanningProcess, pk: int) -> NeedOpinion:
    opinion = _with_related(NeedOpinion.objects.filter(process=process, pk=pk)).first()
    if opinion is None:
        raise Http404
    return opinion


def opinion_versions(*, opinion: NeedOpinion, drafts: bool) -> list[NeedOpinion]:
    """Every version of the opinion's number, oldest first."""
    queryset = NeedOpinion.objects.filter(process=opinion.process_id, number=opinion.number)
    if not drafts:
        queryset = queryset.filter(state__in=NeedOpinion.SENT_STATES)
    return list(queryset.order_by("version"))


def measures_for_opinions(*, process: PlanningProcess) -> QuerySet[Measure]:
    """The measures an opinion may rest on: those of the process's medium-term plans."""
    return (
        Measure.objects.filter(
            priority__plan__process=process, priority__plan__kind=Plan.Kind.MEDIUM_TERM
        )
        .select_related("priority__plan")
        .order_by("priority__plan__year_start", "priority__plan_id", "priority__order", "order")
    )


def matching_measure_ids(
    *, process: PlanningProcess, service=None, kind=None, target_group=None
) -> set[int]:
    """Measures of the process that concern ``service``, or a service of ``kind``, or
    (without either) its ``target_group``: the ones the form suggests."""
    condition = Q()
    if service is not None:
        condition |= Q(services=service)
        if kind is None and service.kind_id is not None:
            kind = service.kind
    if kind is not None:
        condition |= Q(services__kind=kind)
    if not condition and target_group is not None:
        condition = Q(target_groups=target_group)
    if not condition:
        return set()
    return set(
        measures_for_opinions(process=process).filter(condition).values_list("pk", flat=True)
    )


# --- the region --------------------------------------------------------------------------


def processes_of_region(*, region: Region) -> QuerySet[PlanningProcess]:
    """Processes whose area has a municipality in ``region``."""
    return PlanningProcess.objects.filter(
        pk__in=PlanningProcess.objects.filter(
            planning_area__municipalities__district__region=region
        ).values("pk")
    )


# sort key -> order_by fields
REGION_SORTS = {
    "sent": ("submitted_at", "pk"),
    "process": ("process__name", "number", "version"),
    "kind": ("kind__order", "kind__name", "pk"),
    "verdict": ("verdict", "pk"),
    "year": ("year", "pk"),
    "capacity": ("recommended_capacity", "pk"),
}
DEFAULT_REGION_SORT = "-sent"


def parse_region_sort(value: str | None) -> str:
    key = (value or "").lstrip("-")
    return value if key in REGION_SORTS else DEFAULT_REGION_SORT


def opinions_for_region(
    *,
    region: Region,
    process: PlanningProcess | None = None,
    orp: Orp | None = None,
    kind=None,
    verdict: str = "",
    year: int | None = None,
    include_old: bool = False,
    sort: str = DEFAULT_REGION_SORT,
) -> QuerySet[NeedOpinion]:
    """Every opinion sent to the region by processes of ``region`` (never a draft).

    Current ones only (not withdrawn, not replaced) unless ``include_old``. Filters: the
    process, the ORP (processes whose area lies in it), the kind of service, the opinion,
    the year; ``sort`` a key of :data:`REGION_SORTS`, "-" first for descending."""
    states = NeedOpinion.SENT_STATES if include_old else (NeedOpinion.State.SUBMITTED,)
    queryset = NeedOpinion.objects.filter(
        process__in=processes_of_region(region=region), state__in=states
    )
    if process is not None:
        queryset = queryset.filter(process=process)
    if orp is not None:
        queryset = queryset.filter(
            process__in=PlanningProcess.objects.filter(
                planning_area__municipalities__orp=orp
            ).values("pk")
        )
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if verdict:
        queryset = queryset.filter(verdict=verdict)
    if year:
        queryset = queryset.filter(year=year)
    sort = parse_region_sort(sort)
    fields = REGION_SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        fields = tuple("-" + f for f in fields)
    return _with_related(queryset).order_by(*fields)


def region_filter_choices(*, region: Region) -> dict:
    """What the filters of the region's list offer: processes, ORPs, kinds and years that
    occur in the region's sent opinions."""
    sent = NeedOpinion.objects.filter(
        process__in=processes_of_region(region=region), state__in=NeedOpinion.SENT_STATES
    )
    return {
        "processes": PlanningProcess.objects.filter(pk__in=sent.values("process_id")).order_by(
            "name"
        ),
        "orps": Orp.objects.filter(region=region),
        "kinds": CodelistItem.objects.kinds().filter(pk__in=sent.values("kind_id")),
        "years": sorted(set(sent.values_list("year", flat=True))),
    }
