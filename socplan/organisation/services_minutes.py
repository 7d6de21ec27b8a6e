"""Writes of minutes, resolutions and tasks of meetings, and the task reminders.

Every function owns its transaction and records what it did in the audit log. Invalid
input raises :class:`django.core.exceptions.ValidationError` and changes nothing.

The life of the minutes of a meeting: a draft is written (text per agenda item, summary,
resolutions, tasks) by a coordinator or the methodologist of an invited group; the minutes
are approved at a later meeting (:func:`minutes_approve`), after which they cannot be
changed unless returned to draft; approved minutes of a public meeting or of a meeting of
a public group may be published (:func:`minutes_publish`).
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.mail import queue_email

from .audit import OrganisationAction
from .models import AgendaItem, Group, Meeting, Minutes, Person, PlanningProcess, Resolution, Task


def _meeting_date(meeting: Meeting) -> datetime.date:
    return timezone.localdate(meeting.starts_at)


def minutes_publishable(*, meeting: Meeting) -> bool:
    """Minutes may be published when the meeting is public or one of its groups is."""
    return bool(meeting.is_public or meeting.groups.filter(is_public=True).exists())


def _check_draft(minutes: Minutes | None) -> None:
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(
            _("The minutes were approved; return them to draft before changing them."),
            code="minutes_approved",
        )


def _locked_minutes(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.select_for_update().filter(meeting=meeting).first()


def minutes_save(
    *,
    meeting: Meeting,
    actor,
    summary: str,
    item_texts: Mapping[int, str] | None = None,
) -> Minutes:
    """Write the draft minutes of a meeting: the summary and the text of each agenda item
    (``item_texts`` maps an agenda item's id to its text; items not mentioned keep theirs).
    Creates the minutes when the meeting has none yet."""
    item_texts = dict(item_texts or {})
    with transaction.atomic():
        minutes = _locked_minutes(meeting)
        _check_draft(minutes)
        items = {item.pk: item for item in meeting.agenda_items.select_for_update()}
        unknown = set(item_texts) - set(items)
        if unknown:
            raise ValidationError(
                _("This agenda item belongs to another meeting."), code="agenda_item"
            )
        created = minutes is None
        if created:
            minutes = Minutes(meeting=meeting)
        changed_items = []
        for pk, text in item_texts.items():
            text = (text or "").strip()
            if items[pk].minutes_text != text:
                items[pk].minutes_text = text
                items[pk].save(update_fields=["minutes_text"])
                changed_items.append(pk)
        summary = (summary or "").strip()
        summary_changed = minutes.summary != summary
        minutes.summary = summary
        if actor is not None and getattr(actor, "is_authenticated", False):
            minutes.written_by = actor
        if created or summary_changed or changed_items:
            minutes.save()
            audit_log(
                actor=actor,
                action=OrganisationAction.MINUTES_CREATED
                if created
                else OrganisationAction.MINUTES_UPDATED,
                obj=minutes,
                meeting=meeting.pk,
                summary_changed=summary_changed or None,
                items=changed_items or None,
            )
    return minutes


def minutes_approve(
    *,
    minutes: Minutes,
    actor,
    approved_at_meeting: Meeting,
    approved_on: datetime.date | None = None,
) -> Minutes:
    """Record that the minutes were approved at a later meeting of the same process (on
    the day of that meeting unless ``approved_on`` says otherwise)."""
    meeting = minutes.meeting
    if approved_at_meeting.process_id != meeting.process_id:
        raise ValidationError(
            {"approved_at_meeting": _("Choose a meeting of the same planning process.")}
        )
    if approved_at_meeting.pk == meeting.pk or approved_at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {
                "approved_at_meeting": _(
                    "Minutes are approved at a later meeting than the one they record."
                )
            }
        )
    if approved_at_meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            {"approved_at_meeting": _("The minutes cannot be approved at a cancelled meeting.")}
        )
    approved_on = approved_on or _meeting_date(approved_at_meeting)
    if approved_on < _meeting_date(meeting):
        raise ValidationError(
            {"approved_on": _("The minutes cannot be approved before the meeting was held.")}
        )
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        _check_draft(locked)
        locked.status = Minutes.Status.APPROVED
        locked.approved_at_meeting = approved_at_meeting
        locked.approved_on = approved_on
        locked.save()
        audit_log(
            actor=actor,
            action=OrganisationAction.MINUTES_APPROVED,
            obj=locked,
            approved_at_meeting=approved_at_meeting.pk,
            approved_on=approved_on.isoformat(),
        )
    minutes.refresh_from_db()
    return minutes


def minutes_reopen(*, minutes: Minutes, actor) -> Minutes:
    """Return approved minutes to draft (to correct them); they stop being published."""
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.status != Minutes.Status.APPROVED:
            raise ValidationError(_("The minutes are a draft already."), code="minutes_draft")
        locked.status = Minutes.Status.DRAFT
        locked.approved_at_meeting = None
        locked.approved_on = None
        locked.is_published = False
        locked.save()
        audit_log(actor=actor, action=OrganisationAction.MINUTES_REOPENED, obj=locked)
    minutes.refresh_from_db()
    return minutes


def minutes_publish(*, minutes: Minutes, actor) -> Minutes:
    """Publish approved minutes of a public meeting or of a meeting of a public group."""
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
        if locked.status != Minutes.Status.APPROVED:
            raise ValidationError(
                _("Only approved minutes can be published."), code="minutes_not_approved"
            )
        if not minutes_publishable(meeting=locked.meeting):
            raise ValidationError(
                _(
                    "Only minutes of a public meeting or of a meeting of a public group "
                    "can be published."
                ),
                code="minutes_internal",
            )
        if not locked.is_published:
            locked.is_published = True
            locked.save()
            audit_log(actor=actor, action=OrganisationAction.MINUTES_PUBLISHED, obj=locked)
    minutes.refresh_from_db()
    return minutes


def minutes_unpublish(*, minutes: Minutes, actor) -> Minutes:
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.is_published:
            locked.is_published = False
            locked.save()
            audit_log(actor=actor, action=OrganisationAction.MINUTES_UNPUBLISHED, obj=locked)
    minutes.refresh_from_db()
    return minutes


def _next_resolution_number(meeting: Meeting, taken: set[str]) -> str:
    """The next free number "N/YEAR" among the resolutions of the process in the year of
    the meeting."""
    year = _meeting_date(meeting).year
    n = 1
    while f"{n}/{year}" in taken:
        n += 1
    return f"{n}/{year}"


def resolutions_update(
    *, meeting: Meeting, actor, resolutions: Iterable[Mapping[str, Any]]
) -> list[Resolution]:
    """Add, change and delete the resolutions of a meeting's draft minutes.

    Each item has ``text``, ``number`` (blank: the next free "N/YEAR" of the process),
    ``agenda_item`` (an AgendaItem of the meeting or None) and ``order``; ``id`` to change
    an existing resolution of this meeting; ``delete=True`` (with ``id``) to remove it.
    Numbers are unique within the planning process.
    """
    with transaction.atomic():
        _check_draft(_locked_minutes(meeting))
        existing = {r.pk: r for r in meeting.resolutions.select_for_update()}
        others = set(
            Resolution.objects.filter(meeting__process_id=meeting.process_id)
            .exclude(meeting=meeting)
            .exclude(number="")
            .values_list("number", flat=True)
        )
        items = list(resolutions)
        kept: list[tuple[Resolution, Mapping[str, Any]]] = []
        deleted = []
        for item in items:
            pk = item.get("id")
            if pk is not None and pk not in existing:
                raise ValidationError(_("This resolution belongs to another meeting."))
            if item.get("delete"):
                if pk is not None:
                    deleted.append(pk)
                continue
            kept.append((existing.get(pk) if pk is not None else Resolution(meeting=meeting), item))
        mentioned = {item.get("id") for item in items}
        untouched = [r for pk, r in existing.items() if pk not in mentioned]
        numbers = {r.number for r in untouched if r.number}
        errors = []
        for _resolution, item in kept:
            number = (item.get("number") or "").strip()
            if not number:
                continue
            if number in others or number in numbers:
                errors.append(
                    ValidationError(
                        _("The number %(number)s is used by another resolution."),
                        params={"number": number},
                        code="resolution_number",
                    )
                )
            numbers.add(number)
        if errors:
            raise ValidationError(errors)
        if deleted:
            meeting.resolutions.filter(pk__in=deleted).delete()
        added, changed = [], []
        for resolution, item in kept:
            agenda_item = item.get("agenda_item")
            if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
                raise ValidationError(
                    _("This agenda item belongs to another meeting."), code="agenda_item"
                )
            number = (item.get("number") or "").strip() or _next_resolution_number(
                meeting, others | numbers
            )
            numbers.add(number)
            values = {
                "number": number,
                "text": (item.get("text") or "").strip(),
                "agenda_item": agenda_item,
                "order": item.get("order") or 0,
            }
            if resolution.pk and all(getattr(resolution, k) == v for k, v in values.items()):
                continue
            for key, value in values.items():
                setattr(resolution, key, value)
            resolution.full_clean(exclude=["meeting"])
            is_new = resolution.pk is None
            resolution.save()
            (added if is_new else changed).append(resolution.number)
        if added or changed or deleted:
            audit_log(
                actor=actor,
                action=OrganisationAction.MEETING_RESOLUTIONS_UPDATED,
                obj=meeting,
                added=added or None,
                changed=changed or None,
                deleted=deleted or None,
            )
    return list(meeting.resolutions.all())


# --- tasks ---

TASK_FIELDS = ("title", "description", "owner", "due", "group", "meeting", "agenda_item")


def _check_task_links(
    process: PlanningProcess,
    *,
    owner: Person | None,
    group: Group | None,
    meeting: Meeting | None,
    agenda_item: AgendaItem | None,
) -> None:
    errors = {}
    if owner is not None and owner.process_id != process.pk:
        errors["owner"] = _("The owner must be a person of this planning process.")
    if group is not None and group.process_id != process.pk:
        errors["group"] = _("Choose a group of this planning process.")
    if meeting is not None and meeting.process_id != process.pk:
        errors["meeting"] = _("Choose a meeting of this planning process.")
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        errors["agenda_item"] = _("Choose an agenda item of the meeting.")
    if errors:
        raise ValidationError(errors)


def _set_status(task: Task, status: str) -> None:
    if status not in Task.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == Task.Status.DONE and task.status != Task.Status.DONE:
        task.done_at = timezone.now()
    elif status != Task.Status.DONE:
        task.done_at = None
    task.status = status


def task_create(
    *,
    process: PlanningProcess,
    actor,
    title: str,
    owner: Person | None = None,
    due: datetime.date | None = None,
    group: Group | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    description: str = "",
    status: str = Task.Status.OPEN,
) -> Task:
    """A task agreed in the process (at a meeting, for a group); a task agreed at a meeting
    of one group belongs to that group unless another is given."""
    _check_task_links(process, owner=owner, group=group, meeting=meeting, agenda_item=agenda_item)
    if group is None and meeting is not None:
        groups = list(meeting.groups.all()[:2])
        if len(groups) == 1:
            group = groups[0]
    with transaction.atomic():
        task = Task(
            process=process,
            title=(title or "").strip(),
            description=(description or "").strip(),
            owner=owner,
            due=due,
            group=group,
            meeting=meeting,
            agenda_item=agenda_item,
        )
        _set_status(task, status)
        task.full_clean()
        task.save()
        audit_log(
            actor=actor,
            action=OrganisationAction.TASK_CREATED,
            obj=task,
            owner=owner.pk if owner else None,
            due=due.isoformat() if due else None,
            meeting=meeting.pk if meeting else None,
        )
    return task


def task_update(*, task: Task, actor, status: str | None = None, **fields: Any) -> Task:
    """Change a task's fields (those of :data:`TASK_FIELDS`, and its status)."""
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown task fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        values = {name: getattr(locked, name) for name in TASK_FIELDS}
        values.update(fields)
        _check_task_links(
            locked.process,
            owner=values["owner"],
            group=values["group"],
            meeting=values["meeting"],
            agenda_item=values["agenda_item"],
        )
        changed = {}
        for name, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            if getattr(locked, name) != value:
                changed[name] = value.pk if hasattr(value, "pk") else _json(value)
            setattr(locked, name, value)
        if status is not None and status != locked.status:
            changed["status"] = status
            _set_status(locked, status)
        if "due" in changed:
            locked.reminded_at = None  # a new due date deserves a new reminder
        locked.full_clean()
        if changed:
            locked.save()
            audit_log(
                actor=actor, action=OrganisationAction.TASK_UPDATED, obj=locked, changed=changed
            )
    task.refresh_from_db()
    return task


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def task_set_status(*, task: Task, actor, status: str) -> Task:
    """Mark a task open, done or cancelled (its owner may do this)."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status != status:
            old = locked.status
            _set_status(locked, status)
            locked.save()
            audit_log(
                actor=actor,
                action=OrganisationAction.TASK_STATUS_CHANGED,
                obj=locked,
                old=old,
                new=status,
            )
    task.refresh_from_db()
    return task


def task_delete(*, task: Task, actor) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action=OrganisationAction.TASK_DELETED, obj=task, title=task.title)
        task.delete()


# --- reminders ---


@dataclass
class ReminderReport:
    emails: int = 0
    tasks: int = 0
    skipped_without_email: list[str] = field(default_factory=list)


def tasks_to_remind(*, days: int, now: datetime.datetime | None = None):
    """Open tasks due within ``days`` days or overdue, whose owner has an e-mail and who
    have not been reminded today."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_day = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time.min), timezone.get_current_timezone()
    )
    from django.db.models import Q

    return (
        Task.objects.filter(
            status=Task.Status.OPEN,
            due__isnull=False,
            due__lte=today + datetime.timedelta(days=days),
            owner__isnull=False,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_day))
        .select_related("owner", "process", "group", "meeting")
        .order_by("owner_id", "due", "pk")
    )


def task_reminders_send(*, days: int = 3, now: datetime.datetime | None = None) -> ReminderReport:
    """E-mail each task owner about their open tasks due within ``days`` days or overdue;
    each task is reminded at most once a day (``Task.reminded_at``). Safe to run from cron
    as often as wanted."""
    if days < 0:
        raise ValueError("days must not be negative")
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ReminderReport()
    by_owner: dict[int, list[Task]] = {}
    for task in tasks_to_remind(days=days, now=now):
        by_owner.setdefault(task.owner_id, []).append(task)
    for tasks in by_owner.values():
        owner = tasks[0].owner
        if not owner.email:
            report.skipped_without_email.append(owner.name)
            continue
        with transaction.atomic():
            locked = list(Task.objects.select_for_update().filter(pk__in=[t.pk for t in tasks]))
            # Another run may have reminded them in the meantime.
            fresh = {
                t.pk
                for t in locked
                if t.reminded_at is None or timezone.localdate(t.reminded_at) < today
            }
            tasks = [t for t in tasks if t.pk in fresh]
            if not tasks:
                continue
            _send_reminder(owner=owner, tasks=tasks, today=today)
            Task.objects.filter(pk__in=[t.pk for t in tasks]).update(reminded_at=now)
            audit_log(
                actor=None,
                action=OrganisationAction.TASK_REMINDED,
                obj=owner,
                tasks=[t.pk for t in tasks],
            )
        report.emails += 1
        report.tasks += len(tasks)
    return report


def _send_reminder(*, owner: Person, tasks: list[Task], today: datetime.date) -> None:
    rows = [
        {
            "task": task,
            "overdue": task.due < today,
            "days_left": (task.due - today).days,
            "process": task.process,
        }
        for task in tasks
    ]
    process = tasks[0].process
    context = {
        "owner": owner,
        "rows": rows,
        "overdue_count": sum(1 for row in rows if row["overdue"]),
        "process": process,
        # Owners without a login read everything in the e-mail itself.
        "link": settings.SITE_URL + reverse("organisation:my_tasks") if owner.user_id else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        context["language"] = translation.get_language()
        subject = "".join(
            render_to_string("organisation/tasks/email/reminder_subject.txt", context).splitlines()
        )
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("organisation/tasks/email/reminder.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[owner.email],
            reply_to=[process.contact_email] if process.contact_email else None,
        )
        message.attach_alternative(
            render_to_string("organisation/tasks/email/reminder.html", context), "text/html"
        )
    queue_email(message)
