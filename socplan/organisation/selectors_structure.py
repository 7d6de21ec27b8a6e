"""Named read queries of the planning structure: groups, their composition on a date, the
triad balance, the meetings calendar and attendance statistics."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from socplan.core.collation import czech, czech_sort_key, czech_sorted

from .models import (
    Attendance,
    Group,
    Meeting,
    MeetingInvitation,
    Membership,
    Person,
    PlanningProcess,
)

SIDES = list(Membership.Side)


def groups_of_process(*, process: PlanningProcess, user=None) -> QuerySet[Group]:
    """The groups a user may see: public ones, plus the internal ones they may see."""
    qs = Group.objects.filter(process=process).select_related("sub_area", "process__planning_area")
    if user is None:
        return qs.filter(is_public=True)
    visible = [g.pk for g in qs if user.has_perm("organisation.view_group", g)]
    return qs.filter(pk__in=visible)


def group_by_slug(*, process: PlanningProcess, slug: str) -> Group:
    return get_object_or_404(
        Group.objects.select_related("process", "sub_area"), process=process, slug=slug
    )


def people_of_process(*, process: PlanningProcess) -> QuerySet[Person]:
    return Person.objects.filter(process=process).select_related("municipality", "user")


def person_by_pk(*, process: PlanningProcess, pk: int) -> Person:
    return get_object_or_404(people_of_process(process=process), pk=pk)


def composition(*, group: Group, on: datetime.date | None = None) -> list[Membership]:
    """Who was in the group on a date (today by default), chairs first."""
    return compositions(groups=[group], on=on).get(group.pk, [])


def compositions(*, groups, on: datetime.date | None = None) -> dict[int, list[Membership]]:
    """:func:`composition` of many groups in one query: group id -> memberships."""
    on = on or timezone.localdate()
    order = {role: n for n, role in enumerate(Membership.Role.values)}
    memberships = list(
        Membership.objects.on(on)
        .filter(group__in=[g.pk for g in groups])
        .select_related("person", "group")
    )
    memberships.sort(key=lambda m: (order.get(m.role, 99), czech_sort_key(m.person.name)))
    result: dict[int, list[Membership]] = {}
    for membership in memberships:
        result.setdefault(membership.group_id, []).append(membership)
    return result


def history(*, group: Group) -> list[Membership]:
    """Every membership of the group, past and present, in the order they began."""
    return list(
        Membership.objects.filter(group=group)
        .select_related("person")
        .order_by("start", czech("person__name"))
    )


@dataclass
class TriadBalance:
    counts: dict[str, int]
    total: int

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        """(side value, side label, count) for every side of the triad."""
        return [(side.value, side.label, self.counts.get(side.value, 0)) for side in SIDES]


def triad_balance(memberships: list[Membership]) -> TriadBalance:
    """How many commissioners, providers, users and public (each person once)."""
    seen: dict[int, str] = {}
    for m in memberships:
        seen.setdefault(m.person_id, m.side)
    counts = Counter(seen.values())
    return TriadBalance(
        counts={side.value: counts.get(side.value, 0) for side in SIDES}, total=len(seen)
    )


@dataclass
class PublicComposition:
    """The members of a group as the public may see them: names and organisations of those
    who consented, and only a count of the others."""

    shown: list[Membership] = field(default_factory=list)
    hidden_count: int = 0


def public_composition(memberships: list[Membership]) -> PublicComposition:
    result = PublicComposition()
    for m in memberships:
        if m.person.consent_publish:
            result.shown.append(m)
        else:
            result.hidden_count += 1
    return result


def meeting_by_pk(*, process: PlanningProcess, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("process").prefetch_related("groups", "agenda_items"),
        process=process,
        pk=pk,
    )


def published_meetings(*, process: PlanningProcess) -> QuerySet[Meeting]:
    """Public meetings and meetings of public groups."""
    return (
        Meeting.objects.filter(process=process)
        .filter(Q(is_public=True) | Q(groups__is_public=True))
        .distinct()
        .prefetch_related("groups")
    )


def meetings_for_user(*, process: PlanningProcess, user) -> list[Meeting]:
    """The meetings of a process the user may see, newest first."""
    qs = Meeting.objects.filter(process=process).select_related("process__planning_area", "minutes")
    qs = qs.prefetch_related("groups")
    return [m for m in qs.order_by("-starts_at") if user.has_perm("organisation.view_meeting", m)]


def split_calendar(meetings, *, now: datetime.datetime | None = None):
    """(upcoming in time order, past newest first)."""
    now = now or timezone.now()
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = sorted(
        (m for m in meetings if m.starts_at < now), key=lambda m: m.starts_at, reverse=True
    )
    return upcoming, past


def invitations_of_meeting(*, meeting: Meeting) -> list[MeetingInvitation]:
    return list(meeting.invitations.select_related("person").order_by(czech("person__name")))


def reply_counts(invitations: list[MeetingInvitation]) -> dict[str, int]:
    counts = Counter(i.reply for i in invitations)
    return {reply.value: counts.get(reply.value, 0) for reply in MeetingInvitation.Reply}


def attendance_sheet_rows(*, meeting: Meeting) -> list[Person]:
    """The people on the attendance sheet: those invited, else the members of the invited
    groups on the meeting's day."""
    invited = [i.person for i in invitations_of_meeting(meeting=meeting)]
    if invited:
        return czech_sorted(invited, key=lambda p: p.name)
    return meeting_invitees(meeting=meeting)


def meeting_invitees(*, meeting: Meeting) -> list[Person]:
    """The members of the invited groups on the meeting's day (each person once)."""
    day = timezone.localtime(meeting.starts_at).date()
    memberships = (
        Membership.objects.on(day)
        .filter(group__in=meeting.groups.all())
        .select_related("person")
        .order_by(czech("person__name"), "person_id")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, membership.person)
    return list(people.values())


def attendances_of_meeting(*, meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendances.select_related("person"))


@dataclass
class PersonStats:
    person: Person
    invited: int
    present: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.invited) if self.invited else None


@dataclass
class GroupStats:
    group: Group
    meetings: int
    attendances: int
    people: int
    guests: int

    @property
    def average(self) -> float | None:
        return self.attendances / self.meetings if self.meetings else None


def attendance_stats_by_person(*, process: PlanningProcess) -> list[PersonStats]:
    """Per person: meetings held they were invited to, meetings they attended."""
    held = Q(meeting__status=Meeting.Status.HELD)
    people = (
        Person.objects.filter(process=process)
        .annotate(
            invited_count=Count(
                "meeting_invitations",
                filter=Q(meeting_invitations__meeting__status=Meeting.Status.HELD),
            ),
        )
        .order_by(czech("name"))
    )
    present = Counter(
        Attendance.objects.filter(
            held, meeting__process=process, present=True, person__isnull=False
        ).values_list("person_id", flat=True)
    )
    result = []
    for person in people:
        invited = max(person.invited_count, present.get(person.pk, 0))
        if invited or present.get(person.pk):
            result.append(
                PersonStats(person=person, invited=invited, present=present.get(person.pk, 0))
            )
    return result


def attendance_stats_by_group(*, process: PlanningProcess) -> list[GroupStats]:
    """Per group: meetings held, attendances, distinct people and guests."""
    # Two queries for all groups: the held meetings per group, and who attended them.
    meetings_of: dict[int, set[int]] = {}
    for group_id, meeting_id in Meeting.groups.through.objects.filter(
        group__process=process, meeting__status=Meeting.Status.HELD
    ).values_list("group_id", "meeting_id"):
        meetings_of.setdefault(group_id, set()).add(meeting_id)
    present: dict[int, list[int | None]] = {}
    held = Meeting.objects.filter(groups__process=process, status=Meeting.Status.HELD)
    for meeting_id, person_id in Attendance.objects.filter(
        meeting__in=held.values("pk"), present=True
    ).values_list("meeting_id", "person_id"):
        present.setdefault(meeting_id, []).append(person_id)
    result = []
    for group in Group.objects.filter(process=process):
        meeting_ids = meetings_of.get(group.pk, set())
        rows = [person_id for m in meeting_ids for person_id in present.get(m, [])]
        result.append(
            GroupStats(
                group=group,
                meetings=len(meeting_ids),
                attendances=len(rows),
                people=len({p for p in rows if p is not None}),
                guests=sum(1 for p in rows if p is None),
            )
        )
    return result


def groups_facilitated_by(*, user, process: PlanningProcess | None = None) -> QuerySet[Group]:
    """The groups where the user is the methodologist now."""
    if not user.is_authenticated:
        return Group.objects.none()
    qs = Group.objects.filter(
        memberships__in=Membership.objects.current().filter(
            person__user=user, role=Membership.Role.METHODOLOGIST
        )
    )
    if process is not None:
        qs = qs.filter(process=process)
    return qs.distinct()
