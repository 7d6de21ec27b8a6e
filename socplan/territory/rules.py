"""Permissions of the territory app: planning areas and region staff."""

import rules
from django.db.models import Q

from socplan.core.permissions import is_site_staff, user_cache

from .models import PlanningArea
from .processes import (
    area_ids_with_role,
    coordinated_area_ids,
    coordinator_user_ids,
    hidden_area_ids,
)
from .selectors import region_ids_of_area


def region_ids(user) -> set[int]:
    """Regions whose staff the user is (:class:`~socplan.territory.models.RegionRole`)."""
    if not user.is_authenticated:
        return set()
    return user_cache(
        user, "region_ids", lambda: set(user.region_roles.values_list("region_id", flat=True))
    )


def is_region_staff_for_area(user, area) -> bool:
    regions = region_ids(user)
    if not regions or area is None:
        return False
    # One query per area and request, however many rows of a list ask.
    area_regions = user_cache(
        user, ("area_regions", area.pk), lambda: region_ids_of_area(area=area)
    )
    return bool(regions & area_regions)


@rules.predicate
def is_staff_of_region(user, region):
    """Staff of this region (a :class:`~socplan.territory.models.Region`)."""
    return region is not None and region.pk in region_ids(user)


@rules.predicate
def is_region_staff_of_area(user, area):
    return is_region_staff_for_area(user, area)


@rules.predicate
def may_start_processes(user):
    """Granted by site staff (``can_start_processes``). Region staff read, they do not start
    processes or make areas."""
    return bool(user.is_authenticated and user.can_start_processes)


@rules.predicate
def is_public_area(user, area):
    """Not the area of unpublished processes only: the name and municipalities of an area
    are public unless every process over it is unpublished (then only those with a part see
    them)."""
    return area is None or area.pk not in hidden_area_ids(user)  # None: the list of areas


@rules.predicate
def has_part_in_area(user, area):
    """Made the area, or holds a role in a process over it."""
    if not user.is_authenticated or area is None:
        return False
    return area.created_by_id == user.pk or area.pk in area_ids_with_role(user)


@rules.predicate
def is_area_owner(user, area):
    """Made the area, or coordinates a process over an area made by site staff (or by
    nobody, e.g. the command line) that nobody else coordinates a process over (an ORP area
    shared by the processes of several coordinators is edited by its maker and site staff
    only)."""
    if not user.is_authenticated or area is None:
        return False
    if area.created_by_id == user.pk:
        return True
    if area.pk not in coordinated_area_ids(user):
        return False
    if area.created_by_id is not None and not area.created_by.is_staff:
        return False  # made by another person: theirs
    others = user_cache(
        user, ("area_coordinators", area.pk), lambda: coordinator_user_ids({area.pk})
    )
    return others <= {user.pk}


def usable_areas(user):
    """The planning areas ``user`` may put a process over: every one for site staff; for
    others the areas they own (:func:`is_area_owner`), those of their processes, and the
    public ORP areas (the territory of one ORP, not of unpublished processes only)."""
    areas = PlanningArea.objects.all()
    if user.is_authenticated and user.is_staff:
        return areas
    if not user.is_authenticated:
        return areas.none()
    return areas.filter(
        Q(created_by=user)
        | Q(pk__in=coordinated_area_ids(user))
        | (Q(kind=PlanningArea.Kind.ORP, orp__isnull=False) & ~Q(pk__in=hidden_area_ids(user)))
    )


@rules.predicate
def may_use_area(user, area):
    return area is not None and usable_areas(user).filter(pk=area.pk).exists()


def visible_areas(user):
    """The planning areas whose names ``user`` may see (lists, pickers)."""
    areas = PlanningArea.objects.all()
    if user.is_authenticated and user.is_staff:
        return areas
    visible = ~Q(pk__in=hidden_area_ids(user))
    if user.is_authenticated:
        visible |= Q(created_by=user) | Q(pk__in=area_ids_with_role(user))
        regions = region_ids(user)
        if regions:
            in_regions = PlanningArea.objects.filter(
                municipalities__district__region_id__in=regions
            ).values("pk")
            visible |= Q(pk__in=in_regions)
    return areas.filter(visible)


rules.add_perm(
    "territory.view_area",
    is_site_staff | is_public_area | has_part_in_area | is_region_staff_of_area,
)
rules.add_perm("territory.add_area", is_site_staff | may_start_processes)
rules.add_perm("territory.change_area", is_site_staff | is_area_owner)
rules.add_perm("territory.use_area", is_site_staff | may_use_area)
