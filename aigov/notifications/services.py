"""Telling people something: THE way the product notifies a person, in the app and by
email, once per key however often the sender runs."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from aigov.accounts.models import Organization, User
from aigov.notifications.models import Notification
from aigov.outbox.services import outbox_send


def notice_text(template: str, context: dict) -> dict[str, str]:
    """The `title` and `body` of a notice, for `notify`, rendered from its two templates:
    `<template>_subject.txt` and `<template>_body.txt`."""
    return {
        "title": render_to_string(f"{template}_subject.txt", context),
        "body": render_to_string(f"{template}_body.txt", context),
    }


def notify(
    *,
    key: str,
    organization: Organization,
    users: Iterable[User],
    title: str,
    body: str,
    url: str,
) -> int:
    """Tell each active user of `users`, as a member of `organization`: an in-app
    notification linking to `url` (a path on this site) and an email of the same text,
    both under `key`. Run again with the same key (a retried job), it adds no row and
    mails nobody twice. Returns how many emails this call sent.

    The rows are written first, in one statement; the emails then go through the outbox,
    outside any transaction, so a mail sent is never forgotten by a rollback.
    """
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"url must be a path on this site, not {url!r}")
    recipients = sorted({u.pk: u for u in users if u.is_active}.values(), key=lambda u: u.email)
    if not recipients:
        return 0
    title = " ".join(title.split())[:300]
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                organization=organization,
                recipient=user,
                key=key[:300],
                title=title,
                body=body.strip(),
                url=url,
                created_at=now,
            )
            for user in recipients
        ],
        ignore_conflicts=True,  # notification_once_per_key: a re-run adds nothing
    )
    email = f"{body.rstrip()}\n\nOpen it in aigov: {settings.SITE_URL}{url}\n"
    return outbox_send(key=key, messages=[(title, email, user.email) for user in recipients])


@transaction.atomic
def notification_read(*, actor, notification: Notification) -> Notification:
    """Mark the actor's own notification read (once: the first time stays).

    Not audited: reading one's own notices changes nothing anyone else relies on.
    """
    if actor.user is None or notification.recipient_id != actor.user.pk:
        raise PermissionDenied("Only its recipient reads a notification.")
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    else:
        notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_read_all(*, actor) -> int:
    """Mark every unread notification of the actor (in the active organisation) read."""
    return (
        Notification.objects.visible_to(actor)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )
