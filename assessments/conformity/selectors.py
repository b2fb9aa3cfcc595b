"""Reads of conformity evidence that the API and the browser share."""

from pathlib import PurePath

from django.utils.text import slugify

from aigov.exceptions import StateConflict
from aigov.stored_files import StoredFile, read_verified, verified
from assessments.conformity import evidence as content
from assessments.conformity.models import Evidence, EvidenceKind


def evidence_file(evidence: Evidence) -> StoredFile:
    """The bytes of accepted evidence (the caller has found it with `visible_to`), checked
    against the SHA-256 taken on upload. A quarantined file is never served."""
    if not evidence.downloadable:
        raise StateConflict(
            "Quarantined evidence is not served: " + (evidence.reason or "it failed a check.")
        )
    extension = content.EXTENSIONS.get(evidence.content_type, "")
    uploaded = {"what": "file", "when": "taken when it was uploaded"}
    if evidence.kind == EvidenceKind.METRIC:
        data = verified(content.canonical(evidence.metric or {}), evidence.sha256, **uploaded)
        stem = slugify(evidence.title) or "metric"
    else:
        data = read_verified("evidence", evidence.storage_name, evidence.sha256, **uploaded)
        # Named for what it is: a PDF uploaded as "x.png" downloads as "x.pdf".
        stem = PurePath(evidence.original_filename).stem or slugify(evidence.title) or "evidence"
    return StoredFile(data, f"{stem}-v{evidence.version}{extension}", evidence.content_type)
