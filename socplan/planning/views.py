"""Pages of plans: the public reading (by priority, target group, municipality, money) and
the editing by coordinators and working groups.

Every form works as a plain POST; htmx only enhances (autosave of drafts, moving items
without reloading the page). A process that the user may not see answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.core.forms import add_service_errors
from socplan.core.numbers import is_digits
from socplan.core.permissions import require
from socplan.organisation.guards import process_for_user

from . import selectors, services
from .forms import (
    ActionItemForm,
    ActionMeasureCostsForm,
    ActionPlanForm,
    ActivityForm,
    AmendmentForm,
    IndicatorFormSet,
    MeasureForm,
    PlanForm,
    PlanStatusForm,
    PriorityForm,
    VersionSaveForm,
    indicator_initial,
    initial_from_draft,
)
from .models import ActionItem, Activity, Draft, Measure, Plan, Priority
from .versions import collapse_unchanged, compare_snapshots

INDICATOR_PREFIX = "indicators"


# --- helpers -----------------------------------------------------------------------------


def _plan(request, slug, pk, perm="planning.view_plan") -> Plan:
    plan = selectors.plan_get(process=process_for_user(request, slug), pk=pk)
    require(request, perm, plan)
    return plan


def _reading(request, slug, pk) -> tuple[Plan, object]:
    """The plan of a reading page, and the page to answer instead when the user may only
    see its last approved version (an amendment is being drafted): the approved version
    itself, or a redirect to it from the other reading pages."""
    plan = selectors.plan_get(process=process_for_user(request, slug), pk=pk)
    if request.user.has_perm("planning.view_plan", plan):
        return plan, None
    if request.user.has_perm("planning.view_plan_approved_version", plan):
        return plan, redirect(plan)
    require(request, "planning.view_plan", plan)
    raise Http404  # not reached: require() refuses


def _approved_version_page(request, plan: Plan):
    version = selectors.plan_approved_version(plan=plan)
    return render(
        request,
        "planning/plan_approved_version.html",
        _context(plan, **selectors.approved_version_view(version=version)),
    )


def _editor_url(plan: Plan) -> str:
    return reverse("planning:plan_editor", kwargs={"slug": plan.process.slug, "pk": plan.pk})


def _refuse_frozen(request, plan: Plan):
    """Edits of a frozen plan go back to the editor with the reason."""
    messages.error(request, services.PlanFrozen(plan).messages[0])
    return redirect(_editor_url(plan))


def _draft(request, key: str) -> Draft | None:
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    return Draft.objects.filter(user=request.user, key=key).first()


def _formset_initial_from_draft(data: dict, prefix: str) -> list[dict]:
    rows: dict[int, dict] = {}
    for name, values in data.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == prefix and is_digits(parts[1]):
            rows.setdefault(int(parts[1]), {})[parts[2]] = values[-1] if values else ""
    return [row for _i, row in sorted(rows.items()) if row.get("name") and not row.get("DELETE")]


def _context(plan: Plan, **extra) -> dict:
    return {"process": plan.process, "plan": plan, **extra}


def _save_edit(request, *, plan: Plan, key: str, form, save, success: str, success_url: str):
    """Save a valid form through ``save``; on any error the typed text stays (the form is
    shown again, and it is kept as a draft too). Returns a response or None."""
    if request.method != "POST":
        return None
    if form.is_valid() and all(x.is_valid() for x in getattr(form, "companions", [])):
        try:
            # the version checked again with the save, in its transaction (plan row locked
            # first, as the services lock): a save by somebody else since is a conflict
            with form.saving(lock=Plan.objects.filter(pk=plan.pk)):
                save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            services.draft_discard(user=request.user, key=key)
            messages.success(request, success)
            return redirect(success_url)
    services.draft_save(user=request.user, plan=plan, key=key, data=_post_lists(request))
    return None


def _post_lists(request) -> dict[str, list[str]]:
    return {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}


# --- public reading ----------------------------------------------------------------------


def plan_list(request, slug):
    process = process_for_user(request, slug)
    internal = request.user.has_perm("planning.view_plan_internal", process)
    return render(
        request,
        "planning/plan_list.html",
        {
            "process": process,
            "internal": internal,
            "plans": selectors.plans_of_process(process=process, internal=internal),
            "can_change": request.user.has_perm("planning.change_plan", process),
        },
    )


def plan_detail(request, slug, pk):
    plan, instead = _reading(request, slug, pk)
    if instead is not None:
        return _approved_version_page(request, plan)
    context = _context(plan)
    if plan.is_action_plan:
        context["groups"] = selectors.action_plan_items(plan=plan)
        context["finance"] = selectors.plan_finance(plan=plan)
        context["candidates"] = selectors.carry_over_candidates(plan=plan)
    else:
        context["priorities"] = selectors.plan_tree(plan=plan)
        context["finance"] = selectors.plan_finance(plan=plan)
    return render(request, "planning/plan_detail.html", context)


def plan_target_groups(request, slug, pk):
    plan, instead = _reading(request, slug, pk)
    if instead is not None:
        return instead
    return render(
        request,
        "planning/plan_target_groups.html",
        _context(plan, groups=selectors.measures_by_target_group(plan=plan)),
    )


def plan_municipalities(request, slug, pk):
    plan, instead = _reading(request, slug, pk)
    if instead is not None:
        return instead
    return render(
        request,
        "planning/plan_municipalities.html",
        _context(plan, municipalities=selectors.plan_municipalities(plan=plan)),
    )


def plan_municipality(request, slug, pk, code):
    plan, instead = _reading(request, slug, pk)
    if instead is not None:
        return instead
    municipality = get_object_or_404(plan.process.planning_area.municipalities.all(), code=code)
    found = selectors.measures_for_municipality(plan=plan, municipality=municipality)
    finance = selectors.plan_finance(plan=plan, measures=[m.pk for m in found["named"]])
    return render(
        request,
        "planning/plan_municipality.html",
        _context(plan, municipality=municipality, finance=finance, **found),
    )


def measure_detail(request, slug, pk, measure_pk):
    plan, instead = _reading(request, slug, pk)
    if instead is not None:
        return redirect(f"{plan.get_absolute_url()}#opatreni-{measure_pk}")
    measure = selectors.measure_get(plan=plan, pk=measure_pk)
    finance = selectors.plan_finance(plan=plan, measures=[measure.pk])
    return render(
        request,
        "planning/measure_detail.html",
        _context(
            plan,
            measure=measure,
            finance=finance,
            can_edit=request.user.has_perm("planning.change_measure", measure),
        ),
    )


def plan_finance(request, slug, pk):
    plan, instead = _reading(request, slug, pk)
    if instead is not None:
        return instead
    return render(
        request,
        "planning/plan_finance.html",
        _context(plan, finance=selectors.plan_finance(plan=plan)),
    )


# --- plans -------------------------------------------------------------------------------


def plan_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "planning.change_plan", process)
    initial = {"year_start": process.period_start, "year_end": process.period_end}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                process=process,
                **{name: form.cleaned_data[name] for name in PlanForm.Meta.fields},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was created."))
            return redirect(_editor_url(plan))
    return render(request, "planning/plan_form.html", {"process": process, "form": form})


def plan_edit(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    if plan.is_frozen and request.method == "GET":
        return _refuse_frozen(request, plan)
    key = f"plan-{plan.pk}"
    draft = _draft(request, key)
    form = PlanForm(
        request.POST or None,
        instance=Plan.objects.get(pk=plan.pk),
        initial=initial_from_draft(PlanForm.base_fields, draft.data) if draft else None,
    )
    form.enable_autosave(_autosave_url(plan, key))
    response = _save_edit(
        request,
        plan=plan,
        key=key,
        form=form,
        save=lambda f: services.plan_update(
            actor=request.user,
            plan=plan,
            **{name: f.cleaned_data[name] for name in PlanForm.Meta.fields},
        ),
        success=_("The plan was saved."),
        success_url=_editor_url(plan),
    )
    return response or render(
        request, "planning/plan_form.html", _context(plan, form=form, draft=draft, key=key)
    )


def plan_editor(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.view_plan_internal")
    if plan.is_action_plan:
        return redirect(plan)
    groups = selectors.drafting_group_ids(user=request.user, process=plan.process)
    can_change = request.user.has_perm("planning.change_plan", plan)
    priorities = selectors.plan_tree(plan=plan)
    for priority in priorities:
        for measure in priority.measures.all():
            measure.can_edit = not plan.is_frozen and (
                can_change or measure.working_group_id in groups
            )
    return render(
        request,
        "planning/plan_editor.html",
        _context(
            plan,
            priorities=priorities,
            can_change=can_change and not plan.is_frozen,
            can_manage=can_change,
            action_plans=list(plan.action_plans.order_by("year")),
            open_needs=selectors.open_needs(plan=plan),
        ),
    )


def plan_status(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    form = PlanStatusForm(request.POST or None, initial={"status": plan.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_status_set(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The plan is now %(status)s.") % {"status": plan.get_status_display()},
            )
            return redirect(_editor_url(plan) if not plan.is_action_plan else plan)
    return render(request, "planning/plan_status.html", _context(plan, form=form))


def plan_amend(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_amendment_start(
                actor=request.user, plan=plan, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Amendment: version %(version)s of the plan can now be edited.")
                % {"version": plan.version},
            )
            return redirect(_editor_url(plan) if not plan.is_action_plan else plan)
    return render(request, "planning/plan_amend.html", _context(plan, form=form))


def plan_versions(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.view_plan_internal")
    form = VersionSaveForm(request.POST or None)
    if request.method == "POST":
        require(request, "planning.change_plan", plan)
        if form.is_valid():
            version = services.plan_version_save(
                actor=request.user, plan=plan, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("Version %(version)s.%(revision)s was saved.")
                % {"version": version.version, "revision": version.revision},
            )
            return redirect(reverse("planning:plan_versions", kwargs={"slug": slug, "pk": plan.pk}))
    versions = list(selectors.plan_versions(plan=plan))
    return render(
        request,
        "planning/plan_versions.html",
        _context(
            plan,
            versions=versions,
            form=form,
            can_change=request.user.has_perm("planning.change_plan", plan),
        ),
    )


def version_compare(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.view_plan_internal")
    versions = {v.revision: v for v in plan.versions.all()}
    if not versions:
        raise Http404
    try:
        a = int(request.GET.get("a") or 0)
        b = int(request.GET.get("b") or 0)
    except ValueError:
        a = b = 0
    latest = max(versions)
    old = versions.get(a) or versions[max(min(versions), latest - 1)]
    new = versions.get(b) or versions[latest]
    rows = compare_snapshots(old.snapshot, new.snapshot)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "planning/version_compare.html",
        _context(
            plan,
            old=old,
            new=new,
            rows=rows if show_all else collapse_unchanged(rows),
            show_all=show_all,
            changes=sum(1 for r in rows if r.tag != "equal"),
            versions=sorted(versions.values(), key=lambda v: -v.revision),
        ),
    )


# --- priorities, measures, activities ----------------------------------------------------


def priority_form(request, slug, pk, priority_pk=None):
    plan = _plan(request, slug, pk, "planning.change_plan")
    if plan.is_frozen and request.method == "GET":
        return _refuse_frozen(request, plan)
    priority = get_object_or_404(plan.priorities, pk=priority_pk) if priority_pk else None
    key = f"priority-{priority_pk or 'new'}-{plan.pk}"
    draft = _draft(request, key)
    form = PriorityForm(
        request.POST or None,
        plan=plan,
        instance=Priority.objects.get(pk=priority.pk) if priority else None,
        initial=initial_from_draft(PriorityForm.base_fields, draft.data) if draft else None,
    )
    form.enable_autosave(_autosave_url(plan, key))

    def save(f):
        fields = {name: f.cleaned_data[name] for name in PriorityForm.Meta.fields}
        if priority is None:
            services.priority_create(actor=request.user, plan=plan, **fields)
        else:
            services.priority_update(actor=request.user, priority=priority, **fields)

    response = _save_edit(
        request,
        plan=plan,
        key=key,
        form=form,
        save=save,
        success=_("The priority was saved."),
        success_url=_editor_url(plan),
    )
    return response or render(
        request,
        "planning/priority_form.html",
        _context(plan, form=form, priority=priority, draft=draft, key=key),
    )


@require_POST
def priority_action(request, slug, pk, priority_pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    priority = get_object_or_404(plan.priorities, pk=priority_pk)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            services.priority_move(actor=request.user, priority=priority, direction=action)
        elif action == "delete":
            services.priority_delete(actor=request.user, priority=priority)
            messages.success(request, _("The priority was deleted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_editor_url(plan))


def _measure_edit(request, plan, *, measure=None, priority=None):
    coordinator = request.user.has_perm("planning.change_plan", plan)
    key = f"measure-{measure.pk if measure else 'new'}-{plan.pk}"
    draft = _draft(request, key)
    initial = {"priority": priority.pk} if priority else {}
    indicators_initial = indicator_initial(measure)
    if draft:
        initial.update(initial_from_draft(MeasureForm.base_fields, draft.data))
        indicators_initial = _formset_initial_from_draft(draft.data, INDICATOR_PREFIX)
    instance = None
    if measure is not None:
        instance = type(measure).objects.get(pk=measure.pk)
    costs = (
        list(measure.costs.filter(activity__isnull=True, action_item__isnull=True))
        if measure
        else []
    )
    form = MeasureForm(
        request.POST or None,
        plan=plan,
        coordinator=coordinator,
        instance=instance,
        initial=initial,
        costs=costs,
    )
    form.enable_autosave(_autosave_url(plan, key))
    indicators = IndicatorFormSet(
        request.POST or None,
        prefix=INDICATOR_PREFIX,
        initial=indicators_initial,
        form_kwargs={"years": plan.years},
    )
    form.companions = [indicators]

    def save(f):
        fields = f.measure_fields()
        items = [x for x in (row.indicator() for row in indicators) if x]
        if measure is None:
            services.measure_create(
                actor=request.user,
                priority=f.cleaned_data["priority"],
                indicators=items,
                costs=f.costs(),
                **fields,
            )
        else:
            services.measure_update(
                actor=request.user,
                measure=measure,
                priority=f.cleaned_data.get("priority"),
                indicators=items,
                costs=f.costs(),
                **fields,
            )

    response = _save_edit(
        request,
        plan=plan,
        key=key,
        form=form,
        save=save,
        success=_("The measure was saved."),
        success_url=_editor_url(plan),
    )
    return response or render(
        request,
        "planning/measure_form.html",
        _context(plan, form=form, indicators=indicators, measure=measure, draft=draft, key=key),
    )


def measure_create(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    if plan.is_frozen and request.method == "GET":
        return _refuse_frozen(request, plan)
    priority = None
    if request.GET.get("priority"):
        priority = plan.priorities.filter(pk=request.GET["priority"]).first()
    return _measure_edit(request, plan, priority=priority)


def measure_edit(request, slug, pk, measure_pk):
    plan = _plan(request, slug, pk, "planning.view_plan_internal")
    measure = selectors.measure_get(plan=plan, pk=measure_pk)
    require(request, "planning.change_measure", measure)
    if plan.is_frozen and request.method == "GET":
        return _refuse_frozen(request, plan)
    return _measure_edit(request, plan, measure=measure)


@require_POST
def measure_action(request, slug, pk, measure_pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    measure = selectors.measure_get(plan=plan, pk=measure_pk)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            services.measure_move(actor=request.user, measure=measure, direction=action)
        elif action == "delete":
            services.measure_delete(actor=request.user, measure=measure)
            messages.success(request, _("The measure was deleted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_editor_url(plan))


def activity_form(request, slug, pk, measure_pk, activity_pk=None):
    plan = _plan(request, slug, pk, "planning.view_plan_internal")
    measure = selectors.measure_get(plan=plan, pk=measure_pk)
    require(request, "planning.change_measure", measure)
    if plan.is_frozen and request.method == "GET":
        return _refuse_frozen(request, plan)
    activity = get_object_or_404(measure.activities, pk=activity_pk) if activity_pk else None
    key = f"activity-{activity_pk or 'new'}-{measure.pk}"
    draft = _draft(request, key)
    form = ActivityForm(
        request.POST or None,
        plan=plan,
        instance=Activity.objects.get(pk=activity.pk) if activity else None,
        initial=initial_from_draft(ActivityForm.base_fields, draft.data) if draft else None,
        costs=list(activity.costs.filter(action_item__isnull=True)) if activity else [],
    )
    form.enable_autosave(_autosave_url(plan, key))

    def save(f):
        if activity is None:
            services.activity_create(
                actor=request.user, measure=measure, costs=f.costs(), **f.activity_fields()
            )
        else:
            services.activity_update(
                actor=request.user, activity=activity, costs=f.costs(), **f.activity_fields()
            )

    response = _save_edit(
        request,
        plan=plan,
        key=key,
        form=form,
        save=save,
        success=_("The activity was saved."),
        success_url=_editor_url(plan),
    )
    return response or render(
        request,
        "planning/activity_form.html",
        _context(plan, form=form, measure=measure, activity=activity, draft=draft, key=key),
    )


@require_POST
def activity_action(request, slug, pk, measure_pk, activity_pk):
    plan = _plan(request, slug, pk, "planning.view_plan_internal")
    measure = selectors.measure_get(plan=plan, pk=measure_pk)
    require(request, "planning.change_measure", measure)
    activity = get_object_or_404(measure.activities, pk=activity_pk)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            services.activity_move(actor=request.user, activity=activity, direction=action)
        elif action == "delete":
            services.activity_delete(actor=request.user, activity=activity)
            messages.success(request, _("The activity was deleted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_editor_url(plan))


# --- autosave ----------------------------------------------------------------------------


def _autosave_url(plan: Plan, key: str) -> str:
    return (
        reverse("planning:draft_save", kwargs={"slug": plan.process.slug, "pk": plan.pk})
        + f"?key={key}"
    )


@require_POST
def draft_save(request, slug, pk):
    """Autosave (htmx): keep what is typed, whatever it is; answers a status line.
    ``action=discard`` drops the draft (a plain form on the edit page)."""
    plan = _plan(request, slug, pk, "planning.view_plan_internal")
    key = request.GET.get("key", "")[:100]
    if not key:
        raise Http404
    if request.POST.get("action") == "discard":
        services.draft_discard(user=request.user, key=key)
        messages.success(request, _("The unsaved text was discarded."))
        return redirect(request.POST.get("next") or _editor_url(plan))
    services.draft_save(user=request.user, plan=plan, key=key, data=_post_lists(request))
    return HttpResponse(
        _("Draft kept at %(time)s (not saved to the plan yet).")
        % {"time": time_format(timezone.localtime(), "H:i:s")}
    )


# --- action plans ------------------------------------------------------------------------


def action_plan_create(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    if plan.is_action_plan:
        raise Http404
    form = ActionPlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            action_plan = services.action_plan_create(
                actor=request.user,
                medium_term_plan=plan,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action plan was created."))
            return redirect(action_plan)
    return render(request, "planning/action_plan_form.html", _context(plan, form=form))


def action_item_edit(request, slug, pk, item_pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    item = get_object_or_404(ActionItem.objects.select_related("activity"), plan=plan, pk=item_pk)
    if plan.is_frozen and request.method == "GET":
        return _refuse_frozen(request, plan)
    key = f"item-{item.pk}"
    draft = _draft(request, key)
    form = ActionItemForm(
        request.POST or None,
        plan=plan,
        instance=ActionItem.objects.get(pk=item.pk),
        initial=initial_from_draft(ActionItemForm.base_fields, draft.data) if draft else None,
        costs=list(item.costs.all()),
    )
    form.enable_autosave(_autosave_url(plan, key))
    response = _save_edit(
        request,
        plan=plan,
        key=key,
        form=form,
        save=lambda f: services.action_item_update(
            actor=request.user,
            item=item,
            expected_outputs=f.cleaned_data["expected_outputs"],
            status=f.cleaned_data["status"],
            costs=f.costs(),
        ),
        success=_("The activity of the action plan was saved."),
        success_url=plan.get_absolute_url(),
    )
    return response or render(
        request,
        "planning/action_item_form.html",
        _context(plan, form=form, item=item, draft=draft, key=key),
    )


def action_measure_costs(request, slug, pk, measure_pk):
    """The own costs of a measure (not split into activities) in an action plan."""
    plan = _plan(request, slug, pk, "planning.change_plan")
    if not plan.is_action_plan:
        raise Http404
    measure = get_object_or_404(
        Measure.objects.select_related("priority"),
        priority__plan_id=plan.medium_term_plan_id,
        pk=measure_pk,
    )
    if plan.is_frozen:
        return _refuse_frozen(request, plan)
    costs = measure.costs.filter(plan=plan, activity__isnull=True, action_item__isnull=True)
    form = ActionMeasureCostsForm(
        request.POST or None, plan=plan, measure=measure, costs=list(costs)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with form.saving(lock=Plan.objects.filter(pk=plan.pk)):
                services.action_measure_costs_set(
                    actor=request.user, plan=plan, measure=measure, costs=form.costs()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The costs of the measure were saved."))
            return redirect(plan)
    return render(
        request,
        "planning/action_measure_costs_form.html",
        _context(plan, form=form, measure=measure),
    )


@require_POST
def action_plan_carry_over(request, slug, pk):
    plan = _plan(request, slug, pk, "planning.change_plan")
    try:
        added = services.action_plan_carry_over(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Activities carried over from the previous year: %(count)s.") % {"count": len(added)},
        )
    return redirect(plan)
