"""Named reads of the monitoring: the state of a period rolled up (activities → measures →
priorities → plan), the indicators against their targets, the money against the plan, what
carries over, the dashboard of a plan over its years and the evaluation at its end.

Each of them loads a plan in a fixed number of queries, however many activities and
indicators it has (see tests/test_query_budgets.py and benchmarks/monitoring_report.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.planning.models import (
    ActionItem,
    Activity,
    CostEstimate,
    FundingSource,
    Indicator,
    Measure,
    Plan,
    Priority,
)

from . import rollup
from .models import (
    ActivityReport,
    ActualCost,
    Evaluation,
    IndicatorSetup,
    IndicatorValue,
    LightOverride,
    MonitoringPeriod,
    Weight,
)

ZERO = Decimal(0)

# The states of an activity as the monitoring names them; the values are the statuses of
# planning's ActionItem, where the state is kept.
STATES = [
    ("done", pgettext_lazy("monitoring state", "done")),
    ("in_progress", pgettext_lazy("monitoring state", "partly done")),
    ("not_done", pgettext_lazy("monitoring state", "not done")),
    ("planned", pgettext_lazy("monitoring state", "not started")),
    ("cancelled", pgettext_lazy("monitoring state", "cancelled")),
]
STATE_LABELS = dict(STATES)
# what the bulk import accepts for each state (Czech and English words, and the codes)
STATE_WORDS = {
    "done": "done",
    "splněno": "done",
    "splneno": "done",
    "partly": "in_progress",
    "partly done": "in_progress",
    "in_progress": "in_progress",
    "částečně": "in_progress",
    "částečně splněno": "in_progress",
    "castecne splneno": "in_progress",
    "not done": "not_done",
    "not_done": "not_done",
    "nesplněno": "not_done",
    "nesplneno": "not_done",
    "not started": "planned",
    "planned": "planned",
    "nezahájeno": "planned",
    "nezahajeno": "planned",
    "cancelled": "cancelled",
    "zrušeno": "cancelled",
    "zruseno": "cancelled",
}
LIGHT_LABELS = {
    "on_track": _("on track"),
    "at_risk": _("at risk"),
    "off_track": _("off track"),
}


def state_label(status: str) -> str:
    return str(STATE_LABELS.get(status, status))


# --- getting things -----------------------------------------------------------------------


def period_get(*, plan: Plan, year: int) -> MonitoringPeriod:
    """The monitoring period of ``year`` of a medium-term plan (404 when there is none)."""
    try:
        return MonitoringPeriod.objects.select_related(
            "action_plan__process__planning_area",
            "action_plan__medium_term_plan",
            "council_decision",
        ).get(action_plan__medium_term_plan=plan, action_plan__year=year)
    except MonitoringPeriod.DoesNotExist as exc:
        raise Http404 from exc


def periods_of_plan(*, plan: Plan, approved_only: bool = False) -> list[MonitoringPeriod]:
    qs = MonitoringPeriod.objects.filter(action_plan__medium_term_plan=plan).select_related(
        "action_plan", "council_decision"
    )
    if approved_only:
        qs = qs.filter(status=MonitoringPeriod.Status.APPROVED)
    return list(qs.order_by("action_plan__year"))


def action_plans_without_period(*, plan: Plan) -> list[Plan]:
    return list(plan.action_plans.filter(monitoring_period__isnull=True).order_by("year"))


def evaluation_of(*, plan: Plan) -> Evaluation | None:
    return Evaluation.objects.filter(plan=plan).select_related("next_plan").first()


# --- the rolled-up state of a period --------------------------------------------------------


@dataclass
class ActivityRow:
    item: ActionItem
    report: ActivityReport | None
    weight: Decimal | None
    planned: dict[str, Decimal]
    actual: dict[str, Decimal]

    @property
    def activity(self) -> Activity:
        return self.item.activity

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def state(self) -> str:
        return state_label(self.item.status)

    @property
    def progress(self) -> float | None:
        given = self.report.progress if self.report is not None else None
        return rollup.activity_progress(self.item.status, given)

    @property
    def light(self) -> str | None:
        return rollup.light_for(self.progress)

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum(self.actual.values(), ZERO)

    @property
    def is_unfinished(self) -> bool:
        return self.item.is_unfinished

    @property
    def commentary(self) -> str:
        return self.report.commentary if self.report is not None else ""


@dataclass
class Lighted:
    """A measure, priority or the plan with its progress and light (computed or set)."""

    progress: float | None = None
    override: LightOverride | None = None

    @property
    def light_auto(self) -> str | None:
        return rollup.light_for(self.progress)

    @property
    def light(self) -> str | None:
        return self.override.light if self.override is not None else self.light_auto

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS.get(self.light, "")) if self.light else ""


@dataclass
class MeasureRow(Lighted):
    measure: Measure | None = None
    weight: Decimal | None = None
    activities: list[ActivityRow] = field(default_factory=list)
    own_planned: dict[str, Decimal] = field(default_factory=dict)
    own_actual: dict[str, Decimal] = field(default_factory=dict)

    @property
    def own_planned_total(self) -> Decimal:
        return sum(self.own_planned.values(), ZERO)

    @property
    def own_actual_total(self) -> Decimal:
        return sum(self.own_actual.values(), ZERO)


@dataclass
class PriorityRow(Lighted):
    priority: Priority | None = None
    weight: Decimal | None = None
    measures: list[MeasureRow] = field(default_factory=list)


@dataclass
class IndicatorRow:
    indicator: Indicator
    aggregation: str
    from_register: bool
    value: IndicatorValue | None  # of this period
    to_date: Decimal | None
    target_to_date: Decimal | None  # the target to date (sum of yearly targets / last level)
    target_final: Decimal | None
    values_by_year: dict[int, Decimal]

    @property
    def baseline(self):
        return self.indicator.baseline

    @property
    def achievement(self) -> float | None:
        return rollup.achievement(
            actual=self.to_date,
            target=self.target_final,
            baseline=self.baseline,
            aggregation=self.aggregation,
        )

    @property
    def achievement_to_date(self) -> float | None:
        return rollup.achievement(
            actual=self.to_date,
            target=self.target_to_date,
            baseline=self.baseline,
            aggregation=self.aggregation,
        )

    @property
    def aggregation_label(self) -> str:
        return str(IndicatorSetup.Aggregation(self.aggregation).label)


@dataclass
class PeriodState(Lighted):
    period: MonitoringPeriod | None = None
    priorities: list[PriorityRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    costs: dict[str, rollup.Money] = field(default_factory=dict)

    @property
    def activities(self) -> list[ActivityRow]:
        return [a for p in self.priorities for m in p.measures for a in m.activities]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        found = defaultdict(int)
        for row in self.activities:
            found[row.status] += 1
        return [(code, str(label), found[code]) for code, label in STATES]

    @property
    def carry_over(self) -> list[ActivityRow]:
        return [a for a in self.activities if a.is_unfinished]

    @property
    def cost_rows(self) -> list[tuple[str, rollup.Money]]:
        labels = dict(FundingSource.choices)
        return [
            (str(labels[source]), money)
            for source, money in self.costs.items()
            if money.planned or money.actual
        ]

    @property
    def cost_total(self) -> rollup.Money:
        return rollup.Money(
            planned=sum((m.planned for m in self.costs.values()), ZERO),
            actual=sum((m.actual for m in self.costs.values()), ZERO),
        )

    @property
    def done_share(self) -> float | None:
        rows = [a for a in self.activities if a.status != "cancelled"]
        if not rows:
            return None
        return sum(1 for a in rows if a.status == "done") / len(rows) * 100


def _weights(plan: Plan) -> dict[tuple[str, int], Decimal]:
    result = {}
    for w in Weight.objects.filter(plan=plan):
        if w.activity_id:
            result[("activity", w.activity_id)] = w.weight
        elif w.measure_id:
            result[("measure", w.measure_id)] = w.weight
        elif w.priority_id:
            result[("priority", w.priority_id)] = w.weight
    return result


def _indicator_rows(
    *, plan: Plan, year: int, period: MonitoringPeriod | None, approved_only: bool
) -> list[IndicatorRow]:
    """Indicators of the plan with their values. Values of other periods count when those
    are approved (and come before ``year``); the period's own values count always, unless
    ``approved_only`` and it is not approved."""
    indicators = list(
        Indicator.objects.filter(measure__priority__plan=plan)
        .select_related("measure__priority", "monitoring_setup")
        .order_by("measure__priority__order", "measure__order", "order", "id")
    )
    values_qs = IndicatorValue.objects.filter(
        period__action_plan__medium_term_plan=plan, period__action_plan__year__lte=year
    ).values_list(
        "indicator_id", "period_id", "period__action_plan__year", "period__status", "value"
    )
    by_indicator: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, period_id, value_year, status, value in values_qs:
        own = period is not None and period_id == period.pk
        approved = status == MonitoringPeriod.Status.APPROVED
        # another period counts when approved; the period's own values unless only the
        # approved ones are asked for
        if approved or (own and not approved_only):
            by_indicator[indicator_id][value_year] = value
    own_values = {}
    if period is not None:
        own_values = {v.indicator_id: v for v in IndicatorValue.objects.filter(period=period)}
    rows = []
    for indicator in indicators:
        setup = getattr(indicator, "monitoring_setup", None)
        aggregation = setup.aggregation if setup is not None else IndicatorSetup.Aggregation.LEVEL
        values = by_indicator.get(indicator.pk, {})
        rows.append(
            IndicatorRow(
                indicator=indicator,
                aggregation=aggregation,
                from_register=bool(setup is not None and setup.from_register),
                value=own_values.get(indicator.pk),
                to_date=rollup.value_to_date(values, year, aggregation),
                target_to_date=rollup.target_to_date(indicator.targets, year, aggregation),
                target_final=rollup.final_target(indicator.targets, aggregation),
                values_by_year=values,
            )
        )
    return rows


def _sums(qs) -> dict[tuple[int, int | None], dict[str, Decimal]]:
    result: dict[tuple[int, int | None], dict[str, Decimal]] = defaultdict(dict)
    for measure_id, item_id, source, amount in qs.values_list(
        "measure_id", "action_item_id", "source"
    ).annotate(total=Sum("amount")):
        result[(measure_id, item_id)][source] = amount
    return result


def measure_own_planned(*, period: MonitoringPeriod, measure: Measure) -> dict[str, Decimal]:
    """The planned costs of a measure itself (not of its activities) in the action plan of
    the period, by funding source."""
    return _sums(
        CostEstimate.objects.filter(
            plan=period.action_plan, measure=measure, action_item__isnull=True
        )
    ).get((measure.pk, None), {})


def period_state(
    *, period: MonitoringPeriod, with_evidence: bool = False, approved_only: bool = False
) -> PeriodState:
    """The whole state of a period, rolled up."""
    action_plan = period.action_plan
    plan = action_plan.medium_term_plan
    items_qs = ActionItem.objects.filter(plan=action_plan).select_related(
        "activity__measure__priority", "activity__measure__working_group"
    )
    items = list(
        items_qs.order_by(
            "activity__measure__priority__order", "activity__measure__order", "activity__order"
        )
    )
    action_plan.monitoring_period = period  # for the permission checks of each row
    for item in items:
        item.plan = action_plan
    reports_qs = ActivityReport.objects.filter(period=period)
    if with_evidence:
        reports_qs = reports_qs.prefetch_related(Prefetch("documents"), Prefetch("meetings"))
    reports = {r.action_item_id: r for r in reports_qs}
    planned = _sums(CostEstimate.objects.filter(plan=action_plan))
    actual = _sums(ActualCost.objects.filter(period=period))
    weights = _weights(plan)
    overrides = {
        (o.priority_id, o.measure_id): o
        for o in LightOverride.objects.filter(period=period).select_related("set_by")
    }
    measures: dict[int, MeasureRow] = {}
    priorities: dict[int, PriorityRow] = {}

    def measure_row(measure: Measure) -> MeasureRow:
        if measure.pk not in measures:
            priority = measure.priority
            if priority.pk not in priorities:
                priorities[priority.pk] = PriorityRow(
                    priority=priority,
                    weight=weights.get(("priority", priority.pk)),
                    override=overrides.get((priority.pk, None)),
                )
            row = MeasureRow(
                measure=measure,
                weight=weights.get(("measure", measure.pk)),
                override=overrides.get((None, measure.pk)),
                own_planned=planned.get((measure.pk, None), {}),
                own_actual=actual.get((measure.pk, None), {}),
            )
            measures[measure.pk] = row
            priorities[priority.pk].measures.append(row)
        return measures[measure.pk]

    for item in items:
        measure_row(item.activity.measure).activities.append(
            ActivityRow(
                item=item,
                report=reports.get(item.pk),
                weight=weights.get(("activity", item.activity_id)),
                planned=planned.get((item.activity.measure_id, item.pk), {}),
                actual=actual.get((item.activity.measure_id, item.pk), {}),
            )
        )
    own_ids = {m for (m, i) in list(planned) + list(actual) if i is None} - set(measures)
    if own_ids:
        for measure in Measure.objects.filter(pk__in=own_ids).select_related("priority"):
            measure_row(measure)
    ordered = sorted(priorities.values(), key=lambda p: (p.priority.order, p.priority.pk))
    for p in ordered:
        p.measures.sort(key=lambda m: (m.measure.order, m.measure.pk))
        for m in p.measures:
            m.progress = rollup.weighted_mean((a.progress, a.weight) for a in m.activities)
        p.progress = rollup.weighted_mean((m.progress, m.weight) for m in p.measures)
    state = PeriodState(
        period=period,
        priorities=ordered,
        progress=rollup.weighted_mean((p.progress, p.weight) for p in ordered),
        override=overrides.get((None, None)),
        indicators=_indicator_rows(
            plan=plan, year=action_plan.year, period=period, approved_only=approved_only
        ),
    )
    costs = {source: rollup.Money() for source in FundingSource.values}
    for sums, attr in ((planned, "planned"), (actual, "actual")):
        for by_source in sums.values():
            for source, amount in by_source.items():
                money = costs[source]
                setattr(money, attr, getattr(money, attr) + amount)
    state.costs = costs
    return state


# --- the dashboard of a plan ------------------------------------------------------------------


@dataclass
class Dashboard:
    plan: Plan
    periods: list[MonitoringPeriod]
    states: list[PeriodState]
    indicators: list[IndicatorRow]

    @property
    def latest(self) -> PeriodState | None:
        return self.states[-1] if self.states else None

    @property
    def years(self) -> list[int]:
        return [p.year for p in self.periods]


def dashboard(*, plan: Plan, approved_only: bool = True) -> Dashboard:
    """The progress of a plan over its monitored years (approved periods only, for the
    public)."""
    periods = periods_of_plan(plan=plan, approved_only=approved_only)
    states = [period_state(period=p, approved_only=approved_only) for p in periods]
    last_year = periods[-1].year if periods else plan.year_start
    indicators = _indicator_rows(
        plan=plan, year=last_year, period=periods[-1] if periods else None, approved_only=True
    )
    return Dashboard(plan=plan, periods=periods, states=states, indicators=indicators)


# --- the evaluation ---------------------------------------------------------------------------


@dataclass
class EvaluationSummary:
    plan: Plan
    activities: list[tuple[Activity, str, int | None]]  # activity, final state, last year
    indicators: list[IndicatorRow]
    years: list[int]
    sources: list[tuple[str, str]]
    money: dict[tuple[int, str], rollup.Money]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        found = defaultdict(int)
        for _activity, status, _year in self.activities:
            found[status] += 1
        return [(code, str(label), found[code]) for code, label in STATES]

    @property
    def done_share(self) -> float | None:
        rows = [s for _a, s, _y in self.activities if s != "cancelled"]
        if not rows:
            return None
        return sum(1 for s in rows if s == "done") / len(rows) * 100

    @property
    def unfinished(self) -> list[Activity]:
        return [a for a, s, _y in self.activities if s in ActionItem.UNFINISHED]

    def by_source(self, source: str) -> rollup.Money:
        return rollup.Money(
            planned=sum((self.money[(y, source)].planned for y in self.years), ZERO),
            actual=sum((self.money[(y, source)].actual for y in self.years), ZERO),
        )

    def by_year(self, year: int) -> rollup.Money:
        return rollup.Money(
            planned=sum((self.money[(year, s)].planned for s, _l in self.sources), ZERO),
            actual=sum((self.money[(year, s)].actual for s, _l in self.sources), ZERO),
        )

    @property
    def year_totals(self) -> list[rollup.Money]:
        return [self.by_year(y) for y in self.years]

    @property
    def total(self) -> rollup.Money:
        return rollup.Money(
            planned=sum((m.planned for m in self.money.values()), ZERO),
            actual=sum((m.actual for m in self.money.values()), ZERO),
        )

    @property
    def source_rows(self):
        return [
            (label, [self.money[(y, s)] for y in self.years], self.by_source(s))
            for s, label in self.sources
            if self.by_source(s).planned or self.by_source(s).actual
        ]

    @property
    def indicator_achievement(self) -> float | None:
        """The mean achievement of the indicators that have one (each capped at 100 %)."""
        values = [min(r.achievement, 100.0) for r in self.indicators if r.achievement is not None]
        return sum(values) / len(values) if values else None


def evaluation_summary(*, plan: Plan) -> EvaluationSummary:
    """The plan at its end: the final state of every activity (its state in the last action
    plan that had it; never planned → not started), the indicators from the approved periods
    against the plan's targets, and the money by year and source (planned: the action plans'
    budgets, or the plan's where a year has no action plan; real: the approved periods)."""
    activities = list(
        Activity.objects.filter(measure__priority__plan=plan)
        .select_related("measure__priority")
        .order_by("measure__priority__order", "measure__order", "order")
    )
    last = {}
    for activity_id, status, year in (
        ActionItem.objects.filter(plan__medium_term_plan=plan)
        .order_by("plan__year")
        .values_list("activity_id", "status", "plan__year")
    ):
        last[activity_id] = (status, year)
    rows = [(a, *last.get(a.pk, ("planned", None))) for a in activities]
    years = plan.years
    sources = list(FundingSource.choices)
    money = {(y, s): rollup.Money() for y in years for s, _l in sources}
    with_action_plan = set(plan.action_plans.values_list("year", flat=True))
    for year, source, amount in (
        CostEstimate.objects.filter(plan__medium_term_plan=plan)
        .values_list("year", "source")
        .annotate(total=Sum("amount"))
    ):
        if (year, source) in money:
            money[(year, source)].planned += amount
    for year, source, amount in (
        CostEstimate.objects.filter(plan=plan)
        .exclude(year__in=with_action_plan)
        .values_list("year", "source")
        .annotate(total=Sum("amount"))
    ):
        if (year, source) in money:
            money[(year, source)].planned += amount
    for year, source, amount in (
        ActualCost.objects.filter(
            period__action_plan__medium_term_plan=plan,
            period__status=MonitoringPeriod.Status.APPROVED,
        )
        .values_list("period__action_plan__year", "source")
        .annotate(total=Sum("amount"))
    ):
        if (year, source) in money:
            money[(year, source)].actual += amount
    return EvaluationSummary(
        plan=plan,
        activities=rows,
        indicators=_indicator_rows(plan=plan, year=plan.year_end, period=None, approved_only=True),
        years=years,
        sources=sources,
        money=money,
    )
