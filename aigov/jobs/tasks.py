"""Thin Celery tasks: take an id, call the service."""

from celery import shared_task

from aigov.jobs.services import job_run, jobs_requeue_stale


@shared_task(name="jobs.run")
def run_job(job_id: str) -> str | None:
    return job_run(job_id)


@shared_task(name="jobs.requeue_stale")
def requeue_stale_jobs() -> dict[str, int]:
    return jobs_requeue_stale()
