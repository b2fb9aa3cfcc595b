"""Conformity assessments: requesting one, moving it along its workflow on the kernel
(`aigov.workflow`), the findings assessors record and providers answer, and checklist
runs.

Every function checks the actor, changes rows with a compare-and-set and writes its audit
event in the same transaction.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from aigov.accounts.models import Organization, OrganizationKind
from aigov.audit.services import audit_record
from aigov.exceptions import StateConflict
from aigov.jobs.services import job_create
from aigov.workflow import Workflow, compare_and_set
from assessments.catalogues.catalogue import requirements_for
from assessments.conformity.models import (
    ASSESSMENT_TRANSITIONS,
    NONCONFORMITIES,
    PROVIDER_VERBS,
    THIRD_PARTY_PROCEDURES,
    AssessmentEvent,
    AssessmentStatus,
    AssessmentVerb,
    ChecklistRun,
    ConformityAssessment,
    Decision,
    Evidence,
    EvidenceStatus,
    Finding,
    FindingStatus,
    Outcome,
    Procedure,
)
from registry.models import AISystem

# Which catalogues each procedure assesses: Annex VI / VII the high-risk requirements
# (Art. 43) with the registration data the checklist checks; the CAC self-assessment the
# security requirements; the SB 53 review the framework. Deployer, transparency, filing
# and labelling duties are not what these procedures assess.
PROCEDURE_CATALOGUES: dict[str, tuple[str, ...]] = {
    Procedure.ANNEX_VI: ("eu.high_risk", "eu.registration"),
    Procedure.ANNEX_VII: ("eu.high_risk", "eu.registration"),
    Procedure.CN_SECURITY_SELF_ASSESSMENT: ("cn.genai_security",),
    Procedure.US_CA_FRAMEWORK_REVIEW: ("us_ca.sb53",),
}


def procedures_for(classification: dict, subject_is_system: bool) -> list[str]:
    """The procedures the classification makes available to a subject (REGULATION.md,
    Art. 43: Annex III point 1 with harmonised standards fully applied may choose; other
    points Annex VI; otherwise Annex VII), CAC's security self-assessment where the
    Interim Measures ask for one, and SB 53's framework for a large frontier developer."""
    eu = classification.get("eu") or {}
    cn = classification.get("cn") or {}
    us_ca = classification.get("us_ca") or {}
    found: list[str] = []
    procedure = eu.get("conformity_procedure") if subject_is_system else None
    if procedure in ("annex_vi", "annex_vi_or_vii"):
        found.append(Procedure.ANNEX_VI)
    if procedure in ("annex_vii", "annex_vi_or_vii"):
        found.append(Procedure.ANNEX_VII)
    if cn.get("security_assessment"):
        found.append(Procedure.CN_SECURITY_SELF_ASSESSMENT)
    if "us_ca.framework" in (us_ca.get("obligations") or []):
        found.append(Procedure.US_CA_FRAMEWORK_REVIEW)
    return found


def requirements_in_scope(classification: dict, procedure: str) -> list[str]:
    """The codes of the requirements the procedure checks for this classification."""
    scope = PROCEDURE_CATALOGUES[procedure]
    return [r.code for r in requirements_for(classification) if r.catalogue in scope]


def _assesses(actor, assessment: ConformityAssessment) -> bool:
    """Whether the actor's organisation is the one that assesses: the assigned body, or
    the provider itself where the procedure has no third party."""
    if assessment.assessor_organization_id is not None:
        return actor.organization.pk == assessment.assessor_organization_id
    return actor.organization.pk == assessment.organization_id


def _party(actor, assessment: ConformityAssessment, verb: str) -> str | None:
    """Who takes part: the provider answers; the assessing organisation does the rest."""
    if verb in PROVIDER_VERBS:
        if actor.organization.pk != assessment.organization_id:
            return "Only the provider answers."
        return None
    if not _assesses(actor, assessment):
        return "Only the organisation carrying out the assessment does this."
    return None


ASSESSMENT_WORKFLOW = Workflow(
    name="assessment",
    model=ConformityAssessment,
    transitions=ASSESSMENT_TRANSITIONS,
    party=_party,
    timeline=AssessmentEvent,
)


def _subject_refs(subject) -> dict:
    return {"ai_system": subject} if isinstance(subject, AISystem) else {"gpai_model": subject}


@transaction.atomic
def assessment_request(
    *,
    actor,
    subject,
    procedure: str,
    assessor_organization: Organization | None = None,
    not_lodged_elsewhere: bool = False,
) -> ConformityAssessment:
    """The provider asks for an assessment of the current version of its system or model.

    A third-party procedure names the assessor organisation and declares the application
    is not lodged with another body; one without a third party starts in progress, the
    provider assessing itself.
    """
    if not actor.can("assessments.request") or actor.organization.pk != subject.organization_id:
        raise PermissionDenied("Only the provider's editors request an assessment.")
    classification = subject.classification or {}
    available = procedures_for(classification, isinstance(subject, AISystem))
    if procedure not in available:
        raise ValidationError(
            {"procedure": "The classification of this subject does not call for this procedure."}
        )
    third_party = procedure in THIRD_PARTY_PROCEDURES
    if third_party:
        if assessor_organization is None or assessor_organization.kind != OrganizationKind.ASSESSOR:
            raise ValidationError({"assessor_organization": "Name the notified body."})
        if not not_lodged_elsewhere:
            raise ValidationError(
                {
                    "not_lodged_elsewhere": "Declare that the same application has not been "
                    "lodged with any other notified body (Annex VII 3.1(f), 4.2(b))."
                }
            )
    elif assessor_organization is not None:
        raise ValidationError(
            {"assessor_organization": "This procedure is carried out by the provider itself."}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            assessment = ConformityAssessment.objects.create(
                organization=actor.organization,
                procedure=procedure,
                **_subject_refs(subject),
                subject_version=subject.version_number,
                subject_name=subject.name,
                classification=classification,
                requirements=requirements_in_scope(classification, procedure),
                assessor_organization=assessor_organization if third_party else None,
                not_lodged_elsewhere=not_lodged_elsewhere if third_party else False,
                # Internal control has nobody to accept it: the provider is assessing.
                status=AssessmentStatus.REQUESTED if third_party else AssessmentStatus.IN_PROGRESS,
                requested_at=now,
                updated_at=now,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "procedure": "An Annex VII application for this version is already open with "
                "a notified body."
            }
        ) from None
    audit_record(
        action="assessment.requested",
        actor=actor,
        obj=assessment,
        data={
            "procedure": procedure,
            "subject": str(subject.pk),
            "version": subject.version_number,
            "assessor": assessor_organization.slug if assessor_organization else None,
        },
    )
    return assessment


@transaction.atomic
def assessment_transition(
    *,
    actor,
    assessment: ConformityAssessment,
    verb: str,
    reason: str = "",
    decision: str = "",
    conditions: str = "",
) -> ConformityAssessment:
    """Move an assessment along its workflow; a decision names its outcome, and a
    decision while a nonconformity is still open is refused."""
    reason = ASSESSMENT_WORKFLOW.check(actor, assessment, verb, reason)
    now = timezone.now()
    changes: dict = {"updated_at": now, "last_reason": reason}
    if verb == AssessmentVerb.DECIDE:
        # Locked: no finding may be proposed between this check and the decision.
        ConformityAssessment.objects.select_for_update().get(pk=assessment.pk)
        proposed = list(assessment.findings.filter(status=FindingStatus.PROPOSED))
        if proposed:
            raise FindingsUnderReview(proposed)
        if decision not in Decision.values:
            raise ValidationError({"decision": f"One of: {', '.join(Decision.values)}."})
        conditions = conditions.strip()
        if decision == Decision.CONFORMANT_WITH_CONDITIONS and not conditions:
            raise ValidationError({"conditions": "Name the conditions."})
        open_nc = assessment.findings.filter(
            outcome__in=NONCONFORMITIES, status__in=[FindingStatus.OPEN, FindingStatus.ANSWERED]
        )
        if decision != Decision.NOT_CONFORMANT and open_nc.exists():
            raise ValidationError(
                {"decision": "Close every nonconformity before deciding the system conforms."}
            )
        changes.update(decision=decision, conditions=conditions, decided_at=now)
    ASSESSMENT_WORKFLOW.move(
        actor=actor,
        obj=assessment,
        verb=verb,
        reason=reason,
        changes=changes,
        audit_data={"reason": reason[:500], "decision": decision or None},
        now=now,
    )
    return assessment


class FindingsUnderReview(StateConflict):
    """A decision while findings still await the lead assessor's review (409)."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        named = "; ".join(f"{f.requirement} ({f.pk})" for f in findings)
        super().__init__(
            "Release or return the proposed findings before the decision: " + named + "."
        )


def _finding_party(actor, assessment: ConformityAssessment) -> None:
    if not actor.can("assessments.assess") or not _assesses(actor, assessment):
        raise PermissionDenied("Only the organisation carrying out the assessment does this.")


def _review_party(actor, assessment: ConformityAssessment) -> None:
    if (
        not actor.can("assessments.review")
        or assessment.assessor_organization_id is None
        or actor.organization.pk != assessment.assessor_organization_id
    ):
        raise PermissionDenied("Only a lead assessor of the notified body reviews findings.")


def _released_status(outcome: str) -> str:
    """A released nonconformity awaits the provider's answer; a conformant finding or an
    observation asks nothing of it."""
    return FindingStatus.OPEN if outcome in NONCONFORMITIES else FindingStatus.CLOSED


@transaction.atomic
def finding_create(
    *,
    actor,
    assessment: ConformityAssessment,
    requirement: str,
    outcome: str,
    narrative: str,
    evidence: list[str] | None = None,
) -> Finding:
    """An assessor's finding on one requirement in scope, while the assessment runs.

    A notified body's assessor proposes it (its lead releases or returns it); what a lead
    posts, or the provider under internal control, is released at once."""
    _finding_party(actor, assessment)
    locked = ConformityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in (AssessmentStatus.IN_PROGRESS, AssessmentStatus.INFORMATION_REQUESTED):
        raise ASSESSMENT_WORKFLOW.conflict(locked, "record a finding on")
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = f"One of: {', '.join(Outcome.values)}."
    if requirement not in locked.requirements:
        errors["requirement"] = "Not a requirement in the scope of this assessment."
    if not narrative.strip():
        errors["narrative"] = "Say what was found."
    references, problem = _evidence_references(locked, evidence or [])
    if problem:
        errors["evidence"] = problem
    if errors:
        raise ValidationError(errors)
    proposed = locked.assessor_organization_id is not None and not actor.can("assessments.review")
    finding = Finding.objects.create(
        organization=locked.organization,
        assessment=locked,
        requirement=requirement,
        outcome=outcome,
        narrative=narrative.strip(),
        evidence=references,
        status=FindingStatus.PROPOSED if proposed else _released_status(outcome),
        author_organization=actor.organization,
        author=actor.user,
    )
    audit_record(
        action="finding.proposed" if proposed else "finding.created",
        actor=actor,
        obj=finding,
        data={"assessment": str(locked.pk), "requirement": requirement, "outcome": outcome},
    )
    return finding


@transaction.atomic
def finding_release(*, actor, finding: Finding) -> Finding:
    """The lead assessor releases a proposed finding to the provider."""
    _review_party(actor, finding.assessment)
    changes = {
        "status": _released_status(finding.outcome),
        "reviewed_at": timezone.now(),
        "reviewed_by": actor.user,
    }
    compare_and_set(finding, "release", changes, sources=[FindingStatus.PROPOSED])
    finding.refresh_from_db()
    audit_record(action="finding.released", actor=actor, obj=finding, data={})
    return finding


@transaction.atomic
def finding_return(*, actor, finding: Finding, reason: str) -> Finding:
    """The lead assessor returns a proposed finding with the reason. It is withdrawn,
    never shown to the provider; the assessor records a corrected finding instead."""
    _review_party(actor, finding.assessment)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the finding is returned."})
    changes = {
        "status": FindingStatus.RETURNED,
        "return_reason": reason,
        "reviewed_at": timezone.now(),
        "reviewed_by": actor.user,
    }
    compare_and_set(finding, "return", changes, sources=[FindingStatus.PROPOSED])
    finding.refresh_from_db()
    audit_record(action="finding.returned", actor=actor, obj=finding, data={"reason": reason[:500]})
    return finding


def _evidence_references(assessment: ConformityAssessment, ids: list[str]) -> tuple[list[str], str]:
    """The ids a finding cites, each of accepted evidence of this assessment (a
    quarantined file is no evidence), or why not."""
    try:
        wanted = list(dict.fromkeys(str(uuid.UUID(str(value))) for value in ids))
    except ValueError:
        return [], "Evidence ids (UUIDs) of this assessment."
    found = {
        str(pk)
        for pk in Evidence.objects.filter(
            assessment=assessment, pk__in=wanted, status=EvidenceStatus.ACCEPTED
        ).values_list("pk", flat=True)
    }
    missing = [value for value in wanted if value not in found]
    if missing:
        return [], f"Not accepted evidence of this assessment: {', '.join(missing)}."
    return wanted, ""


@transaction.atomic
def finding_answer(*, actor, finding: Finding, response: str) -> Finding:
    """The provider answers a nonconformity with its corrective action."""
    if not actor.can("assessments.request") or actor.organization.pk != finding.organization_id:
        raise PermissionDenied("Only the provider answers a finding.")
    response = response.strip()
    if not response:
        raise ValidationError({"response": "Describe the corrective action taken."})
    changes = {
        "status": FindingStatus.ANSWERED,
        "response": response,
        "answered_at": timezone.now(),
    }
    compare_and_set(
        finding, "answer", changes, sources=[FindingStatus.OPEN, FindingStatus.ANSWERED]
    )
    finding.refresh_from_db()
    audit_record(action="finding.answered", actor=actor, obj=finding, data={})
    return finding


@transaction.atomic
def finding_close(*, actor, finding: Finding) -> Finding:
    """The assessor accepts the provider's corrective action."""
    _finding_party(actor, finding.assessment)
    changes = {"status": FindingStatus.CLOSED, "closed_at": timezone.now()}
    compare_and_set(finding, "close", changes, sources=[FindingStatus.ANSWERED])
    finding.refresh_from_db()
    audit_record(action="finding.closed", actor=actor, obj=finding, data={})
    return finding


# Assessments a checklist can still run for (a declined or closed one is over).
RUNNABLE = frozenset(
    {
        AssessmentStatus.ACCEPTED,
        AssessmentStatus.IN_PROGRESS,
        AssessmentStatus.INFORMATION_REQUESTED,
    }
)


@transaction.atomic
def checklist_run_start(*, actor, assessment: ConformityAssessment) -> ChecklistRun:
    """Start an automated checklist run of the assessment as a Job on the `checks` queue.
    The provider or the assessing organisation may start one; every run is kept."""
    provider = actor.organization.pk == assessment.organization_id and actor.can(
        "assessments.request"
    )
    assessing = actor.can("assessments.assess") and _assesses(actor, assessment)
    if not (provider or assessing):
        raise PermissionDenied("Only the provider or the assessor starts a checklist run.")
    locked = ConformityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in RUNNABLE:
        raise ASSESSMENT_WORKFLOW.conflict(locked, "run the checklist of")
    last = locked.checklist_runs.order_by("-number").values_list("number", flat=True).first()
    run = ChecklistRun.objects.create(
        organization=locked.organization,
        assessment=locked,
        number=(last or 0) + 1,
        requested_by=actor.user,
    )
    run.job = job_create(
        organization=locked.organization,
        kind="conformity.checklist_run",
        params={"run": str(run.pk)},
        created_by=actor.user,
    )
    run.save(update_fields=["job"])
    audit_record(
        action="checklist_run.started",
        actor=actor,
        obj=run,
        data={"assessment": str(locked.pk), "number": run.number},
    )
    return run
