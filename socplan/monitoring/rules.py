"""Permissions of the monitoring. Objects: a :class:`~.models.MonitoringPeriod`, an
:class:`~socplan.planning.models.ActionItem` of its action plan, a medium-term
:class:`~socplan.planning.models.Plan` or its :class:`~.models.Evaluation`.

Who does what:
- the working groups (members of the group a measure is assigned to) fill in the state,
  progress and evidence of the activities of their measures and the real costs of the
  measures themselves, and submit;
- coordinators and methodologists fill in everything and submit; coordinators set up the
  monitoring (periods, deadlines, weights, indicators), override traffic lights, record the
  council's decision and run the evaluation;
- the steering group (its current members) and the coordinators approve or return;
- region staff read everything, change nothing;
- the public reads approved periods of a published process, and completed evaluations.
"""

from dataclasses import dataclass
from typing import Any

import rules

from socplan.core.permissions import is_site_staff, user_cache
from socplan.organisation.models import Group
from socplan.organisation.rules import (
    ROLE_COORDINATOR,
    ROLE_METHODOLOGIST,
    current_group_roles,
    is_region_staff_of_process,
    roles,
)
from socplan.planning.selectors import drafting_group_ids
from socplan.territory.rules import is_staff_of_region, region_ids


def _process(obj):
    if obj is None:
        return None
    if hasattr(obj, "planning_area"):
        return obj
    if hasattr(obj, "action_plan"):  # a period
        return obj.action_plan.process
    if hasattr(obj, "process_id"):  # a plan
        return obj.process
    if hasattr(obj, "plan"):  # an action item, an evaluation
        return obj.plan.process
    if hasattr(obj, "period"):  # a measure in a period
        return obj.period.action_plan.process
    return None


def _period(obj):
    """The monitoring period of a period or of an action item."""
    if obj is None:
        return None
    if hasattr(obj, "action_plan"):
        return obj
    plan = getattr(obj, "plan", None)
    if plan is not None:
        return getattr(plan, "monitoring_period", None)
    return getattr(obj, "period", None)  # a measure in a period


@dataclass(frozen=True)
class MeasureInPeriod:
    """A measure in a monitoring period: the object of ``monitoring.edit_measure_costs``
    (the real costs of the measure itself in the year)."""

    period: Any
    measure: Any


@rules.predicate
def is_monitoring_coordinator(user, obj):
    return ROLE_COORDINATOR in roles(user, _process(obj))


@rules.predicate
def is_monitoring_methodologist(user, obj):
    return ROLE_METHODOLOGIST in roles(user, _process(obj))


@rules.predicate
def has_role_in_process(user, obj):
    return bool(roles(user, _process(obj)))


@rules.predicate
def is_region_staff_of_monitoring(user, obj):
    return is_region_staff_of_process.test(user, _process(obj))


@rules.predicate
def is_in_a_group(user, obj):
    process = _process(obj)
    if process is None or not user.is_authenticated:
        return False
    return bool(drafting_group_ids(user=user, process=process))


@rules.predicate
def is_in_steering_group(user, obj):
    process = _process(obj)
    if process is None or not user.is_authenticated:
        return False
    group_ids = set(current_group_roles(user, process.pk))
    if not group_ids:
        return False
    return user_cache(
        user,
        ("steering", process.pk),
        lambda: Group.objects.filter(pk__in=group_ids, kind=Group.Kind.STEERING).exists(),
    )


@rules.predicate
def reports_on_the_measure(user, item):
    """Member of the working group the activity's measure (or the measure in a period) is
    assigned to."""
    measure = getattr(getattr(item, "activity", None), "measure", None) or getattr(
        item, "measure", None
    )
    if measure is None or measure.working_group_id is None:
        return False
    return measure.working_group_id in drafting_group_ids(user=user, process=_process(item))


@rules.predicate
def period_is_editable(user, obj):
    period = _period(obj)
    return period is not None and period.is_editable


@rules.predicate
def period_is_submitted(user, obj):
    period = _period(obj)
    return period is not None and period.status == period.Status.SUBMITTED


@rules.predicate
def period_is_approved(user, obj):
    period = _period(obj)
    return period is not None and period.is_locked


@rules.predicate
def period_is_public(user, obj):
    period = _period(obj)
    return period is not None and period.is_locked and period.process.is_published


@rules.predicate
def process_is_published(user, obj):
    process = _process(obj)
    return bool(process is not None and process.is_published)


@rules.predicate
def evaluation_is_public(user, evaluation):
    return bool(
        evaluation is not None
        and evaluation.status == "completed"
        and evaluation.plan.process.is_published
    )


insiders = is_site_staff | has_role_in_process | is_region_staff_of_monitoring | is_in_a_group
managers = is_site_staff | is_monitoring_coordinator

rules.add_perm("monitoring.view_period", period_is_public | insiders)
rules.add_perm("monitoring.view_period_internal", insiders)
rules.add_perm("monitoring.manage_monitoring", managers)
rules.add_perm(
    "monitoring.edit_period", period_is_editable & (managers | is_monitoring_methodologist)
)
rules.add_perm(
    "monitoring.edit_activity_report",
    period_is_editable & (managers | is_monitoring_methodologist | reports_on_the_measure),
)
rules.add_perm(
    "monitoring.edit_measure_costs",
    period_is_editable & (managers | is_monitoring_methodologist | reports_on_the_measure),
)
rules.add_perm(
    "monitoring.submit_period",
    period_is_editable & (managers | is_monitoring_methodologist | is_in_a_group),
)
rules.add_perm("monitoring.approve_period", period_is_submitted & (managers | is_in_steering_group))
rules.add_perm("monitoring.record_council_note", period_is_approved & managers)
rules.add_perm("monitoring.set_light", ~period_is_approved & managers)
# the public dashboard of a plan: approved periods only, for whoever sees the process
rules.add_perm("monitoring.view_dashboard", process_is_published | insiders)
rules.add_perm("monitoring.view_evaluation", evaluation_is_public | insiders)


# --- the region's view over every plan of its territory (/kraje/, monitoring/region.py) ---


@rules.predicate
def is_region_staff(user):
    """Staff of at least one region."""
    return bool(region_ids(user))


# the national list: site staff see every region, region staff are led to their own
rules.add_perm("monitoring.view_regions", is_site_staff | is_region_staff)
# one region's dashboard and its exports: its staff and site staff
rules.add_perm("monitoring.view_region", is_site_staff | is_staff_of_region)
