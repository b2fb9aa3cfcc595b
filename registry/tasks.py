"""Background work of the registry: thin job handlers that call services."""

from pathlib import Path

from celery import shared_task
from django.conf import settings

from aigov.jobs.services import job_handler
from registry.importing import count_rows, import_models
from registry.notifications import send_deadline_digest, send_filing_notification
from registry.services import filings_deadline_sweep, subjects_reclassify_due


def _upload(job) -> Path:
    return Path(settings.MEDIA_ROOT) / job.params["upload"]


def _delete_upload(job) -> None:
    """The upload is kept until the import has ended for good: a re-run reads it again."""
    _upload(job).unlink(missing_ok=True)


@job_handler("registry.import_models", on_finished=_delete_upload)
def import_models_job(job, report_progress) -> dict:
    """Import an uploaded Epoch-format CSV into the job's organisation."""
    text = _upload(job).read_text(encoding="utf-8-sig")
    total = count_rows(text)

    def progress(done: int, total_rows: int) -> None:
        if done % 20 == 0 or done == total_rows:
            report_progress(int(done * 100 / max(total_rows, 1)), f"Row {done} of {total_rows}")

    report = import_models(
        organization=job.organization,
        user=job.created_by,
        stream=text.splitlines(keepends=True),
        total_rows=total,
        progress=progress,
    )
    return report.as_dict()


@job_handler("registry.notify_filing", queue="notifications")
def notify_filing_job(job, report_progress) -> dict:
    """Email the other side about a filing's transition."""
    sent = send_filing_notification(job.params, key=f"job:{job.pk}")
    return {"sent": sent}


@job_handler("registry.deadline_digest", queue="notifications")
def deadline_digest_job(job, report_progress) -> dict:
    """Email one organisation the filings whose deadline is near or past."""
    sent = send_deadline_digest(
        job.organization, job.params["audience"], job.params["filings"], key=f"job:{job.pk}"
    )
    return {"sent": sent}


@shared_task(name="registry.deadline_sweep")
def deadline_sweep() -> dict:
    return filings_deadline_sweep()


@shared_task(name="registry.reclassify_due")
def reclassify_due() -> dict:
    """Daily: re-classify subjects read before a rule of the Act began to apply."""
    return subjects_reclassify_due()
