"""The sign-in form (and every form of includes/form.html) ties its errors to the fields."""

import lxml.html
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def _inputs(response):
    page = lxml.html.fromstring(response.content.decode())
    return page, {el.get("name"): el for el in page.iter("input")}


def test_it_marks_both_fields_invalid_after_a_wrong_password(client, coordinator):
    response = client.post(LOGIN_URL, {"username": "coordinator@example.org", "password": "nope"})
    page, inputs = _inputs(response)
    for name in ("username", "password"):
        assert inputs[name].get("aria-invalid") == "true"
        assert inputs[name].get("aria-describedby") == "nonfield-errors"
    (errors,) = page.xpath('//*[@id="nonfield-errors"]')
    assert "password is not correct" in errors.text_content()


def test_it_marks_a_field_with_its_own_error_and_points_to_it(client, db):
    response = client.post(LOGIN_URL, {"username": "not-an-address", "password": "x"})
    page, inputs = _inputs(response)
    email = inputs["username"]
    assert email.get("aria-invalid") == "true"
    assert email.get("value") == "not-an-address"
    described = email.get("aria-describedby").split()
    assert described
    for target in described:
        assert page.xpath(f'//*[@id="{target}"]'), target
    assert inputs["password"].get("aria-invalid") is None


def test_it_marks_nothing_invalid_on_a_fresh_form(client, db):
    _page, inputs = _inputs(client.get(LOGIN_URL))
    assert all(el.get("aria-invalid") is None for el in inputs.values())
