"""Writes of the accounts app: invitations.

An invitation is to a target (a planning process) or, without one, to start planning
processes. The app that owns the target grants the role: it checks the invitation
(``signals.invitation_checking``) and grants the role on acceptance
(``signals.invitation_accepted``), so that accounts imports no later app.

Every function owns its transaction and records what it did in the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.mail import queue_email

from .audit import AccountsAction
from .models import Invitation, Role, new_invitation_token
from .selectors import invitations_to, user_by_email
from .signals import invitation_accepted, invitation_checking

User = get_user_model()


def invitation_link(*, token: str, request: HttpRequest | None = None) -> str:
    """The absolute one-time link; built from the request when there is one."""
    path = reverse("accounts:invitation_accept", kwargs={"token": token})
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def _send_invitation_email(
    *, invitation: Invitation, token: str, request: HttpRequest | None
) -> None:
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "target": invitation.target,
        "role": invitation.get_role_display(),
        "inviter_name": inviter.get_full_name() if inviter else "",
        "inviter_email": inviter.email if inviter else "",
        "link": invitation_link(token=token, request=request),
        "has_account": user_by_email(email=invitation.email) is not None,
        "expires_at": invitation.expires_at,
    }
    subject = "".join(
        render_to_string("accounts/email/invitation_subject.txt", context).splitlines()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[inviter.email] if inviter else None,
    )
    message.attach_alternative(
        render_to_string("accounts/email/invitation.html", context), "text/html"
    )
    queue_email(message)  # sent after the commit; a failing mail server is retried


def _check_not_already_granted(*, email: str, role: str, target) -> None:
    user = user_by_email(email=email)
    if user is None:
        return
    if target is None:
        if user.can_start_processes:
            raise ValidationError(
                _("%(email)s may already start planning processes."),
                params={"email": email},
                code="already_granted",
            )
    else:
        # The owner of the target raises ValidationError when the user holds the role.
        invitation_checking.send(sender=Invitation, target=target, user=user, role=role)


def invitation_send(
    *,
    email: str,
    role: str,
    target=None,
    full_name: str = "",
    invited_by,
    request: HttpRequest | None = None,
    provider_ico: str = "",
) -> Invitation:
    """Invite a person by e-mail to a target, a planning process (or, without one, to
    start planning processes).

    An unused invitation of the same e-mail to the same target is replaced (its link
    stops working). Raises ValidationError when the person already holds the role.

    ``provider_ico`` (provider editors only) ties the invitation to a provider; on
    acceptance the ``invitation_accepted`` signal lets the catalogue record the editor. A
    provider editor may be invited for several providers, so the role check is left to
    the caller then.
    """
    email = User.objects.normalize_email(email).strip().lower()
    provider_ico = (provider_ico or "").strip()
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="invalid_role")
    if target is None and role != Role.COORDINATOR:
        raise ValidationError(
            _("Without a process, only a coordinator can be invited."), code="invalid_role"
        )
    if provider_ico and role != Role.PROVIDER_EDITOR:
        raise ValidationError(
            _("Only a provider editor is invited for a provider."), code="invalid_role"
        )
    if not provider_ico:
        _check_not_already_granted(email=email, role=role, target=target)
    token, token_hash = new_invitation_token()
    with transaction.atomic():
        replaced = invitations_to(target=target).filter(
            email__iexact=email,
            accepted_at__isnull=True,
            provider_ico=provider_ico,
        )
        replaced_ids = list(replaced.values_list("pk", flat=True))
        replaced.delete()
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name.strip(),
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=target.pk if target is not None else None,
            role=role,
            provider_ico=provider_ico,
            token_hash=token_hash,
            invited_by=invited_by,
        )
        audit_log(
            actor=invited_by,
            action=AccountsAction.INVITATION_SENT,
            obj=invitation,
            email=email,
            role=role,
            **_target_audit(target),
            provider_ico=provider_ico or None,
            replaced=replaced_ids or None,
        )
        _send_invitation_email(invitation=invitation, token=token, request=request)
    return invitation


def invitation_resend(
    *, invitation: Invitation, actor, request: HttpRequest | None = None
) -> Invitation:
    """Send an unused invitation again with a new link (the old one stops working)."""
    if invitation.is_accepted:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    token, token_hash = new_invitation_token()
    with transaction.atomic():
        invitation.token_hash = token_hash
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
        audit_log(
            actor=actor,
            action=AccountsAction.INVITATION_RESENT,
            obj=invitation,
            email=invitation.email,
        )
        _send_invitation_email(invitation=invitation, token=token, request=request)
    return invitation


def invitation_cancel(*, invitation: Invitation, actor) -> None:
    """Withdraw an unused invitation; its link stops working."""
    if invitation.is_accepted:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    with transaction.atomic():
        audit_log(
            actor=actor,
            action=AccountsAction.INVITATION_CANCELLED,
            obj=invitation,
            email=invitation.email,
            **_target_audit(invitation.target),
        )
        invitation.delete()


def invitation_accept(*, invitation: Invitation, password: str | None, full_name: str = ""):
    """Accept an invitation: create the user (or use the existing one with that e-mail),
    set the password when one is given, grant the role and use up the link.

    Returns the user. Raises ValidationError when the link is used up or expired.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.is_accepted:
            raise ValidationError(_("This invitation has already been used."), code="used")
        if invitation.is_expired:
            raise ValidationError(_("This invitation has expired."), code="expired")
        full_name = (full_name or "").strip()
        user = user_by_email(email=invitation.email)
        created = user is None
        if created:
            if not password:
                raise ValidationError(_("Choose a password."), code="password_required")
            user = User.objects.create_user(
                email=invitation.email,
                password=password,
                full_name=full_name or invitation.full_name,
            )
        else:
            fields = []
            if password:
                user.set_password(password)
                fields.append("password")
            if full_name and not user.full_name:
                user.full_name = full_name
                fields.append("full_name")
            if fields:
                user.save(update_fields=fields)
        if invitation.target_id is None and not user.can_start_processes:
            user.can_start_processes = True
            user.save(update_fields=["can_start_processes"])
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        audit_log(
            actor=user,
            action=AccountsAction.INVITATION_ACCEPTED,
            obj=invitation,
            user_created=created,
            role=invitation.role,
            **_target_audit(invitation.target),
            provider_ico=invitation.provider_ico or None,
            can_start_processes=True if invitation.target_id is None else None,
        )
        # The owner of the target grants the role (organisation: a ProcessRole).
        invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user


def _target_audit(target) -> dict:
    """How the audit log names an invitation's target (none: an invitation to start
    planning processes), e.g. ``target="organisation.planningprocess", target_id=3``."""
    if target is None:
        return {"target": None}
    return {"target": target._meta.label_lower, "target_id": target.pk}
