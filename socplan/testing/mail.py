"""Test support for the e-mail queue (:mod:`socplan.core.mail`).

A test runs inside a transaction that is rolled back at its end, so callbacks waiting for
the commit (the queue hands its e-mails to the sending job then) never run by themselves.
:func:`sent_mail` runs them, as the commit would, and returns what was sent::

    client.post(url, data)
    (message,) = sent_mail()

Tests with ``live_server`` (browser tests) commit for real; there :func:`sent_mail` finds
nothing waiting and just returns the outbox.
"""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DEFAULT_DB_ALIAS, connections


def run_commit_callbacks(using: str = DEFAULT_DB_ALIAS) -> None:
    """Run (once) the ``transaction.on_commit`` callbacks the test's transaction holds,
    including those they add in turn; as Django's ``captureOnCommitCallbacks``."""
    connection = connections[using]
    while connection.run_on_commit:
        callbacks, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in callbacks:
            callback()


def sent_mail() -> list[mail.EmailMessage]:
    """Let the queued e-mails go (as after a commit) and return every e-mail sent so far
    in this test (``django.core.mail.outbox`` of the locmem backend)."""
    run_commit_callbacks()
    return mail.outbox


def sent_mail_later(hours: int = 24) -> list[mail.EmailMessage]:
    """:func:`sent_mail` after ``hours``: digests (``queue_digest``) and retries due by
    then are sent too, as the cron job ``send_queued_mail`` would."""
    import datetime

    from django.utils import timezone

    from socplan.core.mail import send_queued_emails

    run_commit_callbacks()
    send_queued_emails(now=timezone.now() + datetime.timedelta(hours=hours))
    return mail.outbox


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down: every send raises ``SMTPException``. Tests set
    ``settings.EMAIL_BACKEND = "socplan.testing.mail.FailingEmailBackend"``."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 Service not available (test)")
