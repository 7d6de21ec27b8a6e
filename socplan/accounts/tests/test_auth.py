import re

import pytest
from django.test import Client
from django.urls import reverse

from socplan.core.models import AuditEvent
from socplan.testing.mail import sent_mail
from socplan.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def test_it_shows_the_login_form_with_an_email_field(client):
    response = client.get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="email"' in html
    assert 'autocomplete="email"' in html
    assert 'class="skip-link"' in html  # our template extending base.html
    assert response.context["form"].fields["username"].label == "E-mail"


def test_it_signs_in_with_email_in_any_letter_case(client, coordinator):
    response = client.post(LOGIN_URL, {"username": "Coordinator@EXAMPLE.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home:dashboard")
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_it_follows_next_after_login(client, coordinator, process):
    target = reverse("organisation:process_people", kwargs={"slug": process.slug})
    response = client.post(
        LOGIN_URL + "?next=" + target,
        {"username": "coordinator@example.org", "password": PASSWORD, "next": target},
    )
    assert response["Location"] == target


def test_it_refuses_a_wrong_password_and_keeps_the_email(client, coordinator):
    response = client.post(
        LOGIN_URL, {"username": "coordinator@example.org", "password": "wrong-password"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'value="coordinator@example.org"' in html
    assert "form-errors" in html
    assert "wrong-password" not in html


def test_it_logs_out_with_post(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_it_changes_the_password(client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("accounts:password_change")
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-secret-42",
            "new_password2": "a-brand-new-secret-42",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    coordinator.refresh_from_db()
    assert coordinator.check_password("a-brand-new-secret-42")
    assert AuditEvent.objects.filter(action="user.password_changed", actor=coordinator).exists()


def test_it_sends_password_change_to_login_when_anonymous(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_it_resets_a_forgotten_password_by_email(coordinator):
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "COORDINATOR@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(sent_mail()) == 1
    message = sent_mail()[0]
    assert message.to == ["coordinator@example.org"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = re.search(r"http://testserver(/ucet/heslo/obnova/\S+/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {"new_password1": "reset-to-something-new-7", "new_password2": "reset-to-something-new-7"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert AuditEvent.objects.filter(action="user.password_reset").exists()

    fresh = Client()
    response = fresh.post(
        LOGIN_URL, {"username": "coordinator@example.org", "password": "reset-to-something-new-7"}
    )
    assert response.status_code == 302
    assert fresh.session["_auth_user_id"] == str(coordinator.pk)

    # The link works only once.
    response = client.get(link, follow=True)
    assert not response.context["validlink"]


def test_it_sends_nothing_for_an_unknown_address_but_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "who@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert sent_mail() == []
