"""Reads of conformity evidence that the API and the browser share."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.storage import storages
from django.utils.text import slugify

from aigov.exceptions import StateConflict
from assessments.conformity import evidence as content
from assessments.conformity.models import Evidence, EvidenceKind


@dataclass(frozen=True)
class EvidenceFile:
    data: bytes
    filename: str
    content_type: str


def evidence_file(evidence: Evidence) -> EvidenceFile:
    """The bytes of accepted evidence (the caller has found it with `visible_to`), checked
    against the SHA-256 taken on upload. A quarantined file is never served."""
    if not evidence.downloadable:
        raise StateConflict(
            "Quarantined evidence is not served: " + (evidence.reason or "it failed a check.")
        )
    extension = content.EXTENSIONS.get(evidence.content_type, "")
    if evidence.kind == EvidenceKind.METRIC:
        data = content.canonical(evidence.metric or {})
        stem = slugify(evidence.title) or "metric"
    else:
        with storages["evidence"].open(evidence.storage_name, "rb") as stored:
            data = stored.read()
        # Named for what it is: a PDF uploaded as "x.png" downloads as "x.pdf".
        stem = PurePath(evidence.original_filename).stem or slugify(evidence.title) or "evidence"
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        raise StateConflict(
            "The stored file no longer matches the SHA-256 taken when it was uploaded; "
            "it is not served."
        )
    return EvidenceFile(data, f"{stem}-v{evidence.version}{extension}", evidence.content_type)
