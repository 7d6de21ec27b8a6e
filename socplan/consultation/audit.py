"""The audit actions of consultation rounds, comments, their resolutions and approvals
(see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class ConsultationAction(AuditAction):
    ROUND_OPENED = "consultation_round.opened", _("consultation round opened")
    ROUND_UPDATED = "consultation_round.updated", _("consultation round changed")
    COMMENT_SUBMITTED = "consultation_comment.submitted", _("comment submitted")
    COMMENT_CONFIRMED = "consultation_comment.confirmed", _("comment confirmed")
    COMMENT_ENTERED = "consultation_comment.entered", _("comment entered by staff")
    COMMENT_HIDDEN = "consultation_comment.hidden", _("comment hidden")
    COMMENT_SHOWN = "consultation_comment.shown", _("comment shown again")
    COMMENT_ASSIGNED = "consultation_comment.assigned", _("comment assigned to a working group")
    COMMENT_RESOLVED = "consultation_comment.resolved", _("comment resolved")
    ANSWER_TEMPLATE_SAVED = "answer_template.saved", _("answer template saved")
    ANSWER_TEMPLATE_DELETED = "answer_template.deleted", _("answer template deleted")
    DECISIONS_PREPARED = "council_decision.prepared", _("councils to decide listed")
    DECISION_RECORDED = (
        "council_decision.recorded",
        _("decision of a council recorded"),
    )
    PLAN_APPROVED = "plan_approval.recorded", _("plan approved")
    PLAN_IN_FORCE = "plan_approval.put_in_force", _("approved plan published as in force")
