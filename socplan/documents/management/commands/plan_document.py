from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.core.jobs import JobFailed, Progress
from socplan.documents.plan import FORMATS, plan_document_job
from socplan.planning.models import Plan


class Command(BaseCommand):
    help = (
        "Write the document of a plan (medium-term or action plan) as PDF or DOCX, the same "
        "as the plan's page does in the background."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", type=int, help="the plan's number (as in its address)")
        parser.add_argument("--format", choices=FORMATS, default="pdf", help="pdf or docx")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--language", default=None, help="cs or en (default: cs)")

    def handle(self, *args, plan, format, out, language, **options):
        if not Plan.objects.filter(pk=plan).exists():
            raise CommandError(_("There is no plan %(number)s.") % {"number": plan})
        try:
            result = plan_document_job(
                Progress.none(), plan_id=plan, format=format, language=language
            )
        except JobFailed as exc:
            raise CommandError(str(exc)) from exc
        Path(out).write_bytes(result.file_content)
        self.stdout.write(_("Written %(path)s.") % {"path": out})
