"""Query budgets of the public API of the processes: as many queries for a page of 20
processes, plans, rounds, comments or a plan of 20 measures as for 2 (the permission checks
of the apps' rules included)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from socplan import testing
from socplan.consultation.models import Comment, Resolution, Round
from socplan.planning.models import (
    Activity,
    CostEstimate,
    Indicator,
    Measure,
    Plan,
    PlanVersion,
    Priority,
)
from socplan.testing.query_budgets import assert_flat_queries

pytestmark = pytest.mark.django_db


def _plan(process, n: int, **fields) -> Plan:
    return Plan.objects.create(
        process=process,
        kind=Plan.Kind.MEDIUM_TERM,
        title=f"Plán {n:02}",
        year_start=2019,
        year_end=2021,
        status=fields.pop("status", Plan.Status.CONSULTATION),
        **fields,
    )


def test_processes(client, area):
    def add(start, stop):
        for n in range(start, stop):
            testing.make_process(area=area, slug=f"proces-{n:02}")

    assert_flat_queries(
        client, "/api/v1/procesy/?per_page=200", add, expect=lambda body: "proces-01" in body
    )


def test_plans_of_a_process(client, process):
    def add(start, stop):
        for n in range(start, stop):
            _plan(process, n)
            # a plan under amendment: the public reads its approved version
            amended = _plan(process, 100 + n, status=Plan.Status.DRAFT, version=2)
            PlanVersion.objects.create(
                plan=amended,
                revision=1,
                version=1,
                kind=PlanVersion.Kind.APPROVED,
                status=Plan.Status.APPROVED,
                snapshot={"title": f"Schválený {n:02}", "year_start": 2019, "year_end": 2021},
            )
            _plan(process, 200 + n, status=Plan.Status.DRAFT)  # never listed

    assert_flat_queries(
        client,
        f"/api/v1/procesy/{process.slug}/plany/?per_page=200",
        add,
        expect=lambda body: "Plán 01" in body and "Schválený 01" in body and "Plán 201" not in body,
    )


def test_rounds_and_comments(client, process):
    plan = _plan(process, 1)
    today = timezone.localdate()
    round_ = Round.objects.create(
        plan=plan, plan_version=1, title="Kolo", opens_on=today, closes_on=today
    )

    def add(start, stop):
        for n in range(start, stop):
            Round.objects.create(
                plan=plan, plan_version=1, title=f"Kolo {n:02}", opens_on=today, closes_on=today
            )
            comment = Comment.objects.create(
                round=round_,
                number=n + 1,
                part=Comment.Part.PLAN,
                text=f"Připomínka {n:02}",
                received_on=today,
                confirmed_at=timezone.now(),
            )
            Resolution.objects.create(
                comment=comment,
                outcome=Resolution.Outcome.ACCEPTED,
                reasoning="Ano.",
                decided_on=today,
            )

    assert_flat_queries(
        client,
        [
            f"/api/v1/plany/{plan.pk}/pripominkovani/?per_page=200",
            f"/api/v1/pripominkovani/{round_.pk}/pripominky/?per_page=200",
        ],
        add,
        expect=lambda body: "Kolo 01" in body or "Připomínka 01" in body,
    )


def test_the_tree_of_a_plan(client, process):
    plan = _plan(process, 1)
    municipality = process.planning_area.municipalities.first()

    def add(start, stop):
        for n in range(start, stop):
            priority = Priority.objects.create(plan=plan, order=n, title=f"Priorita {n:02}")
            measure = Measure.objects.create(priority=priority, title=f"Opatření {n:02}")
            measure.municipalities.add(municipality)
            activity = Activity.objects.create(measure=measure, title=f"Aktivita {n:02}")
            Indicator.objects.create(
                measure=measure, name=f"Ukazatel {n:02}", baseline=1, targets={"2020": "5"}
            )
            CostEstimate.objects.create(
                plan=plan,
                measure=measure,
                activity=activity,
                year=2020,
                amount=Decimal("1000"),
                source="state",
            )

    assert_flat_queries(
        client,
        f"/api/v1/plany/{plan.pk}/",
        add,
        expect=lambda body: "Aktivita 01" in body and "Ukazatel 01" in body,
    )
