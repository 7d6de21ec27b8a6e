"""The public reply link of a meeting invitation is rate-limited per address."""

import pytest
from django.test import Client
from django.urls import reverse

from socplan.organisation import services_structure as services
from socplan.organisation.models import MeetingInvitation

from .structure_builders import make_seniors_group, make_seniors_meeting

pytestmark = pytest.mark.django_db


def test_replies_from_one_address_are_limited(process, settings):
    settings.RATELIMIT_ENABLED = True
    group = make_seniors_group(process)
    meeting = make_seniors_meeting(process, group)
    person = group.memberships.first().person
    MeetingInvitation.objects.create(
        meeting=meeting, person=person, token_hash=services.hash_reply_token("a-token")
    )
    address = reverse("organisation:meeting_reply", args=[process.slug, "a-token"])
    client = Client(REMOTE_ADDR="10.8.8.8")
    statuses = [client.post(address, {"reply": "attend"}).status_code for _ in range(31)]
    assert statuses == [200] * 30 + [429]
    assert MeetingInvitation.objects.get().reply == "attend"
    # guessing tokens counts as well: the limit is per address, not per token
    guess = reverse("organisation:meeting_reply", args=[process.slug, "guess"])
    assert client.post(guess, {"reply": "attend"}).status_code == 429
