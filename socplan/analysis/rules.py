"""Permissions of the analyses: SWOT and the findings register.

Everybody with a part in the process (a role, a current membership of one of its groups,
the region's staff) reads the SWOTs and the findings. Members of a group write items into
the group's SWOT and rate them (as the person linked to their account); the group's
methodologist, the methodologists and the coordinators of the process merge duplicates,
edit, delete and approve. The SWOT of the whole process is kept by them; every member of a
group of the process rates it. An approved SWOT is frozen until it is reopened.
Coordinators and methodologists (of the process or of a group) keep the findings register.
"""

import rules

from socplan.core.permissions import is_site_staff
from socplan.organisation.rules import (
    ROLE_COORDINATOR,
    ROLE_METHODOLOGIST,
    current_group_roles,
    facilitated_group_ids,
    has_process_role,
    is_coordinator,
    is_region_staff_of_process,
    roles_in_process_id,
)


@rules.predicate
def is_group_member_in_process(user, process):
    return process is not None and bool(current_group_roles(user, process.pk))


@rules.predicate
def facilitates_a_group(user, process):
    return process is not None and bool(facilitated_group_ids(user, process.pk))


def _coordinates(user, swot) -> bool:
    return ROLE_COORDINATOR in roles_in_process_id(user, swot.process_id)


@rules.predicate
def is_methodologist(user, process):
    """A methodologist of the process (by role): facilitates the groups and the analysis."""
    return ROLE_METHODOLOGIST in roles_in_process_id(user, process.pk if process else None)


@rules.predicate
def is_methodologist_of_swot(user, swot):
    return swot is not None and ROLE_METHODOLOGIST in roles_in_process_id(user, swot.process_id)


@rules.predicate
def swot_is_open(user, swot):
    return swot is not None and swot.approved_at is None


@rules.predicate
def coordinates_swot(user, swot):
    return swot is not None and _coordinates(user, swot)


@rules.predicate
def facilitates_swot_group(user, swot):
    return (
        swot is not None
        and swot.group_id is not None
        and swot.group_id in facilitated_group_ids(user, swot.process_id)
    )


@rules.predicate
def is_group_swot(user, swot):
    return swot is not None and swot.group_id is not None


@rules.predicate
def is_member_of_swot_group(user, swot):
    """A current member of the SWOT's group; for the process's SWOT, of any group."""
    if swot is None:
        return False
    groups = current_group_roles(user, swot.process_id)
    return bool(groups) if swot.group_id is None else swot.group_id in groups


may_read = (
    is_site_staff | has_process_role | is_region_staff_of_process | is_group_member_in_process
)
manages_swot = is_site_staff | coordinates_swot | is_methodologist_of_swot | facilitates_swot_group

rules.add_perm("analysis.view", may_read)
rules.add_perm(
    "analysis.manage_findings",
    is_site_staff | is_coordinator | is_methodologist | facilitates_a_group,
)
# on a Swot
rules.add_perm("analysis.manage_swot", manages_swot)
rules.add_perm(
    "analysis.write_swot", swot_is_open & (manages_swot | (is_group_swot & is_member_of_swot_group))
)
rules.add_perm("analysis.rate_swot", swot_is_open & is_member_of_swot_group)
rules.add_perm("analysis.approve_swot", manages_swot)
