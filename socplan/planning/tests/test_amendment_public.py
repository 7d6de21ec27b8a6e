"""While an amendment of an approved plan is drafted, the public keeps seeing the last
approved version (from its kept snapshot), never the amendment's text."""

from decimal import Decimal

import pytest
from django.urls import reverse

from socplan.planning import services
from socplan.planning.models import Measure, Plan
from socplan.planning.selectors import (
    plan_approved_version,
    plan_finance,
    plans_of_process,
    snapshot_finance,
)
from socplan.testing.personas import PERSONAS

from .builders import cost, make_plan

pytestmark = pytest.mark.django_db

SECRET = "Tajný návrh změny"


def url(name, plan, **kwargs):
    return reverse(f"planning:{name}", kwargs={"slug": plan.process.slug, "pk": plan.pk, **kwargs})


@pytest.fixture
def amended(process, coordinator):
    plan = make_plan(process, status=Plan.Status.APPROVED)
    services.plan_amendment_start(actor=coordinator, plan=plan, reason="Nová služba")
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(
        actor=coordinator,
        measure=measure,
        title=SECRET,
        costs=[cost(2019, "999999", "eu")],
    )
    services.plan_update(
        actor=coordinator, plan=plan, vision="Tajná vize změny", title="Tajný název změny"
    )
    plan.refresh_from_db()
    return plan


def test_the_public_sees_the_approved_version_while_an_amendment_is_drafted(amended, client):
    assert amended.status == Plan.Status.DRAFT and amended.version == 2
    page = client.get(url("plan_detail", amended))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Zachování pečovatelské služby" in text
    assert "Lidé na Humpolecku dostanou pomoc" in text
    assert "An amendment of this plan is being prepared" in text
    assert SECRET not in text and "Tajná vize změny" not in text
    assert "Tajný název změny" not in text
    assert "999\xa0999" not in text and "999 999" not in text  # nor its money
    # the other reading pages lead to the approved version, never to the live draft
    measure = Measure.objects.get(priority__plan=amended, code="1.1")
    for name, kwargs in [
        ("plan_target_groups", {}),
        ("plan_municipalities", {}),
        ("plan_municipality", {"code": "547999"}),
        ("plan_finance", {}),
        ("measure_detail", {"measure_pk": measure.pk}),
    ]:
        response = client.get(url(name, amended, **kwargs))
        assert response.status_code == 302, name
        assert response["Location"].split("#")[0] == amended.get_absolute_url()
    measure_page = client.get(url("measure_detail", amended, measure_pk=measure.pk))
    assert measure_page["Location"].endswith(f"#opatreni-{measure.pk}")
    assert f'id="opatreni-{measure.pk}"' in text
    listing = client.get(reverse("planning:plan_list", kwargs={"slug": amended.process.slug}))
    assert "Střednědobý plán 2019–2021" in listing.content.decode()
    assert "Tajný název změny" not in listing.content.decode()
    assert "approved; an amendment is being prepared" in listing.content.decode()


def test_people_of_the_process_see_the_amendment(amended, coordinator, client_for):
    text = client_for(coordinator).get(url("plan_detail", amended)).content.decode()
    assert SECRET in text
    assert "the public sees the last approved version" in text


def test_every_outsider_gets_the_approved_version(amended, personas, client_for):
    for persona in ("anonymous", "nobody", "other_region_staff"):
        text = client_for(personas[persona]).get(url("plan_detail", amended)).content.decode()
        assert "Zachování pečovatelské služby" in text, persona
        assert SECRET not in text, persona
    assert set(PERSONAS) >= {"anonymous", "nobody", "other_region_staff"}


def test_the_approved_money_is_summed_like_the_live_money(process, coordinator):
    plan = make_plan(process, status=Plan.Status.APPROVED)
    live = plan_finance(plan=plan)
    services.plan_amendment_start(actor=coordinator, plan=plan, reason="Změna")
    kept = snapshot_finance(snapshot=plan_approved_version(plan=plan).snapshot)
    assert kept.total == live.total == Decimal("4600000")
    assert kept.by_year_and_source().rows == live.by_year_and_source().rows
    assert kept.by_priority_and_source().totals == live.by_priority_and_source().totals
    assert sorted(r[2] for r in kept.by_target_group_and_year().rows) == sorted(
        r[2] for r in live.by_target_group_and_year().rows
    )


def test_a_never_approved_draft_stays_hidden(process, client):
    plan = make_plan(process)
    services.plan_update(actor=None, plan=plan, vision="Koncept")
    assert plan_approved_version(plan=plan) is None
    assert client.get(url("plan_detail", plan)).status_code == 302  # to the login page
    assert plans_of_process(process=process, internal=False) == []


def test_nothing_of_an_unpublished_process(unpublished_process, coordinator, client):
    plan = make_plan(unpublished_process, status=Plan.Status.APPROVED)
    services.plan_amendment_start(actor=coordinator, plan=plan, reason="Změna")
    assert client.get(url("plan_detail", plan)).status_code == 404
