from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive with the database (an online, consistent copy), every uploaded and "
        "generated file and the secret key. Safe while the site runs; e.g. from cron: "
        "`socplan backup /var/backups/socplan-$(date +%F).tar.gz`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (.tar.gz)")

    def handle(self, *args, file, **options):
        try:
            report = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(report.files.values())
        self.stdout.write(
            _("Backup written to %(file)s: %(engine)s database, %(files)s files.")
            % {"file": file, "engine": report.engine, "files": files}
        )
