"""Pages of the consultation: the public round (the draft by parts, the comment form, the
confirmation link, the resolution table) and the coordinator's work (rounds, comments,
moderation, resolutions, answer templates, the councils' decisions and the approval).

Every form works as a plain POST without JavaScript. A process the user may not see
answers 404 (``process_for_user``)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from socplan.core.forms import add_service_errors
from socplan.core.permissions import require
from socplan.core.ratelimit import rate_limit
from socplan.organisation.guards import process_for_user
from socplan.planning import selectors as plan_selectors
from socplan.planning.models import Plan

from . import selectors, services
from .forms import (
    AnswerTemplateForm,
    ApproveForm,
    AssignForm,
    BodyForm,
    BulkForm,
    CommentForm,
    DecisionForm,
    HideForm,
    InForceForm,
    ResolutionForm,
    RoundForm,
    StaffCommentForm,
)
from .models import AnswerTemplate, Comment, CouncilDecision, Round


def _round(request, slug, pk, perm="consultation.view_round") -> Round:
    round_ = selectors.round_get(process=process_for_user(request, slug), pk=pk)
    require(request, perm, round_)
    return round_


def _plan(request, slug, plan_pk, perm) -> Plan:
    plan = plan_selectors.plan_get(process=process_for_user(request, slug), pk=plan_pk)
    require(request, perm, plan)
    return plan


def _context(round_: Round, **extra) -> dict:
    return {"round": round_, "plan": round_.plan, "process": round_.plan.process, **extra}


def compare_url(round_: Round, version) -> str:
    """The version comparison (planning) from the draft commented on to the version with
    the change."""
    base = reverse(
        "planning:version_compare", kwargs={"slug": round_.plan.process.slug, "pk": round_.plan_id}
    )
    query = {"b": version.revision}
    if round_.draft_id:
        query["a"] = round_.draft.revision
    return f"{base}?{urlencode(query)}"


# --- public ------------------------------------------------------------------------------


def round_detail(request, slug, pk):
    round_ = _round(request, slug, pk)
    return render(
        request,
        "consultation/round_detail.html",
        _context(
            round_,
            tree=selectors.draft_tree(round=round_),
            comment_count=selectors.public_comments(round=round_).count(),
            can_comment=request.user.has_perm("consultation.comment", round_),
            can_manage=request.user.has_perm("consultation.manage_round", round_),
            internal=request.user.has_perm("consultation.view_comments_internal", round_),
        ),
    )


@rate_limit("consultation-comment", limit=20, period=60 * 60)
def comment_form(request, slug, pk):
    round_ = _round(request, slug, pk)
    if not request.user.has_perm("consultation.comment", round_):
        messages.error(
            request,
            _("Comments are taken from %(start)s to %(end)s.")
            % {
                "start": date_format(round_.opens_on, "SHORT_DATE_FORMAT"),
                "end": date_format(round_.closes_on, "SHORT_DATE_FORMAT"),
            },
        )
        return redirect(round_)
    form = CommentForm(request.POST or None, allow_anonymous=round_.allow_anonymous)
    form.set_parts(
        selectors.part_choices(round=round_), request.GET.get("part"), on_swot=round_.is_on_swot
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_submit(round=round_, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request, "consultation/comment_sent.html", _context(round_, comment=comment)
            )
    return render(
        request,
        "consultation/comment_form.html",
        _context(round_, form=form),
        status=400 if form.is_bound else 200,
    )


def comment_confirm(request, slug, pk, token):
    round_ = _round(request, slug, pk)
    comment = None
    if request.method == "POST":
        comment = services.comment_confirm(round=round_, token=token)
        if comment is None:
            raise Http404
        return render(
            request, "consultation/comment_confirmed.html", _context(round_, comment=comment)
        )
    # A GET only asks: mail scanners that open links must not confirm on their own.
    return render(request, "consultation/comment_confirm.html", _context(round_, token=token))


def resolution_table(request, slug, pk):
    round_ = _round(request, slug, pk)
    internal = request.user.has_perm("consultation.view_comments_internal", round_)
    rows = selectors.resolution_table(
        round=round_, public=not internal, compare_url=compare_url if internal else None
    )
    return render(
        request,
        "consultation/resolution_table.html",
        _context(round_, rows=rows, internal=internal),
    )


def decision_file(request, slug, plan_pk, decision_pk):
    plan = plan_selectors.plan_get(process=process_for_user(request, slug), pk=plan_pk)
    decision = get_object_or_404(CouncilDecision, plan=plan, pk=decision_pk)
    require(request, "consultation.view_approval", decision)
    if not decision.file:
        raise Http404
    return FileResponse(decision.file.open("rb"), as_attachment=True, filename=decision.file_name)


# --- the coordinator's pages -------------------------------------------------------------


def plan_rounds(request, slug, plan_pk):
    plan = _plan(request, slug, plan_pk, "consultation.view_approval")
    return render(
        request,
        "consultation/plan_rounds.html",
        {
            "process": plan.process,
            "plan": plan,
            "rounds": selectors.rounds_of_plan(plan=plan),
            "can_manage": request.user.has_perm("consultation.manage_round", plan),
            "unresolved": selectors.unresolved_comments(plan=plan).count(),
        },
    )


def round_form(request, slug, plan_pk, pk=None):
    plan = _plan(request, slug, plan_pk, "consultation.manage_round")
    round_ = get_object_or_404(Round, plan=plan, pk=pk) if pk else None
    if round_ is None and plan.is_frozen:
        messages.error(
            request,
            _frozen_message(),
        )
        return redirect("consultation:plan_rounds", slug=slug, plan_pk=plan.pk)
    form = RoundForm(
        request.POST or None, instance=round_ or Round(plan=plan), process=plan.process
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.ROUND_FIELDS}
        try:
            if round_ is None:
                round_ = services.round_open(
                    actor=request.user, plan=plan, swot=form.cleaned_data["swot"], **data
                )
            else:
                round_ = services.round_update(actor=request.user, round=round_, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            for warning in round_.date_warnings:
                messages.warning(request, warning)
            messages.success(request, _saved())
            return redirect(round_)
    return render(
        request,
        "consultation/round_form.html",
        {"process": plan.process, "plan": plan, "round": round_, "form": form},
        status=400 if form.is_bound else 200,
    )


def _frozen_message():
    return _(
        "This version of the plan is approved. Start an amendment (a new version) to consult "
        "changes."
    )


def _saved():
    return _("Saved.")


def round_comments(request, slug, pk):
    round_ = _round(request, slug, pk, "consultation.view_comments_internal")
    filters = {k: request.GET.get(k, "") for k in ("state", "group", "kind")}
    comments = selectors.staff_comments(round=round_, filters=filters)
    can_manage = request.user.has_perm("consultation.manage_round", round_)
    bulk = None
    if can_manage:
        bulk = BulkForm(
            request.POST or None,
            comments=selectors.counted_comments(round=round_),
            process=round_.plan.process,
        )
        if request.method == "POST" and bulk.is_valid():
            data = bulk.cleaned_data
            try:
                if data["action"] == "resolve":
                    count = services.comments_resolve(
                        actor=request.user,
                        comments=data["comments"],
                        outcome=data["outcome"],
                        reasoning=data["reasoning"],
                        request=request,
                    )
                else:
                    count = services.comments_assign(
                        actor=request.user, comments=data["comments"], group=data["working_group"]
                    )
            except ValidationError as error:
                add_service_errors(bulk, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)s comment changed.", "%(count)s comments changed.", count)
                    % {"count": count},
                )
                return redirect(request.get_full_path())
    elif request.method == "POST":
        require(request, "consultation.manage_round", round_)
    return render(
        request,
        "consultation/round_comments.html",
        _context(
            round_,
            comments=comments,
            filters=filters,
            bulk=bulk,
            can_manage=can_manage,
            groups=round_.plan.process.groups.order_by("order", "name"),
            kinds=Comment.Kind.choices,
            contacts=request.user.has_perm("consultation.view_commenter_contacts", round_),
        ),
        status=400 if bulk is not None and bulk.is_bound else 200,
    )


def comment_enter(request, slug, pk):
    round_ = _round(request, slug, pk, "consultation.manage_round")
    form = StaffCommentForm(request.POST or None, process=round_.plan.process)
    form.set_parts(
        selectors.part_choices(round=round_), request.GET.get("part"), on_swot=round_.is_on_swot
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_enter(actor=request.user, round=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(comment)s was entered.") % {"comment": comment})
            return redirect("consultation:comment_enter", slug=slug, pk=round_.pk)
    return render(
        request,
        "consultation/comment_enter.html",
        _context(round_, form=form),
        status=400 if form.is_bound else 200,
    )


def comment_resolve(request, slug, pk, comment_pk):
    round_ = _round(request, slug, pk, "consultation.view_comments_internal")
    comment = get_object_or_404(
        Comment.objects.select_related("resolution", "working_group"), round=round_, pk=comment_pk
    )
    can_resolve = comment.counts and request.user.has_perm("consultation.resolve_comment", comment)
    can_manage = request.user.has_perm("consultation.manage_round", round_)
    resolution = getattr(comment, "resolution", None)
    initial = {}
    if resolution is not None:
        initial = {
            "outcome": resolution.outcome,
            "reasoning": resolution.reasoning,
            "change": resolution.change,
            "change_version": resolution.change_version_id,
        }
    templates = selectors.answer_templates(process=round_.plan.process)
    chosen = next((t for t in templates if str(t.pk) == request.GET.get("template")), None)
    if chosen is not None:
        initial.update(
            reasoning=chosen.text, **({"outcome": chosen.outcome} if chosen.outcome else {})
        )
    form = ResolutionForm(request.POST or None, plan=round_.plan, initial=initial)
    if request.method == "POST":
        require(request, "consultation.resolve_comment", comment)
        if not comment.counts:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.comment_resolve(
                    actor=request.user, comment=comment, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(comment)s was resolved.") % {"comment": comment})
                return redirect("consultation:round_comments", slug=slug, pk=round_.pk)
    return render(
        request,
        "consultation/comment_resolve.html",
        _context(
            round_,
            comment=comment,
            resolution=resolution,
            form=form,
            can_resolve=can_resolve,
            can_manage=can_manage,
            templates=templates,
            hide_form=HideForm(),
            assign_form=AssignForm(
                process=round_.plan.process, initial={"working_group": comment.working_group_id}
            ),
            contacts=request.user.has_perm("consultation.view_commenter_contacts", round_),
            change_url=compare_url(round_, resolution.change_version)
            if resolution and resolution.change_version_id
            else "",
        ),
        status=400 if form.is_bound else 200,
    )


@require_POST
def comment_moderate(request, slug, pk, comment_pk):
    round_ = _round(request, slug, pk, "consultation.manage_round")
    comment = get_object_or_404(Comment, round=round_, pk=comment_pk)
    action = request.POST.get("action")
    back = reverse(
        "consultation:comment_resolve", kwargs={"slug": slug, "pk": pk, "comment_pk": comment.pk}
    )

    if action == "hide":
        form = HideForm(request.POST)
        if form.is_valid():
            services.comment_hide(
                actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The comment is hidden from the public."))
        else:
            messages.error(request, _("Give the reason for hiding the comment."))
    elif action == "show":
        services.comment_show(actor=request.user, comment=comment)
        messages.success(request, _("The comment is public again."))
    elif action == "assign":
        form = AssignForm(request.POST, process=round_.plan.process)
        if form.is_valid():
            services.comments_assign(
                actor=request.user, comments=[comment], group=form.cleaned_data["working_group"]
            )
            messages.success(request, _saved())
    return redirect(back)


def answer_templates(request, slug, pk=None):
    process = process_for_user(request, slug)
    require(request, "consultation.manage_templates", process)
    template = get_object_or_404(AnswerTemplate, process=process, pk=pk) if pk else None
    form = AnswerTemplateForm(request.POST or None, instance=template)
    if request.method == "POST":
        if request.POST.get("delete") and template is not None:
            services.answer_template_delete(actor=request.user, template=template)
            return redirect("consultation:answer_templates", slug=slug)
        if form.is_valid():
            try:
                services.answer_template_save(
                    actor=request.user, process=process, template=template, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _saved())
                return redirect("consultation:answer_templates", slug=slug)
    return render(
        request,
        "consultation/answer_templates.html",
        {
            "process": process,
            "form": form,
            "template": template,
            "templates": selectors.answer_templates(process=process),
        },
        status=400 if form.is_bound else 200,
    )


def approval(request, slug, plan_pk):
    plan = _plan(request, slug, plan_pk, "consultation.view_approval")
    can_manage = request.user.has_perm("consultation.manage_approval", plan)
    if request.method == "POST":
        require(request, "consultation.manage_approval", plan)
    approve_form = ApproveForm(request.POST if request.POST.get("action") == "approve" else None)
    in_force_form = InForceForm(request.POST if request.POST.get("action") == "in_force" else None)
    body_form = BodyForm(request.POST if request.POST.get("action") == "body" else None)

    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "prepare":
                added = services.decisions_prepare(actor=request.user, plan=plan)
                messages.success(request, _("%(count)s bodies listed.") % {"count": added})
                return redirect(request.path)
            if action == "body" and body_form.is_valid():
                services.decision_add(actor=request.user, plan=plan, **body_form.cleaned_data)
                messages.success(request, _saved())
                return redirect(request.path)
            if action == "approve" and approve_form.is_valid():
                services.plan_approve(actor=request.user, plan=plan, **approve_form.cleaned_data)
                messages.success(request, _("The plan is approved and frozen."))
                return redirect(request.path)
            if action == "in_force" and in_force_form.is_valid():
                services.plan_put_in_force(
                    actor=request.user, plan=plan, **in_force_form.cleaned_data
                )
                messages.success(request, _("The plan is published as the plan in force."))
                return redirect(request.path)
        except ValidationError as error:
            target = {"approve": approve_form, "in_force": in_force_form, "body": body_form}.get(
                action
            )
            if target is not None:
                add_service_errors(target, error)
            else:
                messages.error(request, " ".join(error.messages))
    decisions = selectors.decisions(plan=plan)
    unresolved = selectors.unresolved_comments(plan=plan).count()
    return render(
        request,
        "consultation/approval.html",
        {
            "process": plan.process,
            "plan": plan,
            "approval": selectors.plan_approval(plan=plan),
            "decisions": decisions,
            "progress": selectors.decision_progress(decisions),
            "unresolved": unresolved,
            "can_manage": can_manage,
            "approve_form": approve_form,
            "in_force_form": in_force_form,
            "body_form": body_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def decision_edit(request, slug, plan_pk, decision_pk):
    plan = _plan(request, slug, plan_pk, "consultation.manage_approval")
    decision = get_object_or_404(CouncilDecision, plan=plan, pk=decision_pk)
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        initial=DecisionForm.initial_from(decision),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.decision_record(
                actor=request.user, decision=decision, value=data.pop("decision"), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved())
            return redirect("consultation:approval", slug=slug, plan_pk=plan.pk)
    return render(
        request,
        "consultation/decision_form.html",
        {"process": plan.process, "plan": plan, "decision": decision, "form": form},
        status=400 if form.is_bound else 200,
    )
