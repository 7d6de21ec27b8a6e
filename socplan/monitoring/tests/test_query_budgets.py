"""Query budgets of the monitoring pages: as many queries for 20 activities and
indicators as for 2."""

import pytest
from django.urls import reverse

from socplan.monitoring import services
from socplan.monitoring.tests.builders import approve, make_period
from socplan.planning import services as planning_services
from socplan.testing.query_budgets import assert_flat_queries, clients_of

pytestmark = pytest.mark.django_db


def _grow(period):
    plan = period.plan
    measure = plan.priorities.first().measures.first()

    def add(start, stop):
        for n in range(start, stop):
            activity = planning_services.activity_create(
                actor=None,
                measure=measure,
                title=f"Aktivita {n:02}",
                start_year=2019,
                end_year=2019,
            )
            item = period.action_plan.items.create(activity=activity, order=100 + n)
            services.activity_report_save(
                actor=None,
                period=period,
                item=item,
                status="done" if n % 2 else "in_progress",
                commentary=f"Komentář {n}",
                costs=[{"source": "eu", "amount": 1000 + n}],
            )
            indicator = measure.indicators.create(
                name=f"Indikátor {n:02}", baseline=1, targets={"2021": 10}
            )
            services.indicator_value_set(actor=None, period=period, indicator=indicator, value=n)

    return add


def test_period_detail(process, personas, client_for):
    period = make_period(process)
    url = reverse(
        "monitoring:period_detail",
        kwargs={"slug": process.slug, "pk": period.plan.pk, "year": 2019},
    )
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator"),
        url,
        _grow(period),
        expect=lambda html: "Aktivita 00" in html and "Indikátor 00" in html,
    )


def test_dashboard(process, personas, client_for):
    period = make_period(process)
    add = _grow(period)

    def add_and_approve(start, stop):
        if period.status == "approved":
            from socplan.monitoring.models import MonitoringPeriod

            MonitoringPeriod.objects.filter(pk=period.pk).update(status="draft")
            period.refresh_from_db()
        add(start, stop)
        approve(period)

    url = reverse("monitoring:dashboard", kwargs={"slug": process.slug, "pk": period.plan.pk})
    assert_flat_queries(
        clients_of(personas, client_for, "anonymous"),
        url,
        add_and_approve,
        expect=lambda html: "Indikátor 00" in html,
    )
