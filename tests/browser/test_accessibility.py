"""axe-core (WCAG 2.1 A + AA) on the public pages and the login; keyboard, print, phone."""

import pytest
from django.urls import reverse

PHONE = {"width": 375, "height": 800}


def test_it_lists_the_published_process_on_an_accessible_home_page(
    page, url, process, assert_accessible
):
    page.goto(url("home:index"))

    assert page.locator("main").get_by_text(process.name).first.is_visible()
    assert_accessible(page)


def test_it_shows_the_process_page_with_its_publicity_notice(page, url, process, assert_accessible):
    page.goto(url("organisation:process_detail", process.slug))

    assert page.locator("h1").first.inner_text().strip() == process.name
    assert page.get_by_text(process.publicity_notice).first.is_visible()
    assert_accessible(page)


def test_it_makes_the_skip_link_the_first_tab_stop_and_moves_focus_to_the_content(
    page, url, process
):
    page.goto(url("organisation:process_detail", process.slug))

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#content"}
    assert page.locator(".skip-link").is_visible()  # visible once focused

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"


def test_it_shows_an_accessible_planning_area_page_with_a_map_without_network(
    page, url, area, assert_accessible
):
    # Map tiles are requested from the tile server and aborted (no network in the tests);
    # the page, its map container and the table must still be there and pass axe.
    page.goto(url("territory:area_detail", area.slug))

    assert page.locator("h1").first.inner_text().strip() == area.name
    table = page.locator("main table").first
    for name in ("Humpolec", "Kejžlice", "Herálec"):
        assert table.get_by_text(name, exact=True).count() == 1
    # Leaflet has drawn the map (the circles) although no tile could load.
    page.locator("#area-map.leaflet-container").wait_for()
    assert page.locator("#area-map path.leaflet-interactive").count() == 3
    assert_accessible(page)


def test_it_has_an_accessible_login_page(page, url, assert_accessible):
    page.goto(url("accounts:login"))

    assert page.locator("main input[type=password]").count() == 1
    assert_accessible(page)


def test_it_signs_in_with_email_and_password_and_lands_on_the_dashboard(
    page, url, user, sign_in, assert_accessible
):
    sign_in(page, user)

    assert page.url.endswith(reverse("home:dashboard"))
    # Signed in: the main navigation offers signing out instead of signing in.
    nav = page.locator("nav.site-nav")
    assert nav.locator(f"a[href='{reverse('accounts:login')}']").count() == 0
    assert nav.locator(f"form[action='{reverse('accounts:logout')}']").count() == 1
    assert_accessible(page)


def test_it_switches_the_language_to_english_and_back(page, url, process):
    page.goto(url("organisation:process_detail", process.slug))
    assert page.locator("html").get_attribute("lang") == "cs"

    page.locator(".lang-switch button[value=en]").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    # The switch returns to the same page.
    assert page.url.endswith(reverse("organisation:process_detail", args=[process.slug]))

    page.locator(".lang-switch button[value=cs]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "cs"


def test_it_hides_the_navigation_when_printing_the_process_page(page, url, process):
    page.goto(url("organisation:process_detail", process.slug))
    nav = page.locator("nav.site-nav")
    assert nav.is_visible()

    page.emulate_media(media="print")

    assert nav.is_hidden()
    assert page.get_by_text(process.publicity_notice).first.is_visible()


@pytest.mark.parametrize(
    "name", ["organisation:process_detail", "home:index", "territory:area_detail"]
)
def test_it_fits_the_page_on_a_phone_without_horizontal_scrolling(
    new_context, url, process, name, assert_accessible
):
    args = {
        "organisation:process_detail": [process.slug],
        "territory:area_detail": [process.planning_area.slug],
    }.get(name, [])
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(url(name, *args))

    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    # Compared with the phone's width, not only innerWidth: a mobile browser widens its
    # layout viewport (innerWidth) to fit content that is too wide.
    assert widths["scroll"] <= widths["inner"] == PHONE["width"], widths
    assert_accessible(page)


@pytest.mark.parametrize("name", ["territory:area_list", "core:accessibility"])
def test_it_has_accessible_other_public_pages(page, url, process, name, assert_accessible):
    page.goto(url(name))

    assert page.locator("main h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize(
    ("name", "of"),
    [
        ("organisation:process_edit", "process"),
        ("organisation:process_phases", "process"),
        ("organisation:process_create", None),
        ("territory:area_edit", "area"),
        ("territory:area_create", None),
        ("territory:area_create_list", None),
        ("organisation:process_people", "process"),
        ("accounts:account", None),
    ],
)
def test_it_has_accessible_forms_for_site_staff(
    page, url, process, staff, sign_in, name, of, assert_accessible
):
    sign_in(page, staff)
    args = {"process": [process.slug], "area": [process.planning_area.slug], None: []}[of]
    response = page.goto(url(name, *args))

    assert response.status == 200
    assert page.locator("main h1").count() == 1
    assert_accessible(page)


def test_it_shows_accessible_error_messages_in_a_form(
    page, url, process, staff, sign_in, assert_accessible
):
    sign_in(page, staff)
    page.goto(url("organisation:process_edit", process.slug))
    form = page.locator("main form").filter(has=page.locator("input[name=name]")).first
    form.locator("input[name=name]").fill("")
    form.evaluate("f => f.noValidate = true")  # let the server answer, not the browser
    form.locator(".actions button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator("main [aria-invalid=true], main .errorlist").count() >= 1
    assert_accessible(page)
