"""Public pages of the library (documents, news, the events calendar) in a real browser,
with axe checks; a coordinator's upload with a wrong file."""

import datetime

import pytest
from django.utils import timezone

from socplan.library import services
from socplan.library.tests.helpers import at, make_meeting, pdf_bytes, pdf_upload
from socplan.organisation.models import ProcessRole


@pytest.fixture(autouse=True)
def _library_root(settings, tmp_path):
    settings.LIBRARY_ROOT = tmp_path / "library"


@pytest.fixture
def documents(process):
    public = services.document_create(
        process=process,
        actor=None,
        title="Statut řídicí skupiny",
        category="founding",
        is_public=True,
        file=pdf_upload("statut.pdf", "Statut"),
    )
    services.document_create(
        process=process,
        actor=None,
        title="Interní poznámky",
        is_public=False,
        file=pdf_upload("poznamky.pdf"),
    )
    return public


def test_the_public_documents_page_is_accessible_and_downloads_work(
    page, url, process, documents, assert_accessible
):
    page.goto(url("library:document_list", slug=process.slug))

    main = page.locator("main")
    assert main.locator("h1").count() == 1
    assert main.get_by_role("link", name="Statut řídicí skupiny", exact=True).is_visible()
    assert main.get_by_text("Interní poznámky").count() == 0
    assert_accessible(page)

    link = main.locator("a[href$='/stahnout/']").first
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.body() == pdf_bytes("Statut")

    main.get_by_role("link", name="Statut řídicí skupiny", exact=True).click()
    assert page.locator("h1").inner_text().strip() == "Statut řídicí skupiny"
    assert page.locator("main table").get_by_text("statut.pdf").is_visible()
    assert_accessible(page)


def test_the_news_pages_are_accessible(page, url, process, assert_accessible):
    article = services.news_create(
        process=process,
        actor=None,
        title="Pozvánka na veřejné setkání",
        perex="Zveme vás na setkání k plánu.",
        body="První odstavec.\n\nDruhý odstavec.",
        is_published=True,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    page.goto(url("library:news_list", slug=process.slug))

    assert page.locator("main").get_by_text("Zveme vás na setkání k plánu.").is_visible()
    assert page.locator("link[type='application/rss+xml']").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name=article.title).click()
    assert page.locator("main p", has_text="Druhý odstavec.").count() == 1
    assert_accessible(page)


def test_the_events_calendar_is_accessible_and_moves_between_months(
    page, url, process, assert_accessible
):
    services.event_create(
        process=process,
        actor=None,
        title="Den sociálních služeb",
        starts_at=at(2019, 9, 12, 9),
        place="Horní náměstí",
    )
    make_meeting(
        process, kind="public", title="Veřejné projednání", when=at(2019, 10, 3, 17), public=True
    )
    page.goto(url("library:event_calendar", slug=process.slug) + "?rok=2019&mesic=9")

    main = page.locator("main .calendar-month")
    assert main.get_by_role("heading", name="Září 2019", exact=True).is_visible()
    assert main.get_by_role("link", name="Den sociálních služeb").is_visible()
    assert_accessible(page)

    main.locator("a[rel=next]").click()
    assert main.get_by_role("heading", name="Říjen 2019", exact=True).is_visible()
    assert main.get_by_role("link", name="Veřejné projednání").is_visible()
    assert main.get_by_text("Den sociálních služeb").count() == 0
    assert_accessible(page)


def test_a_coordinator_sees_a_clear_error_for_a_fake_pdf(
    page, url, process, user, sign_in, tmp_path, assert_accessible
):
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.COORDINATOR)
    fake = tmp_path / "statut.pdf"
    fake.write_bytes(b"MZ this is not a PDF" * 20)
    sign_in(page, user)
    page.goto(url("library:document_create", slug=process.slug))

    # (labels by id: the Czech texts come with the lead's translation merge)
    page.locator("#id_title").fill("Statut")
    page.locator("#id_file").set_input_files(str(fake))
    page.locator("main form button[type=submit]").first.click()

    summary = page.locator(".form-errors")
    assert summary.is_visible()
    assert "není PDF" in summary.inner_text() or "not PDF" in summary.inner_text()
    assert page.locator("#id_title").input_value() == "Statut"
    assert_accessible(page)
