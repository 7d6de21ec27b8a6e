"""Page weight of the public pages (issue 16) and the kept result pages of the catalogue."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from socplan.catalogue import fragments, views_public
from socplan.catalogue.models import CodelistItem

from . import public_helpers as h

pytestmark = pytest.mark.django_db

KB = 1024
# The catalogue's home page had 53 KB of HTML (62 KB with the national register): half.
CATALOGUE_HOME_LIMIT = 53 * KB // 2
PAGE_LIMIT = 150 * KB  # a public page with its styles and scripts, without map tiles


@pytest.fixture
def national_like(db):
    """A catalogue shaped like the national one where it matters for the page: every kind
    and target group in use (so every facet value is listed), long names, three places with
    coordinates for each service, more services than a page holds."""
    h.catalogue()
    kinds = list(CodelistItem.objects.kinds().filter(is_known=True))
    groups = list(CodelistItem.objects.target_groups().filter(is_known=True))
    places = [
        (h.HUMPOLEC, "49.5415", "15.3593"),
        (h.KEJZLICE, "49.5934", "15.3951"),
        (h.HERALEC, "49.5410", "15.2780"),
    ]
    for n, kind in enumerate(kinds):
        h.service(
            f"{kind.name.capitalize()} – Poskytovatel sociálních služeb {n:03d}, z. s.",
            kind=kind.register_id,
            by=h.provider(f"Poskytovatel sociálních služeb {n:03d}, z. s.", f"71{n:05d}"),
            groups=[g.register_id for g in groups[n % len(groups) :][:3]]
            or [groups[0].register_id],
            forms=[("amb", []), ("ter", [])],
            places=places,
        )
    for n, group in enumerate(groups):
        h.service(
            f"Sociální rehabilitace pro skupinu {n:03d} – Centrum Vysočina, o. p. s.",
            kind="DruhSocialniSluzby/33",
            groups=[group.register_id],
            forms=[("amb", [])],
            places=places[:2],
        )
    return {"kinds": len(kinds), "groups": len(groups)}


def _static_bytes(html: str) -> int:
    """The styles and scripts of a page, compressed as WhiteNoise serves them (gzip; a
    browser that accepts Brotli gets less)."""
    total = 0
    for url in re.findall(r'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="([^"]+)"', html):
        assert url.startswith("/static/"), url  # nothing from elsewhere
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read(), compresslevel=9))
    return total


def test_the_catalogue_home_page_is_half_its_former_weight(client, national_like):
    response = client.get(reverse("catalogue:home"))
    html = response.content.decode()

    assert len(response.content) <= CATALOGUE_HOME_LIMIT, len(response.content)
    # nothing is lost: the filters' other values and the other results are a link away
    assert html.count('<li class="service-card') == views_public.PAGE_SIZE
    assert 'rel="next"' in html
    assert html.count('name="kind"') == views_public.FACET_SHORT
    more = re.search(r'<p class="facet__more"><a href="([^"]+#f-kind)"', html)
    assert more, "a link to every kind"
    every_kind = client.get(more.group(1).replace("&amp;", "&")).content.decode()
    assert every_kind.count('name="kind"') >= national_like["kinds"]
    assert 'id="f-kind"' in every_kind


@pytest.fixture
def situation(national_like):
    situation = h.life_situation(kinds=[h.CARE_SERVICE], groups=[h.SENIORS])
    yield situation
    # The kept list of life situations follows a token in the cache, which the rollback at
    # the end of the test does not replace: a new token, so no other test sees this one.
    fragments.situations_changed()


def test_a_life_situation_is_linked_by_its_name_and_opens_its_filters(client, situation):
    html = client.get(reverse("catalogue:home")).content.decode()
    link = f'href="{reverse("catalogue:home")}?situation={situation.slug}"'
    assert link in html

    response = client.get(reverse("catalogue:home"), {"situation": situation.slug})
    assert response.status_code == 302
    filtered = client.get(response["Location"])
    assert "Life situation: Senior potřebuje pomoc doma" in filtered.content.decode()
    kind, group = h.item(h.CARE_SERVICE).pk, h.item(h.SENIORS).pk
    assert f'name="kind" value="{kind}" checked' in filtered.content.decode()
    assert f'name="target_group" value="{group}" checked' in filtered.content.decode()
    # an unknown name, or a name with filters of its own, is the plain catalogue
    assert client.get(reverse("catalogue:home"), {"situation": "nic"}).status_code == 200


def test_a_chosen_facet_value_stays_visible_when_its_facet_is_short(client, national_like):
    rare = CodelistItem.objects.kinds().filter(is_known=True).order_by("-pk").first()
    html = client.get(reverse("catalogue:home"), {"kind": rare.pk}).content.decode()

    assert f'name="kind" value="{rare.pk}" checked' in html


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("home:index", {}),
        ("catalogue:home", {}),
        ("core:accessibility", {}),
        ("territory:area_list", {}),
    ],
)
def test_public_pages_weigh_under_150_kb_without_map_tiles(client, national_like, name, kwargs):
    html = client.get(reverse(name, kwargs=kwargs)).content.decode()

    assert len(html.encode()) + _static_bytes(html) < PAGE_LIMIT


def test_a_service_page_with_its_map_weighs_under_150_kb(client, national_like):
    from socplan.catalogue.models import Service

    service = Service.objects.order_by("pk").last()
    html = client.get(reverse("catalogue:service_detail", kwargs={"pk": service.pk})).content
    html = html.decode()

    assert "leaflet" in html
    assert len(html.encode()) + _static_bytes(html) < PAGE_LIMIT


# --- kept result pages --------------------------------------------------------------------


def test_a_kept_result_page_carries_each_visitors_own_csrf_token(national_like):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    url = reverse("catalogue:home") + "?q=rehabilitace"
    pages = [first.get(url).content.decode(), second.get(url).content.decode()]
    tokens = [
        re.search(r'id="shortlist-form"[^>]*>.*?value="([^"]+)"', page).group(1) for page in pages
    ]

    assert tokens[0] != tokens[1]
    assert "placeholder" not in pages[0] + pages[1]
    service = re.search(r'name="service" value="(\d+)"', pages[1]).group(1)
    response = second.post(
        reverse("catalogue:shortlist_add"),
        {"csrfmiddlewaretoken": tokens[1], "service": service, "next": url},
    )
    assert response.status_code == 302
    # the visitor with a selection gets a page of their own
    assert "In my selection" in second.get(url).content.decode()
    assert "In my selection" not in first.get(url).content.decode()


def test_a_kept_page_follows_changes_of_services_and_life_situations(client, national_like):
    url = reverse("catalogue:home")
    assert "Senior potřebuje pomoc doma" not in client.get(url).content.decode()
    situation = h.life_situation(kinds=[h.CARE_SERVICE], groups=[h.SENIORS])
    assert "Senior potřebuje pomoc doma" in client.get(url).content.decode()
    situation.title = "Senior potřebuje pomoc s nákupem"
    situation.save()
    assert "Senior potřebuje pomoc s nákupem" in client.get(url).content.decode()

    page = client.get(url, {"q": "pecovatelska"}).content.decode()
    assert "Pečovatelská služba pro seniory" in page
    h.service("Pečovatelská služba Herálec", kind=h.CARE_SERVICE, places=[h.HERALEC])
    page = client.get(url, {"q": "pecovatelska"}).content.decode()
    assert "Pečovatelská služba Herálec" in page
