import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from socplan.territory.models import PlanningArea

from .models import Phase, PlanningProcess


def processes_visible_to(*, user, include_unpublished: bool = False) -> QuerySet[PlanningProcess]:
    """Processes the user may see: published ones, plus (when asked) the internal ones
    the user has a role in, those of their region, or all for site staff."""
    qs = PlanningProcess.objects.select_related("planning_area").prefetch_related("phases")
    if not include_unpublished or not user.is_authenticated:
        return qs.filter(is_published=True)
    if user.is_staff:
        return qs
    visible = Q(is_published=True) | Q(roles__user=user)
    region_ids = list(user.region_roles.values_list("region_id", flat=True))
    if region_ids:
        visible |= Q(planning_area__municipalities__district__region_id__in=region_ids)
    return qs.filter(visible).distinct()


def processes_of_user(*, user) -> QuerySet[PlanningProcess]:
    """Processes in which the user has a role (or all, for site staff)."""
    qs = PlanningProcess.objects.select_related("planning_area").prefetch_related("phases")
    if not user.is_authenticated:
        return qs.none()
    if user.is_staff:
        return qs
    return qs.filter(roles__user=user).distinct()


def processes_for_dashboard(*, user) -> QuerySet[PlanningProcess]:
    """The user's processes: those with a role, plus every process of their region
    (region staff), or all of them (site staff)."""
    qs = PlanningProcess.objects.select_related("planning_area").prefetch_related("phases")
    if not user.is_authenticated:
        return qs.none()
    if user.is_staff:
        return qs
    mine = Q(roles__user=user)
    region_ids = list(user.region_roles.values_list("region_id", flat=True))
    if region_ids:
        mine |= Q(planning_area__municipalities__district__region_id__in=region_ids)
    return qs.filter(pk__in=PlanningProcess.objects.filter(mine).values("pk"))


def roles_by_process(*, user) -> dict[int, list[str]]:
    """The user's role names per process id, for listing."""
    if not user.is_authenticated:
        return {}
    from socplan.accounts.models import ProcessRole

    labels = dict(ProcessRole.Role.choices)
    result: dict[int, list[str]] = {}
    for process_id, role in user.process_roles.values_list("process_id", "role"):
        result.setdefault(process_id, []).append(str(labels.get(role, role)))
    return result


def process_by_slug(*, slug: str) -> PlanningProcess:
    """The process with its area, partners and phases (404 when there is none)."""
    from django.shortcuts import get_object_or_404

    qs = PlanningProcess.objects.select_related("planning_area").prefetch_related(
        "partners", "phases"
    )
    return get_object_or_404(qs, slug=slug)


@dataclass
class TimelineEntry:
    phase: Phase
    status: str  # "past", "current", "future" or "running" (running but not the current)


@dataclass
class Timeline:
    entries: list[TimelineEntry]
    current: Phase | None
    current_is_running: bool


def process_timeline(*, process: PlanningProcess, on: datetime.date | None = None) -> Timeline:
    """The planned phases in time order with their status on a date (today by default)."""
    on = on or datetime.date.today()
    current = process.current_phase(on)
    entries = []
    for phase in process.phases.all():
        status = phase.status(on)
        if current is not None and phase.pk == current.pk and status == "running":
            status = "current"
        entries.append(TimelineEntry(phase=phase, status=status))
    return Timeline(
        entries=entries,
        current=current,
        current_is_running=current is not None and current.status(on) == "running",
    )


def area_population(*, area: PlanningArea):
    """Population summary of the area (territory's ``PopulationSummary``)."""
    from socplan.territory.selectors import area_population_summary

    return area_population_summary(area=area)
