"""Benchmark: the minutes and the attendance sheet of a meeting (PDF, typeset by Typst).

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/socplan-bench .venv/bin/python benchmarks/meeting_documents.py

The database is the one of SOCPLAN_DATA_DIR (or DATABASE_URL): it is migrated and the demo
loaded when missing. Measured: the demo's minutes (internal and published) and attendance
sheets (of a working group, and of an information meeting with 40 spare rows), then a large
meeting made up in a transaction that is rolled back (30 agenda items with their minutes,
40 people present, 20 resolutions, 20 tasks; 150 invited people on the sheet). Each document
is rendered once, then three times more (Typst keeps what it computed: the same document
again takes less); the CPU time of this process (the machine is shared, so wall time
depends on the load), the pages and the size are appended to benchmarks/results.md.
"""

import datetime
import io
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
from _common import write_section  # noqa: E402

RUNS = 3


def large_meeting(process):
    """A meeting of many items, people, resolutions and tasks (inside a transaction)."""
    from socplan.organisation.models import (
        AgendaItem,
        Attendance,
        Group,
        Meeting,
        Membership,
        Minutes,
        Person,
        Resolution,
        Task,
    )

    starts = datetime.datetime(2030, 3, 12, 14, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.WORKING_GROUP,
        title="Velké jednání pracovní skupiny (benchmark)",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="Humpolec, zasedací místnost",
        status=Meeting.Status.HELD,
    )
    group = Group.objects.create(
        process=process, kind=Group.Kind.TARGET_GROUP, name="Skupina benchmarku", slug="bench"
    )
    meeting.groups.set([group])
    people = [
        Person.objects.create(
            process=process,
            name=f"Osoba Číslo{i:03d}",
            organisation_name=f"Organizace sociálních služeb {i}",
            consent_publish=i % 3 != 0,
        )
        for i in range(150)
    ]
    for person in people:
        Membership.objects.create(
            group=group, person=person, role="member", side="provider", start=starts.date()
        )
    for person in people[:40]:
        Attendance.objects.create(meeting=meeting, person=person, present=True)
    text = "Skupina projednala potřeby seniorů v obcích a kapacity služeb. " * 6
    items = [
        AgendaItem.objects.create(
            meeting=meeting, order=i, title=f"Bod programu {i}", minutes_text=text + "\n" + text
        )
        for i in range(1, 31)
    ]
    Minutes.objects.create(meeting=meeting, summary=text)
    for i in range(20):
        Resolution.objects.create(
            meeting=meeting, agenda_item=items[i], number=f"PS {i + 1}/2030", text=text
        )
        Task.objects.create(
            process=process,
            meeting=meeting,
            title=f"Úkol číslo {i + 1}: zjistit kapacitu služby",
            owner=people[i],
            due=datetime.date(2030, 4, 30),
        )
    return meeting


def warm_up(process) -> None:
    """The fonts loaded: an attendance sheet of a meeting that is not measured."""
    from socplan.documents.attendance import attendance_sheet_pdf
    from socplan.organisation.models import Meeting

    attendance_sheet_pdf(meeting=Meeting.objects.filter(process=process).order_by("-pk").first())


def documents(process, large):
    """(label, a function making the PDF) of each measured document."""
    from socplan.documents.attendance import attendance_sheet_pdf
    from socplan.documents.minutes import minutes_pdf
    from socplan.organisation.models import Meeting

    meetings = Meeting.objects.filter(process=process).order_by("starts_at", "pk")
    with_minutes = meetings.filter(minutes__isnull=False, kind="working_group").first()
    information = meetings.filter(kind="information").first()
    return [
        ("demo minutes (internal)", lambda: minutes_pdf(meeting=with_minutes, public=False)),
        ("demo minutes (published)", lambda: minutes_pdf(meeting=with_minutes, public=True)),
        (
            "demo attendance sheet (working group)",
            lambda: attendance_sheet_pdf(meeting=with_minutes),
        ),
        (
            "demo attendance sheet (40 spare rows)",
            lambda: attendance_sheet_pdf(meeting=information),
        ),
        ("large minutes (30 items)", lambda: minutes_pdf(meeting=large, public=False)),
        ("large attendance sheet (150 people)", lambda: attendance_sheet_pdf(meeting=large)),
    ]


def measure(make) -> tuple[float, float, float, bytes]:
    """The CPU time of the first rendering of a document (Typst keeps what it computed, so
    the same document again takes less) and of the next ones, and the wall time of the
    first."""
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = make()
    wall, first = time.perf_counter() - wall, time.process_time() - cpu
    cpu = time.process_time()
    for _ in range(RUNS):
        make()
    return first, (time.process_time() - cpu) / RUNS, wall, pdf


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import translation
    from pypdf import PdfReader

    from socplan.core.demo import load_demo
    from socplan.organisation.models import PlanningProcess

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    process = PlanningProcess.objects.filter(is_demo=True).order_by("pk").first()
    lines = []
    with translation.override("cs"), transaction.atomic():
        large = large_meeting(process)
        warm_up(process)
        for label, make in documents(process, large):
            first, again, wall, pdf = measure(make)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            lines.append(
                f"| {label} | {first:.3f} s | {again:.3f} s | {wall:.3f} s | {pages} "
                f"| {len(pdf) // 1024} KiB |"
            )
        transaction.set_rollback(True)
    write_section(
        "Minutes and attendance sheets (Typst)",
        connection.vendor,
        ["document", "CPU time", "CPU time again", "wall time", "pages", "size"],
        lines,
    )


if __name__ == "__main__":
    main()
