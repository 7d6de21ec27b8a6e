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
