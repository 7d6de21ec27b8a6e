"""The public comment form is rate-limited per address (socplan.core.ratelimit)."""

import pytest
from django.test import Client
from django.urls import reverse

from socplan.consultation import services
from socplan.consultation.models import Comment

from .builders import make_round

pytestmark = pytest.mark.django_db


def test_comments_from_one_address_are_limited(process, settings):
    settings.RATELIMIT_ENABLED = True
    round_ = make_round(process, open_today=True)
    services.round_update(actor=None, round=round_, allow_anonymous=True)
    address = reverse("consultation:comment_form", kwargs={"slug": process.slug, "pk": round_.pk})
    client = Client(REMOTE_ADDR="10.7.7.7")
    data = {"part": "plan", "text": "Připomínka", "kind": "essential"}
    statuses = [client.post(address, data).status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429], statuses
    assert Comment.objects.count() == 20  # the refused one stored nothing
