"""Named read queries of the accounts app."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Invitation, ProcessRole, hash_invitation_token


def process_roles(*, process) -> list[ProcessRole]:
    """Everyone's roles in a process, coordinators first."""
    order = {value: index for index, value in enumerate(ProcessRole.Role.values)}
    roles = list(ProcessRole.objects.filter(process=process).select_related("user"))
    roles.sort(key=lambda r: (order.get(r.role, 99), (r.user.full_name or r.user.email).lower()))
    return roles


def pending_invitations(*, process) -> QuerySet[Invitation]:
    """Invitations not yet accepted (process=None: invitations to start a new process)."""
    return (
        Invitation.objects.filter(process=process, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("-sent_at")
    )


def invitation_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("process", "invited_by")
        .filter(token_hash=hash_invitation_token(token))
        .first()
    )


def user_by_email(*, email: str):
    """The account of an e-mail address (any letter case), or None."""
    return get_user_model().objects.filter(email__iexact=email).first()
