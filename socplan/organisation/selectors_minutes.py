"""Named read queries of minutes, resolutions and tasks."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from socplan.core.collation import czech_sort_key

from .models import Meeting, Minutes, Person, PlanningProcess, Task

TASK_FILTERS = ("open", "done", "all")


def minutes_of_meeting(*, meeting: Meeting) -> Minutes | None:
    return (
        Minutes.objects.select_related("approved_at_meeting", "written_by")
        .filter(meeting=meeting)
        .first()
    )


def published_minutes_of_meeting(*, meeting: Meeting) -> Minutes | None:
    """The minutes the public may read: approved and published, of a published process.
    Internal minutes are never returned."""
    if not meeting.process.is_published:
        return None
    minutes = minutes_of_meeting(meeting=meeting)
    if minutes is None or not minutes.is_published or minutes.status != Minutes.Status.APPROVED:
        return None
    return minutes


def meetings_for_approval(*, meeting: Meeting) -> QuerySet[Meeting]:
    """The later meetings of the process at which the minutes may be approved, the next
    one first."""
    return (
        Meeting.objects.filter(process_id=meeting.process_id, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )


def next_meeting_for_approval(*, meeting: Meeting) -> Meeting | None:
    """The next meeting of one of the meeting's groups (else the next of the process)."""
    later = meetings_for_approval(meeting=meeting)
    group_ids = list(meeting.groups.values_list("pk", flat=True))
    if group_ids:
        same_group = later.filter(groups__in=group_ids).first()
        if same_group is not None:
            return same_group
    return later.first()


@dataclass
class AttendanceList:
    """Who was present. In the public version only people who consented to publishing
    their name are named; the others are only counted."""

    named: list  # Attendance rows
    unnamed_count: int
    absent: list = field(default_factory=list)  # internal version only: excused or absent

    @property
    def total(self) -> int:
        return len(self.named) + self.unnamed_count


def attendance_list(*, meeting: Meeting, public: bool) -> AttendanceList:
    rows = list(meeting.attendances.select_related("person"))
    rows.sort(key=lambda a: czech_sort_key(a.display_name))
    present = [a for a in rows if a.present]
    if not public:
        absent = [a for a in rows if not a.present]
        return AttendanceList(named=present, unnamed_count=0, absent=absent)
    named = [a for a in present if a.person_id and a.person.consent_publish]
    return AttendanceList(named=named, unnamed_count=len(present) - len(named))


def minutes_context(*, meeting: Meeting, public: bool) -> dict:
    """Everything the minutes page and PDF show (the public version hides the names of
    people who did not consent to publishing)."""
    minutes = minutes_of_meeting(meeting=meeting)
    items = list(meeting.agenda_items.prefetch_related("resolutions").order_by("order", "pk"))
    tasks = list(
        meeting.tasks.select_related("owner", "agenda_item", "group").order_by("due", "pk")
    )
    today = timezone.localdate()
    for task in tasks:
        task.is_overdue = task_is_overdue(task, today=today)
        task.owner_label = owner_label(task.owner, public=public)
    return {
        "meeting": meeting,
        "process": meeting.process,
        "minutes": minutes,
        "agenda_items": items,
        "resolutions": list(meeting.resolutions.select_related("agenda_item")),
        "tasks": tasks,
        "attendance": attendance_list(meeting=meeting, public=public),
        "groups": list(meeting.groups.all()),
        "public": public,
    }


def owner_label(person: Person | None, *, public: bool) -> str:
    """The owner of a task as the public may see it (name only with consent)."""
    if person is None:
        return ""
    if public and not person.consent_publish:
        return ""
    if person.organisation_name:
        return f"{person.name} ({person.organisation_name})"
    return person.name


# --- tasks ---


def task_is_overdue(task: Task, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return task.status == Task.Status.OPEN and task.due is not None and task.due < today


def _tasks() -> QuerySet[Task]:
    return Task.objects.select_related(
        "owner", "group__process", "meeting", "process", "agenda_item"
    ).prefetch_related("meeting__groups")


def filter_tasks(qs: QuerySet[Task], *, status: str = "open") -> QuerySet[Task]:
    if status == "open":
        qs = qs.filter(status=Task.Status.OPEN)
    elif status == "done":
        qs = qs.filter(status=Task.Status.DONE)
    return qs


def _ordered(qs: QuerySet[Task], status: str) -> list[Task]:
    today = timezone.localdate()
    tasks = list(qs)
    # Open tasks by due date (those without a date last); finished ones latest first.
    if status == "done":
        tasks.sort(key=lambda t: t.done_at or t.created_at, reverse=True)
    else:
        tasks.sort(
            key=lambda t: (
                t.status != Task.Status.OPEN,
                t.due is None,
                t.due or datetime.date.max,
                t.pk,
            )
        )
    for task in tasks:
        task.is_overdue = task_is_overdue(task, today=today)
    return tasks


def tasks_of_process(
    *, process: PlanningProcess, status: str = "open", group=None, owner=None
) -> list[Task]:
    qs = _tasks().filter(process=process)
    if group is not None:
        qs = qs.filter(Q(group=group) | Q(meeting__groups=group)).distinct()
    if owner is not None:
        qs = qs.filter(owner=owner)
    return _ordered(filter_tasks(qs, status=status), status)


def tasks_of_user(*, user, status: str = "open") -> list[Task]:
    """The tasks of every person record linked to the user's account ("my tasks")."""
    if not user.is_authenticated:
        return []
    qs = _tasks().filter(owner__user=user)
    return _ordered(filter_tasks(qs, status=status), status)


def visible_tasks(*, user, tasks: list[Task]) -> list[Task]:
    """Tasks of internal groups only for those who see the group (its members, the
    coordinators); one's own tasks always."""
    seen: dict[int, bool] = {}

    def visible(task):
        if task.group_id is None or (task.owner_id and task.owner.user_id == user.pk):
            return True
        if task.group_id not in seen:
            seen[task.group_id] = user.has_perm("organisation.view_group", task.group)
        return seen[task.group_id]

    return [task for task in tasks if visible(task)]


def task_counts(tasks: list[Task]) -> dict:
    return {
        "total": len(tasks),
        "overdue": sum(1 for t in tasks if getattr(t, "is_overdue", False)),
    }


def task_in_process(*, process: PlanningProcess, pk: int) -> Task:
    return get_object_or_404(_tasks(), process=process, pk=pk)


def person_in_process(*, process: PlanningProcess, pk: int) -> Person:
    return get_object_or_404(Person, process=process, pk=pk)


def meeting_in_process(*, process: PlanningProcess, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("process").prefetch_related("groups"),
        process=process,
        pk=pk,
    )
