from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.documents.attendance import attendance_sheet_pdf
from socplan.organisation.models import Meeting


class Command(BaseCommand):
    help = "Print the attendance sheet (prezenční listina) of a meeting as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("meeting", type=int, help="the meeting's id")
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument(
            "--empty-rows",
            type=int,
            default=None,
            help="empty rows for guests (default 8, for a meeting open to the public 40)",
        )

    def handle(self, *args, meeting, out, empty_rows, **options):
        try:
            obj = Meeting.objects.select_related("process").get(pk=meeting)
        except Meeting.DoesNotExist as exc:
            raise CommandError(
                _("There is no meeting with the id %(id)s.") % {"id": meeting}
            ) from exc
        if empty_rows is not None and empty_rows < 0:
            raise CommandError(_("The number of empty rows cannot be negative."))
        pdf = attendance_sheet_pdf(meeting=obj, empty_rows=empty_rows)
        Path(out).write_bytes(pdf)
        self.stdout.write(_("Written %(path)s.") % {"path": out})
