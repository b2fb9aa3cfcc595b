"""The EU high-risk filing's certificate fields (Annex VIII A points 8, 9) and its
declaration link (point 11) fill from the certificate and the signed declaration."""

import pytest

from assessments.certificates.services import (
    certificate_issue,
    declaration_draft,
    declaration_sign,
)
from registry.models import Filing
from registry.regimes import FILING_TYPES
from registry.services.filings import filing_context, prefill

pytestmark = pytest.mark.django_db


def test_a_new_high_risk_filing_knows_the_certificate_and_the_declaration(
    decided, lead, provider_admin, owner
):
    system = decided.ai_system
    certificate = certificate_issue(actor=lead, assessment=decided)
    declaration = declaration_draft(actor=provider_admin, ai_system=system)
    declaration_sign(
        actor=provider_admin,
        declaration=declaration,
        signer_name="Ada",
        signer_function="CEO",
        place="Berlin",
    )
    filing = Filing(organization=owner, filing_type="eu.high_risk", regime="eu", ai_system=system)
    context = filing_context(filing, {})
    context["classification"] = {
        **context["classification"],
        "eu": {**context["classification"].get("eu", {}), "conformity_procedure": "annex_vii"},
    }
    values = prefill(FILING_TYPES["eu.high_risk"], system, owner, context)
    assert certificate.number in values["certificate"]
    assert certificate.expires_on.isoformat() in values["certificate"]
    assert certificate.issuer.name in values["certificate"]
    assert values["certificate_copy"].endswith(f"/verify/{certificate.number}/")
    assert values["declaration_of_conformity"].endswith(f"/verify/declarations/{declaration.pk}/")
