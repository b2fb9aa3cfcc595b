"""The incident reminders on real Celery workers and Redis: two sweeps, the jobs run by a
worker, then a worker killed before it could mark its run done (the stale-job requeue
runs it again): each reminder is emailed exactly once."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import jobs_requeue_stale
from aigov.outbox.models import OutboundEmail
from assessments.incidents.models import IncidentReminder, IncidentReport
from assessments.incidents.tasks import incidents_deadline_sweep
from tests.conftest import member
from tests.factories import make_incident
from tests.jobs.test_worker import wait_for, workers  # noqa: F401 - the worker fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _finished():
    jobs = Job.objects.filter(kind="incidents.remind")
    return jobs.exists() and all(job.status == JobStatus.SUCCEEDED for job in jobs)


def _run_again_after_the_worker_died(first, start_worker, kind):
    """The `first` worker died after its `kind` job did its work, before marking its run
    done: the job is left running with a stale heartbeat, and the requeue hands it to a
    second worker, which runs it again. Returns the job."""
    first.kill()
    job = Job.objects.get(kind=kind)
    stale = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale)
    start_worker("second")
    assert jobs_requeue_stale(running_after=timedelta(seconds=1))["recovered"] == 1
    wait_for(
        lambda: (
            Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED
            and Job.objects.get(pk=job.pk).attempts == 2
        ),
        what="the re-run",
    )
    return job


def test_each_reminder_is_emailed_once_under_two_sweeps_and_a_killed_worker(
    owner,
    workers,  # noqa: F811 - the fixture imported above
    monkeypatch,
):
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    member(owner, "editor", email="editor@owner.test")
    member(owner, "admin", email="admin@owner.test")
    incident = make_incident(owner)
    at = incident.report_due_at - timedelta(hours=10)
    with transaction.atomic():
        assert incidents_deadline_sweep(now=at)["provider"] == 1
    with transaction.atomic():
        assert incidents_deadline_sweep(now=at)["provider"] == 0  # the second sweep

    first = workers("first")
    wait_for(_finished, what="the reminder job")
    sent = list(OutboundEmail.objects.values_list("to", "sent_at"))
    assert sorted(to for to, _ in sent) == ["admin@owner.test", "editor@owner.test"]
    assert all(sent_at is not None for _, sent_at in sent)

    job = _run_again_after_the_worker_died(first, workers, "incidents.remind")
    assert OutboundEmail.objects.count() == 2  # nobody mailed twice
    assert Job.objects.get(pk=job.pk).result == {"sent": 0}
    assert IncidentReminder.objects.count() == 1


def _escalation_finished():
    """The escalation job and every other (the authority's reminder) have ended."""
    jobs = Job.objects.all()
    escalated = jobs.filter(kind="incidents.escalate").exists()
    return escalated and all(job.status == JobStatus.SUCCEEDED for job in jobs)


def test_an_escalation_reaches_each_supervisor_once_under_two_sweeps_and_a_killed_worker(
    authority,
    workers,  # noqa: F811 - the fixture imported above
    monkeypatch,
):
    from aigov.notifications.models import Notification
    from assessments.incidents.models import IncidentEscalation

    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    member(authority, "supervisor", email="sven@msa.test")
    member(authority, "reviewer", email="rita@msa.test")
    incident = make_incident(authority)
    IncidentReport.objects.filter(pk=incident.pk).update(
        authority_due_at=timezone.now() - timedelta(hours=1)
    )
    with transaction.atomic():
        assert incidents_deadline_sweep()["escalated"] == 1
    with transaction.atomic():
        assert incidents_deadline_sweep()["escalated"] == 0  # the second sweep

    first = workers("first")
    wait_for(_escalation_finished, what="the escalation job")
    job = _run_again_after_the_worker_died(first, workers, "incidents.escalate")
    # (The authority's "due" reminder went out too, to all its triage staff.)
    escalated = {"key__startswith": "incidents.escalation:"}
    assert list(OutboundEmail.objects.filter(**escalated).values_list("to", flat=True)) == [
        "sven@msa.test"
    ]
    assert list(
        Notification.objects.filter(**escalated).values_list("recipient__email", flat=True)
    ) == ["sven@msa.test"]
    assert Job.objects.get(pk=job.pk).result == {"sent": 0}
    assert IncidentEscalation.objects.count() == 1
