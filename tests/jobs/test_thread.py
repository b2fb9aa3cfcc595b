"""The embedded mode (no Redis): a job runs in a thread after the transaction that created
it commits, so the request that started it answers at once and its page polls progress."""

import threading

import pytest
from django.db import transaction

from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_create, job_handler

release = threading.Event()
started = threading.Event()


@job_handler("test.gated")
def gated(job, report_progress):
    """Reports 50 %, then waits until the test lets it finish."""
    report_progress(50, "half way")
    started.set()
    assert release.wait(timeout=10), "the test never let the job finish"
    return {"done": True}


def job_threads():
    return [t for t in threading.enumerate() if t.name.startswith("job-")]


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_in_a_thread_after_the_commit_not_inside_the_request(owner, settings):
    settings.JOBS_RUN_IN_THREAD = True
    release.clear()
    started.clear()
    with transaction.atomic():
        job = job_create(organization=owner, kind="test.gated")
        assert job_threads() == []  # nothing runs before the job is committed

    # The caller goes on (answers its request) while the job runs in its thread.
    assert started.wait(timeout=10)
    job.refresh_from_db()
    assert (job.status, job.progress, job.progress_message) == (
        JobStatus.RUNNING,
        50,
        "half way",
    )

    release.set()
    for thread in job_threads():
        thread.join(timeout=10)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"done": True}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_job_never_runs(owner, settings):
    settings.JOBS_RUN_IN_THREAD = True
    with pytest.raises(RuntimeError), transaction.atomic():
        job_create(organization=owner, kind="test.gated")
        raise RuntimeError("the business change failed")
    assert job_threads() == [] and not Job.objects.exists()
