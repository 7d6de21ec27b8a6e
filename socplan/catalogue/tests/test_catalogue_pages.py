"""The public catalogue: search page with facets and counts, municipality availability,
sorting by distance, the service detail, the shortlist and the exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from socplan.catalogue import selectors_public, views_public
from socplan.catalogue.forms_public import CatalogueSearchForm
from socplan.catalogue.models import CodelistItem
from socplan.core.collation import czech_sort_key
from socplan.territory.models import Municipality

from . import public_helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db):
    return h.catalogue()


def find(data, area=None):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    form = CatalogueSearchForm(query, area=area)
    return selectors_public.find_services(form.criteria()), form


def names_of(found):
    from socplan.catalogue.models import Service

    by_id = dict(Service.objects.filter(pk__in=found.ids).values_list("pk", "name"))
    return [by_id[pk] for pk in found.ids]


def facet(found, name):
    return {value.label: value.count for value in found.facets[name]}


# --- search and facets --------------------------------------------------------------------


def test_it_lists_only_active_services_by_name_by_default(built):
    found, _ = find({})
    assert names_of(found) == [
        "Domov pro seniory Kejžlice",
        "Klub seniorů Herálec",
        "Pečovatelská služba pro seniory",
        "Poradna pro pečující",
    ]
    found, _ = find({"ended": "1"})
    assert "Krizová pomoc Vysočina" in names_of(found)


def test_it_counts_every_facet_value(built):
    found, _ = find({})
    assert facet(found, "target_group") == {"senioři": 3, "pečující osoby": 1}
    assert facet(found, "form") == {"pobytová": 1, "ambulantní": 1, "terénní": 2}
    assert facet(found, "source") == {"register of providers": 3, "local (not registered)": 1}
    assert facet(found, "group") == {"social care services": 2, "social counselling": 1}
    kinds = facet(found, "kind")
    assert kinds["pečovatelská služba (§ 40)"] == 1
    assert "krizová pomoc (§ 60)" not in kinds  # ended: not counted


def test_facets_combine_or_within_and_across(built):
    field = h.item("FormaSocialniSluzby/ter").pk
    residential = h.item("FormaSocialniSluzby/pob").pk
    seniors = h.item(h.SENIORS).pk
    found, _ = find({"form": [str(field), str(residential)]})
    assert set(names_of(found)) == {
        "Pečovatelská služba pro seniory",
        "Domov pro seniory Kejžlice",
        "Poradna pro pečující",
    }
    found, _ = find({"form": [str(field)], "target_group": [str(seniors)]})
    assert names_of(found) == ["Pečovatelská služba pro seniory"]
    # a facet's own counts ignore its own choice: the other forms stay visible
    assert facet(found, "form") == {"pobytová": 1, "terénní": 1}
    assert facet(found, "target_group") == {"senioři": 1, "pečující osoby": 1}


def test_it_combines_text_and_facets(built):
    local = "local"
    found, _ = find({"q": "seniorum", "source": local})
    assert names_of(found) == ["Klub seniorů Herálec"]
    assert facet(found, "source") == {"register of providers": 2, "local (not registered)": 1}


def test_the_results_and_counts_follow_changes_of_the_catalogue(built):
    import datetime

    from socplan.catalogue import search
    from socplan.catalogue.models import Service

    found, _ = find({})
    registered = facet(found, "source")["register of providers"]
    h.service("Osobní asistence Humpolec", kind="DruhSocialniSluzby/3", places=[h.HUMPOLEC])
    found, _ = find({})
    assert facet(found, "source")["register of providers"] == registered + 1

    Service.objects.filter(pk=built["club"].pk).update(end_date=datetime.date(2020, 1, 1))
    search.reindex_services([built["club"].pk])  # what every writer of services does
    found, _ = find({})
    assert "Klub seniorů Herálec" not in names_of(found)

    care = Service.objects.get(pk=built["care"].pk)
    care.kind = h.item(h.HOME_FOR_SENIORS)
    care.save()  # an edit (admin, form): no reindexing needed for the facets
    found, _ = find({"kind": str(h.item(h.HOME_FOR_SENIORS).pk)})
    assert "Pečovatelská služba pro seniory" in names_of(found)


def test_it_ignores_facet_values_it_does_not_know(built):
    found, _ = find({"kind": ["x", "999999"], "group": "nonsense"})
    assert found.total == 0  # an unknown kind id matches nothing ...
    found, _ = find({"group": "nonsense", "form": "abc"})
    assert found.total == 4  # ... and nonsense is dropped


# --- municipality -------------------------------------------------------------------------


def test_available_in_a_municipality_means_a_place_an_area_row_or_the_region(built):
    found, form = find({"municipality": "Kejžlice"})
    assert form.municipality_obj.code == h.KEJZLICE
    assert set(names_of(found)) == {
        "Domov pro seniory Kejžlice",  # facility there
        "Pečovatelská služba pro seniory",  # serves Kejžlice (manual area row)
        "Poradna pro pečující",  # extended scope over the region
    }
    found, _ = find({"municipality": "heralec"})
    assert set(names_of(found)) == {"Klub seniorů Herálec", "Poradna pro pečující"}


def test_an_unknown_or_shared_municipality_name_is_an_error_that_keeps_the_rest(built):
    found, form = find({"municipality": "Atlantida", "q": "senior"})
    assert "municipality" in form.errors
    assert found.total == 3  # the text still applies
    Municipality.objects.create(code="999999", name="Humpolec", search_name="humpolec")
    _, form = find({"municipality": "Humpolec"})
    assert "municipality" in form.errors
    assert {m.code for m in form.municipality_matches} == {h.HUMPOLEC, "999999"}
    _, form = find({"municipality": h.HUMPOLEC})  # the code chosen from the list
    assert form.municipality_obj.code == h.HUMPOLEC


def test_it_sorts_by_distance_from_the_municipality(built):
    found, _ = find({"municipality": h.HERALEC, "sort": "distance"})
    # the club is in Herálec; the counselling has no facility (unknown distance: last)
    assert names_of(found) == ["Klub seniorů Herálec", "Poradna pro pečující"]
    found, _ = find({"municipality": h.KEJZLICE, "sort": "distance"})
    assert names_of(found)[0] == "Domov pro seniory Kejžlice"
    assert found.distances[built["home"].pk] == pytest.approx(0.0, abs=0.01)
    assert 5 < found.distances[built["care"].pk] < 8  # Humpolec–Kejžlice ~6.5 km


def test_the_default_order_is_czech_by_name_or_nearest_from_the_municipality(built):
    for name in ("Chráněné bydlení Humpolec", "Hospic Humpolec", "Centrum denních služeb"):
        h.service(name, kind="DruhSocialniSluzby/4", places=[h.HUMPOLEC])
    found, _ = find({})
    names = names_of(found)
    # Czech alphabetical order: C, H, Ch (ch after h), not C, Ch, H
    assert names.index("Centrum denních služeb") < names.index("Hospic Humpolec")
    assert names.index("Hospic Humpolec") < names.index("Chráněné bydlení Humpolec")
    assert names == sorted(names, key=czech_sort_key)
    # with the municipality where one lives and no text: the nearest first, without asking
    found, form = find({"municipality": h.KEJZLICE})
    assert form.criteria().effective_sort == "distance"
    assert names_of(found)[0] == "Domov pro seniory Kejžlice"
    # a chosen order wins
    found, _ = find({"municipality": h.KEJZLICE, "sort": "name"})
    by_name = names_of(found)
    assert by_name == sorted(by_name, key=czech_sort_key)


def test_the_area_catalogue_counts_services_per_municipality(built, area):
    found, _ = find({}, area=area)
    counts = {m.name: n for m, n in found.municipality_counts}
    assert counts == {"Herálec": 2, "Humpolec": 2, "Kejžlice": 3}


# --- pages --------------------------------------------------------------------------------


def test_the_search_page_shows_results_with_facets_and_local_services_marked(client, built):
    response = client.get(reverse("catalogue:home"), {"q": "pecovatelska sluzba seniorum"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 service found" in page
    assert "Pečovatelská služba pro seniory" in page
    assert 'name="target_group"' in page

    page = client.get(reverse("catalogue:home"), {"q": "klub"}).content.decode()
    assert "Local service, not in the register" in page


def test_the_search_page_paginates(client, built):
    for number in range(25):
        h.service(f"Sociální rehabilitace {number:02d}", kind="DruhSocialniSluzby/33")
    response = client.get(reverse("catalogue:home"), {"q": "rehabilitace", "sort": "name"})
    page = response.content.decode()
    assert "25 services found" in page
    size = views_public.PAGE_SIZE
    assert f"Sociální rehabilitace {size - 1:02d}" in page
    assert f"Sociální rehabilitace {size:02d}" not in page
    page = client.get(
        reverse("catalogue:home"), {"q": "rehabilitace", "sort": "name", "page": 2}
    ).content.decode()
    pages = -(-25 // size)
    assert f"Sociální rehabilitace {size:02d}" in page and f"Page 2 of {pages}" in page


def test_the_home_page_offers_life_situations_that_open_the_filtered_catalogue(client, built):
    situation = h.life_situation(kinds=[h.CARE_SERVICE], groups=[h.SENIORS])
    page = client.get(reverse("catalogue:home")).content.decode()
    assert situation.title in page
    kind = h.item(h.CARE_SERVICE).pk
    response = client.get(
        reverse("catalogue:home"),
        {"kind": kind, "target_group": h.item(h.SENIORS).pk, "situation": situation.slug},
    )
    assert "Life situation: Senior potřebuje pomoc doma" in response.content.decode()
    assert [s.name for s in response.context["services"]] == ["Pečovatelská služba pro seniory"]


def test_the_area_catalogue_uses_the_areas_own_life_situations(client, built, area):
    h.life_situation("Nationwide default")
    page = client.get(reverse("catalogue:area", args=[area.slug])).content.decode()
    assert "Nationwide default" in page
    h.life_situation("Jen pro Humpolecko", area=area, groups=[h.SENIORS])
    page = client.get(reverse("catalogue:area", args=[area.slug])).content.decode()
    assert "Jen pro Humpolecko" in page and "Nationwide default" not in page


def test_the_search_page_shows_a_municipality_error_and_keeps_the_text(client, built):
    page = client.get(
        reverse("catalogue:home"), {"q": "senior", "municipality": "Atlantida"}
    ).content.decode()
    assert "No municipality is called Atlantida." in page
    assert 'value="senior"' in page and 'value="Atlantida"' in page


def test_the_service_detail_shows_capacities_with_units_and_contacts(client, built):
    response = client.get(reverse("catalogue:service_detail", args=[built["home"].pk]))
    page = response.content.decode()
    assert "32 beds" in page
    assert "free" not in page.lower()
    assert "Domov Kejžlice, příspěvková organizace" in page
    assert h.ico("7000002") in page
    assert "domovy pro seniory" in page.lower() and "§ 49" in page

    page = client.get(
        reverse("catalogue:service_detail", args=[built["counselling"].pk])
    ).content.decode()
    assert "Number of clients: 4" in page
    assert "Number of interventions (30 min.): 12" in page
    assert "Kraj Vysočina" in page  # serves the whole region


def test_the_service_detail_hides_a_secret_address_and_links_the_suggestion(client, built):
    facility = built["care"].facilities.get()
    facility.is_secret_address = True
    facility.save()
    page = client.get(built["care"].get_absolute_url()).content.decode()
    assert "Hlavní 1" not in page
    assert "The address is not published" in page
    assert '"lat"' not in page  # no marker for the secret place
    assert reverse("catalogue:service_suggest", kwargs={"pk": built["care"].pk}) in page
    assert "565 532 111" in page


# --- shortlist ----------------------------------------------------------------------------


def test_a_person_builds_a_shortlist_without_javascript_and_shares_it(client, built):
    add = reverse("catalogue:shortlist_add")
    home = reverse("catalogue:home")
    response = client.post(add, {"service": built["home"].pk, "next": home})
    # back to the page, at the announcement in the card of the service
    assert response.status_code == 302 and response["Location"] == home + "#shortlist-changed"
    client.post(add, {"service": built["care"].pk, "next": "https://evil.example/"})
    client.post(add, {"service": built["home"].pk})  # twice: once in the list

    page = client.get(reverse("catalogue:shortlist"))
    assert [s.name for s in page.context["services"]] == [
        "Domov pro seniory Kejžlice",
        "Pečovatelská služba pro seniory",
    ]
    share = page.context["share_url"]
    assert share.endswith(f"/katalog/vyber/?s={built['home'].pk},{built['care'].pk}")

    client.post(reverse("catalogue:shortlist_remove"), {"service": built["home"].pk})
    assert [s.name for s in client.get(reverse("catalogue:shortlist")).context["services"]] == [
        "Pečovatelská služba pro seniory"
    ]

    # the shared link shows the list to anybody, read-only
    from django.test import Client

    other = Client().get(reverse("catalogue:shortlist"), {"s": f"{built['home'].pk},x,99999"})
    assert [s.name for s in other.context["services"]] == ["Domov pro seniory Kejžlice"]
    assert other.context["shared"] is True
    assert reverse("catalogue:shortlist_remove") not in other.content.decode()


def _announcements(response):
    import lxml.html

    page = lxml.html.fromstring(response.content.decode())
    return page.xpath('//*[@id="shortlist-changed"]')


def test_without_javascript_the_page_announces_the_change_once_in_the_card(client, built):
    add = reverse("catalogue:shortlist_add")
    home = reverse("catalogue:home")
    client.post(add, {"service": built["home"].pk, "next": home + "?q=domov#x"})
    response = client.get(home, {"q": "domov"})
    (status,) = _announcements(response)
    assert status.get("role") == "status" and status.get("tabindex") == "-1"
    assert status.text_content() == "Domov pro seniory Kejžlice was added to your selection."
    card = status.xpath("ancestor::li[contains(@class, 'service-card')]")[0]
    assert "Domov pro seniory Kejžlice" in card.xpath(".//h3")[0].text_content()
    assert b'class="messages"' not in response.content  # not twice
    assert not _announcements(client.get(home, {"q": "domov"}))  # once

    # the detail page of the service and the shortlist, where the removed card has gone
    detail = reverse("catalogue:service_detail", kwargs={"pk": built["home"].pk})
    response = client.post(
        reverse("catalogue:shortlist_remove"), {"service": built["home"].pk, "next": detail}
    )
    assert response["Location"] == detail + "#shortlist-changed"
    (status,) = _announcements(client.get(detail))
    assert "was removed from your selection" in status.text_content()
    assert status.xpath("ancestor::form[contains(@class, 'shortlist-form')]")
    client.post(add, {"service": built["care"].pk})
    client.post(reverse("catalogue:shortlist_remove"), {"service": built["care"].pk})
    (status,) = _announcements(client.get(reverse("catalogue:shortlist")))
    assert "Pečovatelská služba pro seniory was removed" in status.text_content()


def test_the_shortlist_button_answers_htmx_with_the_button_only(client, built):
    response = client.post(
        reverse("catalogue:shortlist_add"),
        {"service": built["club"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"In my selection" in response.content
    assert b"<html" not in response.content


def test_the_shortlist_refuses_get_and_unknown_services(client, built):
    assert client.get(reverse("catalogue:shortlist_add")).status_code == 405
    assert client.post(reverse("catalogue:shortlist_add"), {"service": 99999}).status_code == 404
    assert client.post(reverse("catalogue:shortlist_add"), {"service": "x"}).status_code == 404


# --- exports ------------------------------------------------------------------------------


def test_the_csv_export_has_the_filtered_list(client, built):
    response = client.get(
        reverse("catalogue:export", args=["csv"]), {"q": "senior", "sort": "name"}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Service", "Provider", "IČO"]
    assert [row[0] for row in rows[1:]] == [
        "Domov pro seniory Kejžlice",
        "Klub seniorů Herálec",
        "Pečovatelská služba pro seniory",
    ]
    home = rows[1]
    assert home[2] == h.ico("7000002")
    assert "pobytová (32 beds)" in home
    assert home[-1].endswith(built["home"].get_absolute_url())


def test_the_xlsx_export_has_the_same_rows_as_the_area_page(client, built, area):
    seniors = h.item(h.SENIORS).pk
    url = reverse("catalogue:area_export", args=[area.slug, "xlsx"])
    response = client.get(url, {"target_group": seniors})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    page = client.get(reverse("catalogue:area", args=[area.slug]), {"target_group": seniors})
    assert [row[0] for row in rows[1:]] == [s.name for s in page.context["services"]]
    assert len(rows) == 4


def test_an_unknown_export_format_is_not_found(client, built):
    assert client.get(reverse("catalogue:export", args=["pdf"])).status_code == 404


def test_codelist_labels_of_kinds_carry_the_paragraph(built):
    assert CodelistItem.objects.get(register_id=h.CARE_SERVICE).label.endswith("(§ 40)")
