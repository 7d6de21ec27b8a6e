"""Every page of the library, tried with every persona."""

import pytest
from django.urls import reverse

from socplan.library import services
from socplan.testing.personas import PERSONAS, assert_only_allowed

from .helpers import at, pdf_upload

pytestmark = pytest.mark.django_db

MANAGERS = ["coordinator", "staff"]
INSIDE = ["member", "methodologist", "region_staff", "coordinator", "staff"]


@pytest.fixture
def objects(process):
    public = services.document_create(
        process=process, actor=None, title="Statut", is_public=True, file=pdf_upload()
    )
    internal = services.document_create(
        process=process, actor=None, title="Interní", is_public=False, file=pdf_upload()
    )
    article = services.news_create(
        process=process, actor=None, title="Aktualita", perex="P", is_published=True
    )
    draft = services.news_create(process=process, actor=None, title="Koncept", perex="P")
    event = services.event_create(
        process=process, actor=None, title="Akce", starts_at=at(2019, 1, 1)
    )
    hidden = services.event_create(
        process=process, actor=None, title="Porada", starts_at=at(2019, 1, 1), is_public=False
    )
    return {
        "public": public,
        "internal": internal,
        "article": article,
        "draft": draft,
        "event": event,
        "hidden": hidden,
    }


# url name, kwargs builder, personas allowed in (the others: login or 403)
PROTECTED_PAGES = [
    ("library:document_create", lambda p, o: {"slug": p.slug}, MANAGERS),
    ("library:document_edit", lambda p, o: {"slug": p.slug, "pk": o["public"].pk}, MANAGERS),
    (
        "library:document_version_add",
        lambda p, o: {"slug": p.slug, "pk": o["public"].pk},
        MANAGERS,
    ),
    ("library:document_delete", lambda p, o: {"slug": p.slug, "pk": o["public"].pk}, MANAGERS),
    ("library:news_create", lambda p, o: {"slug": p.slug}, MANAGERS),
    (
        "library:news_edit",
        lambda p, o: {"slug": p.slug, "article": o["article"].slug},
        MANAGERS,
    ),
    ("library:event_create", lambda p, o: {"slug": p.slug}, MANAGERS),
    ("library:event_edit", lambda p, o: {"slug": p.slug, "pk": o["event"].pk}, MANAGERS),
    (
        "library:output_indicators",
        lambda p, o: {"slug": p.slug},
        ["region_staff", "coordinator", "staff"],
    ),
    (
        "library:output_indicators_xlsx",
        lambda p, o: {"slug": p.slug},
        ["region_staff", "coordinator", "staff"],
    ),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), PROTECTED_PAGES, ids=[page[0] for page in PROTECTED_PAGES]
)
def test_it_lets_in_only_the_right_personas(
    name, kwargs, allowed, process, objects, personas, client_for
):
    url = reverse(name, kwargs=kwargs(process, objects))
    assert_only_allowed(url, allowed, personas, client_for)


PUBLIC_PAGES = [
    ("library:document_list", lambda p, o: {"slug": p.slug}),
    ("library:document_detail", lambda p, o: {"slug": p.slug, "pk": o["public"].pk}),
    ("library:document_download", lambda p, o: {"slug": p.slug, "pk": o["public"].pk}),
    ("library:news_list", lambda p, o: {"slug": p.slug}),
    ("library:news_detail", lambda p, o: {"slug": p.slug, "article": o["article"].slug}),
    ("library:news_feed", lambda p, o: {"slug": p.slug}),
    ("library:event_calendar", lambda p, o: {"slug": p.slug}),
    ("library:event_detail", lambda p, o: {"slug": p.slug, "pk": o["event"].pk}),
    ("library:event_ical", lambda p, o: {"slug": p.slug}),
]


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_it_shows_public_pages_of_a_published_process_to_everybody(
    name, kwargs, process, objects, personas, client_for
):
    url = reverse(name, kwargs=kwargs(process, objects))
    for persona in PERSONAS:
        assert client_for(personas[persona]).get(url).status_code == 200, persona


# Pages that exist only for those with a part in the process (or who manage it): 404 else.
HIDDEN_PAGES = [
    ("library:document_detail", lambda p, o: {"slug": p.slug, "pk": o["internal"].pk}, INSIDE),
    ("library:document_download", lambda p, o: {"slug": p.slug, "pk": o["internal"].pk}, INSIDE),
    (
        "library:document_version_download",
        lambda p, o: {"slug": p.slug, "pk": o["internal"].pk, "number": 1},
        INSIDE,
    ),
    ("library:event_detail", lambda p, o: {"slug": p.slug, "pk": o["hidden"].pk}, INSIDE),
    ("library:news_detail", lambda p, o: {"slug": p.slug, "article": o["draft"].slug}, MANAGERS),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), HIDDEN_PAGES, ids=[p[0] for p in HIDDEN_PAGES]
)
def test_it_hides_internal_things_from_the_others(
    name, kwargs, allowed, process, objects, personas, client_for
):
    url = reverse(name, kwargs=kwargs(process, objects))
    for persona in PERSONAS:
        status = client_for(personas[persona]).get(url).status_code
        assert status == (200 if persona in allowed else 404), persona


def test_the_pages_of_an_unpublished_process_do_not_exist_for_the_public(
    process, objects, personas, client_for
):
    process.is_published = False
    process.save()
    urls = [reverse(name, kwargs=kwargs(process, objects)) for name, kwargs in PUBLIC_PAGES]
    for persona in PERSONAS:
        client = client_for(personas[persona])
        for url in urls:
            status = client.get(url).status_code
            if "rss" in url or url.endswith(".ics"):
                assert status == 404, (persona, url)  # feeds are for published processes only
            elif persona in INSIDE:
                assert status == 200, (persona, url)
            else:
                assert status == 404, (persona, url)


@pytest.mark.parametrize(
    "name", ["library:news_delete", "library:event_delete"], ids=["news", "event"]
)
def test_only_managers_delete(name, process, objects, personas, client_for):
    for persona in PERSONAS:
        obj = objects["article"] if "news" in name else objects["event"]
        kwargs = {"slug": process.slug}
        kwargs.update({"article": obj.slug} if "news" in name else {"pk": obj.pk})
        status = client_for(personas[persona]).post(reverse(name, kwargs=kwargs)).status_code
        if persona in MANAGERS:
            assert status == 302, persona
            # deleted: recreate it for the next persona
            if "news" in name:
                objects["article"] = services.news_create(
                    process=process, actor=None, title="Aktualita", perex="P", is_published=True
                )
            else:
                objects["event"] = services.event_create(
                    process=process, actor=None, title="Akce", starts_at=at(2019, 1, 1)
                )
        elif persona == "anonymous":
            assert status == 302, persona
        else:
            assert status == 403, persona
