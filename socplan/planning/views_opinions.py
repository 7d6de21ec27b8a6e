"""The ORP's side of the opinions on need: the list of a process's opinions, the form, one
opinion with its versions, and the workflow (send, withdraw, new version, delete a draft).

A process the user may not see answers 404 (as every page of a process); an opinion the
user may not see (a draft, for region staff) answers 404 too. Every form is a plain POST.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socplan.core.forms import add_service_errors
from socplan.core.permissions import require
from socplan.organisation.guards import process_for_user

from . import selectors_opinions as selectors
from . import services_opinions as services
from .forms_opinions import NeedOpinionForm, WithdrawForm
from .models import Measure
from .models_opinions import NeedOpinion


def _list_url(process) -> str:
    return reverse("planning:need_opinion_list", kwargs={"slug": process.slug})


def _opinion(request, slug, pk, perm="planning.view_need_opinion") -> NeedOpinion:
    process = process_for_user(request, slug)
    opinion = selectors.opinion_get(process=process, pk=pk)
    if not request.user.has_perm("planning.view_need_opinion", opinion):
        # a draft does not exist for region staff; the others are refused as usual
        if request.user.has_perm("planning.view_need_opinions", process):
            raise Http404
        require(request, "planning.view_need_opinion", opinion)
    require(request, perm, opinion)
    return opinion


@require_GET
def need_opinion_list(request, slug):
    process = process_for_user(request, slug)
    require(request, "planning.view_need_opinions", process)
    # drafts: for those who may read a draft of the process (not region staff)
    drafts = request.user.has_perm("planning.view_need_opinion", NeedOpinion(process=process))
    return render(
        request,
        "planning/opinions/opinion_list.html",
        {
            "process": process,
            "opinions": selectors.opinions_of_process(process=process, drafts=drafts),
            "can_add": request.user.has_perm("planning.add_need_opinion", process),
        },
    )


def _initial_from_measure(request, process) -> dict:
    """``?opatreni=<pk>``: the form starts from a measure of the process (from its page)."""
    try:
        pk = int(request.GET.get("opatreni") or 0)
    except ValueError:
        return {}
    measure = selectors.measures_for_opinions(process=process).filter(pk=pk).first()
    if measure is None:
        return {}
    initial = {"measures": [measure.pk]}
    services = list(measure.services.all())
    if len(services) == 1:
        initial["service"] = services[0].pk
    kinds = {s.kind_id for s in services if s.kind_id}
    if len(kinds) == 1:
        initial["kind"] = kinds.pop()
    target_groups = list(measure.target_groups.all())
    if len(target_groups) == 1:
        initial["target_group"] = target_groups[0].pk
    initial["findings"] = [f.pk for f in measure.findings.all()]
    return initial


def _save(request, form, save):
    """Save a valid form (not when only asked for suggestions); the typed text stays on any
    error. Returns the saved opinion or None."""
    if request.method != "POST" or "suggest" in request.POST or not form.is_valid():
        return None
    try:
        with form.saving(lock=NeedOpinion.objects.filter(pk=form.instance.pk)):
            return save(form)
    except ValidationError as error:
        add_service_errors(form, error)
    return None


@require_http_methods(["GET", "POST"])
def need_opinion_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "planning.add_need_opinion", process)
    initial = {"year": timezone.localdate().year + 1, **_initial_from_measure(request, process)}
    form = NeedOpinionForm(request.POST or None, process=process, initial=initial)
    opinion = _save(
        request,
        form,
        lambda f: services.need_opinion_create(
            actor=request.user,
            process=process,
            measures=f.cleaned_data["measures"],
            findings=f.cleaned_data["findings"],
            **f.opinion_fields(),
        ),
    )
    if opinion is not None:
        messages.success(
            request,
            _("Opinion %(code)s was saved as a draft. Send it to the region when it is ready.")
            % {"code": opinion.code},
        )
        return redirect(opinion)
    return render(
        request,
        "planning/opinions/opinion_form.html",
        {"process": process, "form": form, "opinion": None},
    )


@require_http_methods(["GET", "POST"])
def need_opinion_edit(request, slug, pk):
    opinion = _opinion(request, slug, pk, "planning.change_need_opinion")
    if not opinion.is_draft:
        messages.error(request, services._not_draft(opinion).messages[0])
        return redirect(opinion)
    form = NeedOpinionForm(
        request.POST or None,
        process=opinion.process,
        instance=NeedOpinion.objects.get(pk=opinion.pk),
    )
    saved = _save(
        request,
        form,
        lambda f: services.need_opinion_update(
            actor=request.user,
            opinion=opinion,
            measures=f.cleaned_data["measures"],
            findings=f.cleaned_data["findings"],
            **f.opinion_fields(),
        ),
    )
    if saved is not None:
        messages.success(request, _("Opinion %(code)s was saved.") % {"code": saved.code})
        return redirect(saved)
    return render(
        request,
        "planning/opinions/opinion_form.html",
        {"process": opinion.process, "form": form, "opinion": opinion},
    )


@require_GET
def need_opinion_detail(request, slug, pk):
    opinion = _opinion(request, slug, pk)
    can_change = request.user.has_perm("planning.change_need_opinion", opinion)
    base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "planning/opinions/opinion_detail.html",
        {
            "process": opinion.process,
            "opinion": opinion,
            "versions": selectors.opinion_versions(opinion=opinion, drafts=can_change),
            "can_change": can_change,
            "measure_links": [(m, base + measure_url(m)) for m in opinion.measures.all()],
            "newer": NeedOpinion.objects.filter(replaces=opinion).first() if can_change else None,
        },
    )


def measure_url(measure: Measure) -> str:
    plan = measure.priority.plan
    return reverse(
        "planning:measure_detail",
        kwargs={"slug": plan.process.slug, "pk": plan.pk, "measure_pk": measure.pk},
    )


@require_POST
def need_opinion_action(request, slug, pk):
    """Send a draft, start a new version of a sent opinion, or delete a draft."""
    opinion = _opinion(request, slug, pk, "planning.change_need_opinion")
    action = request.POST.get("action")
    try:
        if action == "submit":
            services.need_opinion_submit(actor=request.user, opinion=opinion)
            messages.success(
                request, _("Opinion %(code)s was sent to the region.") % {"code": opinion.code}
            )
        elif action == "revise":
            copy = services.need_opinion_revise(actor=request.user, opinion=opinion)
            messages.success(
                request,
                _(
                    "Version %(version)s of the opinion is a draft: change it and send it; "
                    "it then replaces the sent one."
                )
                % {"version": copy.version},
            )
            return redirect(
                reverse("planning:need_opinion_edit", kwargs={"slug": slug, "pk": copy.pk})
            )
        elif action == "delete":
            services.need_opinion_delete(actor=request.user, opinion=opinion)
            messages.success(request, _("The draft was deleted."))
            return redirect(_list_url(opinion.process))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(opinion)


@require_http_methods(["GET", "POST"])
def need_opinion_withdraw(request, slug, pk):
    opinion = _opinion(request, slug, pk, "planning.change_need_opinion")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_opinion_withdraw(
                actor=request.user, opinion=opinion, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opinion %(code)s was withdrawn.") % {"code": opinion.code})
            return redirect(opinion)
    return render(
        request,
        "planning/opinions/opinion_withdraw.html",
        {"process": opinion.process, "opinion": opinion, "form": form},
    )
