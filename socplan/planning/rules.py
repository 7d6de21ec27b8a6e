"""Permissions of the plan. Objects: a PlanningProcess, or a plan, priority, measure,
activity or action item of one."""

import rules

from socplan.core.permissions import is_site_staff
from socplan.organisation.rules import (
    ROLE_COORDINATOR,
    ROLE_METHODOLOGIST,
    is_region_staff_of_process,
    roles,
)

from .selectors import drafting_group_ids, plan_approved_version


def _plan_process(obj):
    """The planning process of a plan object (or the process itself)."""
    if obj is None or hasattr(obj, "planning_area"):
        return obj
    if hasattr(obj, "process_id"):
        return obj.process
    for attr in ("plan", "priority", "measure"):
        if hasattr(obj, attr):
            return _plan_process(getattr(obj, attr))
    return None


@rules.predicate
def plan_is_public(user, plan):
    return bool(plan is not None and hasattr(plan, "is_public") and plan.is_public)


@rules.predicate
def is_plan_coordinator(user, obj):
    return ROLE_COORDINATOR in roles(user, _plan_process(obj))


@rules.predicate
def has_plan_process_role(user, obj):
    return bool(roles(user, _plan_process(obj)))


@rules.predicate
def is_region_staff_of_plan(user, obj):
    return is_region_staff_of_process.test(user, _plan_process(obj))


@rules.predicate
def drafts_the_measure(user, measure):
    """Member (today) of the working group the measure is assigned to."""
    group_id = getattr(measure, "working_group_id", None)
    if not user.is_authenticated or group_id is None:
        return False
    return group_id in drafting_group_ids(user=user, process=_plan_process(measure))


@rules.predicate
def is_in_a_group_of_plan(user, obj):
    """A current member of any group of the process (as a person of the process)."""
    if not user.is_authenticated:
        return False
    process = _plan_process(obj)
    return process is not None and bool(drafting_group_ids(user=user, process=process))


@rules.predicate
def plan_has_public_approved_version(user, plan):
    """A published process's plan whose amendment is being drafted: everybody sees its
    last approved version (never the amendment's text)."""
    if plan is None or not hasattr(plan, "versions") or not plan.process.is_published:
        return False
    return plan_approved_version(plan=plan) is not None


rules.add_perm(
    "planning.view_plan",
    plan_is_public
    | is_site_staff
    | has_plan_process_role
    | is_region_staff_of_plan
    | is_in_a_group_of_plan,
)
rules.add_perm(
    "planning.view_plan_internal",
    is_site_staff | has_plan_process_role | is_region_staff_of_plan | is_in_a_group_of_plan,
)
rules.add_perm("planning.change_plan", is_site_staff | is_plan_coordinator)
rules.add_perm("planning.view_plan_approved_version", plan_has_public_approved_version)
rules.add_perm("planning.download_plan_document", plan_is_public)
rules.add_perm("planning.change_measure", is_site_staff | is_plan_coordinator | drafts_the_measure)


# --- opinions on need for the region's network (issue 17) ---------------------------------
# Recorded by the process's coordinator; its methodologists read them; region staff of the
# process's region read the sent ones (never a draft). Not public: an opinion answers an
# administrative procedure of the region about a provider's request, and the region
# publishes its network itself.


@rules.predicate
def is_plan_methodologist(user, obj):
    return ROLE_METHODOLOGIST in roles(user, _plan_process(obj))


@rules.predicate
def opinion_is_sent(user, opinion):
    return bool(opinion is not None and getattr(opinion, "is_sent", False))


opinion_readers = is_site_staff | is_plan_coordinator | is_plan_methodologist
rules.add_perm("planning.view_need_opinions", opinion_readers | is_region_staff_of_plan)
rules.add_perm("planning.add_need_opinion", is_site_staff | is_plan_coordinator)
rules.add_perm(
    "planning.view_need_opinion", opinion_readers | (opinion_is_sent & is_region_staff_of_plan)
)
rules.add_perm("planning.change_need_opinion", is_site_staff | is_plan_coordinator)
# the region's list and export of the opinions of its processes: ``monitoring.view_region``
