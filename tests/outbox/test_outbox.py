"""The outbox: an email job that is run again mails nobody twice."""

import smtplib
from unittest import mock

import pytest
from django.core import mail

from aigov.accounts.actor import Actor
from aigov.accounts.models import Membership
from aigov.jobs.models import JobStatus
from aigov.jobs.services import job_create, job_run
from aigov.outbox.models import OutboundEmail
from aigov.outbox.services import outbox_send
from registry.notifications import PROVIDER_ROLES
from tests.conftest import member
from tests.factories import MembershipFactory
from tests.registry.test_filing_views import submitted_filing

MESSAGES = [("Subject", "Body", f"person{n}@example.test") for n in range(3)]


def failing_second_send():
    """`EmailMessage.send` that loses the mail server on the second message only."""
    real_send = mail.EmailMessage.send
    calls = {"n": 0}

    def send(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(message, *args, **kwargs)

    return mock.patch.object(mail.EmailMessage, "send", send)


@pytest.mark.django_db
def test_each_message_goes_out_once_per_key():
    assert outbox_send(key="job:1", messages=MESSAGES) == 3
    assert outbox_send(key="job:1", messages=MESSAGES) == 0
    assert len(mail.outbox) == 3
    assert OutboundEmail.objects.filter(sent_at__isnull=False).count() == 3
    # Another sender (another job) is another email.
    assert outbox_send(key="job:2", messages=MESSAGES[:1]) == 1


@pytest.mark.django_db
def test_a_send_that_breaks_half_way_is_finished_by_the_rerun():
    with failing_second_send(), pytest.raises(smtplib.SMTPServerDisconnected):
        outbox_send(key="job:1", messages=MESSAGES)
    assert [m.to for m in mail.outbox] == [["person0@example.test"]]
    assert outbox_send(key="job:1", messages=MESSAGES) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [m[2] for m in MESSAGES]


@pytest.mark.django_db
def test_a_retried_deadline_digest_job_mails_each_person_once(owner, authority):
    for n in range(3):
        MembershipFactory(organization=owner, role="editor", user__email=f"e{n}@owner.test")
    provider = Actor(organization=owner, role="editor", user=member(owner, "editor"))
    filing = submitted_filing(owner, provider, name="Due soon")
    job = job_create(
        organization=owner,
        kind="registry.deadline_digest",
        params={"audience": "provider", "filings": [str(filing.pk)]},
    )
    with failing_second_send():
        assert job_run(job.pk) == JobStatus.QUEUED  # a transient error: retried
    assert job_run(job.pk) == JobStatus.SUCCEEDED
    expected = sorted(
        Membership.objects.filter(organization=owner, role__in=PROVIDER_ROLES).values_list(
            "user__email", flat=True
        )
    )
    assert len(expected) == 4  # the three editors and the one who filed
    assert sorted(m.to[0] for m in mail.outbox) == expected  # each exactly once
