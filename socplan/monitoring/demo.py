"""Demo monitoring (written by the project, made up, labelled demo): the Humpolec plan
2019–2021 has its monitoring of 2019 and 2020 approved by the steering group, with the
state, progress, commentary and real costs of every activity and the values of the
indicators; the council took note of both reports; the action plan 2020 took over what was
left unfinished in 2019; the evaluation of the plan has been started. The report of 2019 is
kept in the library as a document (made by the documents app, see
:func:`socplan.documents.monitoring.load_demo_report`).

Everything goes through the services (planning's for the states of activities), so the
audit log and the locks are as in use."""

import datetime
from decimal import Decimal

from socplan.planning import services as planning_services
from socplan.planning.models import ActionItem, Indicator, Plan

from . import services
from .models import Evaluation, IndicatorSetup, MonitoringPeriod

PROCESS_SLUG = "kpss-orp-humpolec"
REPORT_TITLE = "Monitorovací zpráva akčního plánu 2019 (demo)"

# Per year, states of the activities in turn (the pattern repeats over the action plan).
PATTERN = {
    2019: ["done", "done", "in_progress", "done", "not_done", "done", "planned", "done",
           "in_progress", "cancelled", "done", "done"],
    2020: ["done", "in_progress", "done", "done", "done", "not_done", "done", "in_progress",
           "done", "done", "done", "planned"],
}  # fmt: skip
PROGRESS = {"done": None, "in_progress": 60, "not_done": 20, "planned": 0, "cancelled": None}
# real costs as a share of the planned ones, by state
SPENT = {
    "done": Decimal("0.97"),
    "in_progress": Decimal("0.62"),
    "not_done": Decimal("0.15"),
    "planned": Decimal("0"),
    "cancelled": Decimal("0"),
}
COMMENTARY = {
    "done": "Splněno podle akčního plánu; výstupy odpovídají očekávání.",
    "in_progress": "Rozpracováno, dokončení se přesouvá do dalšího roku.",
    "not_done": "Nesplněno: nepodařilo se zajistit financování ani personál.",
    "planned": "Nezahájeno; realizace se přesouvá do dalšího roku.",
    "cancelled": "Zrušeno řídicí skupinou; potřebu pokrývá jiná služba.",
}
SUMMARY = {
    2019: (
        "Rok 2019 byl prvním rokem plánu. Většina aktivit byla splněna, pečovatelská služba "
        "rozšířila působnost do dalších obcí. Nesplněné a rozpracované aktivity přecházejí "
        "do akčního plánu 2020. (Demonstrační data.)"
    ),
    2020: (
        "Rok 2020 ovlivnila epidemie covidu-19: část skupinových aktivit se nekonala, terénní "
        "služby ale pokračovaly a odlehčovací služba zahájila provoz. (Demonstrační data.)"
    ),
}
COUNCIL = {
    2019: (datetime.date(2020, 3, 16), "RM 112/2020"),
    2020: (datetime.date(2021, 3, 22), "RM 98/2021"),
}
CUMULATIVE = ("Výtisky katalogu", "Účastníci, kteří našli práci")
# the share of the way from the baseline to the final target reached by the end of a year
REACHED = {2019: Decimal("0.45"), 2020: Decimal("0.8")}


def _indicator_value(indicator: Indicator, aggregation: str, year: int) -> Decimal | None:
    targets = {int(y): Decimal(str(v)) for y, v in (indicator.targets or {}).items()}
    if aggregation == IndicatorSetup.Aggregation.CUMULATIVE:
        target = targets.get(year)
        return None if target is None else (target * Decimal("0.9")).quantize(Decimal("1"))
    baseline = indicator.baseline or Decimal(0)
    final = targets[max(targets)] if targets else None
    if final is None:
        return None
    return (baseline + (final - baseline) * REACHED[year]).quantize(Decimal("1"))


def _fill(period: MonitoringPeriod, year: int) -> None:
    pattern = PATTERN[year]
    items = list(
        ActionItem.objects.filter(plan=period.action_plan)
        .select_related("activity__measure")
        .prefetch_related("costs")
        .order_by("order")
    )
    for index, item in enumerate(items):
        status = pattern[index % len(pattern)]
        planned = {}
        for cost in item.costs.all():
            planned[cost.source] = planned.get(cost.source, Decimal(0)) + cost.amount
        costs = [
            {"source": source, "amount": (amount * SPENT[status]).quantize(Decimal("1"))}
            for source, amount in planned.items()
        ]
        services.activity_report_save(
            actor=None,
            period=period,
            item=item,
            status=status,
            progress=PROGRESS[status],
            commentary=COMMENTARY[status],
            costs=costs,
        )
    indicators = Indicator.objects.filter(
        measure__priority__plan=period.action_plan.medium_term_plan
    ).select_related("measure__priority", "monitoring_setup")
    for indicator in indicators:
        setup = getattr(indicator, "monitoring_setup", None)
        aggregation = setup.aggregation if setup else IndicatorSetup.Aggregation.LEVEL
        value = _indicator_value(indicator, aggregation, year)
        if value is not None:
            services.indicator_value_set(
                actor=None, period=period, indicator=indicator, value=value
            )
    services.period_update(
        actor=None, period=period, deadline=datetime.date(year + 1, 1, 31), summary=SUMMARY[year]
    )
    services.period_submit(actor=None, period=period)
    services.period_approve(actor=None, period=period)
    noted_on, resolution = COUNCIL[year]
    services.council_decision_record(
        actor=None,
        period=period,
        decided_on=noted_on,
        resolution_number=resolution,
        body_name="Rada města Humpolec",
    )


def load(report) -> None:
    plan = Plan.objects.filter(
        process__slug=PROCESS_SLUG, kind=Plan.Kind.MEDIUM_TERM, is_demo=True
    ).first()
    if plan is None:
        return
    for indicator in Indicator.objects.filter(measure__priority__plan=plan):
        if not IndicatorSetup.objects.filter(indicator=indicator).exists():
            services.indicator_setup_set(
                actor=None,
                indicator=indicator,
                aggregation=IndicatorSetup.Aggregation.CUMULATIVE
                if indicator.name in CUMULATIVE
                else IndicatorSetup.Aggregation.LEVEL,
            )
    for year in (2019, 2020):
        action_plan = plan.action_plans.filter(year=year).first()
        if action_plan is None:
            action_plan = planning_services.action_plan_create(
                actor=None,
                medium_term_plan=plan,
                year=year,
                title=f"Akční plán sociálních služeb ORP Humpolec na rok {year} (demo)",
                is_demo=True,
            )
            report.add("action plan")
            if year > plan.year_start and not action_plan.is_frozen:
                planning_services.action_plan_carry_over(actor=None, plan=action_plan)
        if MonitoringPeriod.objects.filter(action_plan=action_plan).exists():
            continue
        period = services.period_create(actor=None, action_plan=action_plan, is_demo=True)
        _fill(period, year)
        report.add("monitoring period")
    if not Evaluation.objects.filter(plan=plan).exists():
        evaluation = services.evaluation_start(actor=None, plan=plan, is_demo=True)
        services.evaluation_update(
            actor=None,
            evaluation=evaluation,
            lessons=(
                "Hodnocení plánu 2019–2021 začalo. První poznatky: aktivity s jasně určeným "
                "realizátorem a zajištěným financováním se plní; skupinové aktivity "
                "potřebují náhradní formu pro mimořádné situace. (Demonstrační data.)"
            ),
            recommendations="",
            status=Evaluation.Status.STARTED,
        )
        report.add("evaluation")
