"""Reads of rendered documents that the API and the browser share."""

import hashlib
from dataclasses import dataclass

from django.core.files.storage import storages
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from aigov.documents.models import Document
from aigov.exceptions import StateConflict


@dataclass(frozen=True)
class DocumentFile:
    data: bytes
    filename: str


def document_file(document: Document) -> DocumentFile:
    """The stored bytes of a document (the caller found it with `visible_to`), checked
    against the SHA-256 recorded when it was rendered."""
    try:
        with storages["documents"].open(document.storage_name, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        raise StateConflict("The stored PDF is missing; ask for it again.") from None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise StateConflict(
            "The stored PDF no longer matches the SHA-256 recorded when it was rendered; "
            "it is not served."
        )
    return DocumentFile(data, document.filename)


def pdf_attachment(document: Document) -> HttpResponse:
    """A document as a download: never rendered inline, never type-sniffed, never cached."""
    found = document_file(document)
    response = HttpResponse(found.data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, found.filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["X-Document-SHA256"] = document.sha256
    return response
