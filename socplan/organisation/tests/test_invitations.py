import datetime
import logging
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from socplan.accounts import services
from socplan.accounts.models import Invitation
from socplan.core.mail import send_queued_emails
from socplan.core.models import AuditEvent
from socplan.organisation.models import ProcessRole
from socplan.testing.mail import sent_mail
from socplan.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Plánujeme-sluzby-2024"
LINK = re.compile(r"https?://[^/\s]+(/ucet/pozvanka/[\w-]+/)")


def _link(message) -> str:
    return LINK.search(message.body).group(1)


def _invite(process, inviter, email="new.person@example.org", role="methodologist", **kw):
    with translation.override("en"):
        services.invitation_send(email=email, role=role, target=process, invited_by=inviter, **kw)
    return sent_mail()[-1]


def test_it_sends_an_invitation_email(process, coordinator):
    message = _invite(process, coordinator, email="New.Person@Example.org", full_name="Nová Osoba")
    assert message.to == ["new.person@example.org"]
    assert process.name in message.subject
    assert process.name in message.body
    assert "methodologist" in message.body
    assert "Koordinátorka Nováková" in message.body  # who invites
    assert _link(message).startswith("/ucet/pozvanka/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert _link(message) in html
    assert process.name in html
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org"
    assert invitation.full_name == "Nová Osoba"
    assert invitation.invited_by == coordinator
    # only a hash of the token is stored
    token = _link(message).rstrip("/").rsplit("/", 1)[-1]
    assert token not in invitation.token_hash
    event = AuditEvent.objects.get(action="invitation.sent")
    assert event.actor == coordinator
    assert event.data["role"] == "methodologist"


def test_it_builds_the_link_from_the_request(client_for, coordinator, process, settings):
    settings.ALLOWED_HOSTS = ["kpss.example.cz"]
    client = client_for(coordinator)
    url = reverse("organisation:process_people", kwargs={"slug": process.slug})
    response = client.post(
        url,
        {"email": "someone@example.org", "full_name": "", "role": "member"},
        HTTP_HOST="kpss.example.cz",
    )
    assert response.status_code == 302
    assert "http://kpss.example.cz/ucet/pozvanka/" in sent_mail()[0].body


def test_it_accepts_an_invitation_creating_user_and_role(process, coordinator):
    link = _link(_invite(process, coordinator, full_name="Nová Osoba"))
    client = Client()
    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert process.name in html
    assert 'value="Nová Osoba"' in html
    assert 'autocomplete="new-password"' in html

    response = client.post(
        link, {"full_name": "Nová Osobová", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == process.get_absolute_url()
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Nová Osobová"
    assert ProcessRole.objects.filter(user=user, process=process, role="methodologist").exists()
    assert client.session["_auth_user_id"] == str(user.pk)  # signed in right away
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert invitation.user == user
    assert AuditEvent.objects.filter(action="invitation.accepted", actor=user).exists()

    fresh = Client()
    assert fresh.login(username="NEW.person@example.org", password=NEW_PASSWORD)


def test_it_uses_a_link_only_once(process, coordinator):
    link = _link(_invite(process, coordinator))
    Client().post(link, {"full_name": "A", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert User.objects.filter(email="new.person@example.org").exists()

    other = Client()
    response = other.get(link)
    assert response.status_code == 410
    assert "form" not in response.context or response.context.get("form") is None
    response = other.post(
        link, {"full_name": "B", "password1": "another-pass-99x", "password2": "another-pass-99x"}
    )
    assert response.status_code == 410
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert user.full_name == "A"


def test_it_refuses_an_expired_link(process, coordinator):
    link = _link(_invite(process, coordinator))
    Invitation.objects.update(
        sent_at=timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )
    client = Client()
    assert client.get(link).status_code == 410
    response = client.post(
        link, {"full_name": "A", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="new.person@example.org").exists()
    with pytest.raises(ValidationError):
        services.invitation_accept(
            invitation=Invitation.objects.get(), password=NEW_PASSWORD, full_name="A"
        )


def test_it_refuses_an_unknown_link(client, db):
    response = client.get(reverse("accounts:invitation_accept", kwargs={"token": "nonsense"}))
    assert response.status_code == 404


def test_it_keeps_the_name_when_the_passwords_do_not_match(process, coordinator):
    link = _link(_invite(process, coordinator))
    client = Client()
    response = client.post(
        link, {"full_name": "Jan Nový", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert 'value="Jan Nový"' in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_it_applies_the_password_validators(process, coordinator):
    link = _link(_invite(process, coordinator))
    response = Client().post(
        link, {"full_name": "Jan Nový", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_it_lets_an_existing_user_accept_after_signing_in(process, coordinator, nobody):
    message = _invite(process, coordinator, email="Nobody@example.org", role="member")
    assert "sign in" in message.body
    link = _link(message)

    client = Client()
    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["state"] == "sign_in"
    assert "password1" not in html
    assert reverse("accounts:login") + "?next=" + link in html

    response = client.post(
        reverse("accounts:login"),
        {"username": "nobody@example.org", "password": PASSWORD, "next": link},
    )
    assert response["Location"] == link
    response = client.get(link)
    assert response.context["state"] == "confirm"
    response = client.post(link)
    assert response.status_code == 302
    assert ProcessRole.objects.filter(user=nobody, process=process, role="member").exists()
    nobody.refresh_from_db()
    assert nobody.check_password(PASSWORD)  # password unchanged
    assert Client().get(link).status_code == 410


def test_it_refuses_accepting_someone_elses_invitation(process, coordinator, nobody, member):
    link = _link(_invite(process, coordinator, email="nobody@example.org", role="methodologist"))
    client = Client()
    client.force_login(member)
    response = client.get(link)
    assert response.context["state"] == "wrong_user"
    client.post(link)
    assert not ProcessRole.objects.filter(user=nobody).exists()
    assert not ProcessRole.objects.filter(user=member, role="methodologist").exists()
    assert Invitation.objects.get().accepted_at is None


def test_it_replaces_an_unused_invitation_when_inviting_again(process, coordinator):
    first = _link(_invite(process, coordinator, role="member"))
    second = _link(
        _invite(process, coordinator, email="NEW.person@example.org", role="methodologist")
    )
    invitation = Invitation.objects.get()  # only one left
    assert invitation.role == "methodologist"
    client = Client()
    assert client.get(first).status_code == 404
    client.post(second, {"full_name": "A", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    roles = ProcessRole.objects.filter(user__email="new.person@example.org")
    assert [r.role for r in roles] == ["methodologist"]


def test_it_refuses_inviting_someone_who_has_the_role(process, coordinator, member):
    with pytest.raises(ValidationError):
        services.invitation_send(
            email="MEMBER@example.org", role="member", target=process, invited_by=coordinator
        )
    assert sent_mail() == []
    assert not Invitation.objects.exists()


def test_it_invites_the_coordinator_of_a_new_process(client_for, staff):
    client = client_for(staff)
    url = reverse("accounts:invite_site_user")
    response = client.post(url, {"email": "mas@example.org", "full_name": "MAS Koordinátorka"})
    assert response["Location"] == url
    invitation = Invitation.objects.get()
    assert invitation.target is None
    assert invitation.role == ProcessRole.Role.COORDINATOR
    assert sent_mail()[0].to == ["mas@example.org"]
    assert "Site Staff" in sent_mail()[0].body
    assert "mas@example.org" in client.get(url).content.decode()  # listed as pending

    link = _link(sent_mail()[0])
    new = Client()
    response = new.post(
        link,
        {"full_name": "MAS Koordinátorka", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("home:dashboard")
    user = User.objects.get(email="mas@example.org")
    assert user.can_start_processes
    assert not user.process_roles.exists()
    assert user.has_perm("organisation.add_process")


def test_it_refuses_a_process_role_without_a_process(staff):
    with pytest.raises(ValidationError):
        services.invitation_send(email="x@example.org", role="member", invited_by=staff)


def test_it_invites_from_the_people_page(client_for, coordinator, process):
    client = client_for(coordinator)
    url = reverse("organisation:process_people", kwargs={"slug": process.slug})
    response = client.post(
        url, {"email": "jana@example.org", "full_name": "Jana", "role": "member"}
    )
    assert response["Location"] == url
    assert sent_mail()[0].to == ["jana@example.org"]
    html = client.get(url).content.decode()
    assert "jana@example.org" in html
    assert reverse("accounts:invitation_cancel", kwargs={"pk": Invitation.objects.get().pk}) in html


def test_it_keeps_what_was_typed_on_a_bad_invitation(client_for, coordinator, process, member):
    client = client_for(coordinator)
    url = reverse("organisation:process_people", kwargs={"slug": process.slug})
    response = client.post(url, {"email": "not-an-email", "full_name": "Jana", "role": "member"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert 'value="not-an-email"' in response.content.decode()
    assert 'value="Jana"' in response.content.decode()
    # already a member
    response = client.post(url, {"email": "member@example.org", "full_name": "", "role": "member"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()
    assert sent_mail() == []


def test_it_resends_an_invitation_with_a_new_link(client_for, coordinator, process):
    old = _link(_invite(process, coordinator))
    invitation = Invitation.objects.get()
    client = client_for(coordinator)
    response = client.post(reverse("accounts:invitation_resend", kwargs={"pk": invitation.pk}))
    assert response.status_code == 302
    assert len(sent_mail()) == 2
    new = _link(sent_mail()[-1])
    assert new != old
    anonymous = Client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    assert AuditEvent.objects.filter(action="invitation.resent").exists()


def test_it_cancels_an_invitation(client_for, coordinator, process):
    link = _link(_invite(process, coordinator))
    invitation = Invitation.objects.get()
    client = client_for(coordinator)
    client.post(reverse("accounts:invitation_cancel", kwargs={"pk": invitation.pk}))
    assert not Invitation.objects.exists()
    assert Client().get(link).status_code == 404
    assert AuditEvent.objects.filter(action="invitation.cancelled").exists()


@pytest.mark.parametrize("persona", ["member", "methodologist", "region_staff", "nobody"])
def test_it_refuses_resend_and_cancel_to_others(request, client_for, coordinator, process, persona):
    _invite(process, coordinator)
    invitation = Invitation.objects.get()
    client = client_for(request.getfixturevalue(persona))
    for name in ("accounts:invitation_resend", "accounts:invitation_cancel"):
        assert client.post(reverse(name, kwargs={"pk": invitation.pk})).status_code == 403
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert len(sent_mail()) == 1


def test_it_refuses_site_invitation_actions_to_a_coordinator(client_for, staff, coordinator):
    services.invitation_send(email="mas@example.org", role="coordinator", invited_by=staff)
    invitation = Invitation.objects.get()
    client = client_for(coordinator)
    url = reverse("accounts:invitation_cancel", kwargs={"pk": invitation.pk})
    assert client.post(url).status_code == 403
    assert client_for(staff).post(url).status_code == 302
    assert not Invitation.objects.exists()


def test_a_failing_mail_server_does_not_stop_the_invitation(
    client_for, coordinator, process, settings, caplog
):
    settings.EMAIL_BACKEND = "socplan.testing.mail.FailingEmailBackend"
    client = client_for(coordinator)
    url = reverse("organisation:process_people", kwargs={"slug": process.slug})
    with caplog.at_level(logging.WARNING, logger="socplan.core.mail"):
        response = client.post(
            url, {"email": "jana@example.org", "full_name": "Jana", "role": "member"}, follow=True
        )
        assert sent_mail() == []
    assert response.status_code == 200
    assert "The invitation will be sent to jana@example.org." in response.content.decode()
    assert Invitation.objects.filter(email="jana@example.org").exists()
    assert AuditEvent.objects.filter(action="invitation.sent").exists()
    assert any("jana@example.org" in r.getMessage() for r in caplog.records)
    # Retried once the mail server works again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_queued_emails(now=timezone.now() + datetime.timedelta(hours=1))
    (message,) = sent_mail()
    assert message.to == ["jana@example.org"]
    assert "/ucet/pozvanka/" in message.body
