"""The installation's own face: name, logo and colour in the header; a favicon."""

import lxml.html
import pytest
from django.urls import reverse

from socplan.core.branding import accent_colour

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#1B5E20", "#1b5e20"),
        ("1b5e20", "#1b5e20"),
        ("#036", "#003366"),
        ("#ffeb3b", ""),  # yellow: white text on it is unreadable
        ("red; } body { display:none", ""),
        ("", ""),
    ],
)
def test_it_accepts_only_a_dark_enough_colour(value, expected):
    assert accent_colour(value) == expected


def _page(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def test_the_default_installation_shows_socplan_and_a_favicon(client):
    page = _page(client)
    assert page.xpath('string(//*[@class="brand__name"])') == "socplan"
    icons = page.xpath('//link[@rel="icon"]/@href')
    assert any(href.endswith("favicon.svg") for href in icons)
    assert any(href.endswith(".png") for href in icons)
    assert not page.xpath("//link[contains(@href, 'vzhled.css')]")
    assert not page.xpath("//*[@style]")


def test_an_installation_shows_its_name_logo_and_colour(client, settings):
    settings.SITE_NAME = "MAS Humpolecko"
    settings.SITE_LOGO = "socplan/favicon.svg"
    settings.SITE_LOGO_ALT = "Logo MAS Humpolecko"
    settings.SITE_COLOUR = "#1b5e20"
    page = _page(client)
    assert page.xpath('string(//*[@class="brand__name"])') == "MAS Humpolecko"
    (logo,) = page.xpath('//header//img[@class="brand__logo"]')
    assert logo.get("alt") == "Logo MAS Humpolecko"
    assert logo.get("src").endswith("socplan/favicon.svg")
    (sheet,) = page.xpath("//link[contains(@href, 'vzhled.css')]/@href")
    assert not page.xpath("//*[@style]")  # no inline style: Content-Security-Policy

    css = client.get(sheet)
    assert css["Content-Type"].startswith("text/css")
    assert "--c-primary: #1b5e20;" in css.content.decode()
    # a new colour is a new address, so the versioned one is kept for good
    assert css["Cache-Control"] == "public, max-age=31536000, immutable"
    settings.SITE_COLOUR = "#0d47a1"
    (other,) = _page(client).xpath("//link[contains(@href, 'vzhled.css')]/@href")
    assert other != sheet and "--c-primary: #0d47a1;" in client.get(other).content.decode()
    assert client.get(sheet)["Cache-Control"] == "public, max-age=3600"  # an old page's link


def test_a_logo_from_another_scheme_is_not_shown(client, settings):
    settings.SITE_LOGO = "javascript:alert(1)"
    assert not _page(client).xpath('//img[@class="brand__logo"]')


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("socplan/favicon.ico")
