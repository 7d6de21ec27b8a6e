import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.territory.importers import (
    DOWNLOAD_URLS,
    ImportFileError,
    download_and_import,
    import_territory,
)


class Command(BaseCommand):
    help = (
        "Import the ČSÚ territorial code lists (CIS0043, CIS0100, CIS0101, VAZ0043_0065, "
        "VAZ0043_0101, VAZ0100_0101), the 2021 census (sldb2021_vek.csv), population.csv "
        "and coordinates.csv from DIR, or download the live ČSÚ files with --download. "
        "Idempotent; runs in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="folder with the files")
        parser.add_argument(
            "--download",
            action="store_true",
            help="fetch the live files from ČSÚ ({}) instead of reading DIR".format(
                ", ".join(sorted(DOWNLOAD_URLS))
            ),
        )
        parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
        parser.add_argument(
            "--force",
            action="store_true",
            help="import files that list fewer regions, districts, ORPs or municipalities "
            "than the database has (nothing is deleted)",
        )

    def handle(self, *args, directory, download, no_progress, force=False, **options):
        if bool(directory) == bool(download):
            raise CommandError(_("Give a folder with the files, or --download (one of the two)."))
        progress = not no_progress and sys.stderr.isatty()
        started = time.monotonic()
        try:
            if download:
                report = download_and_import(progress=progress, force=force)
            else:
                report = import_territory(directory, progress=progress, force=force)
        except ImportFileError as exc:
            raise CommandError(_("%(error)s (nothing was imported)") % {"error": exc}) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                _("Territory imported in %(seconds).1f s: %(added)s added, %(changed)s changed.")
                % {
                    "seconds": time.monotonic() - started,
                    "added": report.total_added,
                    "changed": report.total_changed,
                }
            )
        )
