"""Ids in forms are written without thousand separators (USE_THOUSAND_SEPARATOR is on, and
Czech groups digits with a space): a service with id 12345 must post "12345"."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def test_the_shortlist_button_posts_a_large_id_without_separators():
    service = SimpleNamespace(pk=12345, name="Domov", in_shortlist=False)
    request = RequestFactory().get("/katalog/")
    with translation.override("cs"):
        html = render_to_string(
            "catalogue/public/includes/shortlist_button.html",
            {"service": service, "next": "/katalog/"},
            request=request,
        )
    assert 'name="service" value="12345"' in html


def test_the_facet_checkboxes_carry_large_ids_without_separators():
    facets = [
        {
            "name": "kind",
            "title": "Kind",
            "values": [SimpleNamespace(value=12345, label="Kind", count=1, selected=False)],
        }
    ]
    with translation.override("cs"):
        html = render_to_string(
            "catalogue/public/includes/facets.html",
            {"facets": facets, "form": None, "criteria": None, "catalogue_url": "/katalog/"},
        )
    assert 'name="kind" value="12345"' in html


def test_the_selection_buttons_of_the_result_list_post_a_large_id_without_separators():
    context = {"shortlist_add_url": "/add/", "shortlist_remove_url": "/remove/"}
    for in_shortlist, action in [(False, 'hx-post="/add/"'), (True, 'hx-post="/remove/"')]:
        service = SimpleNamespace(
            pk=12345, name="Domov", html="", in_shortlist=in_shortlist, distance_text=""
        )
        with translation.override("cs"):
            html = render_to_string(
                "catalogue/public/includes/card_item.html", {**context, "service": service}
            )
        assert 'name="service" value="12345"' in html and action in html
