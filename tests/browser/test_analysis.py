"""The sociodemographic analysis and the coverage by services in a real browser: the charts
and the map are inline SVG with a text alternative beside their tables, the map can be
switched by keyboard, and every page passes axe."""

import pytest

from socplan import testing
from socplan.organisation.models import ProcessRole
from socplan.territory import reference


@pytest.fixture
def analysed(process, user):
    # the age structure, social exclusion and boundaries of the test municipalities
    reference.load(with_territory=False, create_only=True)  # only municipalities there
    testing.grant_role(user=user, process=process, role=ProcessRole.Role.COORDINATOR)
    return process


def test_the_demography_and_coverage_pages_are_accessible(
    page, url, analysed, user, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto(url("analysis:demography", slug=analysed.slug))
    assert page.locator("h1").count() == 1
    figures = page.locator("figure.chart svg[role=img]")
    assert figures.count() >= 2  # the pyramid and the map
    assert page.locator("figure.chart--map svg path").count() == 3
    assert page.locator("table caption").count() >= 4
    assert_accessible(page)

    page.locator("#map-indicator").focus()
    page.keyboard.press("End")  # the index of social exclusion
    with page.expect_navigation():
        page.locator("#map-indicator ~ button[type=submit]").press("Enter")
    assert "mapa=exclusion" in page.url
    assert_accessible(page)

    page.goto(url("analysis:coverage", slug=analysed.slug))
    assert page.locator("h1").count() == 1
    assert page.locator("table caption").count() >= 4
    assert_accessible(page)
