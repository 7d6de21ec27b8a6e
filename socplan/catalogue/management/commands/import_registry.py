import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from socplan.catalogue.importers import REGISTRY_URL, RegistryFileError, download_registry
from socplan.catalogue.services import registry_import_run


class TqdmProgress:
    """A job-style progress callable ``(done, total, note)`` drawing a tqdm bar."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.note = None

    def __call__(self, done, total=None, note=""):
        if not self.enabled:
            return
        if self.bar is None or note != self.note:
            self.close()
            self.note = note
            unit_scale = bool(total and total > 1_000_000)
            self.bar = tqdm(
                total=total,
                desc=str(note),
                unit="B" if unit_scale else "it",
                unit_scale=unit_scale,
                file=sys.stderr,
                leave=False,
            )
        if total is not None:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = (
        "Import the MPSV register of social-service providers (RPSS, rpss.json) from FILE, "
        f"or download it with --download ({REGISTRY_URL}). Idempotent upsert by portalId in "
        "one transaction; a broken file changes nothing; a file with 20 % fewer active "
        "services than the catalogue is refused unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the register file (rpss.json)")
        parser.add_argument(
            "--download", action="store_true", help="fetch the live file from data.mpsv.cz"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="import even when the file has far fewer services than the catalogue",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file, download, force, no_progress, **options):
        if bool(file) == bool(download):
            raise CommandError(_("Give the register file, or --download (one of the two)."))
        progress = TqdmProgress(not no_progress and sys.stderr.isatty())
        started = time.monotonic()
        try:
            if download:
                with tempfile.TemporaryDirectory(prefix="socplan-rpss-") as tmp:
                    path = download_registry(Path(tmp))
                    run = registry_import_run(
                        path=path, force=force, user=None, progress=progress, file_name=REGISTRY_URL
                    )
            else:
                run = registry_import_run(path=file, force=force, user=None, progress=progress)
        except RegistryFileError as exc:
            raise CommandError(_("%(error)s (nothing was imported)") % {"error": exc}) from exc
        finally:
            progress.close()
        for line in run.details.get("notes", []):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(message)s (%(seconds).1f s)")
                % {"message": run.message, "seconds": time.monotonic() - started}
            )
        )
