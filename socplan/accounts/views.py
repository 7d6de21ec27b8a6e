import logging
import smtplib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import EmailField, EmailInput
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from socplan.core.audit import audit_log
from socplan.core.permissions import require
from socplan.organisation.models import PlanningProcess

from . import selectors, services
from .forms import AcceptInvitationForm, EmailAuthenticationForm, InvitationForm, SiteInvitationForm
from .models import Invitation, ProcessRole

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


# Signing in and out, passwords (Django's views with our templates)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); the next page is settings.LOGOUT_REDIRECT_URL."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit_log(actor=self.request.user, action="user.password_changed", obj=form.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_changed.html"


class EmailPasswordResetForm(PasswordResetForm):
    email = EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        widget=EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the link only to an existing account but answers the same either way."""

    template_name = "registration/password_reset.html"
    form_class = EmailPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email_html.html"
    subject_template_name = "registration/password_reset_email_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_new.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit_log(actor=form.user, action="user.password_reset", obj=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_finished.html"


@login_required
def account(request):
    roles = request.user.process_roles.select_related("process").order_by("process__name")
    return render(request, "accounts/account.html", {"roles": roles})


# People and roles in a process


def _people_url(process) -> str:
    return reverse("accounts:process_people", kwargs={"slug": process.slug})


def _send_form_invitation(request, form, *, process, role) -> bool:
    """Send the invitation from a valid form; on failure put the reason on the form."""
    try:
        services.invitation_send(
            email=form.cleaned_data["email"],
            role=role,
            process=process,
            full_name=form.cleaned_data.get("full_name", ""),
            invited_by=request.user,
            request=request,
        )
    except ValidationError as error:
        form.add_error("email", error)
        return False
    except MAIL_ERRORS:
        logger.exception("Sending an invitation failed")
        form.add_error(None, _("The e-mail could not be sent. Nothing was saved; try again later."))
        return False
    messages.success(
        request,
        _("The invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]},
    )
    return True


def process_people(request, slug):
    process = get_object_or_404(PlanningProcess, slug=slug)
    require(request, "organisation.manage_people", process)
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid() and _send_form_invitation(
            request, form, process=process, role=form.cleaned_data["role"]
        ):
            return redirect(_people_url(process))
    else:
        form = InvitationForm(initial={"role": ProcessRole.Role.MEMBER})
    return render(
        request,
        "accounts/process_people.html",
        {
            "process": process,
            "roles": selectors.process_roles(process=process),
            "invitations": selectors.pending_invitations(process=process),
            "form": form,
        },
    )


def role_revoke(request, slug, pk):
    process = get_object_or_404(PlanningProcess, slug=slug)
    require(request, "organisation.manage_people", process)
    role_obj = get_object_or_404(ProcessRole.objects.select_related("user"), pk=pk, process=process)
    if request.method == "POST":
        try:
            services.process_role_revoke(role_obj=role_obj, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(user)s no longer has the role %(role)s.")
                % {"user": role_obj.user, "role": role_obj.get_role_display()},
            )
        return redirect(_people_url(process))
    return render(request, "accounts/role_revoke.html", {"process": process, "role_obj": role_obj})


def _invitation_for_manager(request, pk) -> Invitation:
    invitation = get_object_or_404(
        Invitation.objects.select_related("process"), pk=pk, accepted_at__isnull=True
    )
    if invitation.process is None:
        require(request, "accounts.invite_site_user")
    else:
        require(request, "organisation.manage_people", invitation.process)
    return invitation


def _back_to_invitations(invitation):
    if invitation.process is None:
        return redirect("accounts:invite_site_user")
    return redirect(_people_url(invitation.process))


@require_POST
def invitation_resend(request, pk):
    invitation = _invitation_for_manager(request, pk)
    try:
        services.invitation_resend(invitation=invitation, actor=request.user, request=request)
    except MAIL_ERRORS:
        logger.exception("Sending an invitation failed")
        messages.error(request, _("The e-mail could not be sent. Try again later."))
    else:
        messages.success(
            request,
            _("The invitation has been sent again to %(email)s; the previous link no longer works.")
            % {"email": invitation.email},
        )
    return _back_to_invitations(invitation)


@require_POST
def invitation_cancel(request, pk):
    invitation = _invitation_for_manager(request, pk)
    services.invitation_cancel(invitation=invitation, actor=request.user)
    messages.success(
        request,
        _("The invitation for %(email)s has been cancelled; its link no longer works.")
        % {"email": invitation.email},
    )
    return _back_to_invitations(invitation)


def invite_site_user(request):
    """Site staff invite the coordinator of a new MAS or ORP, who may start processes."""
    require(request, "accounts.invite_site_user")
    if request.method == "POST":
        form = SiteInvitationForm(request.POST)
        if form.is_valid() and _send_form_invitation(
            request, form, process=None, role=ProcessRole.Role.COORDINATOR
        ):
            return redirect("accounts:invite_site_user")
    else:
        form = SiteInvitationForm()
    return render(
        request,
        "accounts/invite_site_user.html",
        {"form": form, "invitations": selectors.pending_invitations(process=None)},
    )


# Accepting an invitation


def _after_accept(request, invitation):
    if invitation.process is None:
        messages.success(
            request, _("Welcome! You can now create a planning area and a planning process.")
        )
        return redirect("core:dashboard")
    messages.success(
        request,
        _("Welcome! You are now %(role)s in %(process)s.")
        % {"role": invitation.get_role_display(), "process": invitation.process},
    )
    return redirect(invitation.process.get_absolute_url())


def _invalid(request, reason: str, status: int):
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=status)


def invitation_accept(request, token):
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return _invalid(request, "unknown", 404)
    if invitation.is_accepted:
        return _invalid(request, "used", 410)
    if invitation.is_expired:
        return _invalid(request, "expired", 410)

    context = {"invitation": invitation, "process": invitation.process}
    existing = selectors.user_by_email(email=invitation.email)
    form = None
    if existing is not None:
        if not request.user.is_authenticated:
            state = "sign_in"
        elif request.user.pk != existing.pk:
            state = "wrong_user"
        else:
            state = "confirm"
            if request.method == "POST":
                try:
                    services.invitation_accept(
                        invitation=invitation, password=None, full_name=request.user.full_name
                    )
                except ValidationError:
                    return _invalid(request, "used", 410)
                return _after_accept(request, invitation)
    else:
        state = "new_user"
        form = AcceptInvitationForm(
            request.POST if request.method == "POST" else None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
        if request.method == "POST" and form.is_valid():
            try:
                user = services.invitation_accept(
                    invitation=invitation,
                    password=form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"],
                )
            except ValidationError:
                return _invalid(request, "used", 410)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _after_accept(request, invitation)
    context.update({"state": state, "form": form})
    return render(request, "accounts/invitation_accept.html", context)
