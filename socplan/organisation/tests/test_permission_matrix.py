"""Every protected page of the planning structure (groups, people, meetings; minutes and
tasks), tried with every persona.

The structure: an internal working group facilitated by the methodologist persona (a
member with the role methodologist) with the member persona in it, a public steering
group without them, a meeting of each group. Internal pages of a group or meeting answer
404 to signed-in people outside it (they do not exist for them) and send anonymous
visitors to the login page.
"""

import pytest
from django.urls import reverse

from socplan.testing.personas import PERSONAS, assert_only_allowed

from .structure_builders import facilitated_structure, make_meeting

pytestmark = pytest.mark.django_db

MANAGERS = ["coordinator", "staff"]
FACILITATORS = ["methodologist", "coordinator", "staff"]
INSIDERS = ["member", "methodologist", "region_staff", "coordinator", "staff"]


@pytest.fixture
def structure(process, methodologist, member):
    internal, steering = facilitated_structure(process, methodologist=methodologist, member=member)
    return {
        "internal": internal,
        "steering": steering,
        "internal_meeting": make_meeting(process, internal, title="Porada seniorů"),
        "steering_meeting": make_meeting(process, steering, title="Řídicí skupina"),
        "member_person": internal.memberships.get(person__user=member),
    }


def _slug(p, s):
    return {"slug": p.slug}


# url name, kwargs builder (process, structure), personas allowed in (others: 403)
PROTECTED_PAGES = [
    ("organisation:group_create", _slug, MANAGERS),
    (
        "organisation:group_edit",
        lambda p, s: {"slug": p.slug, "group": s["internal"].slug},
        FACILITATORS,
    ),
    (
        "organisation:group_edit",
        lambda p, s: {"slug": p.slug, "group": s["steering"].slug},
        MANAGERS,
    ),
    (
        "organisation:membership_add",
        lambda p, s: {"slug": p.slug, "group": s["internal"].slug},
        FACILITATORS,
    ),
    (
        "organisation:membership_add",
        lambda p, s: {"slug": p.slug, "group": s["steering"].slug},
        MANAGERS,
    ),
    (
        "organisation:membership_edit",
        lambda p, s: {
            "slug": p.slug,
            "group": s["internal"].slug,
            "pk": s["member_person"].pk,
        },
        FACILITATORS,
    ),
    ("organisation:person_list", _slug, FACILITATORS),
    ("organisation:person_create", _slug, FACILITATORS),
    (
        "organisation:person_edit",
        lambda p, s: {"slug": p.slug, "pk": s["member_person"].person_id},
        FACILITATORS,
    ),
    ("organisation:attendance_stats", _slug, ["region_staff", *FACILITATORS]),
    ("organisation:meeting_create", _slug, FACILITATORS),
    *[
        (
            f"organisation:{name}",
            lambda p, s: {"slug": p.slug, "pk": s["internal_meeting"].pk},
            FACILITATORS,
        )
        for name in (
            "meeting_edit",
            "meeting_invitations",
            "meeting_attendance",
        )
    ],
    *[
        (
            f"organisation:{name}",
            lambda p, s: {"slug": p.slug, "pk": s["steering_meeting"].pk},
            MANAGERS,
        )
        for name in ("meeting_edit", "meeting_invitations", "meeting_attendance")
    ],
    # minutes and tasks (orgminutes; more in test_permission_matrix_minutes.py)
    *[
        (
            f"organisation:{name}",
            lambda p, s: {"slug": p.slug, "pk": s["steering_meeting"].pk},
            MANAGERS,
        )
        for name in ("minutes_edit", "resolutions_edit")
    ],
    (
        "organisation:minutes_detail",
        lambda p, s: {"slug": p.slug, "pk": s["steering_meeting"].pk},
        ["methodologist", "region_staff", *MANAGERS],
    ),
    ("organisation:task_list", _slug, INSIDERS),
    ("organisation:task_create", _slug, FACILITATORS),
]

# Pages of internal groups and meetings: 404 for signed-in people outside them.
HIDDEN_PAGES = [
    ("organisation:group_detail", lambda p, s: {"slug": p.slug, "group": s["internal"].slug}),
    ("organisation:meeting_detail", lambda p, s: {"slug": p.slug, "pk": s["internal_meeting"].pk}),
    ("organisation:meeting_ics", lambda p, s: {"slug": p.slug, "pk": s["internal_meeting"].pk}),
    (
        "organisation:minutes_detail",
        lambda p, s: {"slug": p.slug, "pk": s["internal_meeting"].pk},
    ),
]

PUBLIC_PAGES = [
    ("organisation:group_list", _slug),
    ("organisation:meeting_list", _slug),
    ("organisation:group_detail", lambda p, s: {"slug": p.slug, "group": s["steering"].slug}),
    ("organisation:meeting_detail", lambda p, s: {"slug": p.slug, "pk": s["steering_meeting"].pk}),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"),
    PROTECTED_PAGES,
    ids=[f"{n}-{i}" for i, (n, _k, _a) in enumerate(PROTECTED_PAGES)],
)
def test_it_lets_in_only_the_right_personas(
    name, kwargs, allowed, process, structure, personas, client_for
):
    url = reverse(name, kwargs=kwargs(process, structure))
    assert_only_allowed(url, allowed, personas, client_for)


@pytest.mark.parametrize(("name", "kwargs"), HIDDEN_PAGES, ids=[p[0] for p in HIDDEN_PAGES])
def test_internal_pages_exist_only_for_insiders(
    name, kwargs, process, structure, personas, client_for
):
    url = reverse(name, kwargs=kwargs(process, structure))
    for persona in PERSONAS:
        status = client_for(personas[persona]).get(url).status_code
        if persona in INSIDERS:
            assert status == 200, (persona, url)
        elif persona == "anonymous":
            assert status == 302, url
        else:
            assert status == 404, (persona, url, status)


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_pages_are_public_while_the_process_is_published(
    name, kwargs, process, structure, personas, client_for
):
    url = reverse(name, kwargs=kwargs(process, structure))
    for persona in PERSONAS:
        assert client_for(personas[persona]).get(url).status_code == 200, persona
    process.is_published = False
    process.save()
    inside = {"member", "methodologist", "region_staff", "coordinator", "staff"}
    for persona in PERSONAS:
        status = client_for(personas[persona]).get(url).status_code
        assert status == (200 if persona in inside else 404), (persona, url)


def test_an_ended_membership_gives_no_access(process, structure, member, client_for):
    from datetime import date

    membership = structure["member_person"]
    membership.end = date(2019, 1, 1)
    membership.start = date(2018, 1, 1)
    membership.save()
    url = structure["internal"].get_absolute_url()
    assert client_for(member).get(url).status_code == 404
