from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from socplan.core.models import Job
from socplan.documents.booklet import booklet_generate_now, latest_booklet
from socplan.organisation.models import PlanningProcess


class Command(BaseCommand):
    help = (
        "Generate the catalogue booklet of the demo processes that have none yet, so that "
        "their booklet page offers it for download (`make run` calls it after load_demo; "
        "kept out of load_demo, which the tests run, because typesetting takes a while)."
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
