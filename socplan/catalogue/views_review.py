"""Pages of "providers keep their entries current": inviting provider editors, my services,
proposing changes, confirming an entry, suggesting a correction, the review queue."""

import mimetypes
from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.accounts.models import Role
from socplan.accounts.selectors import pending_invitations
from socplan.core.forms import add_service_errors
from socplan.core.permissions import require
from socplan.core.ratelimit import rate_limit
from socplan.territory.processes import process_by_slug, user_ids_with_role

from . import review
from .forms_review import (
    AcceptForm,
    LocalFieldsForm,
    ProviderEditorInviteForm,
    RejectForm,
    SuggestionForm,
)
from .models import ChangeProposal, ProviderEditor, Service

# --- provider editors of a process --------------------------------------------------------


def _process_or_404(slug):
    """The planning process (organisation's, through territory.processes)."""
    process = process_by_slug(slug)
    if process is None:
        raise Http404
    return process


def provider_editors(request, slug):
    process = _process_or_404(slug)
    require(request, "catalogue.invite_provider_editor", process)
    form = ProviderEditorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review.provider_editor_invite(
                process=process,
                provider=form.provider,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                invited_by=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error, "email")
        else:
            messages.success(
                request,
                _("The invitation will be sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("catalogue:provider_editors", slug=process.slug)
    editor_users = user_ids_with_role(process, Role.PROVIDER_EDITOR)
    editors = ProviderEditor.objects.filter(user__in=editor_users).select_related(
        "user", "provider", "invited_by"
    )
    invitations = pending_invitations(target=process).filter(role=Role.PROVIDER_EDITOR)
    return render(
        request,
        "catalogue/review/provider_editors.html",
        {"process": process, "form": form, "editors": editors, "invitations": invitations},
    )


@require_POST
def provider_editor_remove(request, slug, pk):
    process = _process_or_404(slug)
    require(request, "catalogue.invite_provider_editor", process)
    editor_users = user_ids_with_role(process, Role.PROVIDER_EDITOR)
    editor = get_object_or_404(
        ProviderEditor.objects.select_related("user", "provider"), pk=pk, user__in=editor_users
    )
    review.provider_editor_remove(editor=editor, actor=request.user)
    messages.success(
        request,
        _("%(user)s no longer edits the entries of %(provider)s.")
        % {"user": editor.user, "provider": editor.provider},
    )
    return redirect("catalogue:provider_editors", slug=process.slug)


# --- a provider editor's pages ------------------------------------------------------------


def my_services(request):
    require(request, "catalogue.view_my_services")
    services = list(review.editable_services(user=request.user))
    pending = set(
        ChangeProposal.objects.filter(
            service__in=services, status=ChangeProposal.Status.PENDING
        ).values_list("service_id", flat=True)
    )
    for service in services:
        service.has_pending = service.pk in pending
    return render(
        request,
        "catalogue/review/my_services.html",
        {
            "services": services,
            "providers": ProviderEditor.objects.filter(user=request.user).select_related(
                "provider"
            ),
            "proposals": review.proposals_of_services(services=services)[:30],
        },
    )


def service_propose(request, pk):
    service = get_object_or_404(Service.objects.select_related("provider"), pk=pk)
    require(request, "catalogue.propose_change", service)
    form = LocalFieldsForm(request.POST or None, request.FILES or None, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            review.change_proposal_submit(
                service=service,
                proposed=form.proposed(),
                proposed_by=request.user,
                photo_upload=form.photo_upload,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your proposal has been sent to the coordinators for review. You will "
                    "receive an e-mail when it is decided."
                ),
            )
            return redirect("catalogue:my_services")
    pending = service.proposals.filter(
        status=ChangeProposal.Status.PENDING, kind=ChangeProposal.Kind.PROVIDER_EDIT
    ).count()
    return render(
        request,
        "catalogue/review/propose.html",
        {"service": service, "form": form, "pending": pending},
    )


@require_POST
def service_verify(request, pk):
    service = get_object_or_404(Service, pk=pk)
    require(request, "catalogue.verify_service", service)
    review.service_verify(service=service, actor=request.user)
    messages.success(
        request,
        _("Thank you: %(service)s is marked as current today.") % {"service": service.name},
    )
    if request.POST.get("next_page") == "propose":
        return redirect(reverse("catalogue:service_propose", kwargs={"pk": service.pk}))
    return redirect("catalogue:my_services")


# --- public suggestion ---------------------------------------------------------------------


@rate_limit("suggestion", limit=10, period=60 * 60)
def service_suggest(request, pk):
    service = get_object_or_404(Service.objects.select_related("provider"), pk=pk)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_spam:
            review.suggestion_submit(
                service=service,
                message=form.cleaned_data["message"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                user=request.user,
                request=request,
            )
        # A robot filling the honeypot sees the same answer; nothing is stored.
        return redirect("catalogue:service_suggest_thanks", pk=service.pk)
    return render(request, "catalogue/review/suggest.html", {"service": service, "form": form})


def service_suggest_thanks(request, pk):
    service = get_object_or_404(Service, pk=pk)
    return render(request, "catalogue/review/suggest_thanks.html", {"service": service})


# --- the review queue ----------------------------------------------------------------------


def review_queue(request):
    require(request, "catalogue.view_review_queue")
    show = request.GET.get("stav", "pending")
    status = {
        "accepted": ChangeProposal.Status.ACCEPTED,
        "rejected": ChangeProposal.Status.REJECTED,
    }.get(show, ChangeProposal.Status.PENDING)
    proposals = review.reviewable_proposals(user=request.user, status=status)
    return render(
        request,
        "catalogue/review/queue.html",
        {
            "proposals": proposals[:200],
            "count": proposals.count(),
            "status": status,
            "statuses": ChangeProposal.Status,
        },
    )


def review_photo(request, pk, index):
    """A photo proposed for a service, shown to those who review the proposal (it is not
    public until accepted)."""
    proposal = get_object_or_404(ChangeProposal.objects.select_related("service"), pk=pk)
    require(request, "catalogue.review_proposal", proposal)
    photos = (proposal.changes or {}).get(review.PHOTOS_ADD) or []
    name = photos[index].get("file", "") if index < len(photos) else ""
    storage = review.pending_photo_storage(name)
    if not name or not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def review_detail(request, pk):
    proposal = get_object_or_404(
        ChangeProposal.objects.select_related(
            "service", "service__provider", "proposed_by", "reviewed_by"
        ),
        pk=pk,
    )
    require(request, "catalogue.review_proposal", proposal)
    is_pending = proposal.status == ChangeProposal.Status.PENDING
    is_suggestion = proposal.kind == ChangeProposal.Kind.SUGGESTION
    action = request.POST.get("action") if request.method == "POST" else None
    accept_form = AcceptForm(request.POST if action == "accept" else None, prefix="accept")
    reject_form = RejectForm(request.POST if action == "reject" else None, prefix="reject")
    corrections_form = None
    if is_suggestion and is_pending:
        corrections_form = LocalFieldsForm(
            request.POST if action == "accept" else None,
            service=proposal.service,
            include_area=False,
            prefix="fix",
        )
    if action and is_pending:
        try:
            if action == "accept" and accept_form.is_valid():
                if corrections_form is None or corrections_form.is_valid():
                    # the corrections' version checked again in the save's transaction
                    with corrections_form.saving() if corrections_form else nullcontext():
                        review.change_proposal_accept(
                            proposal=proposal,
                            reviewer=request.user,
                            note=accept_form.cleaned_data["note"],
                            corrections=corrections_form.proposed() if corrections_form else None,
                            request=request,
                        )
                    messages.success(
                        request,
                        _("The proposal has been accepted; the proposer will be told by e-mail.")
                        if review.proposer_email(proposal)
                        else _("The proposal has been accepted."),
                    )
                    return redirect("catalogue:review_queue")
            elif action == "reject" and reject_form.is_valid():
                review.change_proposal_reject(
                    proposal=proposal,
                    reviewer=request.user,
                    reason=reject_form.cleaned_data["reason"],
                    request=request,
                )
                messages.success(
                    request,
                    _("The proposal has been rejected; the proposer will be told by e-mail.")
                    if review.proposer_email(proposal)
                    else _("The proposal has been rejected."),
                )
                return redirect("catalogue:review_queue")
        except ValidationError as error:
            if corrections_form is not None and corrections_form.conflict_rows:
                add_service_errors(corrections_form, error)  # shown with both versions
            else:
                add_service_errors(reject_form if action == "reject" else accept_form, error)
    return render(
        request,
        "catalogue/review/detail.html",
        {
            "proposal": proposal,
            "service": proposal.service,
            "diff": review.proposal_diff(proposal=proposal) if proposal.changes else [],
            "is_pending": is_pending,
            "is_suggestion": is_suggestion,
            "accept_form": accept_form,
            "reject_form": reject_form,
            "corrections_form": corrections_form,
            "history": review.service_history(service=proposal.service, limit=20),
        },
    )


def account_actions_section(request) -> str:
    """Links on the "My account" page (accounts.sections)."""
    return render_to_string("catalogue/_account_actions.html", {}, request=request)
