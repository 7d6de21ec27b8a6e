"""The public catalogue's index, cards and kept pages (selectors_public.catalogue_index,
catalogue/fragments.py) are made again when anything their cards show changes: the data
version they key on changes with it (search.connect_signals), in every server process. A
kept item of the result list never carries anybody's selection."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from socplan.catalogue.models import Facility, Service
from socplan.catalogue.selectors_public import catalogue_index
from socplan.territory.models import Municipality

from . import public_helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db):
    return h.catalogue()


def test_it_shows_a_renamed_provider_kind_and_place_and_drops_a_deleted_service(built):
    care, home = built["care"], built["home"]
    before = catalogue_index()
    assert before.cards[care.pk].provider_name == "Charita Humpolec"

    provider = care.provider
    provider.name = "Charita Humpolec a okolí"
    provider.save()
    index = catalogue_index()
    assert index.key != before.key
    assert index.cards[care.pk].provider_name == "Charita Humpolec a okolí"

    kind = care.kind
    kind.name = "pečovatelská služba (nový název)"
    kind.save()
    assert (
        catalogue_index().cards[care.pk].kind_label.startswith("pečovatelská služba (nový název)")
    )

    facility = care.facilities.get()
    facility.municipality = Municipality.objects.get(code=h.HERALEC)
    facility.save()
    assert "Herálec" in catalogue_index().cards[care.pk].place_names

    Service.objects.get(pk=home.pk).delete()
    assert home.pk not in catalogue_index().cards


def test_a_facility_deleted_in_the_admin_leaves_the_cards(built, rf):
    care = built["care"]
    assert catalogue_index().cards[care.pk].place_names == ["Humpolec"]
    facility_admin = admin.site._registry[Facility]
    facility_admin.delete_queryset(rf.post("/"), Facility.objects.filter(service=care))
    assert catalogue_index().cards[care.pk].place_names == []


def test_a_kept_search_page_shows_the_renamed_provider(built, client):
    page = "/katalog/?q=seniory"
    assert "Charita Humpolec<" in client.get(page).content.decode()
    assert "Charita Humpolec<" in client.get(page).content.decode()  # the kept page
    provider = built["care"].provider
    provider.name = "Charita Vysočina"
    provider.save()
    html = client.get(page).content.decode()
    assert "Charita Vysočina<" in html and "Charita Humpolec<" not in html


def test_a_kept_result_item_shows_nobody_another_visitors_selection(built, client):
    page, care = "/katalog/?q=seniory", built["care"]
    add_button = f'name="service" value="{care.pk}" class="button'
    assert add_button in client.get(page).content.decode()  # the item is kept now
    chooser = Client()
    chooser.post(reverse("catalogue:shortlist_add"), {"service": care.pk, "next": page})
    chosen = chooser.get(page).content.decode()
    assert "shortlist-form__state" in chosen and add_button not in chosen
    other = client.get(page + "&page=1").content.decode()  # not the kept page: its items
    assert add_button in other and "shortlist-form__state" not in other
