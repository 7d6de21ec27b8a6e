"""Commenting on the draft plan with the keyboard alone (no mouse), on accessible pages
(axe): the public round, the comment form, its error and the confirmation; and the public
resolution table."""

import pytest

from socplan.consultation import services
from socplan.consultation.models import Comment
from socplan.consultation.tests.builders import make_round


@pytest.fixture
def round_(process):
    round_ = make_round(process, open_today=True)
    return services.round_update(actor=None, round=round_, allow_anonymous=True)


def _tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_the_public_comments_a_measure_with_the_keyboard_alone(
    page, url, round_, assert_accessible
):
    page.goto(url("consultation:round_detail", slug=round_.plan.process.slug, pk=round_.pk))
    assert page.locator("h1").first.inner_text().strip() == round_.title
    assert_accessible(page)

    # the link "comment on" the measure 1.2, reached and followed by the keyboard
    _tab_to(page, "a[href*='part=measure']:not([href*='%3A0'])")
    while "1.2" not in page.evaluate("() => document.activeElement.textContent"):
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "1.2" in page.locator("#id_part option:checked").inner_text()

    # an empty comment is refused, the error is announced and what was typed stays
    _tab_to(page, "#id_author_name")
    page.keyboard.type("Jana Veselá")
    _tab_to(page, "main form[method=post] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".form-errors").is_visible()
    assert page.locator("#id_text").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_author_name").input_value() == "Jana Veselá"
    assert_accessible(page)

    _tab_to(page, "#id_text")
    page.keyboard.type("Odlehčovací služba je potřeba už v roce 2019.")
    _tab_to(page, "input[name=kind]")
    page.keyboard.press("ArrowDown")  # recommendation -> essential, or the other way round
    _tab_to(page, "#id_publish_name")
    page.keyboard.press("Space")
    _tab_to(page, "main form[method=post] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    comment = Comment.objects.get()
    assert comment.part == "measure" and comment.measure.code == "1.2"
    assert comment.author_name == "Jana Veselá" and comment.publish_name
    assert comment.counts and comment.number == 1  # anonymous allowed: counts at once
    assert page.get_by_role("status").is_visible()
    assert_accessible(page)


def test_the_public_resolution_table_is_accessible(page, url, round_, assert_accessible):
    from socplan.consultation.tests.builders import enter

    comment = enter(round_, text="Víkendový provoz i v neděli", publish_name=True)
    services.comment_resolve(actor=None, comment=comment, outcome="accepted", reasoning="Ano.")
    page.goto(url("consultation:resolution_table", slug=round_.plan.process.slug, pk=round_.pk))
    table = page.locator("table.resolution-table")
    assert table.get_by_text("Víkendový provoz i v neděli").is_visible()
    assert_accessible(page)


def test_the_public_comments_an_item_of_the_swot_with_the_keyboard_alone(
    page, url, process, assert_accessible
):
    import datetime

    from socplan.analysis import services as analysis_services
    from socplan.planning.tests.builders import make_plan

    item = analysis_services.swot_item_add(
        actor=None, process=process, group=None, quadrant="threat", text="Odchod pečovatelek"
    )
    today = datetime.date.today()
    swot_round = services.round_open(
        actor=None,
        plan=make_plan(process),
        title="Připomínky k SWOT analýze",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=20),
        allow_anonymous=True,
        swot=item.swot,
    )
    page.goto(url("consultation:round_detail", slug=process.slug, pk=swot_round.pk))
    assert page.get_by_text("Odchod pečovatelek").first.is_visible()
    assert_accessible(page)

    _tab_to(page, f"a[href*='part=swot_item%3A{item.pk}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Odchod pečovatelek" in page.locator("#id_part option:checked").inner_text()
    _tab_to(page, "#id_text")
    page.keyboard.type("Chybí opatření proti odchodu pečovatelek.")
    _tab_to(page, "main form[method=post] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    comment = Comment.objects.get()
    assert comment.swot_item == item and comment.counts
    assert_accessible(page)
