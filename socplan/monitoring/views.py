"""Pages of the monitoring: the periods of a plan, the state of a year (filled in per
activity and indicator, submitted, approved or returned), the set-up (weights, kinds of
indicators), the bulk update from a file, the public dashboard and the evaluation.

Every form is a plain POST (no JavaScript needed). A process the user may not see answers
404; an action the user may not take answers 403 (anonymous: sign in).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.core.forms import add_service_errors
from socplan.core.numbers import is_digits
from socplan.core.permissions import require
from socplan.organisation.guards import process_for_user
from socplan.planning import selectors as plan_selectors
from socplan.planning.models import ActionItem, Indicator, Measure, Plan, Priority

from . import approved, rollup, selectors, services
from .forms import (
    ActivityReportForm,
    CouncilNoteForm,
    EvaluationForm,
    ImportForm,
    IndicatorValuesForm,
    LightForm,
    MeasureCostsForm,
    NextPlanForm,
    PeriodCreateForm,
    PeriodForm,
    ReturnForm,
    SetupForm,
)
from .models import ActualCost, IndicatorSetup, MonitoringPeriod, Weight
from .rules import MeasureInPeriod
from .svg import indicator_bars, progress_bars


def _plan(request, slug, pk) -> Plan:
    plan = plan_selectors.plan_get(process=process_for_user(request, slug), pk=pk)
    if plan.kind != Plan.Kind.MEDIUM_TERM:
        raise Http404
    return plan


def _period(request, slug, pk, year, perm="monitoring.view_period") -> MonitoringPeriod:
    plan = _plan(request, slug, pk)
    period = selectors.period_get(plan=plan, year=year)
    require(request, perm, period)
    return period


def _period_url(period: MonitoringPeriod) -> str:
    return reverse(
        "monitoring:period_detail",
        kwargs={"slug": period.process.slug, "pk": period.plan.pk, "year": period.year},
    )


def _context(plan, **extra):
    return {"plan": plan, "process": plan.process, **extra}


# --- the periods of a plan ---------------------------------------------------------------


def period_list(request, slug, pk):
    plan = _plan(request, slug, pk)
    internal = request.user.has_perm("monitoring.view_period_internal", plan)
    if not internal:
        require(request, "monitoring.view_dashboard", plan)
    periods = selectors.periods_of_plan(plan=plan, approved_only=not internal)
    approved.show_as_approved(approved.approved_names(request.user, plan), plan=plan)
    can_manage = request.user.has_perm("monitoring.manage_monitoring", plan)
    form = None
    if can_manage:
        candidates = selectors.action_plans_without_period(plan=plan)
        form = PeriodCreateForm(request.POST or None, action_plans=candidates)
        if request.method == "POST" and form.is_valid():
            try:
                period = services.period_create(
                    actor=request.user,
                    action_plan=form.cleaned_data["action_plan"],
                    deadline=form.cleaned_data["deadline"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The monitoring of the year was opened."))
                return redirect(_period_url(period))
    elif request.method == "POST":
        require(request, "monitoring.manage_monitoring", plan)
    return render(
        request,
        "monitoring/period_list.html",
        _context(
            plan,
            periods=periods,
            internal=internal,
            can_manage=can_manage,
            form=form,
            evaluation=selectors.evaluation_of(plan=plan),
        ),
        status=400 if form is not None and form.is_bound and not form.is_valid() else 200,
    )


def period_detail(request, slug, pk, year):
    period = _period(request, slug, pk, year)
    internal = request.user.has_perm("monitoring.view_period_internal", period)
    state = selectors.period_state(period=period, with_evidence=True)
    user = request.user
    approved.show_as_approved(
        approved.approved_names(user, period.plan), plan=period.plan, states=[state]
    )
    return render(
        request,
        "monitoring/period_detail.html",
        _context(
            period.plan,
            period=period,
            state=state,
            internal=internal,
            can_edit=user.has_perm("monitoring.edit_period", period),
            can_submit=user.has_perm("monitoring.submit_period", period),
            can_approve=user.has_perm("monitoring.approve_period", period),
            can_note=user.has_perm("monitoring.record_council_note", period),
            can_manage=user.has_perm("monitoring.set_light", period),
            editable_items={
                row.item.pk
                for row in state.activities
                if user.has_perm("monitoring.edit_activity_report", row.item)
            }
            if period.is_editable
            else set(),
            editable_measures={
                m.measure.pk
                for p in state.priorities
                for m in p.measures
                if user.has_perm(
                    "monitoring.edit_measure_costs", MeasureInPeriod(period, m.measure)
                )
            }
            if period.is_editable
            else set(),
            return_form=ReturnForm(),
            chart=progress_bars(
                [(f"{p.priority.code} {p.priority.title}", p.progress) for p in state.priorities],
                title=_("Progress by priority (%)"),
            ),
        ),
    )


def period_edit(request, slug, pk, year):
    period = _period(request, slug, pk, year, "monitoring.edit_period")
    form = PeriodForm(
        request.POST or None, initial={"deadline": period.deadline, "summary": period.summary}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_period_url(period))
    return render(
        request,
        "monitoring/period_form.html",
        _context(period.plan, period=period, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


def activity_report(request, slug, pk, year, item_pk):
    period = _period(request, slug, pk, year, "monitoring.view_period_internal")
    item = get_object_or_404(
        ActionItem.objects.select_related("activity__measure__priority", "plan"),
        pk=item_pk,
        plan=period.action_plan,
    )
    require(request, "monitoring.edit_activity_report", item)
    report = getattr(item, "monitoring_report", None)
    initial = {"status": item.status}
    if report is not None:
        initial.update(
            progress=report.progress,
            commentary=report.commentary,
            links=report.links,
            documents=list(report.documents.all()),
            meetings=list(report.meetings.all()),
        )
    for cost in ActualCost.objects.filter(period=period, action_item=item):
        initial[f"cost_{cost.source}"] = cost.amount
    form = ActivityReportForm(
        request.POST or None, initial=initial, process=period.process, year=period.year
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_report_save(
                actor=request.user,
                period=period,
                item=item,
                status=data["status"],
                progress=data["progress"],
                commentary=data["commentary"],
                links=data["links"],
                documents=data["documents"],
                meetings=data["meetings"],
                costs=form.costs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The monitoring of activity %(code)s was saved.") % {"code": item.activity.code},
            )
            return redirect(_period_url(period) + f"#activity-{item.pk}")
    planned = {}
    for cost in item.costs.all():
        planned[cost.source] = planned.get(cost.source, 0) + cost.amount
    return render(
        request,
        "monitoring/activity_form.html",
        _context(
            period.plan,
            period=period,
            item=item,
            form=form,
            planned=[(f, planned.get(f.name[5:])) for f in form.cost_fields],
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


def measure_costs(request, slug, pk, year, measure_pk):
    """The real costs of a measure itself (not split into its activities) in the year."""
    period = _period(request, slug, pk, year, "monitoring.view_period_internal")
    measure = get_object_or_404(
        Measure.objects.select_related("priority"), pk=measure_pk, priority__plan=period.plan
    )
    require(request, "monitoring.edit_measure_costs", MeasureInPeriod(period, measure))
    form = MeasureCostsForm(request.POST or None, period=period, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            # the version checked again in the save's transaction, the period locked first
            # as the service locks it: a save by somebody else since is a conflict
            with form.saving(lock=MonitoringPeriod.objects.filter(pk=period.pk)):
                services.measure_costs_set(
                    actor=request.user, period=period, measure=measure, costs=form.costs()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The real costs of measure %(code)s were saved.") % {"code": measure.code},
            )
            return redirect(_period_url(period) + f"#measure-{measure.pk}")
    planned = selectors.measure_own_planned(period=period, measure=measure)
    return render(
        request,
        "monitoring/measure_costs_form.html",
        _context(
            period.plan,
            period=period,
            measure=measure,
            form=form,
            planned=[(f, planned.get(f.name[5:])) for f in form.cost_fields],
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


def indicator_values(request, slug, pk, year):
    period = _period(request, slug, pk, year, "monitoring.edit_period")
    rows = selectors.period_state(period=period).indicators
    form = IndicatorValuesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            for row in rows:
                if row.from_register:
                    continue
                key = row.indicator.pk
                services.indicator_value_set(
                    actor=request.user,
                    period=period,
                    indicator=row.indicator,
                    value=form.cleaned_data[f"value_{key}"],
                    note=form.cleaned_data[f"note_{key}"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The values of the indicators were saved."))
            return redirect(_period_url(period) + "#indicators")
    return render(
        request,
        "monitoring/indicator_form.html",
        _context(period.plan, period=period, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def register_fill(request, slug, pk, year):
    period = _period(request, slug, pk, year, "monitoring.edit_period")
    try:
        count = services.register_values_fill(actor=request.user, period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Values taken from the register: %(count)s.") % {"count": count},
        )
    return redirect(_period_url(period) + "#indicators")


@require_POST
def period_workflow(request, slug, pk, year):
    """Submit, approve or return a period."""
    period = _period(request, slug, pk, year, "monitoring.view_period_internal")
    action = request.POST.get("action")
    try:
        if action == "submit":
            require(request, "monitoring.submit_period", period)
            services.period_submit(actor=request.user, period=period)
            messages.success(request, _("The monitoring was submitted to the steering group."))
        elif action == "approve":
            require(request, "monitoring.approve_period", period)
            services.period_approve(actor=request.user, period=period)
            messages.success(request, _("The monitoring was approved and locked."))
        elif action == "return":
            require(request, "monitoring.approve_period", period)
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say what should be completed or changed."))
                return redirect(_period_url(period) + "#workflow")
            services.period_return(
                actor=request.user, period=period, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The monitoring was returned with your comment."))
        else:
            require(request, "monitoring.manage_monitoring", period)
            messages.error(request, _("Choose what to do with the monitoring."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_period_url(period))


def council_note(request, slug, pk, year):
    period = _period(request, slug, pk, year, "monitoring.record_council_note")
    form = CouncilNoteForm(
        request.POST or None,
        request.FILES or None,
        initial=CouncilNoteForm.initial_from(period.council_note),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.council_decision_record(
                actor=request.user, period=period, value=data.pop("decision"), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The council's decision was recorded."))
            return redirect(_period_url(period))
    return render(
        request,
        "monitoring/council_form.html",
        _context(period.plan, period=period, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


def council_decision_file(request, slug, pk, year):
    """The council's resolution on the report: for whoever may see the period (the public
    once the report is approved and the process published)."""
    period = _period(request, slug, pk, year, "monitoring.view_period")
    decision = period.council_note
    if decision is None or not decision.file:
        raise Http404
    return FileResponse(decision.file.open("rb"), as_attachment=True, filename=decision.file_name)


def light_override(request, slug, pk, year):
    """Set the traffic light of the plan, a priority (``p<id>``) or a measure (``m<id>``)."""
    period = _period(request, slug, pk, year, "monitoring.set_light")
    target = request.POST.get("target") or request.GET.get("target") or ""
    priority = measure = None
    if target.startswith("p") and is_digits(target[1:]):
        priority = get_object_or_404(Priority, pk=int(target[1:]), plan=period.plan)
    elif target.startswith("m") and is_digits(target[1:]):
        measure = get_object_or_404(Measure, pk=int(target[1:]), priority__plan=period.plan)
    elif target:
        raise Http404
    existing = period.light_overrides.filter(priority=priority, measure=measure).first()
    form = LightForm(
        request.POST or None,
        initial={
            "target": target,
            "light": existing.light if existing else "",
            "reason": existing.reason if existing else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.light_override_set(
                actor=request.user,
                period=period,
                light=form.cleaned_data["light"],
                reason=form.cleaned_data["reason"],
                priority=priority,
                measure=measure,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The traffic light was saved."))
            return redirect(_period_url(period))
    return render(
        request,
        "monitoring/light_form.html",
        _context(period.plan, period=period, form=form, subject=priority or measure or period.plan),
        status=400 if form.is_bound and form.errors else 200,
    )


def bulk_import(request, slug, pk, year):
    period = _period(request, slug, pk, year, "monitoring.edit_period")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.bulk_update(
                actor=request.user, period=period, name=upload.name, content=upload.read()
            )
        except services.ImportFailed as failure:
            errors = failure.errors_list
        except ValidationError as error:
            add_service_errors(form, error, "file")
        else:
            messages.success(
                request,
                _("Updated from the file: %(activities)s activities, %(indicators)s indicators.")
                % {"activities": result.activities, "indicators": result.indicators},
            )
            return redirect(_period_url(period))
    return render(
        request,
        "monitoring/import_form.html",
        _context(period.plan, period=period, form=form, import_errors=errors),
        status=400 if (form.is_bound and form.errors) or errors else 200,
    )


# --- set-up: weights and indicators --------------------------------------------------------


def setup(request, slug, pk):
    plan = _plan(request, slug, pk)
    require(request, "monitoring.manage_monitoring", plan)
    tree = plan_selectors.plan_tree(plan=plan)
    indicators = list(
        Indicator.objects.filter(measure__priority__plan=plan)
        .select_related("measure")
        .order_by("measure__priority__order", "measure__order", "order")
    )
    weights = {}
    for w in Weight.objects.filter(plan=plan):
        key = (
            ("activity", w.activity_id)
            if w.activity_id
            else ("measure", w.measure_id)
            if w.measure_id
            else ("priority", w.priority_id)
        )
        weights[key] = w.weight
    setups = {s.indicator_id: s for s in IndicatorSetup.objects.filter(indicator__in=indicators)}
    form = SetupForm(
        request.POST or None, tree=tree, indicators=indicators, weights=weights, setups=setups
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            for _level, obj, field in form.weight_rows():
                old = weights.get((type(obj).__name__.lower(), obj.pk), 1)
                new = data[field.name]
                if (new if new is not None else 1) != old:
                    services.weight_set(actor=request.user, obj=obj, weight=new)
            for indicator in indicators:
                services.indicator_setup_set(
                    actor=request.user,
                    indicator=indicator,
                    aggregation=data[f"agg_{indicator.pk}"],
                    register_kind=data[f"kind_{indicator.pk}"],
                    register_capacity_type=data[f"cap_{indicator.pk}"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The set-up of the monitoring was saved."))
            return redirect("monitoring:period_list", slug=slug, pk=pk)
    return render(
        request,
        "monitoring/setup_form.html",
        _context(plan, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


# --- the public dashboard ------------------------------------------------------------------


def dashboard(request, slug, pk):
    plan = _plan(request, slug, pk)
    require(request, "monitoring.view_dashboard", plan)
    board = selectors.dashboard(plan=plan, approved_only=True)
    board.indicators = approved.show_as_approved(
        approved.approved_names(request.user, plan),
        plan=plan,
        states=board.states,
        indicators=board.indicators,
    )
    return render(
        request,
        "monitoring/dashboard.html",
        _context(
            plan,
            board=board,
            year_chart=progress_bars(
                [(str(s.period.year), s.progress) for s in board.states],
                title=_("Progress of the plan by year (%)"),
            ),
            priority_chart=progress_bars(
                [
                    (f"{p.priority.code} {p.priority.title}", p.progress)
                    for p in board.latest.priorities
                ]
                if board.latest
                else [],
                title=_("Progress by priority in the last approved year (%)"),
            ),
            indicator_charts=[
                (row, indicator_bars(row, board.years), _series(row, board.years), f"ind-{i}")
                for i, row in enumerate(board.indicators)
            ],
        ),
    )


def _series(row, years):
    return [
        (
            year,
            rollup.target_to_date(row.indicator.targets, year, row.aggregation),
            rollup.value_to_date(row.values_by_year, year, row.aggregation),
        )
        for year in years
    ]


# --- the evaluation ------------------------------------------------------------------------


def evaluation(request, slug, pk):
    plan = _plan(request, slug, pk)
    current = selectors.evaluation_of(plan=plan)
    if request.method == "POST":
        require(request, "monitoring.manage_monitoring", plan)
    if request.method == "POST" and request.POST.get("action") == "start":
        services.evaluation_start(actor=request.user, plan=plan)
        messages.success(request, _("The evaluation of the plan was started."))
        return redirect("monitoring:evaluation", slug=slug, pk=pk)
    if current is None:
        if not request.user.has_perm("monitoring.manage_monitoring", plan):
            require(request, "monitoring.view_period_internal", plan)
        return render(
            request,
            "monitoring/evaluation_start.html",
            _context(plan, can_manage=request.user.has_perm("monitoring.manage_monitoring", plan)),
        )
    require(request, "monitoring.view_evaluation", current)
    can_manage = request.user.has_perm("monitoring.manage_monitoring", plan)
    form = EvaluationForm(
        request.POST if request.method == "POST" and can_manage else None,
        initial={
            "lessons": current.lessons,
            "recommendations": current.recommendations,
            "status": current.status,
        },
    )
    if request.method == "POST":
        require(request, "monitoring.manage_monitoring", plan)
        if form.is_valid():
            services.evaluation_update(actor=request.user, evaluation=current, **form.cleaned_data)
            messages.success(request, _("The evaluation was saved."))
            return redirect("monitoring:evaluation", slug=slug, pk=pk)
    next_form = NextPlanForm(
        initial={
            "title": plan.title,
            "year_start": plan.year_end + 1,
            "year_end": plan.year_end + plan.year_end - plan.year_start + 1,
        }
    )
    summary = selectors.evaluation_summary(plan=plan)
    approved.show_as_approved(
        approved.approved_names(request.user, plan), plan=plan, summary=summary
    )
    return render(
        request,
        "monitoring/evaluation.html",
        _context(
            plan,
            evaluation=current,
            summary=summary,
            form=form,
            next_form=next_form,
            can_manage=can_manage,
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


def next_plan(request, slug, pk):
    plan = _plan(request, slug, pk)
    require(request, "monitoring.manage_monitoring", plan)
    current = selectors.evaluation_of(plan=plan)
    if current is None:
        messages.error(request, _("Start the evaluation of the plan first."))
        return redirect("monitoring:evaluation", slug=slug, pk=pk)
    form = NextPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.next_plan_start(
                actor=request.user, evaluation=current, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The next plan was started as a draft with the unfinished work.")
            )
            return redirect(new)
    return render(
        request,
        "monitoring/next_plan_form.html",
        _context(plan, evaluation=current, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )
