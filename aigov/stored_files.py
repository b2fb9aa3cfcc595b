"""Stored files: evidence, Inspect logs and rendered PDFs alike.

A file is stored before the transaction that records it, and removed if that fails.
Served back, each is read whole, checked against the SHA-256 recorded when it was stored,
and sent as a download no browser renders or sniffs. The callers find the row with
`visible_to` first; nothing here scopes.
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.storage import storages
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from aigov.exceptions import StateConflict


@dataclass(frozen=True)
class StoredFile:
    data: bytes
    filename: str
    content_type: str


def read_verified(storage: str, name: str, sha256: str, *, what: str, when: str) -> bytes:
    """The bytes stored under `name`, or a 409 when they are missing or no longer match
    the SHA-256 recorded `when` they were stored (a changed file is never served)."""
    try:
        with storages[storage].open(name, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        raise StateConflict(f"The stored {what} is missing.") from None
    return verified(data, sha256, what=what, when=when)


def verified(data: bytes, sha256: str, *, what: str, when: str) -> bytes:
    """`data`, or a 409 when it no longer matches the SHA-256 recorded `when` it was
    stored."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StateConflict(
            f"The stored {what} no longer matches the SHA-256 {when}; it is not served."
        )
    return data


def attachment(found: StoredFile) -> HttpResponse:
    """A stored file as a download: never rendered inline, never type-sniffed, never
    cached by a shared cache."""
    response = HttpResponse(found.data, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@contextmanager
def removed_unless_recorded(storage: str, name: str):
    """Around the transaction that records the file stored under `name` (empty when none
    was stored): if the transaction fails, the file is removed, so that nothing of a
    failed write stays in storage."""
    try:
        yield
    except BaseException:
        if name:
            storages[storage].delete(name)
        raise
