"""The public catalogue on a phone: numbers call when tapped, the shortlist can be sent."""

import lxml.html
import pytest
from django.urls import reverse

from . import public_helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def phoned(db):
    return h.service(
        "Poradna Humpolec",
        phones=[{"value": "+420 565 532 111", "note": "recepce"}, {"value": "neznámé", "note": ""}],
    )


def _tel_links(response):
    page = lxml.html.fromstring(response.content.decode())
    return {a.get("href"): a.text_content() for a in page.xpath('//a[starts-with(@href, "tel:")]')}


def test_the_service_detail_links_phone_numbers_to_call(client, phoned):
    response = client.get(reverse("catalogue:service_detail", kwargs={"pk": phoned.pk}))
    assert _tel_links(response) == {"tel:+420565532111": "+420 565 532 111"}
    assert "neznámé" in response.content.decode()  # not a number: shown as text


def test_the_shortlist_links_phone_numbers_to_call(client, phoned):
    client.post(reverse("catalogue:shortlist_add"), {"service": phoned.pk})
    response = client.get(reverse("catalogue:shortlist"))
    assert _tel_links(response) == {"tel:+420565532111": "+420 565 532 111"}
