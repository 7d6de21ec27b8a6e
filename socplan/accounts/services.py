"""Writes of the accounts app: invitations and roles in planning processes.

Every function owns its transaction and records what it did in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log

from .models import Invitation, ProcessRole, new_invitation_token
from .selectors import user_by_email
from .signals import invitation_accepted

if TYPE_CHECKING:
    from socplan.organisation.models import PlanningProcess

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
        "process": invitation.process,
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
    message.send()


def _check_not_already_granted(*, email: str, role: str, process) -> None:
    user = user_by_email(email=email)
    if user is None:
        return
    if process is None:
        if user.can_start_processes:
            raise ValidationError(
                _("%(email)s may already start planning processes."),
                params={"email": email},
                code="already_granted",
            )
    elif ProcessRole.objects.filter(user=user, process=process, role=role).exists():
        raise ValidationError(
            _("%(email)s already has this role in the process."),
            params={"email": email},
            code="already_granted",
        )


def invitation_send(
    *,
    email: str,
    role: str,
    process: PlanningProcess | None = None,
    full_name: str = "",
    invited_by,
    request: HttpRequest | None = None,
    provider_ico: str = "",
) -> Invitation:
    """Invite a person by e-mail to a process (or, without a process, to start one).

    An unused invitation of the same e-mail to the same process is replaced (its link
    stops working). Raises ValidationError when the person already holds the role.

    ``provider_ico`` (provider editors only) ties the invitation to a provider; on
    acceptance the ``invitation_accepted`` signal lets the catalogue record the editor. A
    provider editor may be invited for several providers, so the role check is left to
    the caller then.
    """
    email = User.objects.normalize_email(email).strip().lower()
    provider_ico = (provider_ico or "").strip()
    if role not in ProcessRole.Role.values:
        raise ValidationError(_("Unknown role."), code="invalid_role")
    if process is None and role != ProcessRole.Role.COORDINATOR:
        raise ValidationError(
            _("Without a process, only a coordinator can be invited."), code="invalid_role"
        )
    if provider_ico and role != ProcessRole.Role.PROVIDER_EDITOR:
        raise ValidationError(
            _("Only a provider editor is invited for a provider."), code="invalid_role"
        )
    if not provider_ico:
        _check_not_already_granted(email=email, role=role, process=process)
    token, token_hash = new_invitation_token()
    with transaction.atomic():
        replaced = Invitation.objects.filter(
            email__iexact=email,
            process=process,
            accepted_at__isnull=True,
            provider_ico=provider_ico,
        )
        replaced_ids = list(replaced.values_list("pk", flat=True))
        replaced.delete()
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name.strip(),
            process=process,
            role=role,
            provider_ico=provider_ico,
            token_hash=token_hash,
            invited_by=invited_by,
        )
        audit_log(
            actor=invited_by,
            action="invitation.sent",
            obj=invitation,
            email=email,
            role=role,
            process=process.pk if process else None,
            provider_ico=provider_ico or None,
            replaced=replaced_ids or None,
        )
        # Sent last: if sending fails, nothing is stored and the user sees the error.
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
        audit_log(actor=actor, action="invitation.resent", obj=invitation, email=invitation.email)
        _send_invitation_email(invitation=invitation, token=token, request=request)
    return invitation


def invitation_cancel(*, invitation: Invitation, actor) -> None:
    """Withdraw an unused invitation; its link stops working."""
    if invitation.is_accepted:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="invitation.cancelled",
            obj=invitation,
            email=invitation.email,
            process=invitation.process_id,
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
        if invitation.process is None:
            if not user.can_start_processes:
                user.can_start_processes = True
                user.save(update_fields=["can_start_processes"])
        else:
            ProcessRole.objects.get_or_create(
                user=user, process=invitation.process, role=invitation.role
            )
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        audit_log(
            actor=user,
            action="invitation.accepted",
            obj=invitation,
            user_created=created,
            role=invitation.role,
            process=invitation.process_id,
            provider_ico=invitation.provider_ico or None,
            can_start_processes=True if invitation.process is None else None,
        )
        invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user


def process_role_grant(*, user, process: PlanningProcess, role: str, actor) -> ProcessRole:
    """Give a user a role in a process (nothing changes if they already have it)."""
    if role not in ProcessRole.Role.values:
        raise ValidationError(_("Unknown role."), code="invalid_role")
    with transaction.atomic():
        role_obj, created = ProcessRole.objects.get_or_create(user=user, process=process, role=role)
        if created:
            audit_log(
                actor=actor,
                action="process_role.granted",
                obj=role_obj,
                user=user.pk,
                process=process.pk,
                role=role,
            )
    return role_obj


def process_role_revoke(*, role_obj: ProcessRole, actor) -> None:
    """Take a role away. A process always keeps at least one coordinator."""
    with transaction.atomic():
        if role_obj.role == ProcessRole.Role.COORDINATOR:
            coordinators = list(
                ProcessRole.objects.select_for_update()
                .filter(process_id=role_obj.process_id, role=ProcessRole.Role.COORDINATOR)
                .values_list("pk", flat=True)
            )
            if coordinators == [role_obj.pk]:
                raise ValidationError(
                    _(
                        "%(user)s is the last coordinator of this process. Invite or appoint "
                        "another coordinator first."
                    ),
                    params={"user": role_obj.user},
                    code="last_coordinator",
                )
        audit_log(
            actor=actor,
            action="process_role.revoked",
            obj=role_obj,
            user=role_obj.user_id,
            process=role_obj.process_id,
            role=role_obj.role,
        )
        role_obj.delete()
