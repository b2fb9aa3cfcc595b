"""The filing receipt: a PDF for any registered filing (issue 11), registered as a
document kind when the app is ready."""

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from aigov.documents.kinds import DocumentKind, kind_register
from registry.models import Filing, FilingStatus
from registry.regimes import FILING_TYPES, regime_label
from registry.selectors import public_register


def receipt_unavailable(filing: Filing) -> str:
    if filing.status != FilingStatus.REGISTERED:
        return gettext("Only a registered filing has a receipt.")
    return ""


def receipt_version(filing: Filing) -> str:
    """A new registration (after a suspension, say) is a new receipt."""
    registered = filing.registered_at.isoformat() if filing.registered_at else ""
    return f"{filing.registration_number}@{registered}"


def receipt_url(filing: Filing) -> str:
    """The public register entry where the filing is public; otherwise the filing's page
    (which only those who may see the filing can open)."""
    if public_register().filter(pk=filing.pk).exists():
        return settings.SITE_URL + reverse("register_entry", args=[filing.pk])
    return settings.SITE_URL + reverse("filing_detail", args=[filing.pk])


def receipt_context(filing: Filing) -> dict:
    submission = filing.submissions.order_by("-number").first()
    snapshot = (submission.subject_snapshot or {}) if submission is not None else {}
    subject = filing.subject
    return {
        "filing": filing,
        "filing_type": FILING_TYPES[filing.filing_type],
        "regime": regime_label(filing.regime),
        "provider": filing.registered_provider or filing.organization.name,
        "subject_name": filing.registered_subject or (subject.name if subject else ""),
        "subject_label": getattr(subject, "version", "") or "",
        "subject_version": snapshot.get("version") or getattr(subject, "version_number", ""),
        "submission": submission,
    }


FILING_RECEIPT = kind_register(
    DocumentKind(
        code="filing_receipt",
        title=gettext_lazy("Filing receipt"),
        template="pdf/filing_receipt.html",
        model=Filing,
        unavailable_reason=receipt_unavailable,
        version=receipt_version,
        context=receipt_context,
        verification_url=receipt_url,
        filename=lambda filing: "receipt-" + slugify(filing.registration_number or str(filing.pk)),
        document_date=lambda filing: filing.registered_at,
        object_url=lambda filing: reverse("filing_detail", args=[filing.pk]),
        related=(
            "organization",
            "authority",
            "ai_system",
            "gpai_model",
            "provider_filing__ai_system",
            "provider_filing__gpai_model",
        ),
    )
)
