"""Background work of the registry: thin job handlers that call services."""

import hashlib
from collections.abc import Callable

from celery import shared_task

from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_handler
from registry.importing import count_rows, import_models, plan_import
from registry.notifications import send_deadline_digest, send_filing_notification
from registry.services import filings_deadline_sweep, subjects_reclassify_due
from registry.services.imports import IMPORT_KIND, PREVIEW_KIND, upload_path


def _read(job) -> str:
    """The job's upload as text, as it was when uploaded (its SHA-256 is checked)."""
    raw = upload_path(job.params["upload"]).read_bytes()
    expected = job.params.get("sha256")
    if expected and hashlib.sha256(raw).hexdigest() != expected:
        raise ValueError("the uploaded file changed after it was checked; upload it again")
    return raw.decode("utf-8-sig")


def _delete_upload(job) -> None:
    """The upload is kept until the import has ended for good: a re-run reads it again."""
    upload_path(job.params["upload"]).unlink(missing_ok=True)


def _delete_upload_if_failed(job) -> None:
    """A preview that succeeded keeps the upload for the import the user may confirm."""
    if Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).exists():
        _delete_upload(job)


def _reporter(report_progress, share: int, verb: str) -> Callable[[int, int], None]:
    """Progress of reading rows, as `share` per cent of the job."""

    def progress(done: int, total: int) -> None:
        report_progress(done * share // max(total, 1), f"{verb} row {done:,} of {total:,}")

    return progress


@job_handler(PREVIEW_KIND, on_finished=_delete_upload_if_failed, title="Import preview")
def import_preview_job(job, report_progress) -> dict:
    """What importing the upload would do (created, updated, unchanged, skipped); writes
    nothing."""
    text = _read(job)
    total = count_rows(text)
    plan = plan_import(
        organization=job.organization,
        user=job.created_by,
        stream=text.splitlines(keepends=True),
        total_rows=total,
        progress=_reporter(report_progress, 100, "Checked"),
    )
    return {**plan.report.as_dict(manifest=False), "filename": job.params.get("filename", "")}


@job_handler(IMPORT_KIND, on_finished=_delete_upload, title="Import of GPAI models")
def import_models_job(job, report_progress) -> dict:
    """Import an uploaded Epoch-format CSV into the job's organisation."""
    text = _read(job)
    total = count_rows(text)

    def writing(plan) -> None:
        report_progress(
            90, f"Writing {len(plan.new):,} new and {len(plan.changed):,} changed models"
        )

    report = import_models(
        organization=job.organization,
        user=job.created_by,
        text=text,
        total_rows=total,
        progress=_reporter(report_progress, 90, "Checked"),
        writing=writing,
        job=job,
        filename=job.params.get("filename", ""),
    )
    return {**report.as_dict(), "filename": job.params.get("filename", "")}


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
