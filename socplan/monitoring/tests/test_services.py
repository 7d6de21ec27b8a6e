"""The monitoring's services: the state of activities kept by planning, roll-ups with
weights and cancelled activities, the workflow and the lock, costs against the plan,
indicators (cumulative and level, tied to the register), the bulk update, reminders, the
evaluation and the next plan."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from socplan.core.models import AuditEvent
from socplan.monitoring import selectors, services
from socplan.monitoring.models import (
    ActivityReport,
    ActualCost,
    IndicatorSetup,
    IndicatorValue,
    MonitoringDecision,
    MonitoringPeriod,
)
from socplan.monitoring.tests.builders import approve, items, make_period, medium_term
from socplan.organisation.models import Membership
from socplan.planning import services as planning_services
from socplan.planning.models import ActionItem, Activity, Plan
from socplan.planning.tests.builders import add_member, cost, make_group, make_plan
from socplan.testing.catalogue import make_catalogue
from socplan.testing.mail import sent_mail

pytestmark = pytest.mark.django_db


def _save(period, item, status, **extra):
    return services.activity_report_save(
        actor=None, period=period, item=item, status=status, **extra
    )


# --- the state of an activity belongs to planning ---------------------------------------------


def test_it_writes_the_state_through_planning_and_keeps_no_copy(process, coordinator):
    period = make_period(process, actor=coordinator)
    item = items(period)["1.1.1"]
    report = _save(period, item, "in_progress", progress=40, commentary="Běží.")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS
    assert not hasattr(report, "status")
    assert AuditEvent.objects.filter(action="action_item.status_set").count() == 1
    assert selectors.period_state(period=period).activities[0].state == "partly done"


def test_the_state_can_be_recorded_in_an_approved_action_plan(process):
    """An approved (frozen) action plan still takes the state of its activities."""
    period = make_period(process)
    action_plan = period.action_plan
    Plan.objects.filter(pk=action_plan.pk).update(status=Plan.Status.APPROVED)
    item = items(period)["1.1.1"]
    _save(period, item, "done")
    item.refresh_from_db()
    assert item.status == "done"


# --- roll-ups ---------------------------------------------------------------------------------


def _plan_with_two_activities_in_a_measure(process):
    plan = make_plan(process)
    measure = plan.priorities.get(code="1").measures.get(code="1.1")
    planning_services.activity_create(
        actor=None,
        measure=measure,
        title="Rozšíření služby",
        start_year=2019,
        end_year=2019,
        costs=[cost(2019, "200000", "region")],
    )
    return plan


def test_progress_rolls_up_with_weights_and_without_cancelled_activities(process):
    plan = _plan_with_two_activities_in_a_measure(process)
    period = make_period(process, plan=plan)
    its = items(period)
    _save(period, its["1.1.1"], "done")
    _save(period, its["1.1.2"], "in_progress", progress=40)
    _save(period, its["2.1.1"], "not_done")
    state = selectors.period_state(period=period)
    p1, p2 = state.priorities
    assert p1.measures[0].progress == 70  # (100 + 40) / 2
    assert p2.progress == 0
    assert state.progress == 35
    assert state.light == "off_track"

    activity = Activity.objects.get(measure__priority__plan=plan, code="1.1.2")
    services.weight_set(actor=None, obj=activity, weight=3)
    services.weight_set(actor=None, obj=p1.priority, weight="3")
    state = selectors.period_state(period=period)
    assert state.priorities[0].measures[0].progress == 55  # (100 + 3 × 40) / 4
    assert state.progress == pytest.approx((55 * 3 + 0) / 4)

    # a cancelled activity neither helps nor hurts; a priority of cancelled ones drops out
    _save(period, its["2.1.1"], "cancelled")
    state = selectors.period_state(period=period)
    assert state.priorities[1].progress is None
    assert state.progress == 55
    assert [c for _code, _label, c in state.counts] == [1, 1, 0, 0, 1]
    assert state.done_share == 50


def test_weight_one_is_the_default_and_removes_the_row(process):
    period = make_period(process)
    priority = medium_term(period).priorities.first()
    services.weight_set(actor=None, obj=priority, weight=2)
    services.weight_set(actor=None, obj=priority, weight=1)
    assert selectors.period_state(period=period).priorities[0].weight is None


def test_a_light_set_by_hand_needs_a_reason(process, coordinator):
    period = make_period(process)
    measure = items(period)["1.1.1"].activity.measure
    with pytest.raises(ValidationError) as error:
        services.light_override_set(
            actor=coordinator, period=period, light="at_risk", measure=measure
        )
    assert "reason" in error.value.message_dict
    services.light_override_set(
        actor=coordinator,
        period=period,
        light="at_risk",
        reason="Chybí pečovatelky.",
        measure=measure,
    )
    row = selectors.period_state(period=period).priorities[0].measures[0]
    assert row.light_auto == "off_track" and row.light == "at_risk"
    services.light_override_set(actor=coordinator, period=period, light="", measure=measure)
    assert selectors.period_state(period=period).priorities[0].measures[0].light == "off_track"


# --- the workflow and the lock ----------------------------------------------------------------


def test_the_workflow_locks_an_approved_period(process, coordinator):
    period = make_period(process)
    item = items(period)["1.1.1"]
    services.period_submit(actor=coordinator, period=period)
    with pytest.raises(services.PeriodLocked):
        _save(period, item, "done")
    with pytest.raises(ValidationError):
        services.period_return(actor=coordinator, period=period, comment="  ")
    services.period_return(actor=coordinator, period=period, comment="Doplňte 2.1.1.")
    assert period.status == "returned" and period.return_comment == "Doplňte 2.1.1."
    _save(period, item, "done")  # editable again
    with pytest.raises(ValidationError):  # not approved yet
        services.council_decision_record(
            actor=coordinator,
            period=period,
            decided_on=datetime.date(2020, 3, 1),
            resolution_number="1",
        )
    services.period_submit(actor=coordinator, period=period)
    services.period_approve(actor=coordinator, period=period)
    assert period.is_locked and period.approved_by == coordinator and not period.return_comment
    for write in (
        lambda: _save(period, item, "not_done"),
        lambda: services.indicator_value_set(
            actor=None, period=period, indicator=item.activity.measure.indicators.first(), value=5
        ),
        lambda: services.period_update(actor=None, period=period, deadline=None, summary="x"),
        lambda: services.period_submit(actor=None, period=period),
        lambda: services.light_override_set(
            actor=None, period=period, light="on_track", reason="x"
        ),
    ):
        with pytest.raises(services.PeriodLocked):
            write()
    item.refresh_from_db()
    assert item.status == "done"
    with pytest.raises(ValidationError):
        services.period_approve(actor=coordinator, period=period)
    with pytest.raises(ValidationError):  # a decision taken has its resolution's number
        services.council_decision_record(
            actor=coordinator,
            period=period,
            decided_on=datetime.date(2020, 3, 16),
            resolution_number=" ",
        )
    services.council_decision_record(
        actor=coordinator,
        period=period,
        decided_on=datetime.date(2020, 3, 16),
        resolution_number="RM 112/2020",
        body_name="Rada města",
    )
    decision = period.council_note
    assert (decision.resolution_number, decision.decision, decision.body_name) == (
        "RM 112/2020",
        "took_note",
        "Rada města",
    )
    # recorded again, it corrects the same decision
    services.council_decision_record(
        actor=coordinator,
        period=period,
        decided_on=datetime.date(2020, 3, 17),
        resolution_number="RM 113/2020",
    )
    decision = MonitoringDecision.objects.get(period=period)
    assert (decision.resolution_number, decision.decided_on) == (
        "RM 113/2020",
        datetime.date(2020, 3, 17),
    )


def test_a_period_is_opened_once_per_action_plan(process):
    period = make_period(process)
    with pytest.raises(ValidationError):
        services.period_create(actor=None, action_plan=period.action_plan)
    with pytest.raises(ValidationError):
        services.period_create(actor=None, action_plan=medium_term(period))


# --- money ------------------------------------------------------------------------------------


def test_real_costs_are_set_against_the_planned_ones_by_source(process):
    period = make_period(process)
    item = items(period)["1.1.1"]  # planned 2019: municipalities 1 000 000, state 2 000 000
    _save(
        period,
        item,
        "done",
        costs=[
            {"source": "municipalities", "amount": "900 000"},
            {"source": "state", "amount": Decimal("2100000")},
        ],
    )
    services.measure_costs_set(
        actor=None,
        period=period,
        measure=item.activity.measure,
        costs=[{"source": "municipalities", "amount": 100000}],
    )
    state = selectors.period_state(period=period)
    assert state.costs["municipalities"].planned == Decimal("1100000")  # with the measure's own
    assert state.costs["municipalities"].actual == Decimal("1000000")
    assert state.costs["state"].execution == pytest.approx(105)
    assert state.activities[0].actual_total == Decimal("3000000")
    assert state.cost_total.planned == Decimal("3200000")
    # a second save replaces the costs of the activity
    _save(period, item, "done", costs=[{"source": "eu", "amount": 5}])
    assert ActualCost.objects.filter(action_item=item).count() == 1
    with pytest.raises(ValidationError):
        _save(period, item, "done", costs=[{"source": "eu", "amount": -5}])
    assert ActualCost.objects.get(action_item=item).amount == 5


def test_evidence_must_belong_to_the_process(process, unpublished_process):
    from socplan.library.models import Document

    period = make_period(process)
    other = Document.objects.create(process=unpublished_process, title="Cizí")
    with pytest.raises(ValidationError) as error:
        _save(period, items(period)["1.1.1"], "done", documents=[other])
    assert "documents" in error.value.message_dict
    with pytest.raises(ValidationError):
        _save(period, items(period)["1.1.1"], "done", links="ftp://x")
    report = _save(period, items(period)["1.1.1"], "done", links="https://example.org/a\n\n")
    assert report.link_list == ["https://example.org/a"]


# --- indicators --------------------------------------------------------------------------------


def test_cumulative_and_level_indicators_over_two_years(process):
    period_2019 = make_period(process)
    plan = medium_term(period_2019)
    indicator = plan.priorities.first().measures.first().indicators.get()
    indicator.targets = {"2019": "10", "2020": "12", "2021": "14"}
    indicator.baseline = Decimal(8)
    indicator.save()
    services.indicator_value_set(actor=None, period=period_2019, indicator=indicator, value="9")
    period_2020 = make_period(process, plan=plan, year=2020)
    services.indicator_value_set(actor=None, period=period_2020, indicator=indicator, value="11,5")

    def row(period, **kw):
        return selectors.period_state(period=period, **kw).indicators[0]

    # the 2019 period is not approved: it does not count in 2020 yet
    assert row(period_2020).to_date == Decimal("11.5")
    approve(period_2019)
    r = row(period_2020)
    assert r.to_date == Decimal("11.5")  # a level: the last value
    assert r.achievement == pytest.approx((11.5 - 8) / (14 - 8) * 100)
    services.indicator_setup_set(actor=None, indicator=indicator, aggregation="cumulative")
    r = row(period_2020)
    assert r.to_date == Decimal("20.5")  # cumulative: 9 + 11.5
    assert r.target_to_date == 22 and r.target_final == 36
    # what the public sees: only approved periods
    assert row(period_2020, approved_only=True).to_date == Decimal("9")
    services.indicator_value_set(actor=None, period=period_2020, indicator=indicator, value="")
    assert not IndicatorValue.objects.filter(period=period_2020).exists()


def test_register_tied_indicators_take_the_capacity_on_the_periods_date(process):
    catalogue = make_catalogue()
    period = make_period(process)
    indicator = medium_term(period).priorities.first().measures.first().indicators.get()
    services.indicator_setup_set(
        actor=None,
        indicator=indicator,
        aggregation=IndicatorSetup.Aggregation.LEVEL,
        register_kind=catalogue.items["home_kind"],
        register_capacity_type=catalogue.items["beds"],
    )
    assert services.register_values_fill(actor=None, period=period) == 1
    value = IndicatorValue.objects.get(period=period, indicator=indicator)
    assert value.value == 40 and value.from_register
    # without a unit: the number of services; one that ended in 2020 counts in 2019 only
    setup = services.indicator_setup_set(
        actor=None,
        indicator=indicator,
        aggregation=IndicatorSetup.Aggregation.LEVEL,
        register_kind=catalogue.items["housing_kind"],
    )
    area = process.planning_area
    assert services.register_value(setup=setup, area=area, on=datetime.date(2019, 12, 31)) == 1
    assert services.register_value(setup=setup, area=area, on=datetime.date(2021, 12, 31)) == 0
    # a period opened later takes the value at once
    period_2020 = make_period(process, plan=medium_term(period), year=2020)
    assert IndicatorValue.objects.get(period=period_2020, indicator=indicator).value == 1


def test_register_values_take_the_capacity_the_service_had_on_the_periods_date(process):
    """The catalogue keeps today's capacities; their history is in ServiceChange ("forms",
    the text before and after each change). The value of 2019 is the capacity of 31 Dec
    2019, not today's."""
    from django.utils import timezone

    from socplan.catalogue.models import ServiceChange

    catalogue = make_catalogue()
    home = catalogue.services["home"]  # 40 beds today

    def change(when, old, new, field="forms"):
        ServiceChange.objects.create(
            service=home,
            at=timezone.make_aware(datetime.datetime(*when)),
            source=ServiceChange.ChangeSource.IMPORT,
            field=field,
            old_value=old,
            new_value=new,
        )

    change((2019, 12, 31, 10), "pob: 20 luzka", "pob: 25 luzka, 3 klient")  # still 2019
    change((2020, 3, 1), "pob: 25 luzka, 3 klient", "pob: 30 luzka; amb: 5 klient")
    change((2020, 3, 2), "Domov", "Domov pro seniory", field="name")  # not a capacity
    change((2021, 6, 1), "pob: 30 luzka; amb: 5 klient", "pob: 40 luzka")
    period = make_period(process)
    indicator = medium_term(period).priorities.first().measures.first().indicators.get()
    setup = services.indicator_setup_set(
        actor=None,
        indicator=indicator,
        aggregation=IndicatorSetup.Aggregation.LEVEL,
        register_kind=catalogue.items["home_kind"],
        register_capacity_type=catalogue.items["beds"],
    )
    area = process.planning_area

    def beds(year):
        return services.register_value(setup=setup, area=area, on=datetime.date(year, 12, 31))

    assert [beds(2019), beds(2020), beds(2021)] == [25, 30, 40]
    assert services.register_values_fill(actor=None, period=period) == 1
    assert IndicatorValue.objects.get(period=period, indicator=indicator).value == 25
    assert services.capacity_in_history_text("pob: 30 luzka, 2 luzka; amb: 5 klient", "luzka") == 32
    assert services.capacity_in_history_text("FormaSocialniSluzby/pob", "luzka") == 0


# --- many updates from a file ------------------------------------------------------------------


def test_the_bulk_update_from_csv(process, coordinator):
    period = make_period(process)
    # an indicator row: its kód is the measure's
    content = (
        "kód;stav;pokrok;komentář;obce;státní dotace;indikátor;hodnota\n"
        "1.1.1;splněno;;Služba běžela celý rok.;950000;2 000 000;;\n"
        "2.1.1;částečně splněno;40;Klub se schází.;;;;\n"
        "1.1;;;;;;Počet klientů;85\n"
    ).encode()
    result = services.bulk_update(actor=coordinator, period=period, name="m.csv", content=content)
    assert (result.activities, result.indicators) == (2, 1)
    its = items(period)
    assert its["1.1.1"].status == "done" and its["2.1.1"].status == "in_progress"
    assert ActivityReport.objects.get(action_item=its["2.1.1"]).progress == 40
    assert ActualCost.objects.filter(action_item=its["1.1.1"]).count() == 2
    assert IndicatorValue.objects.get(period=period).value == 85


def test_the_bulk_update_changes_nothing_on_an_error_and_names_row_and_field(process):
    period = make_period(process)
    content = (
        b"code,state,progress,municipalities\n"
        b"1.1.1,done,,100\n"
        b"9.9.9,done,,\n"
        b"2.1.1,maybe,,\n"
        b"2.1.1,done,150,\n"
        b"2.1.1,done,,-5\n"
    )
    with pytest.raises(services.ImportFailed) as failure:
        services.bulk_update(actor=None, period=period, name="m.csv", content=content)
    errors = [(e.row, e.field) for e in failure.value.errors_list]
    assert errors == [(3, "code"), (4, "state"), (5, "progress"), (6, "municipalities")]
    assert not ActivityReport.objects.exists()
    assert items(period)["1.1.1"].status == "planned"


def test_the_bulk_update_from_xlsx(process):
    from openpyxl import Workbook

    period = make_period(process)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kód", "Stav", "Pokrok", "Komentář"])
    sheet.append(["1.1.1", "nezahájeno", None, "Čeká se na dotaci."])
    sheet.append(["2.1.1", "zrušeno", None, None])
    out = io.BytesIO()
    workbook.save(out)
    services.bulk_update(actor=None, period=period, name="m.xlsx", content=out.getvalue())
    its = items(period)
    assert its["1.1.1"].status == "planned" and its["2.1.1"].status == "cancelled"
    with pytest.raises(ValidationError):
        services.bulk_update(actor=None, period=period, name="m.xlsx", content=b"not a zip")


# --- reminders --------------------------------------------------------------------------------


def test_reminders_go_before_the_deadline_to_those_who_have_not_filled_in(
    process, coordinator, member
):
    period = make_period(process, deadline=datetime.date(2020, 1, 31))
    group = make_group(process)
    add_member(group, member)
    for item in items(period).values():
        measure = item.activity.measure
        measure.working_group = group
        measure.save()
    report = services.reminders_send(days=7, today=datetime.date(2020, 1, 10))
    assert report.emails == 0  # too early
    report = services.reminders_send(days=7, today=datetime.date(2020, 1, 27))
    assert (report.periods, report.emails) == (1, 2)
    recipients = sorted(m.to[0] for m in sent_mail())
    assert recipients == [coordinator.email, member.email]
    assert "2019" in sent_mail()[0].subject
    # once a day
    assert services.reminders_send(days=7, today=datetime.date(2020, 1, 27)).emails == 0
    # the group filled everything in: only the coordinator is reminded
    for item in items(period).values():
        _save(period, item, "done")
    report = services.reminders_send(days=7, today=datetime.date(2020, 1, 28))
    assert report.emails == 1
    # a submitted period is not reminded
    services.period_submit(actor=None, period=period)
    assert services.reminders_send(days=7, today=datetime.date(2020, 1, 29)).periods == 0
    assert Membership.objects.count() == 1


def test_the_reminder_command(process, coordinator):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("send_monitoring_reminders", "--days", "3", stdout=out)
    assert "0" in out.getvalue()


# --- carry-over, the evaluation and the next plan -----------------------------------------


def test_unfinished_activities_carry_over_into_the_next_action_plan(process):
    period = make_period(process)
    its = items(period)
    _save(period, its["1.1.1"], "done")
    _save(period, its["2.1.1"], "not_done")
    state = selectors.period_state(period=period)
    assert [a.activity.code for a in state.carry_over] == ["2.1.1"]
    approve(period)
    plan = medium_term(period)
    action_2020 = planning_services.action_plan_create(actor=None, medium_term_plan=plan, year=2020)
    added = planning_services.action_plan_carry_over(actor=None, plan=action_2020)
    assert [i.activity.code for i in added] == ["2.1.1"]


def test_the_evaluation_and_the_next_plan_from_the_unfinished_work(process, coordinator):
    period = make_period(process)
    its = items(period)
    _save(period, its["1.1.1"], "done", costs=[{"source": "municipalities", "amount": 1000000}])
    _save(period, its["2.1.1"], "cancelled")
    approve(period)
    plan = medium_term(period)
    evaluation = services.evaluation_start(actor=coordinator, plan=plan)
    assert services.evaluation_start(actor=coordinator, plan=plan) == evaluation
    summary = selectors.evaluation_summary(plan=plan)
    states = {a.code: s for a, s, _y in summary.activities}
    assert states == {"1.1.1": "done", "1.2.1": "planned", "2.1.1": "cancelled"}
    assert summary.done_share == 50  # 1 of 2 (the cancelled one left out)
    assert [a.code for a in summary.unfinished] == ["1.2.1"]
    municipalities = summary.by_source("municipalities")
    assert municipalities.actual == 1000000
    assert municipalities.planned == Decimal("1100000") + Decimal("1100000")  # 2019 AP + 2020 plan
    assert summary.by_year(2019).actual == 1000000

    with pytest.raises(ValidationError):
        services.next_plan_start(
            actor=coordinator, evaluation=evaluation, title="Další", year_start=2021, year_end=2023
        )
    new = services.next_plan_start(
        actor=coordinator,
        evaluation=evaluation,
        title="Plán 2022–2024",
        year_start=2022,
        year_end=2024,
    )
    assert new.status == Plan.Status.DRAFT and new.kind == Plan.Kind.MEDIUM_TERM
    carried = list(
        Activity.objects.filter(measure__priority__plan=new).values_list("title", flat=True)
    )
    assert carried == ["Příprava odlehčovací služby"]
    assert list(new.priorities.values_list("title", flat=True)) == ["Senioři a OZP"]
    assert new.priorities.get().measures.get().title == "Odlehčovací služba"
    evaluation.refresh_from_db()
    assert evaluation.next_plan == new
    with pytest.raises(ValidationError):
        services.next_plan_start(
            actor=coordinator, evaluation=evaluation, title="x", year_start=2022, year_end=2024
        )


def test_periods_of_a_plan(process):
    period = make_period(process)
    plan = medium_term(period)
    assert selectors.periods_of_plan(plan=plan, approved_only=True) == []
    approve(period)
    assert selectors.periods_of_plan(plan=plan, approved_only=True) == [period]
    assert MonitoringPeriod.objects.get().year == 2019
