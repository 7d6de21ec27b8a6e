"""The minutes of a meeting as a PDF (zápis z jednání), typeset by Typst (:mod:`.typeset`).

The internal version names everybody present; the public version (published minutes)
names only the people who consented to publishing their name and counts the others.

No title page (minutes are short): a letterhead with the process, the title, the label of
demo data and the publicity of the version, the process's logo beside them, then the
publicity of a funded process in a frame; the meeting (kind, time, place, groups, the
approval of the minutes), who was present, the summary, the agenda with the minutes of
each item, the resolutions and the tasks agreed. From the second page on the running
header names the process and the meeting's day; the pages are numbered from the first.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import get_language, ngettext, override
from django.utils.translation import gettext as _

from socplan.organisation.models import Meeting, Minutes
from socplan.organisation.selectors_minutes import minutes_context

from . import typeset
from .branding import branding_for


def minutes_pdf(*, meeting: Meeting, public: bool, language: str | None = None) -> bytes:
    context = minutes_context(meeting=meeting, public=public)
    if context["minutes"] is None:
        raise ValueError("The meeting has no minutes.")
    with override(language or settings.LANGUAGE_CODE):
        document = minutes_document(context)
    return typeset.typeset_pdf(document)


def _head(context: dict, title: str, images: typeset.Images, branding) -> list[dict]:
    meeting, process = context["meeting"], context["process"]
    left = [
        typeset.paragraph(process.name, tone="muted"),
        typeset.heading(title),
    ]
    if process.is_demo or meeting.is_demo:
        left.append(typeset.demo_label(_("Demo data: made up for trying socplan out.")))
    if context["public"]:
        note = _("Published version: names of people are given only with their consent.")
    else:
        note = _("Internal document")
    left.append(typeset.paragraph(note, tone="muted"))
    logo = typeset.logo(images, branding.logo, alt=branding.logo_alt, height_mm=16)
    blocks = [typeset.letterhead(left, logos=[logo], rule=1)]
    if branding.has_funding:
        blocks.append(typeset.publicity(branding, images))
    return blocks


def _approval(minutes) -> str:
    if minutes.status != Minutes.Status.APPROVED:
        return _("Draft: the minutes have not been approved yet.")
    date = date_format(minutes.approved_on) if minutes.approved_on else ""
    if minutes.approved_at_meeting:
        return _("Approved on %(date)s at the meeting “%(meeting)s”.") % {
            "date": date,
            "meeting": minutes.approved_at_meeting.title,
        }
    return _("Approved on %(date)s.") % {"date": date}


def _meeting(context: dict) -> list[dict]:
    meeting = context["meeting"]
    held = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    if meeting.ends_at:
        held += " – " + time_format(timezone.localtime(meeting.ends_at), "TIME_FORMAT")
    rows = [
        (_("Meeting"), f"{meeting.title} ({meeting.get_kind_display()})"),
        (_("Held"), held),
    ]
    if meeting.place:
        rows.append((_("Place"), meeting.place))
    if context["groups"]:
        rows.append((_("Groups"), ", ".join(group.name for group in context["groups"])))
    rows.append((_("Status"), _approval(context["minutes"])))
    return [typeset.heading(_("The meeting"), level=2), typeset.fields(rows, label_width=24)]


def _attendance(context: dict) -> list[dict]:
    attendance = context["attendance"]
    blocks = [
        typeset.heading(_("Present (%(count)s)") % {"count": attendance.total}, level=2),
    ]
    if attendance.named:
        rows = [
            [
                row.display_name + ("" if row.person_id else f" ({_('guest')})"),
                row.display_organisation,
            ]
            for row in attendance.named
        ]
        blocks.append(typeset.table([_("Name"), _("Organisation")], rows, fixed=True))
    if attendance.unnamed_count:
        count = attendance.unnamed_count
        blocks.append(
            typeset.paragraph(
                ngettext(
                    "%(count)s more person present (names are published only with consent).",
                    "%(count)s more people present (names are published only with consent).",
                    count,
                )
                % {"count": count}
            )
        )
    if not attendance.total:
        blocks.append(typeset.paragraph(_("The attendance has not been recorded.")))
    if attendance.absent:
        names = ", ".join(row.display_name for row in attendance.absent)
        blocks.append(typeset.paragraph(f"{_('Excused or absent:')} {names}"))
    return blocks


def _agenda(context: dict) -> list[dict]:
    blocks = [typeset.heading(_("Agenda and discussion"), level=2)]
    for number, item in enumerate(context["agenda_items"], start=1):
        blocks.append(typeset.heading(f"{number}. {item.title}", level=3))
        if item.minutes_text:
            blocks += typeset.paragraphs(item.minutes_text)
        else:
            blocks.append(typeset.paragraph(_("No minutes of this item."), tone="muted"))
    if not context["agenda_items"]:
        blocks.append(typeset.paragraph(_("The meeting had no agenda items.")))
    return blocks


def _resolutions(context: dict) -> list[dict]:
    blocks = [typeset.heading(_("Resolutions"), level=2)]
    if context["resolutions"]:
        rows = [[r.number, r.text] for r in context["resolutions"]]
        blocks.append(typeset.table([_("Number"), _("Resolution")], rows, widths=[22]))
    else:
        blocks.append(typeset.paragraph(_("No resolutions were adopted.")))
    return blocks


def _tasks(context: dict) -> list[dict]:
    blocks = [typeset.heading(_("Tasks agreed"), level=2)]
    if not context["tasks"]:
        blocks.append(typeset.paragraph(_("No tasks were agreed.")))
        return blocks
    rows = []
    for task in context["tasks"]:
        if task.owner_label:
            owner = task.owner_label
        elif task.owner:
            owner = _("(name not published)")
        else:
            owner = "–"
        due = date_format(task.due, "SHORT_DATE_FORMAT") if task.due else "–"
        status = task.get_status_display()
        if task.is_overdue:
            status = typeset.runs_cell(status + " ", ("b", f"({_('overdue')})"))
        rows.append([task.title, owner, due, status])
    columns = [_("Task"), _("Owner"), _("Due"), _("Status")]
    blocks.append(typeset.table(columns, rows, widths=[36, 28, 17]))
    return blocks


def minutes_document(context: dict) -> typeset.Document:
    """The minutes (the context of :func:`minutes_context`) as a document for Typst."""
    meeting, process, minutes = context["meeting"], context["process"], context["minutes"]
    images = typeset.Images()
    branding = branding_for(process)
    title = _("Minutes: %(title)s") % {"title": meeting.title}
    blocks = _head(context, title, images, branding)
    blocks += _meeting(context)
    blocks += _attendance(context)
    if minutes.summary:
        blocks.append(typeset.heading(_("Summary"), level=2))
        blocks += typeset.paragraphs(minutes.summary)
    blocks += _agenda(context)
    blocks += _resolutions(context)
    blocks += _tasks(context)
    if minutes.written_by and not context["public"]:
        name = minutes.written_by.get_full_name()
        blocks.append(
            typeset.aside(_("Written by: %(name)s") % {"name": name}, above_mm=12, size="")
        )
    day = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return typeset.Document(
        title=title,
        subtitle=process.name,
        author=process.realizer,
        lang=(get_language() or "cs")[:2],
        blocks=blocks,
        title_page=None,
        running=(process.name, _("Minutes of the meeting of %(date)s") % {"date": day}),
        images=images,
    )
