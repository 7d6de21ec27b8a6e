"""Read queries of the library: documents, news, the events calendar and the funder's
output indicators."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from socplan.organisation.models import Attendance, Meeting, PlanningProcess

from .models import Document, DocumentVersion, Event, NewsArticle

# --- documents ---


def documents_for(*, process: PlanningProcess, internal: bool) -> QuerySet[Document]:
    """The documents of a process with their versions (newest first); only the public ones
    unless ``internal`` (the viewer has a part in the process)."""
    qs = (
        Document.objects.filter(process=process)
        .select_related("group", "meeting", "process")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
            )
        )
    )
    if not internal:
        qs = qs.filter(is_public=True)
    return qs


@dataclass
class DocumentCategory:
    value: str
    label: str
    documents: list[Document]


def documents_by_category(
    *, process: PlanningProcess, internal: bool, category: str = ""
) -> list[DocumentCategory]:
    """The documents grouped by category, in the order of the categories."""
    qs = documents_for(process=process, internal=internal)
    if category:
        qs = qs.filter(category=category)
    by_value: dict[str, list[Document]] = {}
    for document in qs:
        by_value.setdefault(document.category, []).append(document)
    return [
        DocumentCategory(value=value, label=str(label), documents=by_value[value])
        for value, label in Document.Category.choices
        if value in by_value
    ]


def document_in_process(*, process: PlanningProcess, pk: int) -> Document:
    return get_object_or_404(documents_for(process=process, internal=True), pk=pk)


def document_version(*, document: Document, number: int | None = None) -> DocumentVersion:
    """One version of a document (the newest when ``number`` is None), or 404."""
    versions = document.versions.all()
    if number is None:
        version = versions.order_by("-number").first()
        if version is None:
            from django.http import Http404

            raise Http404
        return version
    return get_object_or_404(versions, number=number)


# --- news ---


def published_news(*, process: PlanningProcess) -> QuerySet[NewsArticle]:
    """Published articles whose publication time has come, newest first."""
    return (
        NewsArticle.objects.filter(
            process=process, is_published=True, published_at__lte=timezone.now()
        )
        .select_related("process")
        .order_by("-published_at", "-id")
    )


def news_for(*, process: PlanningProcess, manager: bool) -> QuerySet[NewsArticle]:
    """The articles a viewer sees: all of them for those who manage the news."""
    if manager:
        return (
            NewsArticle.objects.filter(process=process)
            .select_related("process")
            .order_by("-published_at", "-id")
        )
    return published_news(process=process)


def news_article(*, process: PlanningProcess, slug: str, manager: bool) -> NewsArticle:
    return get_object_or_404(news_for(process=process, manager=manager), slug=slug)


# --- events and the calendar ---


@dataclass
class CalendarEntry:
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str
    description: str
    url: str
    kind: str  # "event" or "meeting"
    kind_label: str
    uid: str
    is_public: bool
    cancelled: bool = False


def events_for(*, process: PlanningProcess, internal: bool) -> QuerySet[Event]:
    qs = Event.objects.filter(process=process).select_related("process")
    return qs if internal else qs.filter(is_public=True)


def public_meetings(*, process: PlanningProcess) -> QuerySet[Meeting]:
    """Public meetings of the process (read-only, from the organisation app)."""
    return Meeting.objects.filter(process=process, is_public=True).select_related("process")


def _event_entry(event: Event) -> CalendarEntry:
    from django.utils.translation import gettext as _

    return CalendarEntry(
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=event.place,
        description=event.description,
        url=event.get_absolute_url(),
        kind="event",
        kind_label=_("event"),
        uid=f"event-{event.pk}@socplan",
        is_public=event.is_public,
    )


def _meeting_entry(meeting: Meeting) -> CalendarEntry:
    return CalendarEntry(
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place or meeting.online_url,
        description=meeting.description,
        url=meeting.get_absolute_url(),
        kind="meeting",
        kind_label=meeting.get_kind_display(),
        uid=meeting.ical_uid,
        is_public=True,
        cancelled=meeting.status == Meeting.Status.CANCELLED,
    )


def calendar_entries(
    *,
    process: PlanningProcess,
    internal: bool,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> list[CalendarEntry]:
    """Events and public meetings of a process, in time order, starting in [start, end)."""
    events = events_for(process=process, internal=internal)
    meetings = public_meetings(process=process)
    if start is not None:
        events = events.filter(starts_at__gte=start)
        meetings = meetings.filter(starts_at__gte=start)
    if end is not None:
        events = events.filter(starts_at__lt=end)
        meetings = meetings.filter(starts_at__lt=end)
    entries = [_event_entry(e) for e in events] + [_meeting_entry(m) for m in meetings]
    entries.sort(key=lambda entry: (entry.starts_at, entry.title))
    return entries


@dataclass
class CalendarMonth:
    year: int
    month: int
    days: list[tuple[datetime.date, list[CalendarEntry]]]
    previous: tuple[int, int]
    next: tuple[int, int]

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def count(self) -> int:
        return sum(len(entries) for _, entries in self.days)


def calendar_month(
    *, process: PlanningProcess, internal: bool, year: int, month: int
) -> CalendarMonth:
    """The entries of one month, grouped by day (local time)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    end = datetime.datetime(next_year, next_month, 1, tzinfo=tz)
    days: dict[datetime.date, list[CalendarEntry]] = {}
    for entry in calendar_entries(process=process, internal=internal, start=start, end=end):
        days.setdefault(timezone.localtime(entry.starts_at, tz).date(), []).append(entry)
    return CalendarMonth(
        year=year,
        month=month,
        days=sorted(days.items()),
        previous=(prev_year, prev_month),
        next=(next_year, next_month),
    )


# --- output indicators ---


@dataclass
class OutputIndicators:
    """The output indicators (výstupové ukazatele) a funded project reports to its funder,
    for meetings held and data in a date range. Not the indicators of a plan."""

    date_from: datetime.date
    date_to: datetime.date
    meetings_by_kind: list[tuple[str, str, int]] = field(default_factory=list)  # kind, label, n
    meetings_total: int = 0
    attendances: int = 0
    distinct_participants: int = 0
    guest_attendances: int = 0
    trainings: int = 0
    persons_trained: int = 0
    public_events: int = 0
    public_meetings: int = 0
    information_materials: int = 0

    def rows(self) -> list[tuple[str, int]]:
        """(label, value) rows for tables and exports, in the order of the dashboard."""
        from django.utils.translation import gettext as _

        rows = [(_("Meetings held, in total"), self.meetings_total)]
        rows += [
            (_("Meetings held: %(kind)s") % {"kind": label}, n)
            for _kind, label, n in self.meetings_by_kind
        ]
        rows += [
            (_("Attendances at meetings held"), self.attendances),
            (_("Distinct participants"), self.distinct_participants),
            (_("of them guests (attendances without a member record)"), self.guest_attendances),
            (_("Trainings held"), self.trainings),
            (_("Persons trained"), self.persons_trained),
            (_("Public events"), self.public_events),
            (_("Public meetings held"), self.public_meetings),
            (_("Information materials"), self.information_materials),
        ]
        return rows


def _distinct_people(attendances: QuerySet[Attendance]) -> int:
    """Distinct members (by person) plus distinct guests (by name, case-insensitive)."""
    persons = attendances.filter(person__isnull=False).values("person_id").distinct().count()
    guests = (
        attendances.filter(person__isnull=True)
        .annotate(name=Lower("guest_name"))
        .values("name")
        .distinct()
        .count()
    )
    return persons + guests


def output_indicators(
    *, process: PlanningProcess, date_from: datetime.date, date_to: datetime.date
) -> OutputIndicators:
    """Compute the output indicators of a process for meetings held, events and documents dated
    from ``date_from`` to ``date_to`` (both included, local dates).

    Meetings count when they were held (status "held"); participants are the attendance
    records marked present at those meetings. Public events are the public events of the
    calendar; information materials are documents of that category dated in the range.
    """
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    held = Meeting.objects.filter(
        process=process, status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end
    )
    counts = dict(held.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    result = OutputIndicators(date_from=date_from, date_to=date_to)
    result.meetings_by_kind = [
        (kind, str(label), counts.get(kind, 0)) for kind, label in Meeting.Kind.choices
    ]
    result.meetings_total = sum(counts.values())
    present = Attendance.objects.filter(meeting__in=held, present=True)
    result.attendances = present.count()
    result.guest_attendances = present.filter(person__isnull=True).count()
    result.distinct_participants = _distinct_people(present)
    result.trainings = counts.get(Meeting.Kind.TRAINING, 0)
    result.persons_trained = _distinct_people(present.filter(meeting__kind=Meeting.Kind.TRAINING))
    result.public_meetings = counts.get(Meeting.Kind.PUBLIC, 0)
    result.public_events = Event.objects.filter(
        process=process, is_public=True, starts_at__gte=start, starts_at__lt=end
    ).count()
    result.information_materials = Document.objects.filter(
        Q(process=process)
        & Q(category=Document.Category.INFORMATION)
        & Q(issued_on__gte=date_from)
        & Q(issued_on__lte=date_to)
    ).count()
    return result


def output_indicators_default_range(
    *, process: PlanningProcess
) -> tuple[datetime.date, datetime.date]:
    """The realization period of the project, else the plan period, else this year."""
    if process.realization_start and process.realization_end:
        return process.realization_start, process.realization_end
    if process.period_start and process.period_end:
        return (
            datetime.date(process.period_start, 1, 1),
            datetime.date(process.period_end, 12, 31),
        )
    today = timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
