"""People and roles of a process: who holds which role, invitations to a role, revoking."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from socplan.accounts import selectors as account_selectors
from socplan.accounts.forms import InvitationForm
from socplan.accounts.views import send_form_invitation
from socplan.core.collation import czech

from . import selectors, services
from .guards import process_for_user
from .models import ProcessRole


def process_people(request, slug):
    process = process_for_user(request, slug, "organisation.manage_people")
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid() and send_form_invitation(
            request, form, target=process, role=form.cleaned_data["role"]
        ):
            return redirect(process.get_invitations_url())
    else:
        form = InvitationForm(initial={"role": ProcessRole.Role.MEMBER})
    return render(
        request,
        "organisation/process_people.html",
        {
            "process": process,
            "roles": selectors.process_roles(process=process),
            "invitations": account_selectors.pending_invitations(target=process),
            "form": form,
        },
    )


def role_revoke(request, slug, pk):
    process = process_for_user(request, slug, "organisation.manage_people")
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
        return redirect(process.get_invitations_url())
    return render(
        request, "organisation/role_revoke.html", {"process": process, "role_obj": role_obj}
    )


def account_roles_section(request) -> str:
    """The user's roles in processes on the "My account" page (accounts.sections)."""
    roles = request.user.process_roles.select_related("process").order_by(czech("process__name"))
    return render_to_string("organisation/_account_roles.html", {"roles": roles}, request=request)
