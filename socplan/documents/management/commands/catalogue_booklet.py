from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.core.jobs import JobFailed, Progress
from socplan.documents.booklet import ARRANGEMENTS, BY_KIND, SIZES, booklet_job, default_process
from socplan.organisation.models import PlanningProcess
from socplan.territory.models import PlanningArea


class Command(BaseCommand):
    help = (
        "Print the catalogue booklet of a planning area as a PDF (the same as the booklet "
        "page of a process does in the background)."
    )

    def add_arguments(self, parser):
        parser.add_argument("area", help="the planning area's address (slug), e.g. orp-humpolec")
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument(
            "--by",
            choices=ARRANGEMENTS,
            default=BY_KIND,
            help="chapters by kind or by target group",
        )
        parser.add_argument("--size", choices=SIZES, default="A5", help="page size (default A5)")
        parser.add_argument(
            "--process",
            help="the process whose publicity notice and logo the title page shows "
            "(default: the latest published process over the area)",
        )

    def handle(self, *args, area, out, by, size, process, **options):
        area_obj = PlanningArea.objects.filter(slug=area).first()
        if area_obj is None:
            raise CommandError(_("There is no planning area %(slug)s.") % {"slug": area})
        if process:
            process_obj = PlanningProcess.objects.filter(slug=process).first()
            if process_obj is None or process_obj.planning_area_id != area_obj.pk:
                raise CommandError(
                    _("There is no process %(slug)s over this area.") % {"slug": process}
                )
        else:
            process_obj = default_process(area_obj)
        try:
            result = booklet_job(
                Progress.none(),
                area_id=area_obj.pk,
                process_id=process_obj.pk if process_obj else None,
                by=by,
                page_size=size,
            )
        except JobFailed as exc:
            raise CommandError(str(exc)) from exc
        Path(out).write_bytes(result.file_content)
        self.stdout.write(_("Written %(path)s.") % {"path": out})
