"""The certificate and the EU declaration of conformity as PDF document kinds (issue 11).

Registered when imported: `assessments.certificates.apps` imports this module in `ready`.
The buttons on the pages use `{% load documents %}{% document_button "certificate" obj %}`
(or `"declaration"`), which POSTs to `document_request`.
"""

from datetime import UTC, datetime, time

from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from aigov.documents.kinds import DocumentKind, kind_register
from assessments.certificates.annex_v import ANNEX_V_ITEMS
from assessments.certificates.models import (
    Certificate,
    CertificateStatus,
    DeclarationOfConformity,
    DeclarationStatus,
)
from assessments.certificates.selectors import (
    CERTIFICATE_KIND,
    DECLARATION_KIND,
    declaration_verification_url,
    verification_url,
)
from registry.models import Filing, FilingStatus


def _midnight(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


# --- Certificate


def certificate_version(certificate: Certificate) -> str:
    """A status change (suspension, restriction, withdrawal) is a new document; the
    certificate's scope never changes after issue."""
    changed = certificate.status_changed_at.isoformat() if certificate.status_changed_at else ""
    return f"{certificate.number}:{certificate.status}:{changed}"


def certificate_date(certificate: Certificate) -> datetime:
    return certificate.status_changed_at or _midnight(certificate.issued_on)


def holder_address(certificate: Certificate) -> str:
    """The provider's address as its EU registration gives it (Annex VIII A point 1:
    name, address and contact details); organisations keep no address of their own, so
    without a filing it is the holder's country."""
    filing = (
        Filing.objects.filter(ai_system=certificate.ai_system_id, regime="eu")
        .exclude(status=FilingStatus.DRAFT)
        .order_by("-submitted_at")
        .first()
    )
    given = str((filing.data or {}).get("provider") or "").strip() if filing else ""
    return given or certificate.organization.country


def certificate_context(certificate: Certificate) -> dict:
    holder = certificate.organization
    return {
        "certificate": certificate,
        "holder": holder,
        "holder_address": holder_address(certificate),
        "holder_identifiers": sorted((holder.identifiers or {}).items()),
        "issuer": certificate.issuer,
        "procedure": certificate.assessment.get_procedure_display(),
        "subject_label": certificate.ai_system.version,
        "not_valid": certificate.status != CertificateStatus.VALID,
    }


kind_register(
    DocumentKind(
        code=CERTIFICATE_KIND,
        title=gettext_lazy("Union technical documentation assessment certificate"),
        template="pdf/certificate.html",
        model=Certificate,
        unavailable_reason=lambda certificate: "",
        version=certificate_version,
        context=certificate_context,
        verification_url=verification_url,
        filename=lambda certificate: "certificate-" + slugify(certificate.number),
        document_date=certificate_date,
        related=("organization", "issuer", "assessment", "ai_system", "supplements", "renews"),
    )
)


# --- Declaration of conformity


def declaration_unavailable(declaration: DeclarationOfConformity) -> str:
    if declaration.status == DeclarationStatus.DRAFT:
        return gettext("A declaration has a PDF once it is signed.")
    return ""


def declaration_version(declaration: DeclarationOfConformity) -> str:
    """Signed content never changes; being superseded is shown, so it is a new version."""
    return f"v{declaration.version}:{declaration.status}"


def _text(value) -> str:
    """A content value as text: strings as they are, objects and lists one item a line."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_text(item)}" for key, item in value.items() if item)
    if isinstance(value, list | tuple):
        return "\n".join(_text(item) for item in value)
    return str(value)


def declaration_context(declaration: DeclarationOfConformity) -> dict:
    content = declaration.content or {}
    superseded_by = getattr(declaration, "superseded_by", None)
    return {
        "declaration": declaration,
        "items": [
            {"point": item.point, "label": item.label, "value": _text(content.get(item.key))}
            for item in ANNEX_V_ITEMS
        ],
        "signer_user": str(declaration.signer) if declaration.signer else "",
        "superseded_by": superseded_by,
    }


kind_register(
    DocumentKind(
        code=DECLARATION_KIND,
        title=gettext_lazy("EU declaration of conformity"),
        template="pdf/declaration.html",
        model=DeclarationOfConformity,
        unavailable_reason=declaration_unavailable,
        version=declaration_version,
        context=declaration_context,
        verification_url=declaration_verification_url,
        filename=lambda declaration: (
            f"declaration-{slugify(declaration.ai_system.name)}-v{declaration.version}"
        ),
        document_date=lambda declaration: declaration.signed_at or declaration.created_at,
        related=("organization", "ai_system", "signer", "certificate__issuer", "superseded_by"),
    )
)
