from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.territory.importers import ImportFileError
from socplan.territory.reference import DATA_FILE, DEMO_FILE, DEMO_ORPS
from socplan.territory.reference.build import build, subset, write


class Command(BaseCommand):
    help = (
        "Build the shipped reference dataset of the whole country "
        "(socplan/territory/reference/czechia.json.xz) from the official files in ROOT "
        "(folders territory/, demography/, social-exclusion/, geo/). For maintainers."
    )

    def add_arguments(self, parser):
        parser.add_argument("root", type=Path)
        parser.add_argument("--out", type=Path, default=DATA_FILE)

    def handle(self, *args, root, out, **options):
        try:
            dataset = build(root)
        except (ImportFileError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        size = write(dataset, out)
        if out == DATA_FILE:  # the demo's small copy of its ORP
            write(subset(dataset, set(DEMO_ORPS)), DEMO_FILE)
        self.stdout.write(
            _("%(file)s: %(size)s bytes, %(count)s municipalities")
            % {"file": out, "size": size, "count": len(dataset["municipalities"])}
        )
