"""Error pages: Czech with English, in the site's shell, no internal detail; 500 and 503
render without the database; a 403 is logged in one line."""

import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

pytestmark = pytest.mark.django_db

URLCONF = "tests.error_urls"


@pytest.fixture
def client_cs(settings):
    settings.ROOT_URLCONF = URLCONF
    settings.LANGUAGE_CODE = "cs"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def assert_shell_without_detail(response):
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "secret internal reason" not in html
    assert "Traceback" not in html
    return html


def test_it_shows_404_in_czech_with_english(client_cs):
    response = client_cs.get("/no-such-page/")
    assert response.status_code == 404
    html = assert_shell_without_detail(response)
    assert "Stránka nenalezena" in html
    assert '<div class="error-page__other" lang="en">' in html
    assert "Page not found" in html


def test_it_shows_404_in_english_with_czech(settings, client_cs):
    client_cs.cookies["django_language"] = "en"
    response = client_cs.get("/no-such-page/")
    html = response.content.decode()
    assert html.index("Page not found") < html.index("Stránka nenalezena")
    assert '<div class="error-page__other" lang="cs">' in html


def test_it_shows_403_and_logs_one_line(client_cs, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_cs.get("/test-errors/forbidden/")
    assert response.status_code == 403
    html = assert_shell_without_detail(response)
    assert "Přístup odepřen" in html and "Access denied" in html
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None
    formatted = logging.Formatter().format(records[0])
    assert "\n" not in formatted and "/test-errors/forbidden/" in formatted


def test_it_shows_400(client_cs):
    response = client_cs.get("/test-errors/bad/")
    assert response.status_code == 400
    html = assert_shell_without_detail(response)
    assert "Chybný požadavek" in html and "Bad request" in html


def test_it_shows_500_without_querying(client_cs, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client_cs.get("/test-errors/broken/")
    assert response.status_code == 500
    html = assert_shell_without_detail(response)
    assert "Chyba serveru" in html and "Server error" in html
    assert 'class="lang-switch"' not in html  # no form that needs a CSRF token


def test_it_shows_503_when_the_database_cannot_be_reached(client_cs):
    refused = OperationalError("connection to server at 10.0.0.5 refused: secret internal reason")
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=refused) as cursor:
        response = client_cs.get("/test-errors/database-down/")
    assert cursor.call_count == 1  # the error page itself asked nothing of the database
    assert response.status_code == 503
    assert response["Retry-After"]
    html = assert_shell_without_detail(response)
    assert "10.0.0.5" not in html
    assert "Dočasně nedostupné" in html and "Temporarily unavailable" in html


def test_it_shows_503_for_a_locked_database(client_cs):
    response = client_cs.get("/test-errors/locked/")
    assert response.status_code == 503
