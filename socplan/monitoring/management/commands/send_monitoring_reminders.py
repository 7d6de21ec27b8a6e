from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.monitoring.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the working groups that have not filled in the monitoring of a year whose "
        "deadline comes within N days (default 7), and the coordinators. Each period is "
        "reminded at most once a day: run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="days before the deadline")

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError(_("--days must be 0 or more."))
        report = reminders_send(days=days)
        self.stdout.write(
            _("Monitoring reminders queued: %(emails)s e-mails for %(periods)s periods.")
            % {"emails": report.emails, "periods": report.periods}
        )
