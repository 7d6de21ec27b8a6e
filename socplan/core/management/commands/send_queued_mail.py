from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from socplan.core.mail import send_queued_emails


class Command(BaseCommand):
    help = (
        "Send the queued e-mails that are due: new ones the job queue has not sent yet and "
        "failed ones whose next attempt has come. Safe to run from cron as often as wanted "
        "(e.g. every 5 minutes: `socplan send_queued_mail`)."
    )

    def handle(self, *args, **options):
        report = send_queued_emails()
        self.stdout.write(
            _("E-mails sent: %(sent)s, failed (to be retried or given up): %(failed)s.")
            % {"sent": report.sent, "failed": report.failed}
        )
        if report.failed:
            # cron mails what a command writes to stderr; failures are logged already.
            self.stderr.write(_("Some e-mails could not be sent; see the log."))
