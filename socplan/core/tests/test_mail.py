import datetime
import logging
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from socplan.core.mail import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    queue_email,
    queue_emails,
    send_queued_emails,
)
from socplan.core.models import OutgoingEmail
from socplan.testing.mail import sent_mail

pytestmark = pytest.mark.django_db

FAILING = "socplan.testing.mail.FailingEmailBackend"
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Setk\xc3\xa1n\xc3\xad\r\nEND:VCALENDAR\r\n"
PDF = b"%PDF-1.7\x00\xff\xfe binary"


def _message(to="jana@example.org", subject="Pozvánka") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body="Dobrý den,\nzveme vás.",
        from_email="socplan@example.org",
        to=[to],
        cc=["kopie@example.org"],
        reply_to=["koordinatorka@example.org"],
        headers={"X-Socplan": "1"},
    )
    message.attach_alternative("<p>Dobrý den, <b>zveme vás</b>.</p>", "text/html")
    message.attach("pozvanka.ics", ICS, "text/calendar")
    message.attach("program.pdf", PDF, "application/pdf")
    return message


def _stable(raw: bytes) -> list[bytes]:
    """The lines of a MIME message without what differs each time it is rendered."""
    raw = re.sub(rb"=+\d+==", b"BOUNDARY", raw)
    return [line for line in raw.splitlines() if not line.startswith((b"Message-ID", b"Date"))]


def test_it_sends_a_queued_email_only_after_the_commit():
    with transaction.atomic():
        queue_email(_message())
        assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.QUEUED
    assert mail.outbox == []  # the test's own transaction has not committed yet
    (message,) = sent_mail()
    assert message.to == ["jana@example.org"]
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


def test_it_sends_nothing_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(_message())
        raise RuntimeError("the action failed")
    assert sent_mail() == []
    assert not OutgoingEmail.objects.exists()


def test_the_message_with_its_alternatives_and_attachments_survives_the_queue():
    original = _message()
    original_bytes = original.message().as_bytes()
    queue_email(original)
    (sent,) = sent_mail()
    assert sent is not original
    assert isinstance(sent, EmailMultiAlternatives)
    for name in ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to", "extra_headers"):
        assert getattr(sent, name) == getattr(original, name), name
    assert sent.alternatives == original.alternatives
    assert sent.attachments == original.attachments
    assert sent.attachments[1].content == PDF
    # The MIME message is the same apart from its Message-ID, Date and boundaries.
    assert _stable(sent.message().as_bytes()) == _stable(original_bytes)


def test_a_plain_message_stays_plain():
    queue_email(EmailMessage(subject="Ahoj", body="Text", to=["a@example.org"]))
    (sent,) = sent_mail()
    assert type(sent) is EmailMessage
    assert sent.body == "Text"


def test_several_messages_go_in_one_job():
    queue_emails([_message(to=f"{n}@example.org") for n in range(3)])
    assert [m.to for m in sent_mail()] == [[f"{n}@example.org"] for n in range(3)]
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 3


def test_a_failing_mail_server_is_logged_and_retried_later(settings, caplog):
    settings.EMAIL_BACKEND = FAILING
    queue_email(_message())
    with caplog.at_level(logging.WARNING, logger="socplan.core.mail"):
        assert sent_mail() == []
    (record,) = [r for r in caplog.records if r.name == "socplan.core.mail"]
    assert "jana@example.org" in record.getMessage()
    assert "attempt 1 of" in record.getMessage()
    assert record.exc_info is None  # one line, no traceback
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "SMTPException" in email.last_error
    assert email.next_attempt_at > timezone.now() + RETRY_DELAYS[0] - datetime.timedelta(seconds=30)

    # Not due yet: nothing is tried.
    assert send_queued_emails().failed == 0
    # The server works again; once the retry is due, the e-mail leaves, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + RETRY_DELAYS[0] + datetime.timedelta(seconds=1)
    assert send_queued_emails(now=later).sent == 1
    assert send_queued_emails(now=later).sent == 0
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)


def test_it_gives_up_after_the_last_attempt(settings, caplog):
    settings.EMAIL_BACKEND = FAILING
    queue_email(_message())
    sent_mail()
    now = timezone.now()
    for _attempt in range(MAX_ATTEMPTS - 1):
        now += datetime.timedelta(days=3)
        send_queued_emails(now=now)
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert email.next_attempt_at is None
    assert "given up" in caplog.records[-1].getMessage()
    assert send_queued_emails(now=now + datetime.timedelta(days=30)).failed == 0


def test_the_command_sends_what_is_due(settings, capsys):
    settings.EMAIL_BACKEND = FAILING
    queue_email(_message())
    sent_mail()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_queued_mail")
    assert "E-mails sent: 1" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_site_staff_see_the_queue_and_send_a_failed_email_again(settings, client_for, staff):
    settings.EMAIL_BACKEND = FAILING
    queue_email(_message())
    sent_mail()
    OutgoingEmail.objects.update(status=OutgoingEmail.Status.FAILED, next_attempt_at=None)
    client = client_for(staff)
    page = client.get(reverse("admin:core_outgoingemail_changelist"))
    assert page.status_code == 200
    assert "jana@example.org" in page.content.decode()
    email = OutgoingEmail.objects.get()
    assert (
        client.get(reverse("admin:core_outgoingemail_change", args=[email.pk])).status_code == 200
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        reverse("admin:core_outgoingemail_changelist"),
        {"action": "send_again", "_selected_action": [email.pk]},
    )
    assert response.status_code == 302
    assert len(sent_mail()) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_the_queue_is_hidden_from_other_users(client_for, coordinator):
    response = client_for(coordinator).get(reverse("admin:core_outgoingemail_changelist"))
    assert response.status_code == 302  # to the admin login


def test_no_code_sends_an_email_around_the_queue():
    """Every e-mail goes through queue_email(): nothing calls the mail backend directly."""
    package = Path(__file__).resolve().parents[2]
    direct = re.compile(
        r"\.send\(\)|\bsend_mail\(|send_mass_mail\(|\.send_messages\(|mail_admins\("
    )
    allowed = {package / "core" / "mail.py", package / "testing" / "mail.py"}
    offenders = []
    for path in package.rglob("*.py"):
        if path in allowed or "tests" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if direct.search(line) and not line.lstrip().startswith("def "):
                offenders.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert offenders == []
