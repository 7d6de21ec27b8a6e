"""Sign-in is throttled per account and per address (django-axes); password resets are
rate-limited per address and per mailbox."""

import pytest
from django.test import Client
from django.urls import reverse

from socplan.testing.mail import sent_mail
from socplan.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.RATELIMIT_ENABLED = True
    settings.LANGUAGE_CODE = "cs"
    from django.core.cache import cache

    cache.clear()


def attempt(email, password, address="10.1.1.1"):
    return Client(REMOTE_ADDR=address).post(LOGIN_URL, {"username": email, "password": password})


def test_it_locks_an_account_after_failed_attempts_from_many_addresses(throttled, coordinator):
    for number in range(2):
        assert attempt("coordinator@example.org", "wrong", f"10.2.0.{number}").status_code == 200
    assert attempt("coordinator@example.org", "wrong", "10.2.0.3").status_code == 429
    # even the right password, from yet another address, waits now; in any letter case
    response = attempt("Coordinator@Example.org", PASSWORD, "10.2.0.99")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Přihlašování pozastaveno" in html and 'class="site-header"' in html
    assert "_auth_user_id" not in Client().session


def test_it_locks_an_address_that_tries_many_accounts(throttled, coordinator, member):
    for number in range(2):
        assert attempt(f"guess{number}@example.org", "wrong", "10.3.0.1").status_code == 200
    assert attempt("guess3@example.org", "wrong", "10.3.0.1").status_code == 429
    assert attempt("member@example.org", PASSWORD, "10.3.0.1").status_code == 429
    # another address signs in to the same account as usual
    assert attempt("member@example.org", PASSWORD, "10.3.0.2").status_code == 302


def test_a_successful_sign_in_resets_the_account(throttled, coordinator):
    for _ in range(2):
        attempt("coordinator@example.org", "wrong", "10.4.0.1")
    assert attempt("coordinator@example.org", PASSWORD, "10.4.0.2").status_code == 302
    for _ in range(2):
        assert attempt("coordinator@example.org", "wrong", "10.4.0.3").status_code == 200
    assert attempt("coordinator@example.org", PASSWORD, "10.4.0.4").status_code == 302


def test_it_limits_password_resets_per_mailbox_and_per_address(throttled, coordinator):
    url = reverse("accounts:password_reset")
    for number in range(5):
        client = Client(REMOTE_ADDR=f"10.5.0.{number}")
        assert client.post(url, {"email": "coordinator@example.org"}).status_code == 302
    assert len(sent_mail()) == 5
    refused = Client(REMOTE_ADDR="10.5.0.77").post(url, {"email": "COORDINATOR@example.org"})
    assert refused.status_code == 429
    assert len(sent_mail()) == 5  # no sixth e-mail to the same mailbox
    client = Client(REMOTE_ADDR="10.5.1.1")
    statuses = [client.post(url, {"email": f"x{n}@example.org"}).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
