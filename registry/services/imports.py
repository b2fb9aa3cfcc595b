"""The browser import of GPAI models, in two jobs: a preview that writes nothing, then,
once the user confirms, the import itself (registry.importing, registry.tasks)."""

import csv
import hashlib
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from aigov.audit.services import audit_record
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_create
from registry.services.subjects import REQUIRED_COLUMNS, _acting

PREVIEW_KIND = "registry.import_preview"
IMPORT_KIND = "registry.import_models"


def upload_path(name: str) -> Path:
    """Where an upload named in a job's params is kept (outside any public path)."""
    return Path(settings.MEDIA_ROOT) / name


def _check_text(raw: bytes) -> str:
    """The upload as text, if it is a UTF-8 CSV with the columns an import needs."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": "The file is not UTF-8 text; export the CSV as UTF-8."}
        ) from None
    if "\x00" in text:
        raise ValidationError({"file": "The file is binary, not a CSV."})
    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as exc:
        raise ValidationError({"file": f"The file is not a readable CSV: {exc}."}) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ValidationError(
            {"file": f"Not an Epoch AI models CSV: missing column(s) {', '.join(missing)}."}
        )
    return text


@transaction.atomic
def models_import_start(*, actor, upload) -> Job:
    """Check an uploaded CSV (size, encoding, header — not its name), keep it, and start
    its preview as a background job: what the import would create, update and skip.
    Nothing is imported until the user confirms (`models_import_confirm`)."""
    _acting(actor, None, None)
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {"file": f"The file is {upload.size} bytes; the limit is {settings.UPLOAD_MAX_BYTES}."}
        )
    raw = upload.read()
    _check_text(raw)
    name = f"imports/{uuid.uuid4()}.csv"
    path = upload_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return job_create(
        organization=actor.organization,
        kind=PREVIEW_KIND,
        params={
            "upload": name,
            "filename": (upload.name or "")[:200],
            "sha256": hashlib.sha256(raw).hexdigest(),
        },
        created_by=actor.user,
    )


@transaction.atomic
def models_import_confirm(*, actor, preview: Job) -> Job:
    """Start the import of a previewed upload. Confirming the same preview again gives
    the import already started (a double click imports once)."""
    _acting(actor, None, None)
    locked = Job.objects.select_for_update().get(pk=preview.pk)
    if locked.kind != PREVIEW_KIND or locked.organization_id != actor.organization.pk:
        raise ValidationError({"preview": "This job is not a preview of an import."})
    started = Job.objects.filter(
        organization=actor.organization, kind=IMPORT_KIND, params__preview=str(locked.pk)
    ).first()
    if started is not None:
        return started
    if locked.status != JobStatus.SUCCEEDED:
        raise ValidationError({"preview": "The preview has not finished; wait for its counts."})
    path = upload_path(locked.params["upload"])
    kept = path.read_bytes() if path.is_file() else b""
    if hashlib.sha256(kept).hexdigest() != locked.params.get("sha256"):
        raise ValidationError(
            {"file": "The uploaded file is no longer available; upload it again."}
        )
    return job_create(
        organization=actor.organization,
        kind=IMPORT_KIND,
        params={**locked.params, "preview": str(locked.pk)},
        created_by=actor.user,
    )


@transaction.atomic
def models_import_discard(*, actor, preview: Job) -> None:
    """Drop a previewed upload that will not be imported: its file is deleted once this
    commits, and confirming the preview afterwards is refused."""
    _acting(actor, None, None)
    locked = Job.objects.select_for_update().get(pk=preview.pk)
    if locked.kind != PREVIEW_KIND or locked.organization_id != actor.organization.pk:
        raise ValidationError({"preview": "This job is not a preview of an import."})
    if Job.objects.filter(
        organization=actor.organization, kind=IMPORT_KIND, params__preview=str(locked.pk)
    ).exists():
        raise ValidationError({"preview": "This file has been imported already."})
    path = upload_path(locked.params["upload"])
    audit_record(
        action="gpai_model.import_discarded",
        actor=actor,
        obj=locked,
        data={"filename": locked.params.get("filename", ""), "sha256": locked.params["sha256"]},
    )
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
