import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from socplan.territory import reference


class Command(BaseCommand):
    help = (
        "Load the reference dataset of the whole country shipped with socplan (ČSÚ code "
        "lists, population by age and sex, index of social exclusion, simplified boundaries). "
        "Idempotent: creates or updates, never deletes; `make run` runs it before the demo."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        territory_report, statistics_report = reference.load()
        for line in territory_report.lines() + statistics_report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                _("Reference data loaded in %(seconds).1f s: %(added)s added, %(changed)s changed.")
                % {
                    "seconds": time.monotonic() - started,
                    "added": territory_report.total_added + statistics_report.total_added,
                    "changed": territory_report.total_changed + statistics_report.total_changed,
                }
            )
        )
