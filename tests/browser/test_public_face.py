"""The public face on a phone (375 px): the catalogue shows results first with the filters
in a closed panel and the map after the list; adding to the shortlist keeps the focus and is
announced; the shortlist link is copied with one button; axe finds nothing."""

import pytest

from socplan.catalogue.tests import public_helpers as h

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def catalogue(transactional_db):
    return h.catalogue()


@pytest.fixture
def phone(new_context):
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def _top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


def test_the_catalogue_on_a_phone_shows_results_first(phone, url, catalogue, assert_accessible):
    phone.goto(url("catalogue:home") + "?q=senior")
    panel = phone.locator("#filters-panel")
    assert panel.get_attribute("open") is None  # closed: a one-line "Filters" bar
    first_result = phone.locator(".service-list > li").first
    assert first_result.bounding_box()["y"] < PHONE["height"]  # above the fold
    assert _top(phone, "#filters-panel") < _top(phone, "#catalogue-results")
    assert not phone.locator("#filters input[type=checkbox]").first.is_visible()
    if phone.locator("#results-map").count():  # the map comes after the list
        assert _top(phone, "#results-map") > _top(phone, ".service-list")
    assert_accessible(phone)

    phone.locator(".facets-panel__summary").click()
    assert phone.locator("#filters input[type=checkbox]").first.is_visible()
    assert_accessible(phone)


def test_adding_to_the_shortlist_keeps_focus_and_is_announced(phone, url, catalogue):
    phone.goto(url("catalogue:home"))
    card = phone.locator(".service-list > li").filter(has_text="Domov pro seniory Kejžlice")
    card.locator(".shortlist-form button").click()
    card.locator(".shortlist-form__state").wait_for()
    announcer = phone.locator("#shortlist-announcer")
    phone.wait_for_function(
        "() => document.getElementById('shortlist-announcer').textContent.length > 0"
    )
    assert "Domov pro seniory Kejžlice" in announcer.inner_text()
    focused = phone.evaluate("() => document.activeElement.closest('.service-card')?.innerText")
    assert focused and "Domov pro seniory Kejžlice" in focused  # not lost to <body>


def test_without_javascript_the_change_is_announced_in_the_card_with_the_focus(
    new_context, url, catalogue
):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(url("catalogue:home"))
    card = page.locator(".service-list > li").filter(has_text="Domov pro seniory Kejžlice")
    card.locator(".shortlist-form button").click()
    page.wait_for_load_state()
    assert page.url.endswith("#shortlist-changed")
    # The page came back: the focus is on the announcement (role="status") in the same card,
    # which screen readers read; the next Tab goes on from the card.
    card = page.locator(".service-list > li").filter(has_text="Domov pro seniory Kejžlice")
    status = card.locator("#shortlist-changed[role=status]")
    assert "Domov pro seniory Kejžlice" in status.inner_text()
    # (a CSS query: with JavaScript off the page runs no script of ours, evaluate() neither)
    assert page.locator("#shortlist-changed:focus").count() == 1
    assert status.bounding_box()["y"] < PHONE["height"]  # scrolled into view
    # Said once: a reload does not repeat it.
    page.goto(url("catalogue:home"))
    assert page.locator("#shortlist-changed").count() == 0


def test_the_home_page_starts_with_find_help_on_a_phone(phone, url, catalogue, assert_accessible):
    phone.goto(url("home:index"))
    search = phone.locator(".find-help input[name=q]")
    assert search.bounding_box()["y"] < PHONE["height"]
    assert phone.locator("link[rel=icon]").count() >= 2
    assert_accessible(phone)
    search.fill("senior")
    search.press("Enter")
    phone.wait_for_load_state()
    assert "/katalog/" in phone.url
    assert phone.locator(".service-list > li").count() >= 1


def test_the_shortlist_link_is_copied_with_one_button(
    new_context, url, catalogue, assert_accessible
):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url("catalogue:service_detail", pk=catalogue["home"].pk))
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator(".shortlist-form button").first.click()
    page.goto(url("catalogue:shortlist"))
    assert_accessible(page)
    assert page.locator("form.shortlist-email input[name=email]").is_visible()
    copy = page.get_by_role("button", name="Zkopírovat odkaz")
    assert copy.is_visible()
    copy.click()
    page.wait_for_function(
        "() => document.getElementById('shortlist-announcer').textContent.length > 0"
    )
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.locator("#share-url").input_value()
    assert "?s=" in copied
