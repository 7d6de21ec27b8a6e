from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `socplan backup` into an empty installation (no database yet, "
        "or one just migrated with no accounts), then migrate and rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by socplan backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and the files of a non-empty installation",
        )

    def handle(self, *args, file, force, **options):
        try:
            report = restore(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored from %(file)s: %(files)s files; search index rebuilt (%(indexed)s).")
            % {
                "file": file,
                "files": sum(report.files.values()),
                "indexed": ", ".join(f"{k}: {v}" for k, v in report.indexed.items()) or "–",
            }
        )
        for note in report.notes:
            self.stderr.write(note)
