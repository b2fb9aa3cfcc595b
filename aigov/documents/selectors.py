"""Reads of rendered documents that the API and the browser share."""

from django.http import HttpResponse

from aigov.documents.models import Document
from aigov.stored_files import StoredFile, attachment, read_verified


def pdf_attachment(document: Document) -> HttpResponse:
    """A rendered document as a download (the caller found it with `visible_to`),
    checked against the SHA-256 recorded when it was rendered."""
    data = read_verified(
        "documents",
        document.storage_name,
        document.sha256,
        what="PDF",
        when="recorded when it was rendered",
    )
    response = attachment(StoredFile(data, document.filename, "application/pdf"))
    response["X-Document-SHA256"] = document.sha256
    return response
