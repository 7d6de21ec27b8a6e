"""While an amendment of a plan is drafted, the public monitoring pages name the items as the
approved version does and never show what only the draft has; the plan's editors see the
draft (the documents: socplan/documents/tests/test_monitoring_approved.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from socplan.planning import services as planning
from socplan.planning.models import Activity, Indicator, Measure, Plan

pytestmark = pytest.mark.django_db

DRAFT = "KONCEPT-DODATKU"


@pytest.fixture
def amended(shared_demo, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    plan = Plan.objects.get(kind=Plan.Kind.MEDIUM_TERM, is_demo=True)
    measure = Measure.objects.filter(priority__plan=plan).order_by("pk").first()
    activity = Activity.objects.filter(measure__priority__plan=plan).order_by("pk").first()
    indicator = Indicator.objects.filter(measure__priority__plan=plan).order_by("pk").first()
    approved = {
        "plan": plan.title,
        "measure": measure.title,
        "activity": activity.title,
        "indicator": indicator.name,
    }
    planning.plan_amendment_start(actor=None, plan=plan, reason="Změna kapacit")
    plan.refresh_from_db()
    planning.plan_update(actor=None, plan=plan, title=f"{DRAFT} plán")
    planning.measure_update(actor=None, measure=measure, title=f"{DRAFT} opatření")
    Activity.objects.filter(measure__priority__plan=plan).update(title=f"{DRAFT} aktivita")
    Indicator.objects.filter(measure__priority__plan=plan).update(name=f"{DRAFT} indikátor")
    return {"plan": plan, "approved": approved}


def _pages(plan) -> list[str]:
    kwargs = {"slug": plan.process.slug, "pk": plan.pk}
    return [
        reverse("monitoring:period_list", kwargs=kwargs),
        reverse("monitoring:period_detail", kwargs={**kwargs, "year": 2019}),
        reverse("monitoring:dashboard", kwargs=kwargs),
    ]


def test_the_public_pages_name_the_approved_version(amended, client):
    plan, approved = amended["plan"], amended["approved"]
    for url in _pages(plan):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert DRAFT not in text, url
        assert approved["plan"] in text, url
    detail = client.get(_pages(plan)[1]).content.decode()
    for key in ("measure", "activity", "indicator"):
        assert approved[key] in detail, key


def test_the_editors_see_the_draft(amended, client):
    plan = amended["plan"]
    coordinator = get_user_model().objects.get(email="koordinatorka@demo.socplan.cz")
    client.force_login(coordinator)
    detail = client.get(_pages(plan)[1]).content.decode()
    assert f"{DRAFT} opatření" in detail and f"{DRAFT} indikátor" in detail
