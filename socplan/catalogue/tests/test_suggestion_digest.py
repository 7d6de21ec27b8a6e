"""Reviewers get one digest of public suggestions, not one e-mail per suggestion."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.catalogue import review
from socplan.catalogue.models import ChangeProposal
from socplan.core.mail import send_queued_emails
from socplan.core.models import OutgoingEmail
from socplan.testing.mail import sent_mail, sent_mail_later

from .review_helpers import make_provider, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(area):
    provider = make_provider()
    return [make_service(provider=provider, name=f"Služba {n}") for n in range(3)]


def test_many_suggestions_make_one_digest_per_reviewer(coordinator, services, settings):
    settings.MAIL_DIGEST_MINUTES = 60
    for number in range(30):
        review.suggestion_submit(
            service=services[number % 3], message=f"Oprava číslo {number}", email=""
        )
    assert sent_mail() == []  # nothing at once
    assert OutgoingEmail.objects.count() == 1
    # not due before the hour is over
    send_queued_emails(now=timezone.now() + datetime.timedelta(minutes=30))
    assert sent_mail() == []
    (digest,) = sent_mail_later(hours=1)
    assert digest.to == ["coordinator@example.org"]
    assert "30" in digest.subject
    for number in range(30):
        assert f"Oprava číslo {number}\n" in digest.body
    for proposal in ChangeProposal.objects.all():
        assert reverse("catalogue:review_detail", kwargs={"pk": proposal.pk}) in digest.body


def test_a_suggestion_after_the_digest_left_starts_the_next_one(coordinator, services):
    review.suggestion_submit(service=services[0], message="První")
    assert len(sent_mail_later()) == 1
    review.suggestion_submit(service=services[1], message="Druhá")
    review.suggestion_submit(service=services[2], message="Třetí")
    first, second = sent_mail_later(hours=48)
    assert "Druhá" not in first.body
    assert "Druhá" in second.body and "Třetí" in second.body and "První" not in second.body


def test_a_digest_being_sent_takes_no_more_items(coordinator, services):
    review.suggestion_submit(service=services[0], message="První")
    row = OutgoingEmail.objects.get()
    # a sender claimed it (moved its next attempt), so a new suggestion starts a new digest
    OutgoingEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=row.next_attempt_at + datetime.timedelta(minutes=10)
    )
    review.suggestion_submit(service=services[1], message="Druhá")
    assert OutgoingEmail.objects.count() == 2
    row.refresh_from_db()
    assert len(row.message["digest"]["items"]) == 1


def test_suggestions_from_one_address_are_rate_limited(services, settings):
    from django.test import Client

    settings.RATELIMIT_ENABLED = True
    address = reverse("catalogue:service_suggest", kwargs={"pk": services[0].pk})
    client = Client(REMOTE_ADDR="10.9.9.9")
    statuses = [
        client.post(address, {"message": f"Oprava {n}", "website": ""}).status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]
    assert ChangeProposal.objects.count() == 10
    # reading the form is not limited, another address may still suggest
    assert client.get(address).status_code == 200
    other = Client(REMOTE_ADDR="10.9.9.10").post(address, {"message": "Jiná", "website": ""})
    assert other.status_code == 302
