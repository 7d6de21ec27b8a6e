"""The public catalogue in a browser: axe on the home, a search result and a service
detail; the map without tiles; the shortlist with and without JavaScript; print."""

import pytest

from socplan.catalogue.tests import public_helpers as h

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def catalogue(transactional_db):
    built = h.catalogue()
    h.life_situation("Senior potřebuje pomoc doma", kinds=[h.CARE_SERVICE], groups=[h.SENIORS])
    return built


def test_it_has_an_accessible_catalogue_home_with_life_situations(
    page, url, catalogue, assert_accessible
):
    page.goto(url("catalogue:home"))

    assert page.locator("main h1").count() == 1
    assert page.get_by_role("link", name="Senior potřebuje pomoc doma").is_visible()
    assert_accessible(page)


def test_it_searches_without_diacritics_and_shows_an_accessible_result_page(
    page, url, catalogue, assert_accessible
):
    page.goto(url("catalogue:home"))
    page.locator("input[name=q]").fill("pecovatelska sluzba seniorum")
    page.locator("#catalogue-form button[type=submit]").click()
    page.wait_for_load_state()

    results = page.locator(".service-list > li")
    assert results.count() == 1
    assert "Pečovatelská služba pro seniory" in results.first.inner_text()
    # the results map is drawn (circle markers) although no tile can load
    page.locator("#results-map.leaflet-container").wait_for()
    assert page.locator("#results-map path.leaflet-interactive").count() == 1
    assert_accessible(page)


def test_a_life_situation_ticks_its_filters(page, url, catalogue):
    page.goto(url("catalogue:home"))
    page.get_by_role("link", name="Senior potřebuje pomoc doma").click()
    page.wait_for_load_state()

    assert page.locator("input[name=target_group]:checked").count() == 1
    assert page.locator("input[name=kind]:checked").count() == 1
    assert page.locator(".service-list > li").count() == 1


def test_it_shows_an_accessible_service_detail_with_a_map_without_network(
    page, url, catalogue, assert_accessible
):
    page.goto(url("catalogue:service_detail", pk=catalogue["home"].pk))

    assert page.locator("main h1").inner_text().strip() == "Domov pro seniory Kejžlice"
    assert page.get_by_text("32 lůžek").is_visible() or page.get_by_text("32 beds").is_visible()
    page.locator("#service-map.leaflet-container").wait_for()
    assert page.locator("#service-map path.leaflet-interactive").count() == 1
    assert_accessible(page)


def test_the_shortlist_works_without_javascript_and_prints_without_buttons(
    new_context, url, catalogue, assert_accessible
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(url("catalogue:home"))
    card = page.locator(".service-list > li").filter(has_text="Domov pro seniory Kejžlice")
    card.locator(".shortlist-form button").click()
    page.wait_for_load_state()
    assert page.url.startswith(url("catalogue:home"))
    card = page.locator(".service-list > li").filter(has_text="Domov pro seniory Kejžlice")
    # the redirect back may still be loading: wait for the card's new state (or time out)
    card.locator(".shortlist-form__state").wait_for()
    assert card.locator(".shortlist-form__state").is_visible()

    page.goto(url("catalogue:shortlist"))
    assert page.locator(".service-list > li").count() == 1
    share = page.locator("#share-url").input_value()
    assert f"?s={catalogue['home'].pk}" in share

    page.emulate_media(media="print")
    assert page.locator(".shortlist-form").first.is_hidden()
    assert page.locator(".service-list > li").first.is_visible()

    other = new_context().new_page()
    other.goto(share)
    assert other.locator(".service-list > li").count() == 1
    assert other.locator(".shortlist-form").count() == 0  # read-only
    assert_accessible(other)


def test_the_shortlist_button_swaps_in_place_with_javascript(page, url, catalogue):
    page.goto(url("catalogue:home"))
    card = page.locator(".service-list > li").filter(has_text="Klub seniorů Herálec")
    card.locator(".shortlist-form button").click()
    card.locator(".shortlist-form__state").wait_for()
    assert page.url == url("catalogue:home")  # no reload, no redirect


def test_the_catalogue_fits_a_phone(new_context, url, catalogue, assert_accessible):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(url("catalogue:home") + "?q=senior")
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"] == PHONE["width"], widths
    assert_accessible(page)
