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
    assert page.xpath(f'//link[@rel="stylesheet"][@href="{css_url}"]')
    assert not page.xpath("//*[@style]")
    css = client.get(css_url)
    assert css["Content-Type"].startswith("text/css")
    assert "--c-primary: #1b5e20;" in css.content.decode()


def test_a_process_colour_too_light_for_white_text_is_refused(process):
    from django.core.exceptions import ValidationError

    process.accent_colour = "#ffff00"
    with pytest.raises(ValidationError) as error:
        process.full_clean()
    assert "accent_colour" in error.value.message_dict


def test_a_process_without_a_colour_links_no_stylesheet(client_for, coordinator, process):
    response = client_for(coordinator).get(process.get_absolute_url())
    assert b"vzhled.css" not in response.content
