"""Job handlers for the worker tests. The test worker imports this with `-I`."""

import time

import redis
from django.conf import settings

from aigov.jobs.services import job_handler


@job_handler("test.slow")
def slow(job, report_progress):
    """Counts its runs in Redis, then works `steps` x 0.1 s, reporting progress."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.rpush(f"test:runs:{job.pk}", job.attempts)
    steps = int(job.params.get("steps", 10))
    for step in range(steps):
        time.sleep(0.1)
        report_progress(int(step * 100 / steps), f"step {step + 1} of {steps}")
    return {"steps": steps}


@job_handler("test.flaky")
def flaky(job, report_progress):
    """Fails on its first attempts, succeeds on attempt `succeed_on`."""
    if job.attempts < int(job.params.get("succeed_on", 2)):
        raise ConnectionError("transient failure")
    return {"attempt": job.attempts}


@job_handler("test.broken")
def broken(job, report_progress):
    """Fails the same way every time: a bug, not a passing outage."""
    raise ValueError("bad input in the job's params")
