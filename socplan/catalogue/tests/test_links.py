"""The catalogue is reachable from the planning area, and its coordinators reach the
local services from the area's catalogue."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_area_page_links_to_its_catalogue(process, client_for):
    area = process.planning_area
    page = client_for(None).get(area.get_absolute_url()).content.decode()
    assert reverse("catalogue:area", kwargs={"slug": area.slug}) in page


def test_only_those_who_may_edit_see_the_local_services_link(process, coordinator, client_for):
    area = process.planning_area
    url = reverse("catalogue:area", kwargs={"slug": area.slug})
    link = reverse("catalogue:local_services", kwargs={"slug": area.slug})
    assert link in client_for(coordinator).get(url).content.decode()
    assert link not in client_for(None).get(url).content.decode()


def test_the_process_page_links_to_its_plans_and_to_the_catalogue_of_its_area(process, client_for):
    page = client_for(None).get(process.get_absolute_url()).content.decode()
    assert reverse("planning:plan_list", kwargs={"slug": process.slug}) in page
    assert reverse("catalogue:area", kwargs={"slug": process.planning_area.slug}) in page
    assert (
        client_for(None)
        .get(reverse("planning:plan_list", kwargs={"slug": process.slug}))
        .status_code
        == 200
    )
