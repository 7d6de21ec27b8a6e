from django.db.models import Q, QuerySet

from .models import PlanningProcess


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
