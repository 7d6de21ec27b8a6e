"""The attendance sheet (prezenční listina) of a meeting: a row for every invited person
(those invited by name and the members of the invited groups on the meeting's day, each
once, in Czech alphabetical order), then spare rows for guests: a few for a meeting of a
group, many for a meeting open to the public. The sheet ends with the notice on the
processing of the personal data it collects (who processes them, why, for how long, the
rights of the people who sign).

Typeset by Typst (:mod:`.typeset`): no title page but a letterhead (the process, its
realizer and publicity notice on the left, its logo, the funding logos and the EU emblem on
the right), the meeting's facts, the table to sign (rows 12 mm high, its heading row on every
page), the notices; from the second page on the running header names the sheet, the meeting
and its day; the pages are numbered from the first."""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import capfirst
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from socplan.core.collation import czech_sort_key
from socplan.organisation.models import Meeting
from socplan.organisation.selectors_structure import invitations_of_meeting, meeting_invitees

from . import typeset
from .branding import branding_for

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


def attendance_sheet_document(
    *, meeting: Meeting, empty_rows: int | None = None
) -> typeset.Document:
    """The attendance sheet as a document for Typst (in the active language)."""
    process = meeting.process
    people = attendance_people(meeting=meeting)
    if empty_rows is None:
        empty_rows = default_empty_rows(meeting)
    starts_at = timezone.localtime(meeting.starts_at)
    ends_at = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
    groups = list(meeting.groups.all())
    title = _("Attendance sheet")
    day = date_format(starts_at, "SHORT_DATE_FORMAT")
    images = typeset.Images()
    branding = branding_for(process)

    left = [typeset.paragraph(("b", process.name))]
    if process.realizer:
        left.append(typeset.paragraph(process.realizer))
    if branding.notice:
        left.append(typeset.paragraph(branding.notice, size="small"))
    logos = [
        typeset.logo(images, branding.logo, alt=branding.logo_alt, height_mm=18),
        typeset.logo(images, branding.funding_logo, alt=branding.funding_logo_alt, height_mm=18),
    ]
    eu = typeset.eu_emblem(branding, images) if branding.has_funding else None
    blocks = [typeset.letterhead(left, logos=logos, eu=eu), typeset.heading(title)]
    if process.is_demo:
        blocks.append(typeset.demo_label(_("Demo data: made up for trying socplan out.")))

    when = f"{day}, {time_format(starts_at, 'H:i')}"
    if ends_at:
        when += f"–{time_format(ends_at, 'H:i')}"
    facts = [
        (_("Meeting"), meeting.title),
        (_("Kind"), capfirst(meeting.get_kind_display())),
        (_("Date"), when),
    ]
    if meeting.place:
        facts.append((_("Place"), meeting.place))
    if meeting.online_url:
        facts.append((_("Online"), meeting.online_url))
    if groups:
        facts.append((_("Groups"), "; ".join(group.name for group in groups)))
    blocks.append(typeset.fields(facts, label_width=19))

    rows = [[number, p.name, p.organisation_name, ""] for number, p in enumerate(people, 1)]
    rows += [[len(people) + 1 + i, "", "", ""] for i in range(empty_rows)]
    columns = [_("No."), _("Name"), _("Organisation"), _("Signature")]
    blocks.append(typeset.sheet(columns, rows, widths_mm=("auto", None, None, 45), numeric=[0]))
    blocks.append(
        typeset.paragraph(
            _(
                "By signing, participants confirm their presence. The attendance sheet is "
                "kept as evidence of the project's activities."
            ),
            tone="muted",
        )
    )
    blocks.append(typeset.aside(personal_data_notice(meeting), rule=True))
    return typeset.Document(
        title=f"{title}: {meeting.title}",
        author=process.realizer,
        lang=(get_language() or "cs")[:2],
        blocks=blocks,
        title_page=None,
        running=(f"{title}: {meeting.title}", day),
        images=images,
    )


def attendance_sheet_pdf(
    *, meeting: Meeting, empty_rows: int | None = None, language: str | None = None
) -> bytes:
    """The PDF of the attendance sheet (``empty_rows``: the spare rows; by default 8, or 40
    for a meeting open to the public), typeset by Typst (:mod:`.typeset`)."""
    with override(language or settings.LANGUAGE_CODE):
        document = attendance_sheet_document(meeting=meeting, empty_rows=empty_rows)
    return typeset.typeset_pdf(document)
