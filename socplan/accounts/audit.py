"""The audit actions of users, sign-in and invitations (see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class AccountsAction(AuditAction):
    INVITATION_SENT = "invitation.sent", _("invitation sent")
    INVITATION_RESENT = "invitation.resent", _("invitation sent again")
    INVITATION_CANCELLED = "invitation.cancelled", _("invitation cancelled")
    INVITATION_ACCEPTED = "invitation.accepted", _("invitation accepted")
    USER_PASSWORD_CHANGED = "user.password_changed", _("password changed")
    USER_PASSWORD_RESET = "user.password_reset", _("password reset")
