"""The audit actions of plans, priorities, measures, activities and action plans
(see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class PlanningAction(AuditAction):
    PLAN_CREATED = "plan.created", _("plan created")
    PLAN_UPDATED = "plan.updated", _("plan changed")
    PLAN_STATUS_CHANGED = "plan.status_changed", _("status of a plan changed")
    PLAN_VERSION_SAVED = "plan.version_saved", _("version of a plan saved")
    PLAN_AMENDMENT_STARTED = "plan.amendment_started", _("amendment of a plan started")
    PRIORITY_CREATED = "priority.created", _("priority created")
    PRIORITY_UPDATED = "priority.updated", _("priority changed")
    PRIORITY_MOVED = "priority.moved", _("priority moved")
    PRIORITY_DELETED = "priority.deleted", _("priority deleted")
    MEASURE_CREATED = "measure.created", _("measure created")
    MEASURE_UPDATED = "measure.updated", _("measure changed")
    MEASURE_MOVED = "measure.moved", _("measure moved")
    MEASURE_DELETED = "measure.deleted", _("measure deleted")
    ACTIVITY_CREATED = "activity.created", _("activity created")
    ACTIVITY_UPDATED = "activity.updated", _("activity changed")
    ACTIVITY_MOVED = "activity.moved", _("activity moved")
    ACTIVITY_DELETED = "activity.deleted", _("activity deleted")
    ACTION_PLAN_CREATED = "action_plan.created", _("action plan created")
    ACTION_PLAN_CARRIED_OVER = (
        "action_plan.carried_over",
        _("activities carried over to an action plan"),
    )
    ACTION_PLAN_MEASURE_COSTS_CHANGED = (
        "action_plan.measure_costs_changed",
        _("costs of a measure in an action plan changed"),
    )
    ACTION_ITEM_UPDATED = "action_item.updated", _("activity of an action plan changed")
    ACTION_ITEM_STATUS_SET = (
        "action_item.status_set",
        _("state of an activity of an action plan recorded"),
    )
    PLAN_STARTED_FROM = "plan.started_from", _("plan started from the previous one")
    # opinions on need for the region's network (issue 17)
    NEED_OPINION_CREATED = "need_opinion.created", _("opinion on need recorded")
    NEED_OPINION_UPDATED = "need_opinion.updated", _("opinion on need changed")
    NEED_OPINION_SUBMITTED = "need_opinion.submitted", _("opinion on need sent to the region")
    NEED_OPINION_WITHDRAWN = "need_opinion.withdrawn", _("opinion on need withdrawn")
    NEED_OPINION_REVISED = "need_opinion.revised", _("new version of an opinion on need started")
    NEED_OPINION_DELETED = "need_opinion.deleted", _("draft opinion on need deleted")
