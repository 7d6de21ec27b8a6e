"""Every protected page, tried with every persona: the right ones get in, the wrong ones
are refused (anonymous: sent to the login page; signed in without the right: 403)."""

import pytest
from django.urls import reverse

from socplan.territory.models import SubArea
from socplan.testing.personas import PERSONAS, assert_only_allowed

pytestmark = pytest.mark.django_db

# url name, kwargs builder, personas allowed in
PROTECTED_PAGES = [
    ("home:dashboard", lambda p: {}, PERSONAS[1:]),
    ("accounts:account", lambda p: {}, PERSONAS[1:]),
    ("accounts:password_change", lambda p: {}, PERSONAS[1:]),
    ("accounts:invite_site_user", lambda p: {}, ["staff"]),
    ("organisation:process_people", lambda p: {"slug": p.slug}, ["coordinator", "staff"]),
    # region staff read everything and change nothing, not even by starting a process
    ("organisation:process_create", lambda p: {}, ["staff"]),
    ("organisation:process_edit", lambda p: {"slug": p.slug}, ["coordinator", "staff"]),
    ("organisation:process_phases", lambda p: {"slug": p.slug}, ["coordinator", "staff"]),
    ("territory:area_create", lambda p: {}, ["staff"]),
    ("territory:area_create_list", lambda p: {}, ["staff"]),
    ("territory:area_edit", lambda p: {"slug": p.planning_area.slug}, ["coordinator", "staff"]),
    (
        "territory:sub_area_create",
        lambda p: {"slug": p.planning_area.slug},
        ["coordinator", "staff"],
    ),
    (
        "territory:sub_area_edit",
        lambda p: {"slug": p.planning_area.slug, "pk": _sub_area(p).pk},
        ["coordinator", "staff"],
    ),
    (
        "territory:sub_area_delete",
        lambda p: {"slug": p.planning_area.slug, "pk": _sub_area(p).pk},
        ["coordinator", "staff"],
    ),
]


def _sub_area(process):
    sub_area, _ = SubArea.objects.get_or_create(area=process.planning_area, name="Humpolecko")
    return sub_area


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), PROTECTED_PAGES, ids=[page[0] for page in PROTECTED_PAGES]
)
def test_it_lets_in_only_the_right_personas(name, kwargs, allowed, process, personas, client_for):
    assert_only_allowed(reverse(name, kwargs=kwargs(process)), allowed, personas, client_for)


@pytest.mark.parametrize("name", ["home:index", "core:accessibility", "territory:area_list"])
def test_it_shows_public_pages_to_everybody(name, process, personas, client_for):
    for persona in PERSONAS:
        assert client_for(personas[persona]).get(reverse(name)).status_code == 200, persona


def test_it_shows_an_unpublished_process_only_to_those_with_a_part_in_it(
    process, personas, client_for
):
    process.is_published = False
    process.save()
    url = process.get_absolute_url()
    inside = {"member", "methodologist", "region_staff", "coordinator", "staff"}
    for persona in PERSONAS:
        status = client_for(personas[persona]).get(url).status_code
        assert status == (200 if persona in inside else 404), persona
