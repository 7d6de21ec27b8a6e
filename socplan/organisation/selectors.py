import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from socplan.core.collation import czech_sort_key

from .models import Phase, PlanningProcess, ProcessRole


def _processes() -> QuerySet[PlanningProcess]:
    return PlanningProcess.objects.select_related("planning_area").prefetch_related("phases")


def published_processes() -> QuerySet[PlanningProcess]:
    """The processes the public sees."""
    return _processes().filter(is_published=True)


def processes_for_dashboard(*, user) -> QuerySet[PlanningProcess]:
    """The user's processes: those with a role, plus every process of their region
    (region staff), or all of them (site staff)."""
    qs = _processes()
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
    from .models import ProcessRole

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


def process_roles(*, process) -> list[ProcessRole]:
    """Everyone's roles in a process, coordinators first."""
    order = {value: index for index, value in enumerate(ProcessRole.Role.values)}
    roles = list(ProcessRole.objects.filter(process=process).select_related("user"))
    roles.sort(
        key=lambda r: (order.get(r.role, 99), czech_sort_key(r.user.full_name or r.user.email))
    )
    return roles
