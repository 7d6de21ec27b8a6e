from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from socplan.core.models import AuditEvent
from socplan.planning import services
from socplan.planning.models import ActionItem, CostEstimate, Measure, Plan, PlanVersion
from socplan.planning.versions import compare_snapshots

from .builders import cost, make_plan

pytestmark = pytest.mark.django_db


def codes(plan):
    return [
        (m.code, m.title)
        for m in Measure.objects.filter(priority__plan=plan).order_by("priority__order", "order")
    ]


def test_it_numbers_measures_and_activities(process):
    plan = make_plan(process)
    assert codes(plan) == [
        ("1.1", "Zachování pečovatelské služby"),
        ("1.2", "Odlehčovací služba"),
        ("2.1", "Aktivizace dlouhodobě nezaměstnaných"),
    ]
    activity = Measure.objects.get(code="1.1", priority__plan=plan).activities.get()
    assert activity.code == "1.1.1"


def test_it_renumbers_when_a_measure_moves(process, coordinator):
    plan = make_plan(process)
    second = Measure.objects.get(priority__plan=plan, code="1.2")
    assert services.measure_move(actor=coordinator, measure=second, direction="up")
    assert codes(plan)[:2] == [
        ("1.1", "Odlehčovací služba"),
        ("1.2", "Zachování pečovatelské služby"),
    ]
    moved = Measure.objects.get(pk=second.pk)
    assert moved.activities.get().code == "1.1.1"
    # at the top it cannot go further up
    assert not services.measure_move(actor=coordinator, measure=moved, direction="up")
    assert AuditEvent.objects.filter(action="measure.moved").count() == 1


def test_it_renumbers_when_a_priority_moves_or_a_measure_changes_priority(process, coordinator):
    plan = make_plan(process)
    second = plan.priorities.get(code="2")
    services.priority_move(actor=coordinator, priority=second, direction="up")
    assert codes(plan)[0] == ("1.1", "Aktivizace dlouhodobě nezaměstnaných")
    care = Measure.objects.get(priority__plan=plan, title="Zachování pečovatelské služby")
    assert care.code == "2.1"
    services.measure_update(actor=coordinator, measure=care, priority=plan.priorities.get(code="1"))
    assert codes(plan) == [
        ("1.1", "Aktivizace dlouhodobě nezaměstnaných"),
        ("1.2", "Zachování pečovatelské služby"),
        ("2.1", "Odlehčovací služba"),
    ]


def test_it_renumbers_after_a_delete(process, coordinator):
    plan = make_plan(process)
    services.measure_delete(
        actor=coordinator, measure=Measure.objects.get(priority__plan=plan, code="1.1")
    )
    assert codes(plan)[0] == ("1.1", "Odlehčovací služba")
    assert not CostEstimate.objects.filter(plan=plan, amount=Decimal("2000000")).exists()


def test_it_refuses_costs_outside_the_plan_years_and_changes_nothing(process, coordinator):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    before = list(CostEstimate.objects.filter(measure=measure).values_list("amount", flat=True))
    with pytest.raises(ValidationError):
        services.measure_update(
            actor=coordinator, measure=measure, title="Nový název", costs=[cost(2025, "5")]
        )
    measure.refresh_from_db()
    assert measure.title == "Zachování pečovatelské služby"
    after = list(CostEstimate.objects.filter(measure=measure).values_list("amount", flat=True))
    assert after == before


def test_it_keeps_a_version_per_save(process, coordinator):
    plan = make_plan(process)
    revisions = plan.versions.count()
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(actor=coordinator, measure=measure, title="Pečovatelská služba")
    assert plan.versions.count() == revisions + 1
    latest = plan.versions.order_by("-revision").first()
    titles = [m["title"] for p in latest.snapshot["priorities"] for m in p["measures"]]
    assert "Pečovatelská služba" in titles
    # saving the same content again keeps no new version
    services.measure_update(actor=coordinator, measure=measure, title="Pečovatelská služba")
    assert plan.versions.count() == revisions + 1


def test_it_compares_two_versions_with_changes_marked(process, coordinator):
    plan = make_plan(process)
    old = plan.versions.order_by("-revision").first()
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    services.measure_update(
        actor=coordinator, measure=measure, description="Nová služba pro pečující rodiny."
    )
    new = plan.versions.order_by("-revision").first()
    rows = compare_snapshots(old.snapshot, new.snapshot)
    changed = [r for r in rows if r.tag != "equal"]
    assert len(changed) == 1
    assert changed[0].tag == "insert"
    assert "<ins>" in changed[0].right and "pečující rodiny" in changed[0].right
    # a changed word is marked inside the line
    services.measure_update(actor=coordinator, measure=measure, title="Odlehčovací služby")
    rows = compare_snapshots(new.snapshot, plan.versions.order_by("-revision").first().snapshot)
    replaced = [r for r in rows if r.tag == "replace"]
    assert replaced and "<del>služba</del>" in replaced[0].left
    assert "<ins>služby</ins>" in replaced[0].right


def test_an_approved_plan_is_frozen(process, coordinator):
    plan = make_plan(process, status=Plan.Status.APPROVED)
    assert plan.versions.filter(kind=PlanVersion.Kind.APPROVED).exists()
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    with pytest.raises(services.PlanFrozen) as info:
        services.measure_update(actor=coordinator, measure=measure, title="Změna")
    assert "amendment" in info.value.messages[0]
    with pytest.raises(services.PlanFrozen):
        services.priority_create(actor=coordinator, plan=plan, title="Nová")
    measure.refresh_from_db()
    assert measure.title == "Zachování pečovatelské služby"


def test_the_status_page_does_not_approve(process, coordinator):
    """Approval belongs to consultation (the councils' decisions): the status form of the
    plan offers every other status, never "approved"."""
    from socplan.planning.forms import PlanStatusForm

    form = PlanStatusForm({"status": Plan.Status.APPROVED})
    assert not form.is_valid()
    assert Plan.Status.CONSULTATION in dict(form.fields["status"].choices)


def test_an_amendment_is_a_new_version_with_its_reason(process, coordinator):
    plan = make_plan(process, status=Plan.Status.APPROVED)
    with pytest.raises(ValidationError):
        services.plan_amendment_start(actor=coordinator, plan=plan, reason="  ")
    services.plan_amendment_start(
        actor=coordinator, plan=plan, reason="Nová odlehčovací služba od roku 2020."
    )
    assert plan.version == 2
    assert plan.status == Plan.Status.DRAFT
    assert plan.amendment_reason == "Nová odlehčovací služba od roku 2020."
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(actor=coordinator, measure=measure, title="Změněno")
    approved = plan.versions.get(kind=PlanVersion.Kind.APPROVED)
    assert approved.version == 1
    approved_titles = [m["title"] for p in approved.snapshot["priorities"] for m in p["measures"]]
    assert "Zachování pečovatelské služby" in approved_titles
    assert plan.versions.order_by("-revision").first().version == 2
    assert AuditEvent.objects.filter(action="plan.amendment_started").exists()


def test_an_action_plan_takes_the_activities_of_its_year(process, coordinator):
    plan = make_plan(process)
    action = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2019)
    titles = sorted(i.activity.title for i in action.items.all())
    assert titles == ["Job klub", "Provoz služby"]
    operation = action.items.get(activity__title="Provoz služby")
    budget = {c.source: c.amount for c in operation.costs.all()}
    assert budget == {"municipalities": Decimal("1000000"), "state": Decimal("2000000")}
    assert all(c.year == 2019 for c in operation.costs.all())
    assert operation.expected_outputs == "80 klientů ročně"
    with pytest.raises(ValidationError):
        services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2019)
    with pytest.raises(ValidationError):
        services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2025)


def test_it_carries_over_unfinished_activities(process, coordinator):
    plan = make_plan(process)
    ap2019 = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2019)
    job_club = ap2019.items.get(activity__title="Job klub")
    services.action_item_update(
        actor=coordinator,
        item=job_club,
        expected_outputs="10 účastníků",
        status=ActionItem.Status.NOT_DONE,
        costs=[cost(2019, "45000", "eu")],
    )
    services.action_item_update(
        actor=coordinator,
        item=ap2019.items.get(activity__title="Provoz služby"),
        expected_outputs="80 klientů",
        status=ActionItem.Status.DONE,
    )
    ap2020 = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2020)
    assert not ap2020.items.filter(activity__title="Job klub").exists()
    added = services.action_plan_carry_over(actor=coordinator, plan=ap2020)
    assert [i.activity.title for i in added] == ["Job klub"]
    carried = ap2020.items.get(activity__title="Job klub")
    assert carried.carried_over_from == job_club
    assert [(c.year, c.amount, c.source) for c in carried.costs.all()] == [
        (2020, Decimal("45000"), "eu")
    ]
    # one action, once: a second carry-over adds nothing
    assert services.action_plan_carry_over(actor=coordinator, plan=ap2020) == []


def test_carry_over_needs_the_previous_action_plan(process, coordinator):
    plan = make_plan(process)
    ap2020 = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2020)
    with pytest.raises(ValidationError):
        services.action_plan_carry_over(actor=coordinator, plan=ap2020)


def test_drafts_keep_any_text(process, coordinator):
    plan = make_plan(process)
    services.draft_save(
        user=coordinator, plan=plan, key="measure-new-1", data={"title": ["x" * 5000]}
    )
    services.draft_save(
        user=coordinator, plan=plan, key="measure-new-1", data={"title": ["Nový text"]}
    )
    assert plan.drafts.get().data == {"title": ["Nový text"]}
    services.draft_discard(user=coordinator, key="measure-new-1")
    assert not plan.drafts.exists()


def test_the_comparison_leaves_out_long_unchanged_stretches(process, coordinator):
    from socplan.planning.versions import collapse_unchanged

    plan = make_plan(process)
    old = plan.versions.order_by("-revision").first()
    measure = Measure.objects.get(priority__plan=plan, code="2.1")
    services.measure_update(actor=coordinator, measure=measure, title="Aktivizace")
    new = plan.versions.order_by("-revision").first()
    rows = compare_snapshots(old.snapshot, new.snapshot)
    short = collapse_unchanged(rows, context=1)
    changed = [r for r in short if not isinstance(r, int) and r.tag != "equal"]
    assert len(changed) == 1
    skipped = sum(r for r in short if isinstance(r, int))
    assert skipped + sum(1 for r in short if not isinstance(r, int)) == len(rows)
    assert len(short) < len(rows)
