from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from socplan.core.demo import load_demo
from socplan.organisation.models import PlanningProcess, ProcessRole
from socplan.territory.models import Municipality, PlanningArea, Population, RegionRole

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "municipalities": Municipality.objects.count(),
        "population": Population.objects.count(),
        "areas": PlanningArea.objects.count(),
        "processes": PlanningProcess.objects.count(),
        "users": get_user_model().objects.count(),
        "roles": ProcessRole.objects.count(),
        "region_roles": RegionRole.objects.count(),
    }


def test_it_loads_the_humpolec_process_over_25_municipalities(shared_demo):
    report = shared_demo  # the report of the first load

    assert report.changed_anything
    process = PlanningProcess.objects.get(slug="kpss-orp-humpolec")
    assert process.is_demo
    assert process.realizer == "MAS Společnost pro rozvoj Humpolecka"
    assert (process.period_start, process.period_end) == (2019, 2021)
    assert process.planning_area.municipalities.count() == 25
    assert process.phases.count() == 7
    humpolec = Population.objects.get(
        municipality__code="547999", source=Population.Source.CENSUS, year=2021
    )
    assert (humpolec.total, humpolec.age_65_plus) == (10835, 2478)
    assert humpolec.age_0_14 + humpolec.age_15_64 + humpolec.age_65_plus == humpolec.total


def test_it_is_idempotent(shared_demo):
    before = _counts()

    report = load_demo()

    assert not report.changed_anything
    assert _counts() == before


def test_it_keeps_what_users_changed(shared_demo):
    process = PlanningProcess.objects.get(slug="kpss-orp-humpolec")
    process.purpose = "Edited by the coordinator"
    process.save()

    load_demo()

    process.refresh_from_db()
    assert process.purpose == "Edited by the coordinator"


def test_it_marks_made_up_people_as_demo_and_prints_logins():
    out = StringIO()
    call_command("load_demo", stdout=out)

    names = list(get_user_model().objects.values_list("full_name", flat=True))
    assert names and all("(demo)" in name for name in names)
    assert "koordinatorka@demo.socplan.cz" in out.getvalue()
    coordinator = get_user_model().objects.get(email="koordinatorka@demo.socplan.cz")
    assert coordinator.check_password("socplan-demo")

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "nothing changed" in out.getvalue()


def test_the_demo_tells_one_story_on_its_public_pages(shared_demo, client):
    """The plan approved and in force from 2019, monitoring of 2019 and 2020 approved, the
    evaluation of the plan started: the phases, the news and the pages agree (issue 15)."""
    from django.urls import reverse

    from socplan.consultation.models import PlanApproval
    from socplan.library.models import NewsArticle
    from socplan.monitoring.models import MonitoringPeriod
    from socplan.planning.models import Plan

    process = PlanningProcess.objects.get(slug="kpss-orp-humpolec")
    plan = Plan.objects.get(process=process, kind=Plan.Kind.MEDIUM_TERM)
    assert plan.status == Plan.Status.IN_FORCE
    periods = MonitoringPeriod.objects.filter(action_plan__medium_term_plan=plan)
    years = set(periods.values_list("action_plan__year", flat=True))
    assert years == {2019, 2020}
    # the current phase is the evaluation, started after the monitoring of 2020
    assert process.current_phase().kind == "evaluation"
    assert process.current_phase().end is None
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Current phase: <strong>Evaluation</strong>" in " ".join(page.split())
    # the consultation is over: the page no longer asks to comment on a draft
    assert "Public consultation of the plan" in page
    assert "Comment on the draft plan" not in page
    # the news follow the story: approval, the monitoring of 2019 and 2020, the booklet
    titles = list(NewsArticle.objects.filter(process=process).values_list("title", flat=True))
    assert any("schválen" in t for t in titles)
    assert any("2019" in t for t in titles) and any("2020" in t for t in titles)
    approval = PlanApproval.objects.get(plan=plan)
    approved = NewsArticle.objects.get(process=process, title__contains="schválen")
    assert approval.resolution in approved.body  # the news names the council's resolution
    assert approval.approved_on.year == 2018 and approved.published_at.year == 2019
    news = client.get(reverse("library:news_list", kwargs={"slug": process.slug}))
    assert "Monitorovací zpráva za rok 2019 (demo)" in news.content.decode()
    # the demo's own logo in the header, the EU emblem and the notice in the footer
    assert process.brand_logo and process.brand_logo_alt
    assert 'class="process-brand__logo"' in page
    assert "eu-emblem" in page


def test_the_demo_phases_and_events_agree_with_its_consultation_round(shared_demo):
    """The process's phases, the calendar and the consultation round tell the same dates."""
    from django.utils import timezone

    from socplan.consultation.models import Round
    from socplan.library.models import Event
    from socplan.organisation.models import Phase

    process = PlanningProcess.objects.get(is_demo=True)
    round_ = Round.objects.get(plan__process=process, is_demo=True, swot__isnull=True)
    phase = Phase.objects.get(process=process, kind=Phase.Kind.CONSULTATION)
    assert (phase.start, phase.end) == (round_.opens_on, round_.closes_on)
    drafting = Phase.objects.get(process=process, kind=Phase.Kind.DRAFTING)
    approval = Phase.objects.get(process=process, kind=Phase.Kind.APPROVAL)
    assert drafting.end < phase.start and approval.start > phase.end
    hearing = Event.objects.get(title__icontains="projednání")
    assert timezone.localtime(hearing.starts_at).date() == round_.hearing_on
    assert hearing.place == round_.hearing_place
