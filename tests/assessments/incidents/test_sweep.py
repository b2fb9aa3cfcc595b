"""The deadline sweep: a reminder per (incident, deadline, kind) exactly once, under
repeated sweeps and a job re-run after a killed worker; overdue flagged to the authority."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from assessments.incidents.models import IncidentReminder
from assessments.incidents.tasks import incidents_deadline_sweep
from tests.conftest import member
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _run_jobs():
    for job in Job.objects.filter(kind="incidents.remind", status=JobStatus.QUEUED):
        job_run(job.pk)


def test_reminders_48h_24h_and_at_the_deadline_each_once(owner):
    member(owner, "editor", email="editor@owner.test")
    incident = make_incident(owner)  # a draft: the provider has not reported yet
    due = incident.report_due_at

    assert incidents_deadline_sweep(now=due - timedelta(days=3)) == {
        "provider": 0,
        "authority": 0,
        "escalated": 0,
    }
    for kind, at in (("48h", due - timedelta(hours=40)), ("24h", due - timedelta(hours=20))):
        assert incidents_deadline_sweep(now=at)["provider"] == 1
        assert incidents_deadline_sweep(now=at)["provider"] == 0  # the second sweep: nothing
        assert IncidentReminder.objects.filter(incident=incident, kind=kind).count() == 1
    assert incidents_deadline_sweep(now=due + timedelta(minutes=5))["provider"] == 1
    assert incidents_deadline_sweep(now=due + timedelta(hours=2))["provider"] == 0
    assert sorted(IncidentReminder.objects.values_list("kind", flat=True)) == ["24h", "48h", "due"]
    # A draft is the provider's alone: nothing is flagged to any authority.
    assert not IncidentReminder.objects.filter(audience="authority").exists()

    _run_jobs()
    assert len(mail.outbox) == 3
    assert all(m.to == ["editor@owner.test"] for m in mail.outbox)
    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox)
    assert subjects == ["Due in 24 hours", "Due in 48 hours", "Due now"]
    assert all("Art. 73(4)" in m.body for m in mail.outbox)


def test_a_job_rerun_after_a_killed_worker_mails_nobody_twice(owner):
    member(owner, "editor", email="editor@owner.test")
    incident = make_incident(owner)
    incidents_deadline_sweep(now=incident.report_due_at - timedelta(hours=10))
    job = Job.objects.get(kind="incidents.remind")
    job_run(job.pk)
    assert len(mail.outbox) == 1
    # The worker died after sending, before the job was marked done: the stale-job
    # requeue puts it back in the queue and another worker runs it again.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    job_run(job.pk)
    assert len(mail.outbox) == 1
    incidents_deadline_sweep(now=incident.report_due_at - timedelta(hours=9))
    assert Job.objects.filter(kind="incidents.remind").count() == 1


def test_the_authority_is_told_when_its_own_clock_runs_out_and_of_overdue_updates(authority):
    reviewer = member(authority, "reviewer", email="reviewer@msa.test")
    incident = make_incident(authority)  # reported to the authority
    now = timezone.now()
    incident.authority_due_at = now + timedelta(hours=12)
    incident.save(update_fields=["authority_due_at"])
    counts = incidents_deadline_sweep(now=now)
    assert counts == {"provider": 0, "authority": 1, "escalated": 0}
    _run_jobs()
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "The authority acts" in mail.outbox[0].subject
    # Its jobs belong to the authority, not to the provider.
    assert set(Job.objects.values_list("organization", flat=True)) == {authority.pk}


def test_a_passed_provider_deadline_on_a_reported_incident_is_flagged_to_the_authority(
    authority,
):
    incident = make_incident(authority, regime="eu_gpai", category="other")
    incident.last_report_at = timezone.now() - timedelta(days=40)
    incident.save(update_fields=["last_report_at"])
    counts = incidents_deadline_sweep()
    assert counts["authority"] == 1
    flagged = IncidentReminder.objects.get(audience="authority")
    assert (flagged.deadline, flagged.kind) == ("update", "overdue")
    assert incidents_deadline_sweep()["authority"] == 0


def test_the_beat_schedule_runs_the_sweep(settings):
    from assessments.incidents.tasks import deadline_sweep

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "incidents.deadline_sweep" in names
    assert deadline_sweep.name == "incidents.deadline_sweep"
