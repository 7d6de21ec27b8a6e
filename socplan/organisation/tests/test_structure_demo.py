import datetime

import pytest
from django.urls import reverse

from socplan.core.demo import load_demo
from socplan.organisation import selectors_structure as selectors
from socplan.organisation.models import Attendance, Group, Meeting, MeetingInvitation, Person

pytestmark = pytest.mark.django_db


def test_demo_structure_of_humpolec(shared_demo):
    groups = Group.objects.filter(process__slug="kpss-orp-humpolec")
    assert groups.count() == 5
    assert groups.filter(kind=Group.Kind.STEERING).count() == 1
    assert all(g.is_demo for g in groups)
    assert all(p.is_demo and "(demo)" in p.name for p in Person.objects.all())
    info = Meeting.objects.get(starts_at__date=datetime.date(2017, 9, 12))
    assert info.kind == Meeting.Kind.INFORMATION and info.is_public
    assert Attendance.objects.filter(meeting=info, person__isnull=True).count() == 2
    assert MeetingInvitation.objects.exclude(reply="none").exists()
    # a change in composition: someone leaves, someone joins
    group = groups.get(slug="aktivizace-dlouhodobe-nezamestnanych")
    before = {
        m.person.name for m in selectors.composition(group=group, on=datetime.date(2018, 3, 1))
    }
    after = {
        m.person.name for m in selectors.composition(group=group, on=datetime.date(2018, 10, 1))
    }
    assert "Pavel Občan (demo)" in before - after
    assert "Klára Nová (demo)" in after - before
    # the methodologist demo user facilitates working groups
    methodologist = Person.objects.get(user__email="metodik@demo.socplan.cz")
    assert methodologist.memberships.filter(role="methodologist").count() == 2


def test_demo_has_an_internal_group_hidden_from_the_public(client, shared_demo):
    internal = Group.objects.get(is_public=False)
    assert internal.slug == "spoluprace-s-krajem-vysocina"
    html = client.get(reverse("organisation:group_list", args=["kpss-orp-humpolec"])).content
    assert internal.name not in html.decode()
    assert client.get(internal.get_absolute_url()).status_code == 302  # sign in first


def test_demo_structure_is_idempotent(shared_demo):
    counts = (Group.objects.count(), Person.objects.count(), Meeting.objects.count())
    report = load_demo()
    assert (Group.objects.count(), Person.objects.count(), Meeting.objects.count()) == counts
    assert "meeting" not in report.created and "group membership" not in report.created
