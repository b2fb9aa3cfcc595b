"""Every write of certificates and declarations of conformity."""

from assessments.certificates.services.certificates import (
    CERTIFICATE_WORKFLOW,
    IssueKind,
    certificate_issue,
    certificate_transition,
    certificates_expire,
    certificates_warn,
    numbering_set,
    validity_basis_of,
)
from assessments.certificates.services.declarations import (
    declaration_draft,
    declaration_sign,
    declaration_update,
    declaration_verify,
)

__all__ = [
    "CERTIFICATE_WORKFLOW",
    "IssueKind",
    "certificate_issue",
    "certificate_transition",
    "certificates_expire",
    "certificates_warn",
    "declaration_draft",
    "declaration_sign",
    "declaration_update",
    "declaration_verify",
    "numbering_set",
    "validity_basis_of",
]
