import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.territory.importers import ImportFileError
from socplan.territory.importers_statistics import (
    DOWNLOAD_URLS,
    KNOWN_FILES,
    download_and_import,
    import_statistics,
)


class Command(BaseCommand):
    help = (
        "Import national statistics from the files or folders given: ČSÚ population by age "
        "and sex (2020_vek_do_999.xlsx + 2020_vek_nad_1000.xlsx), the MMR index of social "
        "exclusion (index_vylouceni_2023.xlsx), boundaries (obce_2020.topo.json, "
        "orp_2024-06.geojson); or --download. Import the territory first. Idempotent; one "
        "transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="files or folders ({})".format(", ".join(KNOWN_FILES))
        )
        parser.add_argument(
            "--download",
            action="store_true",
            help="fetch {} from their sources first".format(", ".join(sorted(DOWNLOAD_URLS))),
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, paths, download, no_progress, **options):
        if bool(paths) == bool(download):
            raise CommandError(_("Give files or folders, or --download (one of the two)."))
        progress = not no_progress and sys.stderr.isatty()
        started = time.monotonic()
        try:
            if download:
                report = download_and_import(progress=progress)
            else:
                report = import_statistics(paths, progress=progress)
        except ImportFileError as exc:
            raise CommandError(_("%(error)s (nothing was imported)") % {"error": exc}) from exc
        self.stdout.write(_("Files: %(files)s") % {"files": ", ".join(report.files)})
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                _("Statistics imported in %(seconds).1f s: %(added)s added, %(changed)s changed.")
                % {
                    "seconds": time.monotonic() - started,
                    "added": report.total_added,
                    "changed": report.total_changed,
                }
            )
        )
