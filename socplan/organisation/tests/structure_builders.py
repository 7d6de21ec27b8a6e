"""Builders for the tests of groups, people, memberships and meetings."""

import datetime
import zoneinfo

from socplan.organisation.models import Group, Meeting, Membership, Person

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def make_group(process, *, name="Senioři", slug=None, is_public=True, kind=Group.Kind.TARGET_GROUP):
    from django.utils.text import slugify

    return Group.objects.create(
        process=process, name=name, slug=slug or slugify(name), kind=kind, is_public=is_public
    )


def make_person(process, name, *, consent=True, email="", user=None, organisation="Obec Kejžlice"):
    return Person.objects.create(
        process=process,
        name=name,
        organisation_name=organisation,
        consent_publish=consent,
        email=email,
        user=user,
    )


def add_member(
    group,
    person,
    *,
    side=Membership.Side.PROVIDER,
    role=Membership.Role.MEMBER,
    start=datetime.date(2018, 1, 1),
    end=None,
):
    return Membership.objects.create(
        group=group, person=person, side=side, role=role, start=start, end=end
    )


def make_meeting(
    process,
    *groups,
    title="Setkání pracovní skupiny",
    starts_at=None,
    is_public=False,
    status=Meeting.Status.PLANNED,
):
    meeting = Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.WORKING_GROUP,
        title=title,
        starts_at=starts_at or datetime.datetime(2030, 3, 12, 14, 0, tzinfo=PRAGUE),
        ends_at=(starts_at or datetime.datetime(2030, 3, 12, 14, 0, tzinfo=PRAGUE))
        + datetime.timedelta(hours=2),
        place="Městský úřad Humpolec, zasedací místnost",
        is_public=is_public,
        status=status,
    )
    meeting.groups.set(groups)
    return meeting


def facilitated_structure(process, *, methodologist, member):
    """An internal working group facilitated by the methodologist persona, with the member
    persona in it, and a public steering group without them."""
    internal = make_group(process, name="Pracovní skupina Senioři", slug="seniori", is_public=False)
    steering = make_group(
        process, name="Řídicí skupina", slug="ridici", kind=Group.Kind.STEERING, is_public=True
    )
    methodologist_person = make_person(
        process, "Metodik Černý", user=methodologist, email="methodologist@example.org"
    )
    member_person = make_person(
        process, "Členka Dvořáková", user=member, email="member@example.org"
    )
    add_member(
        internal,
        methodologist_person,
        role=Membership.Role.METHODOLOGIST,
        side=Membership.Side.PUBLIC,
    )
    add_member(internal, member_person, side=Membership.Side.USER)
    add_member(steering, make_person(process, "Starosta Novák"), side=Membership.Side.COMMISSIONER)
    return internal, steering


def make_seniors_group(process):
    """A working group with two current members (one without an e-mail) and a past one."""
    group = make_group(process, name="Pracovní skupina Senioři", slug="seniori")
    add_member(group, make_person(process, "Anna Aktivní", email="anna@example.org"))
    add_member(group, make_person(process, "Bohumil Bez E-mailu", organisation="Obec Herálec"))
    add_member(
        group,
        make_person(process, "Cyril Odešlý", email="cyril@example.org"),
        end=datetime.date(2019, 1, 1),
    )
    return group


def make_seniors_meeting(process, group):
    meeting = make_meeting(process, group, title="Setkání skupiny Senioři")
    meeting.agenda_items.create(order=1, title="Zahájení")
    meeting.agenda_items.create(order=2, title="Analýza potřeb seniorů")
    return meeting
