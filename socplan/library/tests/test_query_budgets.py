"""Query budgets of the library's lists: documents, the versions of a document, news,
the events calendar and its feeds: as many queries for 20 rows as for 2."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.library import services
from socplan.library.models import Document
from socplan.testing.query_budgets import assert_flat_queries, clients_of

from .helpers import make_group, make_meeting, pdf_upload

pytestmark = pytest.mark.django_db


def _url(name, process, **kwargs):
    return reverse(f"library:{name}", kwargs={"slug": process.slug, **kwargs})


def _add_documents(process, actor):
    group = make_group(process)
    meeting = make_meeting(process)

    def add(start, stop):
        for n in range(start, stop):
            services.document_create(
                process=process,
                actor=actor,
                title=f"Dokument {n:02}",
                file=pdf_upload(f"dokument-{n}.pdf"),
                category=[Document.Category.MINUTES, Document.Category.OTHER][n % 2],
                is_public=n % 3 != 0,
                group=group if n % 2 else None,
                meeting=meeting if n % 4 == 0 else None,
            )

    return add


def test_document_list(process, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous", "member"),
        _url("document_list", process),
        _add_documents(process, personas["coordinator"]),
        expect=lambda html: "Dokument 01" in html,
    )


def test_document_detail_lists_its_versions(process, personas, client_for):
    coordinator = personas["coordinator"]
    document = services.document_create(
        process=process,
        actor=coordinator,
        title="Statut",
        file=pdf_upload("statut.pdf"),
        is_public=True,
        group=make_group(process),
        meeting=make_meeting(process),
    )

    def add(start, stop):
        for n in range(max(start, 1), stop):  # the first version came with the document
            services.document_version_add(
                document=document,
                actor=coordinator,
                file=pdf_upload(f"statut-v{n}.pdf"),
                note=f"Změna {n:02}",
            )

    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        _url("document_detail", process, pk=document.pk),
        add,
        expect=lambda html: "Změna 01" in html,
    )


def _add_news(process, actor):
    def add(start, stop):
        for n in range(start, stop):
            services.news_create(
                process=process,
                actor=actor,
                title=f"Aktualita {n:02}",
                perex=f"Perex {n}",
                is_published=n % 3 != 0,
                published_at=timezone.now() - datetime.timedelta(days=n),
            )

    return add


def test_news_list(process, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        _url("news_list", process),
        _add_news(process, personas["coordinator"]),
        expect=lambda html: "Aktualita 01" in html,
    )


def test_news_feed(process, coordinator, client_for):
    assert_flat_queries(
        client_for(None),
        _url("news_feed", process),
        _add_news(process, coordinator),
        expect=lambda xml: "Aktualita 01" in xml,
    )


def _add_events(process, actor):
    today = timezone.localtime()
    month_start = today.replace(day=1, hour=10, minute=0, second=0, microsecond=0)

    def add(start, stop):
        for n in range(start, stop):
            services.event_create(
                process=process,
                actor=actor,
                title=f"Akce {n:02}",
                starts_at=month_start + datetime.timedelta(hours=n),
                is_public=n % 3 != 0,
                place="Humpolec",
            )
            make_meeting(
                process,
                title=f"Veřejné setkání {n:02}",
                when=month_start + datetime.timedelta(hours=n, minutes=30),
                public=True,
            )

    return add


def test_event_calendar(process, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        _url("event_calendar", process),
        _add_events(process, personas["coordinator"]),
        expect=lambda html: "Akce 01" in html and "Veřejné setkání 01" in html,
    )


def test_event_ical(process, coordinator, client_for):
    assert_flat_queries(
        client_for(None),
        _url("event_ical", process),
        _add_events(process, coordinator),
        expect=lambda ics: "Akce 01" in ics,
    )
