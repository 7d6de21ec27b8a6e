"""The region's view in the browser: Mr Král of Kraj Vysočina signs in, goes from his
overview to his region's dashboard, sees which ORP has a plan in force on the map and in the
table, and the page passes axe on screen and when printed."""

import datetime

from django.urls import reverse

from socplan.consultation.models import PlanApproval
from socplan.planning.models import Plan
from socplan.territory.models import Boundary, RegionRole


def test_region_staff_reach_their_dashboard_and_it_is_accessible(
    page, live_server, process, django_user_model, sign_in, assert_accessible
):
    region = process.planning_area.municipalities.first().district.region
    user = django_user_model.objects.create_user(
        email="kral@example.org", password="correct-horse-battery-staple", full_name="Jan Král"
    )
    user.test_password = "correct-horse-battery-staple"
    RegionRole.objects.create(user=user, region=region)
    plan = Plan.objects.create(
        process=process,
        kind=Plan.Kind.MEDIUM_TERM,
        title="Střednědobý plán Humpolec",
        year_start=2025,
        year_end=2029,
        status=Plan.Status.IN_FORCE,
    )
    PlanApproval.objects.create(
        plan=plan, version=1, approved_on=datetime.date(2024, 12, 9), resolution="ZM 7/2024"
    )
    square = [[[15.3, 49.5], [15.4, 49.5], [15.4, 49.6], [15.3, 49.6], [15.3, 49.5]]]
    Boundary.objects.create(level=Boundary.Level.ORP, code="6103", year=2024, polygons=[square])

    sign_in(page, user)
    page.goto(live_server.url + reverse("home:dashboard"))
    link = page.locator(f"main a[href='{reverse('region:index')}']")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(reverse("region:detail", kwargs={"region": region.code}))
    assert region.name in page.locator("h1").inner_text()
    assert "Humpolec" in page.locator("figure svg path title").first.text_content()
    row = page.locator("table").first.locator("tbody tr").first
    assert "Humpolec" in row.inner_text() and "ZM 7/2024" in row.inner_text()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".no-print").first.is_visible()
    assert_accessible(page)
