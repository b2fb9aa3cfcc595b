"""`notify`: the one way to tell people, in the app and by email, once per key."""

import pytest
from django.core import mail

from aigov.accounts.actor import Actor
from aigov.notifications.models import Notification
from aigov.notifications.services import notification_read, notifications_read_all, notify
from aigov.outbox.models import OutboundEmail
from tests.conftest import member
from tests.factories import make_notification

pytestmark = pytest.mark.django_db


def _notify(organization, users, key="test:1"):
    return notify(
        key=key,
        organization=organization,
        users=users,
        title="Due in 24 hours: Report to the authority",
        body="A deadline is 24 hours away.",
        url="/incidents/1/",
    )


def test_each_person_is_told_once_in_the_app_and_by_email(owner, settings):
    settings.SITE_URL = "https://aigov.example"
    ada = member(owner, "editor", email="ada@owner.test")
    bob = member(owner, "admin", email="bob@owner.test")

    assert _notify(owner, [ada, bob, ada]) == 2
    assert _notify(owner, [ada, bob]) == 0  # a re-run with the same key: nothing new

    rows = Notification.objects.order_by("recipient__email")
    assert [(n.recipient, n.organization, n.read_at) for n in rows] == [
        (ada, owner, None),
        (bob, owner, None),
    ]
    assert rows[0].url == "/incidents/1/" and rows[0].title.startswith("Due in 24 hours")
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@owner.test", "bob@owner.test"]
    assert "https://aigov.example/incidents/1/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Due in 24 hours: Report to the authority"
    assert set(OutboundEmail.objects.values_list("key", flat=True)) == {
        "test:1:ada@owner.test",
        "test:1:bob@owner.test",
    }


def test_a_rerun_after_the_rows_but_before_the_email_sends_only_the_email(owner):
    ada = member(owner, "editor", email="ada@owner.test")
    make_notification(owner, recipient=ada, key="test:1")  # the first run died here
    assert _notify(owner, [ada]) == 1
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_inactive_people_are_not_told_and_links_stay_on_the_site(owner):
    gone = member(owner, "editor", is_active=False)
    assert _notify(owner, [gone]) == 0
    assert not Notification.objects.exists() and not mail.outbox
    for url in ("https://evil.example/", "//evil.example/", "incidents/1/"):
        with pytest.raises(ValueError, match="path on this site"):
            notify(key="k", organization=owner, users=[], title="t", body="b", url=url)


def test_reading_marks_only_ones_own_and_keeps_the_first_time(owner):
    ada = member(owner, "editor")
    colleague = member(owner, "editor")
    actor = Actor(organization=owner, role="editor", user=ada)
    mine = [make_notification(owner, recipient=ada) for _ in range(2)]
    theirs = make_notification(owner, recipient=colleague)

    first = notification_read(actor=actor, notification=mine[0]).read_at
    assert first is not None
    assert notification_read(actor=actor, notification=mine[0]).read_at == first
    assert notifications_read_all(actor=actor) == 1
    assert notifications_read_all(actor=actor) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notification_read(actor=actor, notification=theirs)
