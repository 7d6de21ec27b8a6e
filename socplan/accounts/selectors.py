"""Named read queries of the accounts app."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import Invitation, hash_invitation_token


def invitations_to(*, target) -> QuerySet[Invitation]:
    """Every invitation to ``target`` (None: invitations to start planning processes)."""
    if target is None:
        return Invitation.objects.filter(target_type__isnull=True)
    return Invitation.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


def pending_invitations(*, target) -> QuerySet[Invitation]:
    """Invitations to ``target`` not yet accepted (None: invitations to start a process)."""
    return (
        invitations_to(target=target)
        .filter(accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("-sent_at")
    )


def invitation_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("invited_by")
        .prefetch_related("target")
        .filter(token_hash=hash_invitation_token(token))
        .first()
    )


def user_by_email(*, email: str):
    """The account of an e-mail address (any letter case), or None."""
    return get_user_model().objects.filter(email__iexact=email).first()
