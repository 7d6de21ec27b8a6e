"""The home page starts with "find help" (the catalogue search) beside the processes."""

import lxml.html
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_starts_with_the_catalogue_search(client, process):
    response = client.get(reverse("home:index"))
    page = lxml.html.fromstring(response.content.decode())
    (grid,) = page.xpath('//*[@class="home-grid"]')
    sections = grid.xpath("./section")
    assert [s.get("class") for s in sections] == ["find-help", "home-processes"]
    (form,) = sections[0].xpath(".//form")
    assert form.get("action") == reverse("catalogue:home")
    assert form.get("method") == "get"
    names = form.xpath(".//input/@name")
    assert names == ["q", "municipality"]
    for field in form.xpath(".//input"):  # every field has its label
        assert form.xpath(f'.//label[@for="{field.get("id")}"]')


def test_the_home_search_leads_to_the_catalogue_results(client, db):
    response = client.get(reverse("catalogue:home"), {"q": "pečovatelská", "municipality": ""})
    assert response.status_code == 200


def test_a_process_shows_its_own_colour_in_the_header(client_for, coordinator, process):
    process.accent_colour = "#1B5E20"
    process.full_clean()
    process.save()
    client = client_for(coordinator)
    response = client.get(process.get_absolute_url())
    page = lxml.html.fromstring(response.content.decode())
    css_url = reverse("organisation:process_brand_css", kwargs={"slug": process.slug})
    (href,) = page.xpath(f'//link[@rel="stylesheet"][starts-with(@href, "{css_url}?v=")]/@href')
    assert href == process.brand_css_url
    assert not page.xpath("//*[@style]")
    css = client.get(href)
    assert css["Content-Type"].startswith("text/css")
    assert "--c-primary: #1b5e20;" in css.content.decode()
    # the versioned address is kept for good; the bare or an older one for five minutes
    assert css["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(css_url)["Cache-Control"] == "private, max-age=300"
    assert client.get(css_url + "?v=0123")["Cache-Control"] == "private, max-age=300"


def _stylesheet_href(client, process) -> str:
    page = lxml.html.fromstring(client.get(process.get_absolute_url()).content.decode())
    (href,) = page.xpath('//link[@rel="stylesheet"][contains(@href, "vzhled.css")]/@href')
    return href


def test_a_new_colour_is_a_new_stylesheet_address(client_for, coordinator, process):
    client = client_for(coordinator)
    process.accent_colour = "#1B5E20"
    process.save()
    first = _stylesheet_href(client, process)
    process.accent_colour = "#0d47a1"
    process.save()
    second = _stylesheet_href(client, process)
    assert second != first and second.split("?")[0] == first.split("?")[0]
    assert "--c-primary: #0d47a1;" in client.get(second).content.decode()
    process.accent_colour = "#1b5e20"  # the same colour, written otherwise: the same address
    process.save()
    assert _stylesheet_href(client, process) == first


def test_an_unpublished_process_stylesheet_is_kept_by_the_browser_only(
    client_for, coordinator, process
):
    process.accent_colour = "#1b5e20"
    process.is_published = False
    process.save()
    client = client_for(coordinator)
    css = client.get(_stylesheet_href(client, process))
    assert css["Cache-Control"] == "private, max-age=31536000, immutable"


def test_a_process_colour_too_light_for_white_text_is_refused(process):
    from django.core.exceptions import ValidationError

    process.accent_colour = "#ffff00"
    with pytest.raises(ValidationError) as error:
        process.full_clean()
    assert "accent_colour" in error.value.message_dict


def test_a_process_without_a_colour_links_no_stylesheet(client_for, coordinator, process):
    response = client_for(coordinator).get(process.get_absolute_url())
    assert b"vzhled.css" not in response.content
