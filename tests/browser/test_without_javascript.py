"""Pages read and work without JavaScript: htmx and Leaflet only enhance them."""

import pytest


@pytest.fixture
def page(new_context):
    return new_context(java_script_enabled=False).new_page()


def test_it_shows_the_home_page_without_javascript(page, url, process):
    page.goto(url("home:index"))

    assert page.locator("main").get_by_text(process.name).first.is_visible()


def test_it_shows_the_process_page_without_javascript(page, url, process):
    page.goto(url("organisation:process_detail", process.slug))

    assert page.locator("h1").first.inner_text().strip() == process.name
    assert page.get_by_text(process.publicity_notice).first.is_visible()
    assert page.get_by_text(process.realizer).first.is_visible()


def test_it_shows_the_municipalities_of_an_area_without_javascript(page, url, area):
    page.goto(url("territory:area_detail", area.slug))

    rows = municipality_names(page)
    assert sorted(rows) == ["Herálec", "Humpolec", "Kejžlice"]
    # Without Leaflet the map box says that the table is the text version.
    assert page.locator("#area-map .map-fallback").is_visible()


POPULATION = {"Humpolec": 10835, "Kejžlice": 330, "Herálec": 695}


def municipality_names(page):
    """Names in the first cell (th or td) of each body row of the municipalities table."""
    table = page.locator("main table").filter(has_text="Kejžlice").first
    return [
        cell.inner_text().strip()
        for cell in table.locator("tbody tr > :first-child").all()
        if cell.inner_text().strip() in POPULATION
    ]


def test_it_sorts_the_municipalities_by_population_without_javascript(page, url, area):
    page.goto(url("territory:area_detail", area.slug))
    before = municipality_names(page)
    table = page.locator("main table").filter(has_text="Kejžlice").first
    # The header is a plain link (?sort=-population#municipalities): no JavaScript needed.
    table.locator("thead a[href*='sort=-population'], thead a[href*='sort=population']").click()
    page.wait_for_load_state()
    after = municipality_names(page)

    ascending = sorted(POPULATION, key=POPULATION.get)
    assert after in (ascending, ascending[::-1]), after
    assert after != before
