"""The money tables are views of one selector; they must add up to the cost rows."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from socplan.planning import services
from socplan.planning.models import CostEstimate
from socplan.planning.selectors import plan_finance

from .builders import make_plan

pytestmark = pytest.mark.django_db


def total(**filters):
    return CostEstimate.objects.filter(**filters).aggregate(s=Sum("amount"))["s"] or Decimal(0)


def test_the_tables_equal_the_sums_of_the_costs(process):
    plan = make_plan(process)
    finance = plan_finance(plan=plan)
    assert finance.total == total(plan=plan) == Decimal("4600000")
    by_year = finance.by_year_and_source()
    for (label, values, row_total), year in zip(by_year.rows, plan.years, strict=True):
        assert label == str(year)
        assert row_total == total(plan=plan, year=year)
        for (source, _label), value in zip(finance.sources, values, strict=True):
            assert value == total(plan=plan, year=year, source=source)
    assert by_year.total == finance.total
    by_priority = finance.by_priority_and_year()
    for (pk, _label), (_l, values, row_total) in zip(
        finance.priorities, by_priority.rows, strict=True
    ):
        assert row_total == total(plan=plan, measure__priority_id=pk)
        assert values == [
            total(plan=plan, measure__priority_id=pk, year=year) for year in plan.years
        ]
    assert by_priority.totals == [total(plan=plan, year=y) for y in plan.years]
    by_source = finance.by_priority_and_source()
    assert by_source.totals == [total(plan=plan, source=s) for s, _l in finance.sources]


def test_target_groups_count_a_measure_with_each_of_its_groups(process):
    plan = make_plan(process)
    table = plan_finance(plan=plan).by_target_group_and_year()
    rows = {label: row_total for label, _v, row_total in table.rows}
    care = total(plan=plan, measure__title="Zachování pečovatelské služby")
    assert rows["senioři"] == care == rows["osoby se zdravotním postižením"]
    assert rows["osoby dlouhodobě nezaměstnané"] == total(plan=plan, measure__code="2.1")
    assert rows["All target groups"] == total(plan=plan, measure__code="1.2")


def test_action_plan_totals_are_the_sums_of_its_budgets(process):
    plan = make_plan(process)
    action = services.action_plan_create(actor=None, medium_term_plan=plan, year=2019)
    finance = plan_finance(plan=action)
    # activities 3 050 000 and the own costs of measure 1.1 in 2019 (150 000)
    assert finance.total == total(plan=action) == Decimal("3200000")
    assert finance.total == total(plan=plan, year=2019)
    assert finance.amount(source="eu") == Decimal("40000")
    # the medium-term plan's own numbers are not changed by the action plan
    assert plan_finance(plan=plan).total == Decimal("4600000")


def test_the_budget_page_shows_the_selector_numbers(process, client):
    from socplan.planning.models import Plan

    plan = make_plan(process, status=Plan.Status.CONSULTATION)
    response = client.get(
        reverse("planning:plan_finance", kwargs={"slug": process.slug, "pk": plan.pk})
    )
    assert response.status_code == 200
    content = response.content.decode()
    # 4 600 000 in total, grouped as in English
    assert "4,600,000" in content
