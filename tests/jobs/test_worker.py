"""Real Celery worker processes and Redis: a killed worker and a lost message both end
with the job done exactly once."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from aigov.audit.models import AuditEvent
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_create, jobs_requeue_stale
from tests.jobs import worker_handlers  # noqa: F401 - registers test.slow

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Worker:
    """A `celery worker` subprocess on the test database and the test Redis."""

    def __init__(self, name, imports=("tests.jobs.worker_handlers",)):
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            # A message held by a dead worker comes back quickly, to exercise that path too.
            "CELERY_VISIBILITY_TIMEOUT": "3",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "aigov",
                "worker",
                "-n",
                f"{name}@%h",
                "-Q",
                "default,checks,pdf,notifications",
                "--concurrency",
                "1",
                "-I",
                ",".join(imports),
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self):
        """SIGKILL the worker and its pool children: no chance to ack or clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def workers():
    started = []

    def start(name, **options):
        worker = Worker(name, **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


def wait_for(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def job_status(job_id):
    return Job.objects.get(pk=job_id)


def runs_of(job_id):
    return redis.Redis.from_url(settings.REDIS_URL).lrange(f"test:runs:{job_id}", 0, -1)


def assert_done_once(job_id, attempts):
    job = job_status(job_id)
    assert job.status == JobStatus.SUCCEEDED, (job.status, job.error)
    assert job.attempts == attempts and job.result == {"steps": job.params["steps"]}
    assert AuditEvent.objects.filter(action="job.succeeded", object_id=str(job_id)).count() == 1


def test_worker_killed_mid_job_ends_with_the_job_done_once(owner, workers):
    first = workers("first")
    with transaction.atomic():
        job = job_create(organization=owner, kind="test.slow", params={"steps": 40})
    wait_for(lambda: job_status(job.pk).progress >= 10, what="the job to make progress")
    first.kill()
    assert job_status(job.pk).status == JobStatus.RUNNING  # orphaned

    workers("second")
    time.sleep(1.2)  # let the dead run's heartbeat go stale
    assert jobs_requeue_stale(running_after=timedelta(seconds=1))["recovered"] == 1
    wait_for(lambda: job_status(job.pk).status == JobStatus.SUCCEEDED, what="the rerun")
    assert_done_once(job.pk, attempts=2)
    assert runs_of(job.pk) == [b"1", b"2"]
    # The killed worker's own message comes back after the visibility timeout and is
    # harmlessly refused by the claim.
    time.sleep(4)
    assert_done_once(job.pk, attempts=2)


def test_message_lost_before_any_worker_saw_it_is_requeued(owner, workers):
    with transaction.atomic():
        job = job_create(organization=owner, kind="test.slow", params={"steps": 3})
    broker = redis.Redis.from_url(settings.REDIS_URL)
    assert broker.llen("default") == 1
    broker.delete("default")  # the broker loses the message

    workers("only")
    time.sleep(2)
    assert job_status(job.pk).status == JobStatus.QUEUED
    assert jobs_requeue_stale(queued_after=timedelta(seconds=1))["requeued"] == 1
    wait_for(lambda: job_status(job.pk).status == JobStatus.SUCCEEDED, what="the requeued job")
    assert_done_once(job.pk, attempts=1)
    assert runs_of(job.pk) == [b"1"]
