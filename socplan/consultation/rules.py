"""Permissions of consultation and approval. Objects: a plan, a round, a comment or a
council decision (each leads to its plan and process).

- Everybody reads the rounds of a public plan (and of a plan whose earlier version was
  approved, and the rounds on a SWOT of a published process), comments while a round is
  open, and reads the resolution table and who approved the plan; hidden comments stay
  hidden from them.
- The people of the process (any role, group members, region staff) see every comment,
  hidden ones with the reason; e-mails of commenters only the coordinators and site staff.
- Coordinators and site staff open rounds, enter and moderate comments, resolve them,
  record the councils' decisions and approve the plan. Members of a working group resolve
  the comments assigned to their group.
"""

import rules

from socplan.core.permissions import is_site_staff
from socplan.organisation.rules import (
    ROLE_COORDINATOR,
    is_coordinator,
    is_region_staff_of_process,
    roles,
)
from socplan.planning.models import Plan
from socplan.planning.selectors import drafting_group_ids


def _plan(obj) -> Plan | None:
    if obj is None:
        return None
    if isinstance(obj, Plan):
        return obj
    if hasattr(obj, "round"):
        return obj.round.plan
    return getattr(obj, "plan", None)


@rules.predicate
def plan_consultation_is_public(user, obj):
    """The plan is public, or (during an amendment) what is read is an earlier version."""
    plan = _plan(obj)
    if plan is None or not plan.process.is_published:
        return False
    if plan.status in Plan.PUBLIC_STATUSES:
        return True
    # A round on a SWOT is public with the process, whatever the state of the plan's draft.
    round_ = obj.round if hasattr(obj, "round") else obj
    if getattr(round_, "swot_id", None) is not None:
        return True
    version = getattr(obj, "plan_version", None) or getattr(obj, "version", None)
    if version is None and hasattr(obj, "round"):
        version = obj.round.plan_version
    return version is not None and version < plan.version


@rules.predicate
def round_is_open(user, obj):
    round_ = obj.round if hasattr(obj, "round") else obj
    return bool(hasattr(round_, "is_open") and round_.is_open)


@rules.predicate
def coordinates_plan(user, obj):
    plan = _plan(obj)
    return plan is not None and ROLE_COORDINATOR in roles(user, plan.process)


@rules.predicate
def is_of_the_process(user, obj):
    plan = _plan(obj)
    if plan is None or not user.is_authenticated:
        return False
    process = plan.process
    return (
        bool(roles(user, process))
        or bool(drafting_group_ids(user=user, process=process))
        or is_region_staff_of_process.test(user, process)
    )


@rules.predicate
def in_the_assigned_group(user, comment):
    group_id = getattr(comment, "working_group_id", None)
    if group_id is None or not user.is_authenticated:
        return False
    return group_id in drafting_group_ids(user=user, process=_plan(comment).process)


manage = is_site_staff | coordinates_plan
internal = is_site_staff | is_of_the_process

rules.add_perm("consultation.view_round", plan_consultation_is_public | internal)
rules.add_perm("consultation.comment", plan_consultation_is_public & round_is_open)
rules.add_perm("consultation.view_comments_internal", internal)
rules.add_perm("consultation.view_commenter_contacts", manage)
rules.add_perm("consultation.manage_round", manage)
rules.add_perm("consultation.resolve_comment", manage | in_the_assigned_group)
rules.add_perm("consultation.resolve_some_comments", manage | is_of_the_process)
rules.add_perm("consultation.manage_approval", manage)
rules.add_perm("consultation.view_approval", plan_consultation_is_public | internal)

# answer templates belong to the process
rules.add_perm("consultation.manage_templates", is_site_staff | is_coordinator)
