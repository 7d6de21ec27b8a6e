"""Query budgets of the organisation's list pages: as many queries for 20 rows as for 2,
including the permission checks the pages and their templates make per row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.organisation.models import (
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    MeetingInvitation,
    Membership,
    Minutes,
    Person,
    Resolution,
    Task,
)
from socplan.testing.query_budgets import assert_flat_queries, clients_of

from .minutes_builders import make_structure

pytestmark = pytest.mark.django_db

START = datetime.date(2019, 1, 1)


@pytest.fixture
def s(process, member, methodologist):
    return make_structure(process, member=member, methodologist=methodologist)


def _person(process, n, **extra):
    return Person.objects.create(
        process=process,
        name=f"Osoba {n:02}",
        organisation_name=f"Organizace {n}",
        email=f"osoba{n}@example.org",
        consent_publish=n % 3 != 0,
        **extra,
    )


def _meeting(process, n, groups, *, past=True, is_public=False):
    day = timezone.now() + datetime.timedelta(days=(-n - 1) if past else n + 1)
    meeting = Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.WORKING_GROUP,
        title=f"Setkání {n:02}",
        starts_at=day,
        place="Humpolec",
        status=Meeting.Status.HELD if past else Meeting.Status.PLANNED,
        is_public=is_public,
    )
    meeting.groups.set(groups)
    return meeting


def _url(name, process, **kwargs):
    return reverse(f"organisation:{name}", kwargs={"slug": process.slug, **kwargs})


# --- groups and people ---


def _add_groups(process):
    def add(start, stop):
        for n in range(start, stop):
            group = Group.objects.create(
                process=process,
                name=f"Skupina {n:02}",
                slug=f"skupina-{n}",
                kind=Group.Kind.TARGET_GROUP,
                is_public=n % 2 == 0,
            )
            for k in range(2):
                Membership.objects.create(
                    group=group,
                    person=_person(process, 100 * n + k),
                    side=Membership.Side.PROVIDER,
                    start=START,
                )

    return add


def test_group_list(s, process, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous", "member", "region_staff"),
        _url("group_list", process),
        _add_groups(process),
        expect=lambda html: "Skupina 00" in html,
    )


def test_person_list(s, process, coordinator, client_for):
    add_groups = _add_groups(process)
    assert_flat_queries(
        client_for(coordinator),
        _url("person_list", process),
        add_groups,
        expect=lambda html: "Osoba 01" in html,
    )


def test_attendance_stats(s, process, coordinator, client_for):
    def add(start, stop):
        _add_groups(process)(start, stop)
        for n in range(start, stop):
            group = Group.objects.get(process=process, slug=f"skupina-{n}")
            meeting = _meeting(process, n, [group])
            for membership in group.memberships.all():
                Attendance.objects.create(meeting=meeting, person=membership.person, present=True)
                MeetingInvitation.objects.create(
                    meeting=meeting, person=membership.person, token_hash=f"h{membership.pk}"
                )

    assert_flat_queries(
        client_for(coordinator),
        _url("attendance_stats", process),
        add,
        expect=lambda html: "Skupina 01" in html,
    )


# --- meetings ---


def _add_meetings(process, group):
    def add(start, stop):
        for n in range(start, stop):
            meeting = _meeting(process, n, [group], past=n % 2 == 0, is_public=n % 4 == 0)
            if n % 2 == 0:
                Minutes.objects.create(
                    meeting=meeting,
                    status=Minutes.Status.APPROVED,
                    is_published=n % 4 == 0,
                )

    return add


def test_meeting_list(s, process, personas, client_for):
    assert_flat_queries(
        clients_of(
            personas,
            client_for,
            "coordinator",
            "anonymous",
            "member",
            "methodologist",
            "region_staff",
        ),
        _url("meeting_list", process),
        _add_meetings(process, s.group),
        expect=lambda html: "Setkání 00" in html,
    )


def test_group_detail(s, process, personas, client_for):
    def add(start, stop):
        _add_meetings(process, s.group)(start, stop)
        for n in range(start, stop):
            Membership.objects.create(
                group=s.group, person=_person(process, n), side=Membership.Side.USER, start=START
            )

    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous", "member"),
        _url("group_detail", process, group=s.group.slug),
        add,
        expect=lambda html: "Setkání 01" in html,
    )


def _add_meeting_people(meeting):
    def add(start, stop):
        for n in range(start, stop):
            person = _person(meeting.process, n)
            Membership.objects.create(
                group=s_group(meeting), person=person, side=Membership.Side.USER, start=START
            )
            MeetingInvitation.objects.create(
                meeting=meeting,
                person=person,
                token_hash=f"token-{n}",
                reply=MeetingInvitation.Reply.ATTEND,
            )
            Attendance.objects.create(meeting=meeting, person=person, present=n % 2 == 0)

    return add


def s_group(meeting):
    return meeting.groups.first()


def test_meeting_pages(s, process, coordinator, client_for):
    assert_flat_queries(
        client_for(coordinator),
        [
            _url(name, process, pk=s.meeting.pk)
            for name in ["meeting_detail", "meeting_invitations", "meeting_attendance"]
        ],
        _add_meeting_people(s.meeting),
        expect=lambda html: "Osoba 00" in html,
    )


def test_minutes_detail(s, process, personas, client_for):
    Minutes.objects.create(
        meeting=s.meeting, status=Minutes.Status.APPROVED, is_published=True, summary="Shrnutí"
    )

    def add(start, stop):
        _add_meeting_people(s.meeting)(start, stop)
        for n in range(start, stop):
            item = AgendaItem.objects.create(meeting=s.meeting, order=10 + n, title=f"Bod {n:02}")
            Resolution.objects.create(meeting=s.meeting, agenda_item=item, text=f"Usnesení {n}")
            Task.objects.create(
                process=process,
                meeting=s.meeting,
                agenda_item=item,
                group=s.group,
                owner=s.member_person,
                title=f"Úkol {n:02}",
            )

    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "anonymous"),
        _url("minutes_detail", process, pk=s.meeting.pk),
        add,
        expect=lambda html: "Bod 01" in html,
    )


# --- tasks ---


def _add_tasks(s, process, owner=None):
    other = Group.objects.create(
        process=process, name="Jiná skupina", slug="jina", kind=Group.Kind.OTHER, is_public=False
    )
    owners = [owner] if owner else [s.member_person, s.private_person, s.methodologist_person]

    def add(start, stop):
        for n in range(start, stop):
            meeting = _meeting(process, n, [s.group] if n % 2 else [s.group, other])
            Task.objects.create(
                process=process,
                title=f"Úkol {n:02}",
                group=[s.group, other, None][n % 3],
                meeting=meeting if n % 4 != 1 else None,
                owner=owners[n % len(owners)],
                due=timezone.localdate() + datetime.timedelta(days=n - 5),
                status=Task.Status.OPEN if n % 5 else Task.Status.DONE,
            )

    return add


def test_task_list(s, process, personas, client_for):
    assert_flat_queries(
        clients_of(
            personas, client_for, "coordinator", "member", "methodologist", "region_staff", "staff"
        ),
        _url("task_list", process) + "?stav=all",
        _add_tasks(s, process),
        expect=lambda html: "Úkol 0" in html,
    )


def test_group_and_person_tasks(s, process, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "methodologist"),
        [
            _url("group_tasks", process, group=s.group.slug) + "?stav=all",
            _url("person_tasks", process, person=s.member_person.pk) + "?stav=all",
        ],
        _add_tasks(s, process),
        expect=lambda html: "Úkol 0" in html,
    )


@pytest.mark.parametrize("persona", ["member", "methodologist"])
def test_my_tasks(persona, s, process, personas, client_for):
    owner = {"member": s.member_person, "methodologist": s.methodologist_person}[persona]
    assert_flat_queries(
        client_for(personas[persona]),
        reverse("organisation:my_tasks") + "?stav=all",
        _add_tasks(s, process, owner=owner),
        expect=lambda html: "Úkol 01" in html,
    )


# --- the home page and the dashboard (processes) ---


def _add_processes(*, coordinator=None):
    from socplan import testing

    def add(start, stop):
        for n in range(start, stop):
            area = testing.make_area(name=f"Oblast {n:02}", slug=f"oblast-{n}")
            other = testing.make_process(area=area, slug=f"proces-{n}", published=n % 2 == 0)
            type(other).objects.filter(pk=other.pk).update(name=f"Proces {n:02}")
            if coordinator is not None:
                testing.grant_role(user=coordinator, process=other, role="coordinator")

    return add


def test_home(process, client_for):
    assert_flat_queries(
        client_for(None),
        reverse("home:index"),
        _add_processes(),
        expect=lambda html: "Proces 00" in html,
    )


def test_dashboard(process, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "region_staff", "staff"),
        reverse("home:dashboard"),
        _add_processes(coordinator=personas["coordinator"]),
        expect=lambda html: "Proces 01" in html,
    )


def test_people_and_roles_of_a_process(process, coordinator, client_for, django_user_model):
    from socplan import testing
    from socplan.accounts.models import Invitation

    def add(start, stop):
        for n in range(start, stop):
            user = django_user_model.objects.create_user(
                email=f"clen{n:02}@example.org", password="x", full_name=f"Člen {n:02}"
            )
            testing.grant_role(user=user, process=process, role=["member", "methodologist"][n % 2])
            Invitation.objects.create(
                email=f"pozvany{n:02}@example.org",
                target=process,
                role="member",
                token_hash=f"token-{n}",
                invited_by=coordinator,
            )

    assert_flat_queries(
        client_for(coordinator),
        reverse("organisation:process_people", kwargs={"slug": process.slug}),
        add,
        expect=lambda html: "Člen 01" in html and "pozvany01@example.org" in html,
    )
