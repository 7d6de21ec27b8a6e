import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_process_form_offers_a_new_area_only_to_those_who_may_create_one(
    process, coordinator, staff, client_for
):
    url = reverse("organisation:process_edit", kwargs={"slug": process.slug})
    link = reverse("territory:area_create")
    assert link not in client_for(coordinator).get(url).content.decode()
    assert link in client_for(staff).get(url).content.decode()
