"""Every page of minutes and tasks, tried with every persona. The member and the
methodologist personas are linked to people of a working group (the methodologist
facilitates it), so they see its internal minutes; only the methodologist and the
coordinators write them."""

import pytest
from django.urls import reverse

from socplan.organisation import services_minutes
from socplan.organisation.models import Group, Meeting, Task
from socplan.testing.personas import PERSONAS, assert_only_allowed

from .minutes_builders import at, make_structure

pytestmark = pytest.mark.django_db

READERS = ["member", "methodologist", "region_staff", "coordinator", "staff"]
WRITERS = ["methodologist", "coordinator", "staff"]


@pytest.fixture
def s(process, member, methodologist, coordinator):
    s = make_structure(process, member=member, methodologist=methodologist)
    services_minutes.minutes_save(meeting=s.meeting, actor=coordinator, summary="Interní zápis")
    s.task = services_minutes.task_create(
        process=process, actor=coordinator, title="Úkol", owner=s.member_person, group=s.group
    )
    return s


def _meeting(s):
    return {"slug": s.meeting.process.slug, "pk": s.meeting.pk}


MINUTES_PAGES = [
    ("organisation:minutes_detail", _meeting, READERS),
    ("organisation:minutes_edit", _meeting, WRITERS),
    ("organisation:resolutions_edit", _meeting, WRITERS),
    ("organisation:minutes_approve", _meeting, WRITERS),
    ("organisation:task_list", lambda s: {"slug": s.group.process.slug}, READERS),
    (
        "organisation:group_tasks",
        lambda s: {"slug": s.group.process.slug, "group": s.group.slug},
        READERS,
    ),
    (
        "organisation:person_tasks",
        lambda s: {"slug": s.group.process.slug, "person": s.member_person.pk},
        READERS,
    ),
    ("organisation:task_create", lambda s: {"slug": s.group.process.slug}, WRITERS),
    (
        "organisation:task_edit",
        lambda s: {"slug": s.group.process.slug, "pk": s.task.pk},
        WRITERS,
    ),
    ("organisation:my_tasks", lambda s: {}, PERSONAS[1:]),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), MINUTES_PAGES, ids=[page[0] for page in MINUTES_PAGES]
)
def test_it_lets_in_only_the_right_personas(name, kwargs, allowed, s, personas, client_for):
    # The process fixture (s) is created before the personas that need it.
    assert_only_allowed(reverse(name, kwargs=kwargs(s)), allowed, personas, client_for)


def test_a_methodologist_does_not_write_minutes_of_groups_they_do_not_facilitate(
    s, process, methodologist, member, client_for
):
    other = Group.objects.create(process=process, kind="other", name="Jiná", slug="jina")
    meeting = Meeting.objects.create(
        process=process, kind=Meeting.Kind.WORKING_GROUP, title="Jiné", starts_at=at(2019, 4, 1)
    )
    meeting.groups.set([other])
    task = Task.objects.create(process=process, title="Jiný", group=other)
    kwargs = {"slug": process.slug, "pk": meeting.pk}

    client = client_for(methodologist)
    assert client.get(reverse("organisation:minutes_edit", kwargs=kwargs)).status_code == 403
    edit = reverse("organisation:task_edit", kwargs={"slug": process.slug, "pk": task.pk})
    assert client.get(edit).status_code == 403
    # A member of another group does not read this group's internal minutes.
    detail = reverse("organisation:minutes_detail", kwargs=kwargs)
    assert client_for(member).get(detail).status_code == 403


def test_the_pages_of_an_unpublished_process_do_not_exist_for_outsiders(
    unpublished_process, nobody, client_for
):
    s = make_structure(unpublished_process)
    for name, kwargs in (
        ("organisation:minutes_detail", _meeting(s)),
        ("organisation:task_list", {"slug": unpublished_process.slug}),
    ):
        assert client_for(nobody).get(reverse(name, kwargs=kwargs)).status_code == 404


def test_only_writers_publish_and_reopen(s, process, coordinator, member, client_for):
    minutes = s.meeting.minutes
    services_minutes.minutes_approve(
        minutes=minutes, actor=coordinator, approved_at_meeting=s.next_meeting
    )
    url = reverse("organisation:minutes_action", kwargs={**_meeting(s), "action": "zverejnit"})
    assert client_for(member).post(url).status_code == 403
    assert client_for(None).post(url).status_code == 302
    minutes.refresh_from_db()
    assert not minutes.is_published
    assert client_for(coordinator).get(url).status_code == 405  # only by POST
    client_for(coordinator).post(url)
    minutes.refresh_from_db()
    assert minutes.is_published
