"""Builders for the analysis tests."""

import datetime

from socplan.organisation.models import Group, Membership, Person


def make_group(process, name="Senioři a OZP", slug="seniori", kind=Group.Kind.TARGET_GROUP):
    return Group.objects.create(process=process, kind=kind, name=name, slug=slug)


def make_member(group, name, *, user=None, role=Membership.Role.MEMBER, end=None) -> Person:
    person = Person.objects.filter(process=group.process, name=name).first()
    if person is None:
        person = Person.objects.create(process=group.process, name=name, user=user)
    Membership.objects.create(
        group=group,
        person=person,
        side=Membership.Side.PROVIDER,
        role=role,
        start=datetime.date(2018, 1, 1),
        end=end,
    )
    return person
