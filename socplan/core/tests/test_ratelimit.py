"""The rate limit of public forms (socplan.core.ratelimit)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from socplan.core.ratelimit import client_ip, rate_limit


@rate_limit("test-form", limit=3, period=60)
def view(request):
    return HttpResponse("ok")


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLED = True
    settings.LANGUAGE_CODE = "cs"


def post(address="10.0.0.1", **meta):
    return RequestFactory().post("/", REMOTE_ADDR=address, **meta)


def test_it_refuses_the_fourth_post_from_one_address(limits_on):
    assert [view(post()).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = view(post())
    assert refused["Retry-After"] == "60"
    assert "Příliš mnoho požadavků" in refused.content.decode()
    assert view(post("10.0.0.2")).status_code == 200  # another address counts on its own


def test_it_does_not_count_pages_that_are_only_read(limits_on):
    for _ in range(10):
        assert view(RequestFactory().get("/", REMOTE_ADDR="10.0.0.3")).status_code == 200
    assert view(post("10.0.0.3")).status_code == 200


def test_tests_are_not_limited_unless_they_ask(settings):
    assert settings.RATELIMIT_ENABLED is False  # the personas' test settings
    assert all(view(post("10.0.0.4")).status_code == 200 for _ in range(10))


def test_it_believes_the_forwarded_address_only_behind_trusted_proxies(settings):
    request = post("192.168.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == "192.168.0.9"  # a client cannot pick its address
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw, not the forged part
