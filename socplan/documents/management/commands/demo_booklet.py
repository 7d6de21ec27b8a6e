from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from socplan.core.models import Job
from socplan.documents.booklet import booklet_generate_now, latest_booklet
from socplan.documents.plan import FORMATS as PLAN_FORMATS
from socplan.documents.plan import plan_document
from socplan.organisation.models import PlanningProcess
from socplan.planning.models import Plan


class Command(BaseCommand):
    help = (
        "Generate the catalogue booklet of the demo processes that have none yet, so that "
        "their booklet page offers it for download, and keep the documents (PDF, DOCX) of "
        "their public plans, so that the first download of each is immediate rather than a "
        "'being prepared' page (`make run` calls it after load_demo; kept out of load_demo, "
        "which the tests run, because typesetting takes a while)."
    )

    def handle(self, *args, **options):
        processes = PlanningProcess.objects.filter(is_demo=True).select_related("planning_area")
        for process in processes:
            if latest_booklet(process) is not None:
                self.stdout.write("  " + _("%(slug)s: the booklet exists") % {"slug": process.slug})
                continue
            job = booklet_generate_now(process=process)
            if job.status != Job.Status.SUCCEEDED:
                self.stderr.write(f"  {process.slug}: {job.message}")
                continue
            self.stdout.write(self.style.SUCCESS(f"  {process.slug}: {job.message}"))
        self._plan_documents(processes)

    def _plan_documents(self, processes):
        plans = Plan.objects.filter(process__in=processes).select_related("process__planning_area")
        for plan in plans.order_by("pk"):
            if not plan.is_public:
                continue
            for format in PLAN_FORMATS:
                document = plan_document(plan=plan, format=format, language=settings.LANGUAGE_CODE)
                if document.is_kept:
                    continue
                document.make()
                self.stdout.write(
                    "  "
                    + _("%(slug)s: the document %(name)s is kept")
                    % {"slug": plan.process.slug, "name": document.name}
                )
