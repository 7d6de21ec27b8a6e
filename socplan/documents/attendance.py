"""The attendance sheet (prezenční listina) of a meeting: one row per invited member plus
empty rows for guests, with columns for the name, organisation and signature."""

from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.organisation.models import Meeting
from socplan.organisation.selectors_structure import attendance_sheet_rows

from .pdf import render_pdf

EMPTY_ROWS = 8


def attendance_sheet_context(*, meeting: Meeting, empty_rows: int = EMPTY_ROWS) -> dict:
    people = attendance_sheet_rows(meeting=meeting)
    return {
        "process": meeting.process,
        "meeting": meeting,
        "title": _("Attendance sheet"),
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
        "groups": list(meeting.groups.all()),
        "people": people,
        "empty_rows": range(empty_rows),
        "first_empty": len(people) + 1,
    }


def attendance_sheet_pdf(
    *, meeting: Meeting, empty_rows: int = EMPTY_ROWS, language: str | None = None
) -> bytes:
    """The PDF of the attendance sheet."""
    return render_pdf(
        "documents/attendance_sheet.html",
        attendance_sheet_context(meeting=meeting, empty_rows=empty_rows),
        language=language,
    )
