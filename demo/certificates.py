"""The demo's notified-body story: an Annex VII assessment of a biometric system decided
conformant, its certificate, the provider's signed declaration, and the high-risk filing
that names both, made through the services (`seed_demo` calls it; idempotent)."""

from assessments.certificates.models import Certificate
from assessments.certificates.services import (
    certificate_issue,
    declaration_draft,
    declaration_sign,
)
from assessments.conformity.services import assessment_request, assessment_transition
from registry.models import AISystem
from registry.services import filing_create, filing_submit, filing_update

SYSTEM = {
    "fields": {
        "name": "Aurora Branch Watch",
        "version": "2.0",
        "trade_name": "Aurora Branch Watch",
        "intended_purpose": "Remote biometric identification of persons on a bank's fraud "
        "watch list in branch camera footage, for review by branch security staff.",
        "components_and_functions": "Face detector; face embedding model; watch-list matcher.",
        "inputs_and_operating_logic": "Branch camera frames; matches faces against the "
        "bank's watch list and alerts staff above a similarity threshold.",
        "market_status": "in_service",
        "member_states": ["DE"],
    },
    # Annex III point 1(a) without harmonised standards: Annex VII (Art. 43(1)).
    "profile": {"annex_iii_point": "1(a)", "harmonised_standards": "none"},
}
FILING_DATA = {
    "instructions_for_use": "https://aurora-credit.example/ifu/branch-watch-2.0",
    "url": "https://aurora-credit.example/branch-watch",
}


def seed_certificate(organizations, actor_of, subject_create) -> int:
    """Everything of the story that is missing; how many records were added (the system
    if it was missing, then the assessment, certificate, declaration and filing)."""
    aurora = organizations["aurora-credit"]
    if Certificate.objects.filter(organization=aurora).exists():
        return 0
    system = AISystem.objects.filter(organization=aurora, name=SYSTEM["fields"]["name"]).first()
    added = 4
    if system is None:
        added += 1
        system = subject_create(
            model_class=AISystem,
            fields=SYSTEM["fields"],
            profile=SYSTEM["profile"],
            organization=aurora,
        )
    provider = actor_of("provider@demo.aigov.test", aurora)
    body = organizations["demo-notified-body"]
    lead = actor_of("assessor@demo.aigov.test", body)
    assessment = assessment_request(
        actor=provider,
        subject=system,
        procedure="annex_vii",
        assessor_organization=body,
        not_lodged_elsewhere=True,
    )
    for verb in ("accept", "start"):
        assessment_transition(actor=lead, assessment=assessment, verb=verb)
    assessment_transition(
        actor=lead,
        assessment=assessment,
        verb="decide",
        decision="conformant",
        reason="The quality management system and the technical documentation meet the "
        "requirements of Chapter III, Section 2.",
    )
    certificate_issue(actor=lead, assessment=assessment)
    declaration = declaration_draft(actor=provider, ai_system=system)
    declaration_sign(
        actor=provider,
        declaration=declaration,
        signer_name="Petra Provider",
        signer_function="Managing director",
        place="Frankfurt am Main",
    )
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    filing = filing_update(actor=provider, filing=filing, data={**filing.data, **FILING_DATA})
    filing_submit(actor=provider, filing=filing)
    return added
