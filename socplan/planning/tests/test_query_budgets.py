"""Query budgets of the plan pages: as many queries for 20 rows (plans, priorities,
measures, activities, action plan items, versions) as for 2."""

from unittest import mock

import pytest
from django.urls import reverse

from socplan.planning import services
from socplan.planning.models import Plan
from socplan.testing.query_budgets import assert_flat_queries, clients_of

from .builders import cost, make_group, make_service, target_group

pytestmark = pytest.mark.django_db


def _approve(plan, actor=None):
    return services.plan_status_set(
        actor=actor,
        plan=plan,
        status=Plan.Status.APPROVED,
    )


def _plan_url(name, plan, **kwargs):
    return reverse(f"planning:{name}", kwargs={"slug": plan.process.slug, "pk": plan.pk, **kwargs})


def test_plan_list(process, personas, client_for):
    def add(start, stop):
        for n in range(start, stop):
            plan = services.plan_create(
                actor=None,
                process=process,
                title=f"Plán {n:02}",
                year_start=2000 + n,
                year_end=2002 + n,
            )
            if n % 2 == 0:
                plan = _approve(plan)
            if n % 4 == 0:  # an amendment: the public sees the approved version
                services.plan_amendment_start(actor=None, plan=plan, reason="Změna")

    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        reverse("planning:plan_list", kwargs={"slug": process.slug}),
        add,
        expect=lambda html: "Plán 00" in html,
    )


@pytest.fixture
def plan(process):
    return services.plan_create(
        actor=None, process=process, title="Střednědobý plán", year_start=2019, year_end=2021
    )


def _add_priorities(plan):
    """Each row: a priority with a measure (target groups, municipalities, a service, an
    indicator, a working group, costs) and two activities with costs."""
    seniors = target_group("senioři", "senioři", 1)
    group = make_group(plan.process)
    service = make_service()
    municipalities = list(plan.process.planning_area.municipalities.all())

    def add(start, stop):
        # Quicker: no version kept after each step, and the codes numbered once at the end.
        with mock.patch.object(services, "_record"), mock.patch.object(services, "_renumber"):
            _add(start, stop)
        services._renumber(plan)

    def _add(start, stop):
        for n in range(start, stop):
            priority = services.priority_create(actor=None, plan=plan, title=f"Priorita {n:02}")
            measure = services.measure_create(
                actor=None,
                priority=priority,
                title=f"Opatření {n:02}",
                kind="keep",
                start_year=2019,
                end_year=2021,
                target_groups=[seniors],
                municipalities=municipalities[: n % 3],
                services=[service],
                working_group=group,
                responsible_municipality=municipalities[0],
                costs=[cost(2019, "1000", "municipalities"), cost(2020, "500", "region")],
                indicators=[{"name": f"Ukazatel {n}", "unit": "osob", "baseline": 1}],
            )
            for k in range(2):
                services.activity_create(
                    actor=None,
                    measure=measure,
                    title=f"Aktivita {n:02}.{k}",
                    start_year=2019,
                    end_year=2020,
                    responsible_provider=service.provider,
                    costs=[cost(2019, "100", "eu"), cost(2020, "200", "state")],
                )

    return add


def _first_municipality(plan):
    return list(plan.process.planning_area.municipalities.all())[0]


PLAN_PAGES = [
    "plan_detail",
    "plan_target_groups",
    "plan_municipalities",
    "plan_finance",
    "plan_editor",
]


def test_plan_pages_for_the_coordinator(plan, coordinator, client_for):
    assert_flat_queries(
        client_for(coordinator),
        [_plan_url(name, plan) for name in PLAN_PAGES]
        # a municipality named by some measures (the others are for the whole area)
        + [_plan_url("plan_municipality", plan, code=_first_municipality(plan).code)],
        _add_priorities(plan),
        expect=lambda html: "Priorita 01" in html or "Opatření 01" in html or "Humpolec" in html,
    )


def test_public_plan_pages(plan, client_for):
    add = _add_priorities(plan)

    def add_then_publish(start, stop):
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
        add(start, stop)
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CONSULTATION)

    assert_flat_queries(
        client_for(None),
        [_plan_url(name, plan) for name in ["plan_detail", "plan_target_groups", "plan_finance"]],
        add_then_publish,
        expect=lambda html: "Priorita 01" in html or "Opatření 01" in html,
    )


def test_the_approved_version_of_an_amended_plan(plan, client_for):
    """The public page of a plan under amendment shows its kept version."""
    add = _add_priorities(plan)

    def add_approve_amend(start, stop):
        add(start, stop)
        approved = _approve(Plan.objects.get(pk=plan.pk))
        services.plan_amendment_start(actor=None, plan=approved, reason="Změna")

    assert_flat_queries(
        client_for(None),
        _plan_url("plan_detail", plan),
        add_approve_amend,
        expect=lambda html: "Priorita 01" in html,
    )


def test_measure_detail(plan, coordinator, client_for):
    add = _add_priorities(plan)
    add(0, 1)
    measure = plan.priorities.first().measures.first()

    def add_activities(start, stop):
        for n in range(start, stop):
            with mock.patch.object(services, "_record"):
                services.activity_create(
                    actor=None,
                    measure=measure,
                    title=f"Další aktivita {n:02}",
                    start_year=2019,
                    end_year=2019,
                    costs=[cost(2019, "100", "eu")],
                )

    assert_flat_queries(
        client_for(coordinator),
        _plan_url("measure_detail", plan, measure_pk=measure.pk),
        add_activities,
        expect=lambda html: "Další aktivita 01" in html,
    )


def test_plan_versions(plan, coordinator, client_for):
    def add(start, stop):
        for n in range(start, stop):
            services.priority_create(actor=coordinator, plan=plan, title=f"Priorita {n:02}")
            services.plan_version_save(actor=coordinator, plan=plan, note=f"Verze {n:02}")

    assert_flat_queries(
        client_for(coordinator),
        _plan_url("plan_versions", plan),
        add,
        expect=lambda html: "Verze 01" in html,
    )


def test_action_plan(plan, personas, client_for):
    add = _add_priorities(plan)
    state = {}

    def add_rows(start, stop):
        Plan.objects.filter(kind=Plan.Kind.ACTION).delete()
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
        add(start, stop)
        action = services.action_plan_create(
            actor=None, medium_term_plan=Plan.objects.get(pk=plan.pk), year=2019
        )
        Plan.objects.filter(pk__in=[plan.pk, action.pk]).update(status=Plan.Status.CONSULTATION)
        state["url"] = _plan_url("plan_detail", action)

    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        lambda: state["url"],
        add_rows,
        expect=lambda html: "Aktivita 01.0" in html,
    )
