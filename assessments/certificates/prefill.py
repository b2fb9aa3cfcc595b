"""What the certificates app knows of an EU high-risk filing (Annex VIII Section A):
point 8 (the notified body's certificate: type, number, expiry, body), point 9 (the
certificate, as its public verification link) and point 11 (the signed declaration)."""

from assessments.certificates.models import DeclarationOfConformity, DeclarationStatus
from assessments.certificates.selectors import declaration_verification_url, verification_url
from assessments.certificates.services.declarations import certificate_in_force
from registry.models import AISystem


def filing_values(subject) -> dict:
    """Known values for a new filing of `subject`; nothing for a GPAI model."""
    if not isinstance(subject, AISystem):
        return {}
    values = {}
    certificate = certificate_in_force(subject)
    if certificate is not None:
        issuer = certificate.issuer
        body = issuer.name + (
            f" (notified body {issuer.identification_number})"
            if issuer.identification_number
            else ""
        )
        values["certificate"] = (
            "Union technical documentation assessment certificate (Annex VII) "
            f"No {certificate.number}, valid until {certificate.expires_on.isoformat()}, "
            f"issued by {body}."
        )
        values["certificate_copy"] = verification_url(certificate)
    declaration = (
        DeclarationOfConformity.objects.filter(ai_system=subject, status=DeclarationStatus.SIGNED)
        .order_by("-version")
        .first()
    )
    if declaration is not None:
        values["declaration_of_conformity"] = declaration_verification_url(declaration)
    return values
