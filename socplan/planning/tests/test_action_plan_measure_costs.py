"""An action plan for year N takes a measure's own costs for N (not split into activities)
as a row for the measure itself; its tables add up with plan_finance."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from socplan.planning import services
from socplan.planning.models import CostEstimate, Measure
from socplan.planning.selectors import action_plan_items, plan_finance
from socplan.planning.versions import snapshot_lines

from .builders import make_plan

pytestmark = pytest.mark.django_db


def total(**filters):
    return CostEstimate.objects.filter(**filters).aggregate(s=Sum("amount"))["s"] or Decimal(0)


def test_the_action_plan_takes_the_measures_own_costs_of_its_year(process, coordinator):
    plan = make_plan(process)
    action = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2019)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    own = CostEstimate.objects.filter(plan=action, measure=measure, action_item__isnull=True)
    assert {(c.source, c.amount, c.year) for c in own} == {
        ("municipalities", Decimal("100000"), 2019),
        ("region", Decimal("50000"), 2019),
    }
    # the same as the medium-term plan has for 2019, activities and measures alike
    assert total(plan=action) == total(plan=plan, year=2019) == Decimal("3200000")

    groups = action_plan_items(plan=action)
    finance = plan_finance(plan=action)
    rows = [row for group in groups for row in group["items"]]
    assert sum(row.budget_total for row in rows) == finance.total == Decimal("3200000")
    measure_rows = [row for row in rows if row.is_measure]
    assert [(r.code, r.budget_total) for r in measure_rows] == [("1.1", Decimal("150000"))]
    # the measure's row comes before its activities
    first = groups[0]["items"]
    assert first[0].is_measure and first[1].code == "1.1.1"
    for group in groups:
        priority = group["priority"]
        assert sum(r.budget_total for r in group["items"]) == finance.amount(priority=priority.pk)
        for source, label in finance.sources:
            in_rows = sum((r.by_source.get(source, Decimal(0)) for r in group["items"]), Decimal(0))
            assert in_rows == finance.amount(priority=priority.pk, source=source), label
    assert finance.by_priority_and_source().total == total(plan=action)
    # the kept version of the action plan has them too
    lines = snapshot_lines(action.versions.order_by("-revision").first().snapshot)
    digits = [line.replace(",", "").replace("\xa0", "") for line in lines]  # 100,000 Kč
    assert any("100000" in line and "1.1" not in line for line in digits)
    assert "Measure: 1.1 Zachování pečovatelské služby" in lines


def test_a_year_without_own_costs_adds_no_measure_rows(process, coordinator):
    plan = make_plan(process)
    action = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2020)
    rows = [row for group in action_plan_items(plan=action) for row in group["items"]]
    assert not any(row.is_measure for row in rows)
    assert sum(r.budget_total for r in rows) == plan_finance(plan=action).total


def test_the_action_plan_page_shows_the_measure_row(process, coordinator, client_for):
    plan = make_plan(process)
    action = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2019)
    text = client_for(coordinator).get(action.get_absolute_url()).content.decode()
    assert "costs of the measure itself" in text
    assert "3\xa0200\xa0000" in text or "3,200,000" in text


def test_a_coordinator_changes_the_measures_own_costs_in_the_action_plan(
    process, coordinator, client_for
):
    from django.urls import reverse

    from socplan.core.models import AuditEvent

    plan = make_plan(process)
    action = services.action_plan_create(actor=coordinator, medium_term_plan=plan, year=2019)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    url = reverse(
        "planning:action_measure_costs",
        kwargs={"slug": process.slug, "pk": action.pk, "measure_pk": measure.pk},
    )
    client = client_for(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["cost_2019_municipalities"].value() == Decimal("100000")
    # bad input: nothing changes, the typed text stays
    bad = client.post(url, {"cost_2019_municipalities": "-5", "cost_2019_region": "70000"})
    assert bad.status_code == 200
    assert 'value="-5"' in bad.content.decode()
    assert total(plan=action, measure=measure, action_item__isnull=True) == Decimal("150000")
    response = client.post(url, {"cost_2019_municipalities": "120000", "cost_2019_eu": "1000"})
    assert response.status_code == 302
    assert total(plan=action, measure=measure, action_item__isnull=True) == Decimal("121000")
    # the medium-term plan keeps its own numbers; the action plan's tables follow
    assert total(plan=plan, measure=measure, activity__isnull=True) == Decimal("150000")
    assert plan_finance(plan=action).total == Decimal("3171000")
    assert AuditEvent.objects.filter(action="action_plan.measure_costs_changed").exists()
    # a measure of another plan is not found
    other = make_plan(process)
    wrong = reverse(
        "planning:action_measure_costs",
        kwargs={
            "slug": process.slug,
            "pk": action.pk,
            "measure_pk": Measure.objects.get(priority__plan=other, code="1.1").pk,
        },
    )
    assert client.get(wrong).status_code == 404
