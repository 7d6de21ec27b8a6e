from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.forms import EmailField, EmailInput
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from socplan.core.audit import audit_log
from socplan.core.mail import queue_email
from socplan.core.permissions import require
from socplan.core.ratelimit import rate_limit

from . import selectors, services
from .audit import AccountsAction
from .forms import AcceptInvitationForm, EmailAuthenticationForm, SiteInvitationForm
from .models import Invitation, Role
from .sections import account_sections

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
            audit_log(
                actor=self.request.user, action=AccountsAction.USER_PASSWORD_CHANGED, obj=form.user
            )
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_changed.html"


class EmailPasswordResetForm(PasswordResetForm):
    email = EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        widget=EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """As Django's, but through the e-mail queue (retried when the server fails)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(email_template_name, context), from_email, [to_email]
        )
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        queue_email(message)


def _reset_email(request) -> str | None:
    return (request.POST.get("email") or "").strip().lower() or None


# A few resets an hour from one address and for one mailbox: no flood of e-mails.
@method_decorator(
    rate_limit("password-reset", limit=5, period=60 * 60, key=_reset_email), name="dispatch"
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
            audit_log(actor=form.user, action=AccountsAction.USER_PASSWORD_RESET, obj=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_finished.html"


@login_required
def account(request):
    return render(request, "accounts/account.html", {"sections": account_sections(request)})


# Invitations (to a process: its "People and roles" page in organisation sends them; here
# they are resent, cancelled and accepted). An invitation's target names the permission
# that manages its invitations and the page that lists them (``invitations_permission``,
# ``get_invitations_url``), so that accounts imports no later app.


def send_form_invitation(request, form, *, target, role, provider_ico: str = "") -> bool:
    """Send the invitation from a valid form; when it is refused, put the reason on the
    form. The e-mail is queued: a failing mail server does not stop the invitation."""
    try:
        services.invitation_send(
            email=form.cleaned_data["email"],
            role=role,
            target=target,
            full_name=form.cleaned_data.get("full_name", ""),
            invited_by=request.user,
            request=request,
            provider_ico=provider_ico,
        )
    except ValidationError as error:
        form.add_error("email", error)
        return False
    messages.success(
        request,
        _("The invitation will be sent to %(email)s.") % {"email": form.cleaned_data["email"]},
    )
    return True


def _invitation_for_manager(request, pk) -> Invitation:
    invitation = get_object_or_404(Invitation, pk=pk, accepted_at__isnull=True)
    if invitation.target is None:
        require(request, "accounts.invite_site_user")
    else:
        require(request, invitation.target.invitations_permission, invitation.target)
    return invitation


def _back_to_invitations(invitation):
    if invitation.target is None:
        return redirect("accounts:invite_site_user")
    return redirect(invitation.target.get_invitations_url())


@require_POST
def invitation_resend(request, pk):
    invitation = _invitation_for_manager(request, pk)
    services.invitation_resend(invitation=invitation, actor=request.user, request=request)
    messages.success(
        request,
        _("A new invitation will be sent to %(email)s; the previous link no longer works.")
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
        if form.is_valid() and send_form_invitation(
            request, form, target=None, role=Role.COORDINATOR
        ):
            return redirect("accounts:invite_site_user")
    else:
        form = SiteInvitationForm()
    return render(
        request,
        "accounts/invite_site_user.html",
        {"form": form, "invitations": selectors.pending_invitations(target=None)},
    )


# Accepting an invitation


def _after_accept(request, invitation):
    if invitation.target is None:
        messages.success(
            request, _("Welcome! You can now create a planning area and a planning process.")
        )
        return redirect("home:dashboard")
    messages.success(
        request,
        _("Welcome! You are now %(role)s in %(process)s.")
        % {"role": invitation.get_role_display(), "process": invitation.target},
    )
    return redirect(invitation.target.get_absolute_url())


def _invalid(request, reason: str, status: int):
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=status)


@rate_limit("invitation-accept", limit=20, period=60 * 60)
def invitation_accept(request, token):
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return _invalid(request, "unknown", 404)
    if invitation.is_accepted:
        return _invalid(request, "used", 410)
    if invitation.is_expired:
        return _invalid(request, "expired", 410)

    context = {"invitation": invitation, "target": invitation.target}
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
