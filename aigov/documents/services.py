"""Asking for a PDF document and rendering it in the background (queue `pdf`).

`document_request` answers the stored document of the object's current version, or a
render job. The job's handler (`document_render`) renders, stores the bytes once under
their SHA-256 and creates the row with its audit event; a second run of the same job, or
a second job for the same version, finds the row and stores nothing new.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.urls import reverse

from aigov.audit.services import audit_record
from aigov.documents.kinds import DocumentKind, kind_get
from aigov.documents.models import Document
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import ProgressReporter, job_create, job_handler

logger = logging.getLogger(__name__)

RENDER_JOB = "documents.render"


def storage_name_for(sha256: str) -> str:
    """Where bytes with this SHA-256 live: the hash is the name (content addressed)."""
    return f"{sha256[:2]}/{sha256}.pdf"


def document_request(*, actor, kind: str, obj: Any, language: str) -> Document | Job:
    """The stored document of `obj`'s current version in `language`, or the job that will
    render it (an unfinished job for the same version is reused, not doubled).

    The caller found `obj` among `kind`'s objects visible to the actor."""
    if not actor.can("documents.request"):
        raise PermissionDenied("Your role may not ask for documents (documents.request).")
    declared = kind_get(kind)
    if language not in settings.DOCUMENT_LANGUAGES:
        offered = ", ".join(settings.DOCUMENT_LANGUAGES)
        raise ValidationError({"language": f"Documents are offered in: {offered}."})
    reason = declared.unavailable_reason(obj)
    if reason:
        raise ValidationError({"object_id": reason})
    version = declared.version(obj)
    found = Document.objects.filter(
        kind=kind, object_id=obj.pk, language=language, version=version
    ).first()
    if found is not None:
        return found
    params = {"kind": kind, "object_id": str(obj.pk), "language": language, "version": version}
    with transaction.atomic():
        pending = Job.objects.filter(
            organization=actor.organization,
            kind=RENDER_JOB,
            params=params,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        ).first()
        if pending is not None:
            return pending
        return job_create(
            organization=actor.organization, kind=RENDER_JOB, params=params, created_by=actor.user
        )


def _store(data: bytes, sha256: str) -> str:
    """Save the bytes under their hash unless they are there already; the stored name."""
    storage = storages["documents"]
    name = storage_name_for(sha256)
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # another run stored the same bytes in the meantime
            storage.delete(saved)
    return name


def document_render(*, kind: DocumentKind, obj: Any, language: str, job: Job | None) -> Document:
    """Render `obj` as `kind` in `language`, store it, record it; the existing row when
    this version is rendered already (idempotent)."""
    # Imported here: WeasyPrint (and Pango) load in the processes that render, only.
    from aigov.documents.render import render_pdf

    rendered, version = render_pdf(kind, obj, language)
    lookup = {"kind": kind.code, "object_id": obj.pk, "language": language, "version": version}
    found = Document.objects.filter(**lookup).first()
    if found is not None:
        return found
    name = _store(rendered.data, rendered.sha256)
    filename = f"{kind.filename(obj)}-{language}.pdf"
    try:
        with transaction.atomic():
            document = Document.objects.create(
                organization_id=obj.organization_id,
                sha256=rendered.sha256,
                size=len(rendered.data),
                page_count=rendered.pages,
                storage_name=name,
                filename=filename,
                job=job,
                **lookup,
            )
            audit_record(
                action="document.rendered",
                organization=job.organization if job is not None else obj.organization,
                user=job.created_by if job is not None else None,
                obj=document,
                data={
                    "kind": kind.code,
                    "object_id": str(obj.pk),
                    "language": language,
                    "version": version,
                    "sha256": rendered.sha256,
                    "pages": rendered.pages,
                },
            )
    except IntegrityError:
        # A concurrent run created the row first; its bytes are the same (same hash).
        return Document.objects.get(**lookup)
    return document


def _document_link(job: Job) -> tuple[str, str] | None:
    document = (job.result or {}).get("document")
    if not document:
        return None
    return ("Download the PDF", reverse("document_download", args=[document]))


@job_handler(RENDER_JOB, queue="pdf", title="PDF document", result_link=_document_link)
def document_render_job(job: Job, progress: ProgressReporter) -> dict:
    """Render the document a request asked for (its object as it is now)."""
    params = job.params
    kind = kind_get(params["kind"])
    try:
        obj = kind.load(params["object_id"])
    except kind.model.DoesNotExist:  # type: ignore[attr-defined]
        raise ValueError(f"The {kind.title.lower()}'s object no longer exists.") from None
    reason = kind.unavailable_reason(obj)
    if reason:
        raise ValueError(reason)
    progress(10, "Rendering")
    document = document_render(kind=kind, obj=obj, language=params["language"], job=job)
    return {
        "document": str(document.pk),
        "sha256": document.sha256,
        "pages": document.page_count,
        "size": document.size,
    }
