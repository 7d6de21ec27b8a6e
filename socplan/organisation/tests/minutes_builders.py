"""Builders of meetings with minutes for the tests of minutes, resolutions and tasks."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from socplan.organisation import services_minutes
from socplan.organisation.models import (
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    Membership,
    Person,
    PlanningProcess,
)


def at(year, month, day, hour=14):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


@dataclass
class Structure:
    group: Group
    meeting: Meeting
    next_meeting: Meeting
    items: list
    member_person: Person
    methodologist_person: Person
    private_person: Person


def make_structure(
    process: PlanningProcess, *, member=None, methodologist=None, public_group=True
) -> Structure:
    """A working group (public by default) with a methodologist and a member (linked to the
    given users), a held meeting with two agenda items and attendance (one person who did
    not consent to publishing, one guest), and a later meeting."""
    group = Group.objects.create(
        process=process,
        kind=Group.Kind.TARGET_GROUP,
        name="Senioři a OZP",
        slug="seniori",
        is_public=public_group,
    )
    start = datetime.date(2019, 1, 1)
    methodologist_person = Person.objects.create(
        process=process,
        name="Metodik Černý",
        organisation_name="MAS Humpolecko",
        email="metodik@example.org",
        consent_publish=True,
        user=methodologist,
    )
    member_person = Person.objects.create(
        process=process,
        name="Členka Dvořáková",
        organisation_name="Charita Humpolec",
        email="clenka@example.org",
        consent_publish=True,
        user=member,
    )
    private_person = Person.objects.create(
        process=process,
        name="Tajný Uživatel",
        organisation_name="Domácnost",
        email="tajny@example.org",
        consent_publish=False,
    )
    Membership.objects.create(
        group=group,
        person=methodologist_person,
        role=Membership.Role.METHODOLOGIST,
        side=Membership.Side.COMMISSIONER,
        start=start,
    )
    for person, side in ((member_person, "provider"), (private_person, "user")):
        Membership.objects.create(
            group=group, person=person, role=Membership.Role.MEMBER, side=side, start=start
        )
    meeting = Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.WORKING_GROUP,
        title="1. jednání pracovní skupiny",
        starts_at=at(2019, 3, 5),
        place="Humpolec, radnice",
        status=Meeting.Status.HELD,
    )
    meeting.groups.set([group])
    items = [
        AgendaItem.objects.create(meeting=meeting, order=1, title="Zahájení"),
        AgendaItem.objects.create(meeting=meeting, order=2, title="Potřeby seniorů"),
    ]
    Attendance.objects.create(meeting=meeting, person=member_person, present=True)
    Attendance.objects.create(meeting=meeting, person=private_person, present=True)
    Attendance.objects.create(meeting=meeting, person=methodologist_person, present=False)
    Attendance.objects.create(
        meeting=meeting, guest_name="Host Hostovský", guest_organisation="Kraj", present=True
    )
    next_meeting = Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.WORKING_GROUP,
        title="2. jednání pracovní skupiny",
        starts_at=at(2019, 6, 4),
        status=Meeting.Status.HELD,
    )
    next_meeting.groups.set([group])
    return Structure(
        group=group,
        meeting=meeting,
        next_meeting=next_meeting,
        items=items,
        member_person=member_person,
        methodologist_person=methodologist_person,
        private_person=private_person,
    )


def write_minutes(s, actor, *, summary="Shrnutí jednání."):
    minutes = services_minutes.minutes_save(
        meeting=s.meeting,
        actor=actor,
        summary=summary,
        item_texts={
            s.items[0].pk: "Přivítání členů.",
            s.items[1].pk: "Diskuse o odlehčovací službě.",
        },
    )
    services_minutes.resolutions_update(
        meeting=s.meeting,
        actor=actor,
        resolutions=[
            {"text": "PS doporučuje rozšířit odlehčovací službu.", "agenda_item": s.items[1]},
            {"number": "PS 7/2019", "text": "PS bere na vědomí analýzu."},
        ],
    )
    services_minutes.task_create(
        process=s.meeting.process,
        actor=actor,
        title="Zjistit kapacitu odlehčovací služby",
        owner=s.private_person,
        due=datetime.date(2019, 4, 30),
        meeting=s.meeting,
    )
    return minutes


def approve_minutes(s, actor):
    minutes = s.meeting.minutes
    return services_minutes.minutes_approve(
        minutes=minutes, actor=actor, approved_at_meeting=s.next_meeting
    )
