"""Certificate and declaration actions in words, and links to their pages, for the
audit log."""

from django.urls import reverse

from aigov.audit.presenters import register_actions, register_object
from assessments.certificates.models import CERTIFICATE_TRANSITIONS

register_actions(
    {
        "certificate.issue": "Issued a certificate",
        "certificate.numbering": "Set the certificate number format",
        **{
            f"certificate.{verb}": f"{rule.label} (certificate)"
            for verb, rule in CERTIFICATE_TRANSITIONS.items()
        },
        "declaration.draft": "Drafted an EU declaration of conformity",
        "declaration.update": "Edited a draft EU declaration of conformity",
        "declaration.sign": "Signed an EU declaration of conformity",
    }
)
register_object(
    "certificates.certificate",
    "Certificate",
    lambda pk: reverse("certificate_detail", args=[pk]),
)
register_object(
    "certificates.declarationofconformity",
    "EU declaration of conformity",
    lambda pk: reverse("declaration_detail", args=[pk]),
)
