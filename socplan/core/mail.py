"""The outgoing e-mail queue: e-mails leave after the transaction commits, never inside it.

A service builds an ``EmailMessage`` (or ``EmailMultiAlternatives``, with attachments such
as an .ics file) as usual and calls :func:`queue_email` instead of ``message.send()``:

- the message is stored as an :class:`~socplan.core.models.OutgoingEmail` row in the
  caller's transaction, so it exists exactly when the change it reports exists (a rolled
  back action sends nothing);
- when the transaction commits, a background job (django-tasks) sends it; with the
  immediate backend (tests, or ``TASK_BACKEND`` set so) that happens right after the commit;
- a failing mail server never breaks or undoes the user's action: the job logs one line,
  counts the attempt and tries again later (:data:`RETRY_DELAYS`), through the job queue
  when the task backend can defer work and through ``socplan send_queued_mail`` (cron) in
  any case; after the last attempt the e-mail is marked as not sent, and site staff see it
  (and can send it again) in the admin.

Messages are stored as JSON (not pickled): their fields, alternatives and attachments, so
that a queued message survives an upgrade of Python or Django.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.message import EmailAlternative, EmailAttachment
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutgoingEmail

log = logging.getLogger(__name__)

# How long to wait after the 1st, 2nd, ... failed attempt; after the last one the e-mail
# is given up (about two days in all, to outlast a mail server's weekend outage).
RETRY_DELAYS = [
    datetime.timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360, 720, 1440)
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A sender claims a message for this long; if it dies meanwhile, another one sends it.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)


# --- storing a message ----------------------------------------------------------------


def _encode(content: str | bytes) -> dict:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode("ascii")}
    return {"text": str(content)}


def _decode(data: dict) -> str | bytes:
    if "base64" in data:
        return base64.b64decode(data["base64"])
    return data["text"]


def serialize_message(message: EmailMessage) -> dict:
    """The message as JSON-ready data (see :func:`deserialize_message`)."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError(
                "queue_email() stores attachments given as (filename, content, mimetype); "
                f"not {type(attachment).__name__}"
            )
        filename, content, mimetype = attachment
        attachments.append(
            {"filename": filename, "mimetype": mimetype, "content": _encode(content)}
        )
    data = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "mixed_subtype": message.mixed_subtype,
        "encoding": message.encoding,
        "attachments": attachments,
    }
    if isinstance(message, EmailMultiAlternatives):
        data["alternatives"] = [
            {"content": _encode(content), "mimetype": mimetype}
            for content, mimetype in message.alternatives
        ]
        data["alternative_subtype"] = message.alternative_subtype
    return data


def deserialize_message(data: dict) -> EmailMessage:
    """The message stored by :func:`serialize_message`, ready to send."""
    kwargs = {
        "subject": data["subject"],
        "body": data["body"],
        "from_email": data["from_email"],
        "to": data["to"],
        "cc": data["cc"],
        "bcc": data["bcc"],
        "reply_to": data["reply_to"],
        "headers": data["headers"],
    }
    if "alternatives" in data:
        message: EmailMessage = EmailMultiAlternatives(**kwargs)
        message.alternatives = [
            EmailAlternative(_decode(a["content"]), a["mimetype"]) for a in data["alternatives"]
        ]
        message.alternative_subtype = data["alternative_subtype"]
    else:
        message = EmailMessage(**kwargs)
    message.content_subtype = data["content_subtype"]
    message.mixed_subtype = data["mixed_subtype"]
    message.encoding = data["encoding"]
    message.attachments = [
        EmailAttachment(a["filename"], _decode(a["content"]), a["mimetype"])
        for a in data["attachments"]
    ]
    return message


def queue_email(message: EmailMessage) -> OutgoingEmail:
    """Store ``message`` in the caller's transaction; it is sent after the commit."""
    return queue_emails([message])[0]


def queue_emails(messages: Iterable[EmailMessage]) -> list[OutgoingEmail]:
    """Store several messages; after the commit one job sends them over one connection."""
    now = timezone.now()
    rows = [
        OutgoingEmail.objects.create(
            subject=str(message.subject)[:255],
            recipients=", ".join(str(address) for address in message.recipients()),
            message=serialize_message(message),
            next_attempt_at=now,
        )
        for message in messages
    ]
    if rows:
        transaction.on_commit(partial(_enqueue, [row.pk for row in rows]))
    return rows


def queue_digest(
    *,
    key: str,
    to: str,
    item: dict,
    build: Callable[[list[dict]], EmailMessage],
    delay: datetime.timedelta,
) -> OutgoingEmail:
    """Collect ``item`` into one e-mail to ``to`` instead of sending one e-mail per item.

    The first item of ``key`` for a recipient queues an e-mail due after ``delay``; the
    items that come before it is sent join it: ``build(items)`` makes the message again from
    all of them (items are JSON-ready dicts, stored with the message). When the e-mail is
    due, the job queue (deferred) or ``socplan send_queued_mail`` (cron) sends it as any
    other queued e-mail; the next item starts a new digest. Call inside the caller's
    transaction, as :func:`queue_email`.
    """
    now = timezone.now()
    with transaction.atomic():
        waiting = (
            OutgoingEmail.objects.select_for_update()
            .filter(
                status=OutgoingEmail.Status.QUEUED,
                attempts=0,
                recipients=to,
                next_attempt_at__gt=now,
                message__digest__key=key,
            )
            .order_by("pk")
        )
        for row in waiting:
            digest = row.message["digest"]
            # a sender that claimed the row moved next_attempt_at: it is being sent
            if row.next_attempt_at.isoformat() != digest["due"]:
                continue
            items = [*digest["items"], item]
            data = serialize_message(build(items))
            data["digest"] = {**digest, "items": items}
            row.message = data
            row.subject = data["subject"][:255]
            row.save(update_fields=["message", "subject", "updated_at"])
            return row
        due = now + delay
        data = serialize_message(build([item]))
        data["digest"] = {"key": key, "due": due.isoformat(), "items": [item]}
        row = OutgoingEmail.objects.create(
            subject=data["subject"][:255], recipients=to, message=data, next_attempt_at=due
        )
        transaction.on_commit(partial(_enqueue, [row.pk], run_after=due))
    return row


def _enqueue(ids: list[int], *, run_after: datetime.datetime | None = None) -> None:
    """Hand the messages to the job queue; when that fails, cron sends them later."""
    job = send_queued_email_job
    try:
        if run_after is not None:
            if not job.get_backend().supports_defer:
                return  # `send_queued_mail` (cron) retries them
            job = job.using(run_after=run_after)
        job.enqueue(ids)
    except Exception as error:
        log.warning(
            "Could not queue the job sending e-mails %s (send_queued_mail will): %s", ids, error
        )


# --- sending --------------------------------------------------------------------------


@dataclass
class MailReport:
    sent: int = 0
    failed: int = 0


@task()
def send_queued_email_job(ids: list[int]) -> None:
    """The background job: send the queued messages ``ids`` that are due."""
    send_queued_emails(ids=ids)


def send_queued_emails(
    *, ids: Iterable[int] | None = None, now: datetime.datetime | None = None
) -> MailReport:
    """Send the queued messages that are due (of ``ids``, or all of them), through one
    connection. Each one is claimed first, so that two senders never send one twice."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    report = MailReport()
    connection = None
    try:
        for pk in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True):
            claimed = OutgoingEmail.objects.filter(
                pk=pk, status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now
            ).update(next_attempt_at=now + CLAIM_TIMEOUT)
            if not claimed:
                continue  # another sender has it
            email = OutgoingEmail.objects.get(pk=pk)
            try:
                if connection is None:
                    connection = get_connection()
                    connection.open()
                message = deserialize_message(email.message)
                message.connection = connection
                message.send()
            except Exception as error:
                _failed(email, error, now=now)
                report.failed += 1
                if connection is not None:
                    _close(connection)  # a broken connection is opened again
                    connection = None
            else:
                email.status = OutgoingEmail.Status.SENT
                email.sent_at = timezone.now()
                email.attempts += 1
                email.next_attempt_at = None
                email.save(update_fields=["status", "sent_at", "attempts", "next_attempt_at"])
                report.sent += 1
    finally:
        if connection is not None:
            _close(connection)
    return report


def _close(connection) -> None:
    with contextlib.suppress(Exception):  # closing a broken connection may fail too
        connection.close()


def _failed(email: OutgoingEmail, error: Exception, *, now: datetime.datetime) -> None:
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        email.status = OutgoingEmail.Status.FAILED
        email.next_attempt_at = None
        log.error(
            "E-mail %s to %s not sent, given up after %s attempts: %s",
            email.pk,
            email.recipients,
            email.attempts,
            email.last_error,
        )
    else:
        email.next_attempt_at = now + RETRY_DELAYS[email.attempts - 1]
        log.warning(
            "E-mail %s to %s not sent (attempt %s of %s, next at %s): %s",
            email.pk,
            email.recipients,
            email.attempts,
            MAX_ATTEMPTS,
            email.next_attempt_at.isoformat(timespec="seconds"),
            email.last_error,
        )
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    if email.next_attempt_at is not None:
        _enqueue([email.pk], run_after=email.next_attempt_at)


def retry_emails(*, ids: Iterable[int]) -> int:
    """Queue messages again now (from the admin), including the given-up ones."""
    ids = list(ids)
    with transaction.atomic():
        count = (
            OutgoingEmail.objects.filter(pk__in=ids)
            .exclude(status=OutgoingEmail.Status.SENT)
            .update(status=OutgoingEmail.Status.QUEUED, next_attempt_at=timezone.now())
        )
        transaction.on_commit(partial(_enqueue, ids))
    return count
