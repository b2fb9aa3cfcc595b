"""Creating, claiming, finishing and recovering background jobs.

A job is created in the same transaction as the business change that needs it and is
enqueued only after that transaction commits. The worker claims it with a
compare-and-set (`queued` → `running`, attempts + 1); every later write of that run is
fenced by the attempt number, so a redelivered message or a presumed-dead worker that
wakes up again cannot finish a job twice. `jobs_requeue_stale` (a beat task) recovers
jobs whose broker message was lost and jobs whose worker died.
"""

import logging
import random
import smtplib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from aigov.audit.services import audit_record
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.queues import QUEUES

logger = logging.getLogger(__name__)


class JobLost(Exception):
    """This run no longer owns the job (it was presumed dead and handed to another)."""


class TransientError(Exception):
    """Raised by a handler for a failure worth another attempt (a service briefly away)."""


# The only failures a job is retried after: the database, Redis, a mail server or the
# network being briefly unavailable. Anything else (a bug, bad input) would fail the same
# way again, so it fails the job at once with its error.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientError,
    OperationalError,
    InterfaceError,
    redis.ConnectionError,
    redis.TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)
# Backoff: a random delay up to 5 s x 2^attempts, at most 10 minutes ("full jitter"), so
# jobs that failed together do not all come back at the same moment.
RETRY_BASE_SECONDS = 5
RETRY_MAX_SECONDS = 600


@dataclass(frozen=True)
class ProgressReporter:
    """Handed to a handler: records progress and proves the worker is alive."""

    job_id: Any
    attempt: int

    def __call__(self, progress: int, message: str = "") -> None:
        updated = Job.objects.filter(
            pk=self.job_id, status=JobStatus.RUNNING, attempts=self.attempt
        ).update(
            progress=max(0, min(100, int(progress))),
            progress_message=message[:200],
            heartbeat_at=timezone.now(),
        )
        if updated != 1:
            raise JobLost(f"job {self.job_id} attempt {self.attempt} was taken over")


JobHandler = Callable[[Job, ProgressReporter], dict | None]


@dataclass(frozen=True)
class HandlerSpec:
    function: JobHandler
    queue: str
    # Called once the job has ended for good (succeeded, or failed without retry), after
    # its final status is committed: where a handler releases what a re-run would still
    # need (an upload).
    on_finished: Callable[[Job], None] | None = None
    # What the job page calls a job of this kind ("Import preview"); the kind otherwise.
    title: str = ""
    # What a succeeded job links to on its page (label, URL), read from its result: where
    # the user goes next (a rendered PDF's download). None when there is nothing to link.
    result_link: Callable[[Job], tuple[str, str] | None] | None = None


HANDLERS: dict[str, HandlerSpec] = {}


def job_handler(
    kind: str,
    *,
    queue: str = "default",
    on_finished: Callable[[Job], None] | None = None,
    title: str = "",
    result_link: Callable[[Job], tuple[str, str] | None] | None = None,
):
    """Register the function that does the work of jobs of `kind`.

    The function receives the job and a progress reporter and returns a JSON-able result.
    It may run more than once for one job (a worker can die mid-run), so its writes must
    be idempotent or made in one transaction at its end, and it must not delete its own
    input: `on_finished` does that once no run can come again. Only `TRANSIENT_ERRORS`
    are retried.
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")

    def register(function: JobHandler) -> JobHandler:
        HANDLERS[kind] = HandlerSpec(
            function=function,
            queue=queue,
            on_finished=on_finished,
            title=title,
            result_link=result_link,
        )
        return function

    return register


def job_create(*, organization, kind: str, params: dict | None = None, created_by=None) -> Job:
    """Record a job and enqueue it once the surrounding transaction commits."""
    spec = HANDLERS.get(kind)
    if spec is None:
        raise ValueError(f"no handler is registered for job kind {kind!r}")
    job = Job.objects.create(
        organization=organization,
        kind=kind,
        queue=spec.queue,
        params=params or {},
        created_by=created_by,
        max_attempts=settings.JOBS_MAX_ATTEMPTS,
        enqueued_at=timezone.now(),
    )
    transaction.on_commit(partial(_send, job.pk, job.queue))
    return job


def _send(job_id, queue: str, countdown: int = 0) -> None:
    if settings.JOBS_RUN_IN_THREAD:
        threading.Thread(
            target=_run_in_thread, args=(job_id, countdown), name=f"job-{job_id}"
        ).start()
        return
    from aigov.jobs.tasks import run_job

    run_job.apply_async(args=[str(job_id)], queue=queue, countdown=countdown)


def _run_in_thread(job_id, countdown: int) -> None:
    """Run a job in this process, after the request that created it has answered.

    For the embedded mode (no Redis: Celery's tasks would run eagerly, inside the request,
    so a browser upload would wait for the whole import). `_send` is called on commit, so
    the thread sees the job; the job row is the only state, claimed with the same
    compare-and-set as a worker's, so the pages poll it the same way. Not a daemon: a
    stopping server waits for the job to end instead of leaving it half done.
    """
    if countdown:
        time.sleep(countdown)
    try:
        job_run(job_id)
    except Exception:
        logger.exception("job %s failed in its thread", job_id)
    finally:
        connection.close()  # this thread's own connection


def job_run(job_id) -> str | None:
    """Claim the job and run its handler. Returns the final status, or None if not ours."""
    now = timezone.now()
    claimed = Job.objects.filter(
        pk=job_id, status=JobStatus.QUEUED, attempts__lt=F("max_attempts")
    ).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        progress_message="",
    )
    if claimed != 1:
        return None  # finished, running elsewhere, or gone: a redelivery is harmless.
    job = Job.objects.select_related("organization").get(pk=job_id)
    spec = HANDLERS.get(job.kind)
    if spec is None:
        return _finish(job, JobStatus.FAILED, error=f"no handler for job kind {job.kind!r}")
    try:
        result = spec.function(job, ProgressReporter(job.pk, job.attempts))
    except JobLost:
        logger.warning("job %s attempt %s lost ownership; stopping", job.pk, job.attempts)
        return None
    except Exception as exc:
        logger.exception("job %s attempt %s failed", job.pk, job.attempts)
        error = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, TRANSIENT_ERRORS) and job.attempts < job.max_attempts:
            return _retry(job, error)
        return _finish(job, JobStatus.FAILED, error=error)
    return _finish(job, JobStatus.SUCCEEDED, result=result or {})


def _finish(job: Job, status: str, *, result=None, error: str = "") -> str | None:
    """End the run (if this attempt still owns it) with its audit event; then release."""
    with transaction.atomic():
        won = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
            status=status,
            result=result,
            error=error,
            progress=100 if status == JobStatus.SUCCEEDED else F("progress"),
            finished_at=timezone.now(),
        )
        if won != 1:
            return None
        audit_record(
            action=f"job.{status}",
            organization=job.organization,
            obj=job,
            data={"kind": job.kind, "attempts": job.attempts, "error": error[:500]},
        )
    spec = HANDLERS.get(job.kind)
    if spec is not None and spec.on_finished is not None:
        spec.on_finished(job)  # after the commit: the job has ended for good
    return status


def retry_delay(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`: exponential backoff with full jitter."""
    ceiling = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**attempts)
    return random.randint(1, max(1, ceiling))


def _retry(job: Job, error: str) -> str | None:
    """Put the job back in the queue with exponential backoff."""
    with transaction.atomic():
        won = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
            status=JobStatus.QUEUED, error=error, enqueued_at=timezone.now()
        )
        if won != 1:
            return None
        countdown = retry_delay(job.attempts)
        transaction.on_commit(partial(_send, job.pk, job.queue, countdown=countdown))
    return JobStatus.QUEUED


def jobs_requeue_stale(
    *,
    queued_after: timedelta | None = None,
    running_after: timedelta | None = None,
) -> dict[str, int]:
    """Re-enqueue jobs whose message was lost; recover jobs whose worker died."""
    now = timezone.now()
    queued_after = queued_after or timedelta(seconds=settings.JOBS_QUEUED_STALE_AFTER)
    running_after = running_after or timedelta(seconds=settings.JOBS_RUNNING_STALE_AFTER)
    counts = {"requeued": 0, "recovered": 0, "failed": 0}

    stale_queued = Job.objects.filter(
        status=JobStatus.QUEUED, enqueued_at__lt=now - queued_after
    ).values_list("pk", "queue", "enqueued_at")
    for pk, queue, enqueued_at in stale_queued:
        # Compare-and-set on enqueued_at: two sweepers never both resend the same job.
        if Job.objects.filter(pk=pk, status=JobStatus.QUEUED, enqueued_at=enqueued_at).update(
            enqueued_at=now
        ):
            _send(pk, queue)
            counts["requeued"] += 1

    stale_running = Job.objects.filter(
        status=JobStatus.RUNNING, heartbeat_at__lt=now - running_after
    ).select_related("organization")
    for job in stale_running:
        if job.attempts >= job.max_attempts:
            if _finish(job, JobStatus.FAILED, error=f"worker lost after {job.attempts} attempts"):
                counts["failed"] += 1
            continue
        with transaction.atomic():
            if Job.objects.filter(
                pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts
            ).update(status=JobStatus.QUEUED, enqueued_at=now, error="worker lost; retrying"):
                audit_record(
                    action="job.recovered",
                    organization=job.organization,
                    obj=job,
                    data={"kind": job.kind, "attempts": job.attempts},
                )
                transaction.on_commit(partial(_send, job.pk, job.queue))
                counts["recovered"] += 1
    return counts
