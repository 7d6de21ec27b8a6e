"""Every page of the plans, tried with every persona (see socplan/testing/personas.py)."""

import pytest
from django.urls import reverse

from socplan.planning import services
from socplan.planning.models import Measure, Plan
from socplan.testing.personas import PERSONAS, assert_only_allowed

from .builders import make_plan

pytestmark = pytest.mark.django_db

INTERNAL = ["member", "methodologist", "region_staff", "coordinator", "staff"]
MANAGERS = ["coordinator", "staff"]


def _m(plan):
    return Measure.objects.get(priority__plan=plan, code="1.1")


def _item(plan):
    action = plan.action_plans.first() or services.action_plan_create(
        actor=None, medium_term_plan=plan, year=2019
    )
    return action, action.items.first()


# url name, extra kwargs builder (plan -> dict), personas allowed in (on a DRAFT plan)
PAGES = [
    ("plan_detail", lambda p: {}, INTERNAL),
    ("plan_target_groups", lambda p: {}, INTERNAL),
    ("plan_municipalities", lambda p: {}, INTERNAL),
    ("plan_municipality", lambda p: {"code": "547999"}, INTERNAL),
    ("plan_finance", lambda p: {}, INTERNAL),
    ("measure_detail", lambda p: {"measure_pk": _m(p).pk}, INTERNAL),
    ("plan_editor", lambda p: {}, INTERNAL),
    ("plan_versions", lambda p: {}, INTERNAL),
    ("version_compare", lambda p: {}, INTERNAL),
    ("plan_edit", lambda p: {}, MANAGERS),
    ("plan_status", lambda p: {}, MANAGERS),
    ("plan_amend", lambda p: {}, MANAGERS),
    ("priority_create", lambda p: {}, MANAGERS),
    ("priority_edit", lambda p: {"priority_pk": p.priorities.first().pk}, MANAGERS),
    ("measure_create", lambda p: {}, MANAGERS),
    ("measure_edit", lambda p: {"measure_pk": _m(p).pk}, MANAGERS),
    ("activity_create", lambda p: {"measure_pk": _m(p).pk}, MANAGERS),
    (
        "activity_edit",
        lambda p: {"measure_pk": _m(p).pk, "activity_pk": _m(p).activities.first().pk},
        MANAGERS,
    ),
    ("action_plan_create", lambda p: {}, MANAGERS),
]

POSTS = [
    ("priority_action", lambda p: {"priority_pk": p.priorities.first().pk}),
    ("measure_action", lambda p: {"measure_pk": _m(p).pk}),
    (
        "activity_action",
        lambda p: {"measure_pk": _m(p).pk, "activity_pk": _m(p).activities.first().pk},
    ),
    ("action_plan_carry_over", lambda p: {}),
]


@pytest.fixture
def plan(process):
    return make_plan(process)


@pytest.mark.parametrize(("name", "kwargs", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_it_lets_in_only_the_right_personas(name, kwargs, allowed, plan, personas, client_for):
    url = reverse(
        f"planning:{name}", kwargs={"slug": plan.process.slug, "pk": plan.pk, **kwargs(plan)}
    )
    assert_only_allowed(url, allowed, personas, client_for)


def test_the_action_item_page_is_for_managers(plan, personas, client_for):
    action, item = _item(plan)
    url = reverse(
        "planning:action_item_edit",
        kwargs={"slug": plan.process.slug, "pk": action.pk, "item_pk": item.pk},
    )
    assert_only_allowed(url, MANAGERS, personas, client_for)
    assert_only_allowed(action.get_absolute_url(), INTERNAL, personas, client_for)
    costs = reverse(
        "planning:action_measure_costs",
        kwargs={"slug": plan.process.slug, "pk": action.pk, "measure_pk": _m(plan).pk},
    )
    assert_only_allowed(costs, MANAGERS, personas, client_for)


@pytest.mark.parametrize(("name", "kwargs"), POSTS, ids=[p[0] for p in POSTS])
def test_only_managers_post_actions(name, kwargs, plan, personas, client_for):
    target = plan
    if name == "action_plan_carry_over":
        target, _item_ = _item(plan)
    url = reverse(
        f"planning:{name}", kwargs={"slug": plan.process.slug, "pk": target.pk, **kwargs(plan)}
    )
    for persona in PERSONAS:
        response = client_for(personas[persona]).post(url, {"action": "down"})
        if persona in MANAGERS:
            assert response.status_code == 302, persona
            assert not response["Location"].startswith(reverse("accounts:login"))
        elif persona == "anonymous":
            assert response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.status_code == 403, persona


def test_a_public_plan_is_public(plan, personas, client_for):
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    pages = [
        reverse("planning:plan_list", kwargs={"slug": plan.process.slug}),
        *[
            reverse(
                f"planning:{name}",
                kwargs={"slug": plan.process.slug, "pk": plan.pk, **kwargs(plan)},
            )
            for name, kwargs, allowed in PAGES
            if allowed == INTERNAL
            and name not in ("plan_editor", "plan_versions", "version_compare")
        ],
    ]
    for url in pages:
        for persona in PERSONAS:
            assert client_for(personas[persona]).get(url).status_code == 200, (persona, url)
    # the editing pages stay internal
    editor = reverse("planning:plan_editor", kwargs={"slug": plan.process.slug, "pk": plan.pk})
    assert_only_allowed(editor, INTERNAL, personas, client_for)


def test_autosave_is_for_internal_personas(plan, personas, client_for):
    url = reverse("planning:draft_save", kwargs={"slug": plan.process.slug, "pk": plan.pk})
    url += "?key=plan-" + str(plan.pk)
    for persona in PERSONAS:
        response = client_for(personas[persona]).post(url, {"title": "x"})
        if persona in INTERNAL:
            assert response.status_code == 200, persona
        elif persona == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == 403, persona


def test_during_an_amendment_outsiders_read_the_approved_version(plan, personas, client_for):
    services.plan_status_set(
        actor=None,
        plan=plan,
        status=Plan.Status.APPROVED,
    )
    services.plan_amendment_start(actor=None, plan=plan, reason="Změna")
    detail = plan.get_absolute_url()
    finance = reverse("planning:plan_finance", kwargs={"slug": plan.process.slug, "pk": plan.pk})
    for persona in PERSONAS:
        client = client_for(personas[persona])
        page = client.get(detail)
        assert page.status_code == 200, persona
        approved = "An amendment of this plan is being prepared" in page.content.decode()
        assert approved == (persona not in INTERNAL), persona
        response = client.get(finance)
        if persona in INTERNAL:
            assert response.status_code == 200, persona
        else:
            assert (response.status_code, response["Location"]) == (302, detail), persona
    # the editing pages stay internal
    editor = reverse("planning:plan_editor", kwargs={"slug": plan.process.slug, "pk": plan.pk})
    assert_only_allowed(editor, INTERNAL, personas, client_for)
