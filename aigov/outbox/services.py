"""Send email through the outbox so that a re-run never mails anyone twice."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from aigov.outbox.models import OutboundEmail


def outbox_send(*, key: str, messages: list[tuple[str, str, str]]) -> int:
    """Send each `(subject, body, to)` of the sender `key` that has not gone out yet.

    Each message is recorded before it is sent and marked sent right after, so a job
    that dies half-way and runs again sends only the rest. (A crash between the mail
    server accepting a message and the mark is the one window for a duplicate.)
    Returns how many messages were sent by this call.
    """
    sent = 0
    connection = None
    try:
        for subject, body, to in messages:
            row, _ = OutboundEmail.objects.get_or_create(
                key=f"{key}:{to}"[:300],
                defaults={"to": to, "subject": subject[:300], "body": body},
            )
            if row.sent_at is not None:
                continue
            if connection is None:
                connection = get_connection()
                connection.open()
            EmailMessage(
                row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to], connection=connection
            ).send()
            OutboundEmail.objects.filter(pk=row.pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
            sent += 1
    finally:
        if connection is not None:
            connection.close()
    return sent
