"""Czech in planning: years are names, not amounts (never "2 020"); statuses agree with
their nouns."""

import re

import pytest
from django.urls import reverse

from .builders import make_plan

pytestmark = pytest.mark.django_db

SPACED = re.compile(r"(?<![\d\xa0,])2[\xa0\u202f]0[12]\d(?![\d\xa0,])")


def url(name, plan, **kwargs):
    return reverse(name, kwargs={"slug": plan.process.slug, "pk": plan.pk, **kwargs})


def test_the_years_of_plans_and_action_plans_are_not_grouped_in_czech(
    process, coordinator, client_for, settings
):
    settings.LANGUAGE_CODE = "cs"
    plan = make_plan(process)
    client = client_for(coordinator)

    form_page = client.get(url("planning:action_plan_create", plan)).content.decode()

    assert '<option value="2019">2019</option>' in form_page
    assert not SPACED.search(form_page), SPACED.search(form_page)
    client.post(url("planning:action_plan_create", plan), {"year": "2019"})
    client.post(url("planning:action_plan_create", plan), {"year": "2020"})
    action = plan.action_plans.get(year=2020)
    client.post(url("planning:action_plan_carry_over", action))
    pages = [
        plan.get_absolute_url(),
        action.get_absolute_url(),
        reverse("planning:plan_list", kwargs={"slug": plan.process.slug}),
        url("planning:plan_finance", plan),
        url("planning:plan_versions", plan),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        assert not SPACED.search(content), (page, SPACED.search(content))
        assert "2020" in content or "2019" in content, page


def test_statuses_agree_with_their_nouns_in_czech():
    from django.utils import translation

    from socplan.planning.models import ActionItem, Plan

    with translation.override("cs"):
        # plán (masculine), aktivita (feminine)
        assert str(Plan.Status.APPROVED.label) == "schválený"
        assert str(Plan.Status.DRAFT.label) == "návrh"
        assert [str(label) for label in ActionItem.Status.labels] == [
            "plánovaná",
            "probíhá",
            "splněná",
            "nesplněná",
            "zrušená",
        ]
