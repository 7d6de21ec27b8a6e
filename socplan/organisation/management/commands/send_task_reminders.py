from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.organisation.services_minutes import task_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail every task owner about their open tasks due within N days (default 3) or "
        "overdue. Each task is reminded at most once a day, so it is safe to run from cron "
        "(e.g. every morning: `socplan send_task_reminders --days 3`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=3,
            help="remind of tasks due within this many days (default 3); overdue ones always",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError(_("--days must be 0 or more."))
        report = task_reminders_send(days=days)
        for name in report.skipped_without_email:
            self.stderr.write(
                _("%(name)s has tasks to be reminded of but no e-mail address.") % {"name": name}
            )
        self.stdout.write(
            _("Reminder e-mails queued for sending: %(emails)s (tasks: %(tasks)s).")
            % {"emails": report.emails, "tasks": report.tasks}
        )
