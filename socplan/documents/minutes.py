"""The minutes of a meeting as a PDF (zápis z jednání).

The internal version names everybody present; the public version (published minutes)
names only the people who consented to publishing their name and counts the others.
"""

from django.utils.translation import gettext as _

from socplan.organisation.models import Meeting
from socplan.organisation.selectors_minutes import minutes_context

from .pdf import render_pdf


def minutes_pdf(*, meeting: Meeting, public: bool, language: str | None = None) -> bytes:
    context = minutes_context(meeting=meeting, public=public)
    if context["minutes"] is None:
        raise ValueError("The meeting has no minutes.")
    context.update(
        title=_("Minutes: %(title)s") % {"title": meeting.title},
        subtitle=meeting.process.name,
        page_size="A4",
    )
    return render_pdf("documents/minutes.html", context, language=language)
