"""The audit actions of the yearly monitoring and the evaluation (see
:mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class MonitoringAction(AuditAction):
    PERIOD_CREATED = "monitoring_period.created", _("monitoring period created")
    PERIOD_UPDATED = "monitoring_period.updated", _("monitoring period changed")
    PERIOD_SUBMITTED = "monitoring_period.submitted", _("monitoring submitted")
    PERIOD_RETURNED = "monitoring_period.returned", _("monitoring returned with a comment")
    PERIOD_APPROVED = "monitoring_period.approved", _("monitoring approved")
    PERIOD_NOTED = "monitoring_period.noted", _("council took note of the monitoring report")
    PERIOD_REMINDED = "monitoring_period.reminded", _("reminders of the monitoring sent")
    ACTIVITY_REPORTED = "activity_report.saved", _("monitoring of an activity saved")
    INDICATOR_VALUE_SET = "indicator_value.set", _("value of an indicator recorded")
    INDICATOR_SETUP_SET = "indicator_setup.set", _("monitoring of an indicator set up")
    WEIGHT_SET = "weight.set", _("weight in the roll-up set")
    LIGHT_OVERRIDDEN = "light_override.set", _("traffic light set by hand")
    LIGHT_CLEARED = "light_override.cleared", _("traffic light set by hand removed")
    BULK_IMPORTED = "monitoring_period.imported", _("monitoring updated from a file")
    EVALUATION_STARTED = "evaluation.started", _("evaluation of a plan started")
    EVALUATION_UPDATED = "evaluation.updated", _("evaluation of a plan changed")
    NEXT_PLAN_STARTED = "evaluation.next_plan_started", _("next plan started from the evaluation")
