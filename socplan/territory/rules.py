"""Permissions of the territory app: planning areas and region staff."""

import rules

from socplan.core.permissions import is_site_staff, user_cache

from .processes import coordinated_area_ids
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
def is_region_staff_of_area(user, area):
    return is_region_staff_for_area(user, area)


@rules.predicate
def may_start_processes(user):
    return bool(user.is_authenticated and (user.can_start_processes or region_ids(user)))


@rules.predicate
def is_area_manager(user, area):
    """Creator of the area, or coordinator of a process that uses it."""
    if not user.is_authenticated or area is None:
        return False
    return area.created_by_id == user.pk or area.pk in coordinated_area_ids(user)


rules.add_perm("territory.view_area", rules.always_allow)
rules.add_perm("territory.add_area", is_site_staff | may_start_processes)
rules.add_perm("territory.change_area", is_site_staff | is_area_manager)
