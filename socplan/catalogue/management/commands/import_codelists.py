from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.catalogue.importers import RegistryFileError
from socplan.catalogue.services import load_codelists


class Command(BaseCommand):
    help = (
        "Load the codelists of the register (kinds of service with their §, target groups, "
        "age groups, forms, capacity types) and the local categories: from DIR (MPSV file "
        "names such as druhy-socialni-sluzby.json), from data.mpsv.cz with --download, or "
        "the project's defaults. Upserts by id; never deletes."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="folder with the codelist files")
        parser.add_argument(
            "--download", action="store_true", help="fetch the live codelists from data.mpsv.cz"
        )

    def handle(self, *args, directory, download, **options):
        if directory and download:
            raise CommandError(_("Give a folder or --download, not both."))
        try:
            report = load_codelists(directory=directory, download=download)
        except RegistryFileError as exc:
            raise CommandError(_("%(error)s (nothing was changed)") % {"error": exc}) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Codelists: %(added)s added, %(changed)s changed, %(unchanged)s unchanged.")
                % {
                    "added": report.added,
                    "changed": report.changed,
                    "unchanged": report.unchanged,
                }
            )
        )
