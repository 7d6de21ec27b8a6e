"""The yearly monitoring in the browser: a coordinator fills in an activity with the
keyboard alone (no mouse), the error is announced and the input kept; the period page, the
public dashboard and the report pass axe."""

import pytest
from django.urls import reverse

from socplan.monitoring.models import ActivityReport, ActualCost
from socplan.monitoring.tests.builders import approve, items, make_period
from socplan.organisation.models import ProcessRole
from socplan.planning.models import ActionItem


def _tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


@pytest.fixture
def coordinator(process, staff):
    ProcessRole.objects.create(user=staff, process=process, role=ProcessRole.Role.COORDINATOR)
    return staff


def test_the_monitoring_of_an_activity_is_filled_in_with_the_keyboard_alone(
    page, live_server, process, coordinator, sign_in, assert_accessible
):
    period = make_period(process)
    item = items(period)["1.1.1"]
    sign_in(page, coordinator)
    detail = reverse(
        "monitoring:period_detail",
        kwargs={"slug": process.slug, "pk": period.plan.pk, "year": 2019},
    )
    page.goto(live_server.url + detail)
    assert_accessible(page)
    # the link "Fill in 1.1.1", reached and followed by the keyboard
    _tab_to(page, f"a[href$='/aktivity/{item.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "1.1.1" in page.locator("h1").inner_text()
    assert_accessible(page)

    # done with 60 %: refused, announced, what was typed stays
    _tab_to(page, "#id_status")
    page.keyboard.press("ArrowUp")  # not started -> not done
    page.keyboard.press("ArrowUp")  # -> partly done
    page.keyboard.press("ArrowUp")  # -> done
    _tab_to(page, "#id_progress")
    page.keyboard.type("60")
    _tab_to(page, "#id_commentary")
    page.keyboard.type("Služba běžela celý rok, víkendy od června.")
    _tab_to(page, "#id_cost_municipalities")
    page.keyboard.type("950000")
    _tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".form-errors").is_visible()
    assert page.locator("#id_progress").get_attribute("aria-invalid") == "true"
    assert "víkendy od června" in page.locator("#id_commentary").input_value()
    assert_accessible(page)

    _tab_to(page, "#id_status")
    page.keyboard.press("ArrowDown")  # done -> partly done
    _tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(detail + f"#activity-{item.pk}") or detail in page.url
    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS
    report = ActivityReport.objects.get(action_item=item)
    assert report.progress == 60 and "víkendy" in report.commentary
    assert ActualCost.objects.get(action_item=item, source="municipalities").amount == 950000
    assert_accessible(page)


def test_the_public_dashboard_and_approved_period_are_accessible(
    page, live_server, process, assert_accessible
):
    period = make_period(process)
    from socplan.monitoring import services

    services.activity_report_save(
        actor=None, period=period, item=items(period)["1.1.1"], status="done"
    )
    indicator = period.plan.priorities.first().measures.first().indicators.get()
    services.indicator_value_set(actor=None, period=period, indicator=indicator, value=85)
    approve(period)
    kw = {"slug": process.slug, "pk": period.plan.pk}
    page.goto(live_server.url + reverse("monitoring:dashboard", kwargs=kw))
    assert page.locator("main svg").count() >= 2
    assert page.locator("main table").count() >= 2
    assert_accessible(page)
    page.goto(live_server.url + reverse("monitoring:period_detail", kwargs={**kw, "year": 2019}))
    assert_accessible(page)


def test_the_real_costs_of_a_measure_are_filled_in_with_the_keyboard_alone(
    page, live_server, process, coordinator, sign_in, assert_accessible
):
    period = make_period(process)
    measure = items(period)["1.1.1"].activity.measure
    sign_in(page, coordinator)
    detail = reverse(
        "monitoring:period_detail",
        kwargs={"slug": process.slug, "pk": period.plan.pk, "year": 2019},
    )
    page.goto(live_server.url + detail)
    _tab_to(page, f"a[href$='/opatreni/{measure.pk}/naklady/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert measure.code in page.locator("h1").inner_text()
    assert_accessible(page)
    # a negative amount: refused, announced, what was typed stays
    _tab_to(page, "#id_cost_municipalities")
    page.keyboard.type("-5")
    _tab_to(page, "#id_cost_region")
    page.keyboard.type("45000")
    _tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".form-errors").is_visible()
    assert page.locator("#id_cost_municipalities").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_cost_region").input_value().replace("\u00a0", "") in (
        "45000",
        "45 000",
    )
    assert_accessible(page)
    _tab_to(page, "#id_cost_municipalities")
    page.keyboard.press("Control+A")
    page.keyboard.type("90000")
    _tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert detail in page.url
    own = {
        c.source: c.amount
        for c in ActualCost.objects.filter(period=period, measure=measure, action_item=None)
    }
    assert own == {"municipalities": 90000, "region": 45000}
    assert_accessible(page)
