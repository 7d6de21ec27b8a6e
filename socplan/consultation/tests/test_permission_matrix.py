"""Who may do what in the consultation, with every persona (see socplan.testing.personas).

Public pages (the round, the comment form while open, the resolution table) answer 200 to
everybody; the staff pages only to whom the rules allow; a round of an unpublished process
is 404 for outsiders."""

import pytest
from django.urls import reverse

from socplan.consultation import services
from socplan.testing.personas import PERSONAS, assert_only_allowed

from .builders import enter, make_round

pytestmark = pytest.mark.django_db

INTERNAL = ["member", "methodologist", "region_staff", "coordinator", "staff"]
MANAGERS = ["coordinator", "staff"]


@pytest.fixture
def round_(process):
    return make_round(process, open_today=True)


def _r(name, round_, **extra):
    return reverse(
        f"consultation:{name}", kwargs={"slug": round_.plan.process.slug, "pk": round_.pk, **extra}
    )


def _p(name, round_, **extra):
    return reverse(
        f"consultation:{name}",
        kwargs={"slug": round_.plan.process.slug, "plan_pk": round_.plan_id, **extra},
    )


def test_everybody_reads_the_round_comments_and_reads_the_table(round_, personas, client_for):
    for url in (
        _r("round_detail", round_),
        _r("comment_form", round_),
        _r("resolution_table", round_),
    ):
        assert_only_allowed(url, PERSONAS, personas, client_for)
    assert_only_allowed(_p("plan_rounds", round_), PERSONAS, personas, client_for)
    assert_only_allowed(_p("approval", round_), PERSONAS, personas, client_for)


def test_the_people_of_the_process_see_every_comment(round_, personas, client_for):
    assert_only_allowed(_r("round_comments", round_), INTERNAL, personas, client_for)
    comment = enter(round_)
    assert_only_allowed(
        _r("comment_resolve", round_, comment_pk=comment.pk), INTERNAL, personas, client_for
    )


def test_only_coordinators_manage_the_round_and_the_approval(round_, personas, client_for):
    assert_only_allowed(_r("comment_enter", round_), MANAGERS, personas, client_for)
    assert_only_allowed(_p("round_create", round_), MANAGERS, personas, client_for)
    assert_only_allowed(_p("round_edit", round_, pk=round_.pk), MANAGERS, personas, client_for)
    assert_only_allowed(
        reverse("consultation:answer_templates", kwargs={"slug": round_.plan.process.slug}),
        MANAGERS,
        personas,
        client_for,
    )
    services.decisions_prepare(actor=None, plan=round_.plan)
    decision = round_.plan.council_decisions.first()
    assert_only_allowed(
        _p("decision_edit", round_, decision_pk=decision.pk), MANAGERS, personas, client_for
    )


def test_only_coordinators_post_on_the_approval_and_resolve(round_, personas, client_for):
    comment = enter(round_)
    for persona in PERSONAS:
        client = client_for(personas[persona])
        approve = client.post(_p("approval", round_), {"action": "prepare"})
        resolve = client.post(
            _r("comment_resolve", round_, comment_pk=comment.pk),
            {"outcome": "accepted", "reasoning": "Ano"},
        )
        moderate = client.post(
            _r("comment_moderate", round_, comment_pk=comment.pk),
            {"action": "hide", "reason": "x"},
        )
        if persona in MANAGERS:
            assert approve.status_code == 302, persona
            assert resolve.status_code == 302, persona
            assert moderate.status_code == 302, persona
        else:
            refused = 302 if persona == "anonymous" else 403  # anonymous: to the login
            assert approve.status_code == refused, persona
            assert resolve.status_code == refused, persona
            assert moderate.status_code == refused, persona
    assert round_.plan.council_decisions.exists()
    comment.refresh_from_db()
    assert comment.is_hidden  # by a manager; nobody else got through
    assert comment.resolution.decided_by in (personas["coordinator"], personas["staff"])


def test_a_working_group_member_resolves_the_comments_of_their_group(
    round_, member, client_for, methodologist
):
    from socplan.planning.tests.builders import add_member, make_group

    group = make_group(round_.plan.process)
    add_member(group, member)
    mine = enter(round_, working_group=group)
    other = enter(round_)
    client = client_for(member)
    ok = client.post(
        _r("comment_resolve", round_, comment_pk=mine.pk),
        {"outcome": "accepted", "reasoning": "Ano"},
    )
    refused = client.post(
        _r("comment_resolve", round_, comment_pk=other.pk),
        {"outcome": "accepted", "reasoning": "Ano"},
    )
    assert ok.status_code == 302 and refused.status_code == 403
    mine.refresh_from_db()
    assert mine.resolution.outcome == "accepted"
    refused_m = client_for(methodologist).post(
        _r("comment_resolve", round_, comment_pk=other.pk),
        {"outcome": "accepted", "reasoning": "x"},
    )
    assert refused_m.status_code == 403


def test_e_mails_of_commenters_only_for_coordinators(round_, personas, client_for):
    enter(round_, email="tajny@example.org")
    for persona in INTERNAL:
        text = client_for(personas[persona]).get(_r("round_comments", round_)).content.decode()
        assert ("tajny@example.org" in text) == (persona in MANAGERS), persona


def test_a_round_of_an_unpublished_process_is_hidden(
    unpublished_process, client, client_for, nobody
):
    round_ = make_round(unpublished_process)
    assert client_for(nobody).get(_r("round_detail", round_)).status_code == 404
    assert client.get(_r("resolution_table", round_)).status_code in (302, 404)


def test_a_draft_plan_s_round_stays_internal_until_the_plan_is_public(
    process, personas, client_for
):
    from socplan.planning import services as planning_services

    round_ = make_round(process)
    planning_services.plan_status_set(actor=None, plan=round_.plan, status="draft")
    assert_only_allowed(_r("round_detail", round_), INTERNAL, personas, client_for)
