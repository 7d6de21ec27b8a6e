"""The SWOT of a working group in a real browser, by keyboard only: a member writes an item,
rates the items and saves the ratings; the SWOT, its printable page and the findings
register pass axe."""

import datetime

import pytest

from socplan.analysis import services
from socplan.analysis.models import SwotItem, SwotRating
from socplan.organisation.models import Group, Membership, Person, ProcessRole


@pytest.fixture
def group(process, user):
    group = Group.objects.create(
        process=process, kind=Group.Kind.TARGET_GROUP, name="PS Senioři", slug="seniori"
    )
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.MEMBER)
    person = Person.objects.create(process=process, name=user.full_name, user=user)
    Membership.objects.create(
        group=group, person=person, side=Membership.Side.USER, start=datetime.date(2018, 1, 1)
    )
    services.swot_item_add(
        actor=None, process=process, group=group, quadrant="strength", text="Zkušená charita"
    )
    services.finding_create(actor=None, process=process, statement="Chybí odlehčovací služba")
    return group


def _tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} never got the focus")


def test_a_member_writes_and_rates_by_keyboard(
    page, url, process, group, user, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto(url("analysis:swot_detail", slug=process.slug, group=group.slug))
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    _tab_to(page, "#id_item-quadrant")
    page.keyboard.press("End")  # the last part: threats
    _tab_to(page, "#id_item-text")
    page.keyboard.type("Nedostatek pracovníků v terénních službách")
    _tab_to(page, "section[aria-labelledby=add-item] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    item = SwotItem.objects.get(text="Nedostatek pracovníků v terénních službách")
    assert item.quadrant == "threat" and item.author.user == user
    assert page.locator("#quadrant-threat").is_visible()
    assert_accessible(page)

    first = SwotItem.objects.get(text="Zkušená charita")
    _tab_to(page, f"#score-{first.pk}")
    page.keyboard.press("ArrowDown")  # "5 – most important", the first score after "not rated"
    _tab_to(page, "#swot-ratings button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert SwotRating.objects.get(item=first, person__user=user).score == 5
    assert page.locator(f"#score-{first.pk}").input_value() == "5"

    page.goto(url("analysis:swot_print", slug=process.slug, group=group.slug))
    assert page.get_by_text("Nedostatek pracovníků v terénních službách").is_visible()
    assert_accessible(page)

    page.goto(url("analysis:finding_list", slug=process.slug))
    assert page.get_by_text("Chybí odlehčovací služba").first.is_visible()
    assert_accessible(page)

    page.goto(url("analysis:swot_overview", slug=process.slug))
    assert_accessible(page)
