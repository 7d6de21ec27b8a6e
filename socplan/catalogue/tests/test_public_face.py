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


def test_the_shortlist_is_sent_by_email(client, phoned, django_capture_on_commit_callbacks):
    from socplan.testing.mail import sent_mail

    client.post(reverse("catalogue:shortlist_add"), {"service": phoned.pk})
    page = lxml.html.fromstring(client.get(reverse("catalogue:shortlist")).content.decode())
    action = reverse("catalogue:shortlist_email")
    assert page.xpath(f'//form[@action="{action}"]//input[@name="email"]')

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalogue:shortlist_email"), {"email": "anna@example.org"})
    assert response.status_code == 302
    (mail,) = sent_mail()
    assert mail.to == ["anna@example.org"]
    assert "Poradna Humpolec" in mail.body
    assert "+420 565 532 111" in mail.body
    assert f"/katalog/vyber/?s={phoned.pk}" in mail.body


def test_a_wrong_address_is_refused_with_the_field_marked(client, phoned):
    from socplan.core.models import OutgoingEmail

    client.post(reverse("catalogue:shortlist_add"), {"service": phoned.pk})
    response = client.post(reverse("catalogue:shortlist_email"), {"email": "anna@"})
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    (field,) = page.xpath('//input[@name="email"]')
    assert field.get("aria-invalid") == "true"
    assert field.get("value") == "anna@"
    assert not OutgoingEmail.objects.exists()


def test_sending_the_shortlist_is_rate_limited(client, phoned, settings):
    settings.RATELIMIT_ENABLED = True
    from django.core.cache import cache

    cache.clear()
    client.post(reverse("catalogue:shortlist_add"), {"service": phoned.pk})
    statuses = [
        client.post(reverse("catalogue:shortlist_email"), {"email": "anna@example.org"}).status_code
        for _ in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    cache.clear()


def test_adding_with_htmx_answers_with_what_to_announce(client, phoned):
    response = client.post(
        reverse("catalogue:shortlist_add"), {"service": phoned.pk}, HTTP_HX_REQUEST="true"
    )
    (form,) = lxml.html.fromstring(response.content.decode()).xpath("//form")
    assert "Poradna Humpolec" in form.get("data-announce")
    assert form.xpath(".//button")  # the button that takes the focus


def test_the_filters_are_in_a_panel_after_a_search(client, phoned):
    response = client.get(reverse("catalogue:home"), {"q": "poradna"})
    page = lxml.html.fromstring(response.content.decode())
    (panel,) = page.xpath('//details[@id="filters-panel"]')
    assert panel.xpath("./summary") and panel.xpath('.//*[@id="filters"]')
    assert page.xpath('//*[@id="shortlist-announcer"][@aria-live="polite"]')
