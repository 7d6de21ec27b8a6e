"""The attendance sheet (prezenční listina) of a meeting: a row for every invited person
(those invited by name and the members of the invited groups on the meeting's day, each
once, in Czech alphabetical order), then spare rows for guests: a few for a meeting of a
group, many for a meeting open to the public. The sheet ends with the notice on the
processing of the personal data it collects (who processes them, why, for how long, the
rights of the people who sign)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from socplan.core.collation import czech_sort_key
from socplan.organisation.models import Meeting
from socplan.organisation.selectors_structure import invitations_of_meeting, meeting_invitees

from .pdf import render_pdf

EMPTY_ROWS = 8
PUBLIC_EMPTY_ROWS = 40
# Meetings anyone may come to: the sheet has many spare rows.
OPEN_KINDS = (Meeting.Kind.PUBLIC, Meeting.Kind.INFORMATION)


def is_open_meeting(meeting: Meeting) -> bool:
    return meeting.is_public or meeting.kind in OPEN_KINDS


def default_empty_rows(meeting: Meeting) -> int:
    return PUBLIC_EMPTY_ROWS if is_open_meeting(meeting) else EMPTY_ROWS


def attendance_people(*, meeting: Meeting) -> list:
    """Everybody invited: the people invited by name and the members of the invited groups
    on the meeting's day, each once, in Czech alphabetical order."""
    people = {}
    for invitation in invitations_of_meeting(meeting=meeting):
        people[invitation.person.pk] = invitation.person
    for person in meeting_invitees(meeting=meeting):
        people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda p: (czech_sort_key(p.name), p.pk))


def personal_data_notice(meeting: Meeting) -> str:
    """The information on the processing of personal data (GDPR art. 13) printed under the
    sheet."""
    process = meeting.process
    notice = _(
        "Personal data: %(controller)s processes the names, organisations and signatures on "
        "this sheet as the controller, to document the attendance at the activities of "
        "“%(process)s” and for the checks of those who fund it. The sheet is not published; "
        "it is kept for as long as the rules of the funding require, then shredded. You have "
        "the right to access your data, to have them corrected or erased where the law allows, "
        "and to lodge a complaint with the Office for Personal Data Protection (ÚOOÚ)."
    ) % {"controller": process.realizer, "process": process.name}
    if process.contact_email:
        notice += " " + _("Contact: %(email)s.") % {"email": process.contact_email}
    return notice


def attendance_sheet_context(*, meeting: Meeting, empty_rows: int | None = None) -> dict:
    people = attendance_people(meeting=meeting)
    if empty_rows is None:
        empty_rows = default_empty_rows(meeting)
    starts_at = timezone.localtime(meeting.starts_at)
    return {
        "process": meeting.process,
        "meeting": meeting,
        "title": _("Attendance sheet"),
        "starts_at": starts_at,
        "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
        "groups": list(meeting.groups.all()),
        "people": people,
        "empty_rows": range(empty_rows),
        "first_empty": len(people) + 1,
        "personal_data_notice": personal_data_notice(meeting),
    }


def attendance_sheet_pdf(
    *, meeting: Meeting, empty_rows: int | None = None, language: str | None = None
) -> bytes:
    """The PDF of the attendance sheet (``empty_rows``: the spare rows; by default 8, or 40
    for a meeting open to the public)."""
    with override(language or settings.LANGUAGE_CODE):
        context = attendance_sheet_context(meeting=meeting, empty_rows=empty_rows)
    return render_pdf("documents/attendance_sheet.html", context, language=language)
