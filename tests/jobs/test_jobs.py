"""Job rows: claimed once, retried with a cap, fenced by attempt, visible over the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aigov.audit.models import AuditEvent
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import (
    RETRY_MAX_SECONDS,
    JobLost,
    ProgressReporter,
    job_create,
    job_run,
    jobs_requeue_stale,
    retry_delay,
)
from tests.factories import JobFactory
from tests.jobs import worker_handlers  # noqa: F401 - registers test.slow and test.flaky


@pytest.mark.django_db
def test_a_job_runs_once_even_if_its_message_is_delivered_twice(owner):
    job = job_create(organization=owner, kind="test.slow", params={"steps": 1})
    assert job_run(job.pk) == JobStatus.SUCCEEDED
    assert job_run(job.pk) is None  # the redelivered message finds nothing to claim
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress, job.result) == (
        "succeeded",
        1,
        100,
        {"steps": 1},
    )
    assert AuditEvent.objects.filter(action="job.succeeded", object_id=str(job.pk)).count() == 1


@pytest.mark.django_db
def test_failures_are_retried_until_the_attempt_cap(owner, settings):
    settings.JOBS_MAX_ATTEMPTS = 2
    job = job_create(organization=owner, kind="test.flaky", params={"succeed_on": 3})
    assert job_run(job.pk) == JobStatus.QUEUED
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.attempts == 2 and "transient failure" in job.error
    assert job_run(job.pk) is None  # the cap stops a poison job


@pytest.mark.django_db
def test_an_error_not_named_transient_fails_at_once(owner):
    job = job_create(organization=owner, kind="test.broken")
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.attempts == 1 and job.error == "ValueError: bad input in the job's params"
    assert AuditEvent.objects.filter(action="job.failed", object_id=str(job.pk)).exists()


def test_retries_back_off_with_jitter():
    delays = {retry_delay(3) for _ in range(200)}
    assert len(delays) > 10  # spread out, not every job back at the same second
    assert all(1 <= delay <= 40 for delay in delays)
    assert max(retry_delay(30) for _ in range(50)) <= RETRY_MAX_SECONDS


@pytest.mark.django_db
def test_retry_succeeds_within_the_cap(owner):
    job = job_create(organization=owner, kind="test.flaky", params={"succeed_on": 2})
    assert job_run(job.pk) == JobStatus.QUEUED
    assert job_run(job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert job.result == {"attempt": 2}


@pytest.mark.django_db
def test_a_run_that_was_taken_over_cannot_report_or_finish(owner):
    job = JobFactory(
        organization=owner,
        status=JobStatus.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    stale = ProgressReporter(job.pk, 1)
    assert jobs_requeue_stale(running_after=timedelta(minutes=1))["recovered"] == 1
    with pytest.raises(JobLost):
        stale(50)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.progress == 0


@pytest.mark.django_db
def test_stale_running_job_at_the_cap_fails(owner):
    job = JobFactory(
        organization=owner,
        status=JobStatus.RUNNING,
        attempts=5,
        max_attempts=5,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert jobs_requeue_stale(running_after=timedelta(minutes=1))["failed"] == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "worker lost" in job.error


@pytest.mark.django_db
def test_unknown_kind_is_refused_at_creation(owner):
    with pytest.raises(ValueError, match="no handler"):
        job_create(organization=owner, kind="nothing.here")
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_job_api_shows_progress(owner_api, owner):
    job = JobFactory(
        organization=owner, status=JobStatus.RUNNING, progress=40, progress_message="halfway"
    )
    body = owner_api.get(f"/api/v1/jobs/{job.pk}/").json()
    assert (body["status"], body["progress"], body["progress_message"]) == (
        "running",
        40,
        "halfway",
    )
