"""Reads of certificates and declarations that need scoping or are shared: the public
verification (by number, no login) and the URLs printed on documents."""

import hashlib
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from aigov.documents.models import Document
from assessments.certificates.models import (
    Certificate,
    CertificateStatus,
    DeclarationOfConformity,
    DeclarationStatus,
)

# The document kinds of certificates and declarations (registered in documents.py).
CERTIFICATE_KIND = "certificate"
DECLARATION_KIND = "declaration"


def verification_url(certificate: Certificate) -> str:
    """The public page anyone handed the certificate opens (printed and in the QR code)."""
    return f"{settings.SITE_URL}/verify/{quote(certificate.number, safe='')}/"


def declaration_verification_url(declaration: DeclarationOfConformity) -> str:
    return f"{settings.SITE_URL}/verify/declarations/{declaration.pk}/"


NUMBER_MAX = 100  # Certificate.number's max_length


def certificate_for_verification(number: str) -> Certificate | None:
    """The certificate with this number, read fresh (no cache): a suspension shows the
    moment its transaction commits. Public by design: number, status, scope, parties."""
    if not number.isprintable() or len(number) > NUMBER_MAX:
        return None  # no certificate number looks like this (and NUL cannot be queried)
    return (
        Certificate.objects.select_related("organization", "issuer", "supplements")
        .filter(number=number)
        .first()
    )


STATUS_MEANING = {
    CertificateStatus.VALID: "Valid: the certificate is in force.",
    CertificateStatus.RESTRICTED: "Restricted: in force only within the restriction below.",
    CertificateStatus.SUSPENDED: "Suspended: not in force until the notified body reinstates it.",
    CertificateStatus.WITHDRAWN: "Withdrawn: the notified body has ended it.",
    CertificateStatus.EXPIRED: "Expired: its validity period has ended.",
}


def public_certificate(certificate: Certificate) -> dict:
    """What the public verification shows (page and API): live status, scope, parties.
    Contract: `GET /api/v1/public/certificates/{number}/`."""
    issuer, holder = certificate.issuer, certificate.organization
    changed = certificate.status_changed_at
    if certificate.status == CertificateStatus.VALID:
        changed = None
    return {
        "number": certificate.number,
        "status": certificate.status,
        "status_label": certificate.get_status_display(),
        "status_meaning": STATUS_MEANING[CertificateStatus(certificate.status)],
        "status_since": changed.isoformat() if changed else None,
        "restriction": certificate.restriction
        if certificate.status == CertificateStatus.RESTRICTED
        else "",
        "scope": {
            "subject_name": certificate.subject_name,
            "subject_version": certificate.subject_version,
            "intended_purpose": certificate.intended_purpose,
            "conditions": certificate.conditions,
            "procedure": "EU AI Act Annex VII (Art. 43, 44)",
            "validity_basis": certificate.get_validity_basis_display(),
        },
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
        "issuer": {
            "name": issuer.name,
            "identification_number": issuer.identification_number,
            "country": issuer.country,
        },
        "holder": {"name": holder.name, "country": holder.country},
        "supplements": certificate.supplements.number if certificate.supplements else None,
        "verification_url": verification_url(certificate),
        "checked_at": timezone.now().isoformat(),
    }


def declaration_for_verification(pk) -> DeclarationOfConformity | None:
    """A signed (or superseded) declaration; a draft is nobody's business."""
    return (
        DeclarationOfConformity.objects.select_related("organization", "ai_system", "certificate")
        .exclude(status=DeclarationStatus.DRAFT)
        .filter(pk=pk)
        .first()
    )


class PdfTooLarge(Exception):
    """An uploaded file larger than any document aigov issues (413)."""


def uploaded_pdf_sha256(upload) -> str:
    """The SHA-256 of a visitor's uploaded PDF, read in chunks and never stored. Checked
    by size and by content (a PDF starts with `%PDF-`), not by its name."""
    if upload is None:
        raise ValidationError({"file": "Choose the PDF you were given."})
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise PdfTooLarge(f"At most {settings.UPLOAD_MAX_BYTES} bytes.")
    digest = hashlib.sha256()
    first = b""
    for chunk in upload.chunks():
        first = first or chunk[:5]
        digest.update(chunk)
    if first != b"%PDF-":
        raise ValidationError({"file": "This is not a PDF."})
    return digest.hexdigest()


def issued_document(kind: str, obj, sha256: str) -> Document | None:
    """The document aigov issued for `obj` whose bytes have this SHA-256, if any: a
    tampered or foreign PDF has none. Public by design (it answers only yes or no)."""
    return (
        Document.objects.filter(kind=kind, object_id=obj.pk, sha256=sha256)
        .order_by("created_at")
        .first()
    )


def document_check(kind: str, obj, upload) -> dict:
    """The answer to "is this PDF one aigov issued for this object?"."""
    sha256 = uploaded_pdf_sha256(upload)
    document = issued_document(kind, obj, sha256)
    return {
        "matches": document is not None,
        "sha256": sha256,
        "issued_at": document.created_at.isoformat() if document else None,
        "language": document.language if document else None,
    }
