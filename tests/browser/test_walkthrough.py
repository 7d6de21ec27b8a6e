"""What walking through the scenarios in a real browser showed: the municipality picker under
a click, room below the navigation, clean print and a readable table caption on a phone."""

from django.urls import reverse

PHONE = {"width": 375, "height": 800}


def _picker_results(page):
    return page.locator("#picker ul[aria-labelledby=picker-results] input[type=checkbox]")


def test_it_keeps_a_ticked_result_when_a_person_clicks_it_straight_after_typing(
    page, url, area, staff, sign_in
):
    # Typing, then clicking a result takes the focus from the search box: the box's "change"
    # must not redraw the results under the click (the tick was lost).
    sign_in(page, staff)
    page.goto(url("territory:area_create_list"))
    picked = page.locator("#picker-selected")

    page.locator("#id_q").fill("kejz")
    _picker_results(page).first.wait_for()
    with page.expect_response(lambda r: "q=heral" in r.url):
        _picker_results(page).first.click()  # Kejžlice
        page.locator("#id_q").fill("heral")
    page.get_by_text("Herálec").first.wait_for()
    _picker_results(page).first.click()  # Herálec
    with page.expect_response(lambda r: "q=hum" in r.url):
        page.locator("#id_q").fill("hum")

    chosen = page.locator("#picker ul[aria-labelledby=picker-selected] input:checked")
    names = chosen.evaluate_all("els => els.map(e => e.parentElement.innerText.trim())")
    assert [name.split("(")[0].strip() for name in names] == ["Herálec", "Kejžlice"], names
    assert "2" in picked.inner_text()

    # Choosing an ORP still refreshes the results.
    orp = page.locator("#id_orp")
    value = orp.locator("option", has_text="Humpolec").first.get_attribute("value")
    with page.expect_response(lambda r: f"orp={value}" in r.url):
        page.locator("#id_q").fill("")
        orp.select_option(value)
    assert page.get_by_text("Humpolec (ORP Humpolec, okres Pelhřimov, 547999)").count() == 1


def test_it_leaves_room_between_the_navigation_and_the_content(page, url, process):
    page.goto(url("organisation:process_detail", process.slug))

    gap = page.evaluate(
        """() => document.querySelector('main h1, main .breadcrumbs').getBoundingClientRect().top
                 - document.querySelector('.site-header').getBoundingClientRect().bottom"""
    )
    assert gap >= 16


def test_it_prints_the_area_without_breadcrumbs_footer_links_or_an_empty_map_section(
    page, url, area
):
    page.goto(url("territory:area_detail", area.slug))
    hidden_in_print = [".breadcrumbs", ".site-footer__links", "#map-heading", "#map-note"]
    for selector in hidden_in_print:
        assert page.locator(selector).is_visible(), selector

    page.emulate_media(media="print")

    for selector in hidden_in_print:
        assert page.locator(selector).is_hidden(), selector
    assert page.locator("main table").first.is_visible()


def test_it_keeps_the_caption_of_a_wide_table_readable_on_a_phone(new_context, url, area):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(url("territory:area_detail", area.slug))

    caption = page.locator(".table-wrap caption").first
    box = caption.bounding_box()
    # The table is wider than the phone and scrolls; its caption wraps within the screen.
    assert page.evaluate("() => document.querySelector('.table-wrap').scrollWidth") > 375
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert reverse("territory:area_detail", args=[area.slug]) in page.url
