"""Query budgets: the public round, its resolution table, the staff list of comments and the
approval page make as many queries for 20 comments (or bodies) as for 2."""

import datetime

import pytest

from socplan.consultation import services
from socplan.testing.query_budgets import assert_flat_queries, clients_of

from .builders import enter, make_round

pytestmark = pytest.mark.django_db


def test_the_round_pages(process, personas, client_for, coordinator):
    round_ = make_round(process)

    def add(start, stop):
        for n in range(start, stop):
            comment = enter(round_, text=f"Připomínka {n:02}", publish_name=True)
            if n % 2:
                services.comment_resolve(
                    actor=coordinator, comment=comment, outcome="partly", reasoning="Částečně"
                )
            if n % 5 == 0:
                services.comment_hide(actor=coordinator, comment=comment, reason="Osobní údaje")

    from django.urls import reverse

    kwargs = {"slug": process.slug, "pk": round_.pk}
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        [
            reverse("consultation:resolution_table", kwargs=kwargs),
            reverse("consultation:round_detail", kwargs=kwargs),
        ],
        add,
        expect=lambda html: "Připomínk" in html,
    )
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator"),
        reverse("consultation:round_comments", kwargs=kwargs),
        lambda a, b: None,
        expect=lambda html: "Připomínka 01" in html,
    )


def test_the_approval_and_plan_pages(process, personas, client_for, coordinator):
    from django.urls import reverse

    from socplan.consultation.models import CouncilDecision
    from socplan.planning.tests.builders import make_plan

    plan = make_plan(process)
    services.round_open(
        actor=None,
        plan=plan,
        title="Kolo",
        opens_on=datetime.date(2018, 10, 1),
        closes_on=datetime.date(2018, 10, 31),
    )

    def add(start, stop):
        for n in range(start, stop):
            decision = services.decision_add(
                actor=None, plan=plan, body=CouncilDecision.Body.OTHER, body_name=f"Orgán {n:02}"
            )
            services.decision_record(
                actor=None,
                decision=decision,
                value="approved",
                resolution_number=f"R {n}",
                decided_on=datetime.date(2018, 12, 1),
            )

    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        [
            reverse("consultation:approval", kwargs={"slug": process.slug, "plan_pk": plan.pk}),
            plan.get_absolute_url(),
        ],
        add,
        expect=lambda html: "Orgán 01" in html,
    )
