"""Evidence a provider files on an assessment: a document (its bytes checked by
`assessments.conformity.evidence`, stored in the private `evidence` storage) or a metric
result; versioned, never overwritten, each accepted one starting a new checklist run."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from aigov.audit.services import audit_record
from aigov.stored_files import removed_unless_recorded
from assessments.conformity import evidence as content
from assessments.conformity.models import (
    AssessmentStatus,
    ConformityAssessment,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
)
from assessments.conformity.services.assessments import (
    ASSESSMENT_WORKFLOW,
    RUNNABLE,
    checklist_run_start,
)

# Assessments evidence may still be added to: not once decided, declined or closed.
EVIDENCE_OPEN = frozenset(
    {
        AssessmentStatus.REQUESTED,
        AssessmentStatus.ACCEPTED,
        AssessmentStatus.IN_PROGRESS,
        AssessmentStatus.INFORMATION_REQUESTED,
    }
)
TITLE_MAX = 200


def _evidence_target(
    *, actor, assessment: ConformityAssessment, title: str, requirement: str, default_title: str
) -> tuple[ConformityAssessment, str, str]:
    """The locked assessment, and the title and requirement the evidence is filed under;
    only the provider adds evidence, while the assessment is open."""
    if not actor.can("assessments.request") or actor.organization.pk != assessment.organization_id:
        raise PermissionDenied("Only the provider's editors add evidence.")
    # Locked: two uploads of the same title must not both become version n+1.
    locked = ConformityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in EVIDENCE_OPEN:
        raise ASSESSMENT_WORKFLOW.conflict(locked, "add evidence to")
    title = (title or "").strip() or default_title.strip()
    requirement = (requirement or "").strip()
    errors = {}
    if not title:
        errors["title"] = "Give the evidence a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"At most {TITLE_MAX} characters."
    if requirement and requirement not in locked.requirements:
        errors["requirement"] = "Not a requirement in the scope of this assessment."
    if errors:
        raise ValidationError(errors)
    return locked, title[:TITLE_MAX], requirement


def _evidence_store(
    *, actor, assessment: ConformityAssessment, evidence: Evidence, data: bytes | None
) -> Evidence:
    """Number the evidence, keep its bytes (if a file), record it with its audit event and,
    if accepted, start a new checklist run where the assessment can run one."""
    last = (
        Evidence.objects.filter(
            assessment=assessment, title=evidence.title, requirement=evidence.requirement
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    evidence.version = (last or 0) + 1
    if data is not None:
        # Accepted and quarantined files never share a folder.
        folder = "accepted" if evidence.status == EvidenceStatus.ACCEPTED else "quarantine"
        name = f"{folder}/{assessment.organization_id}/{assessment.pk}/{evidence.pk}"
        evidence.storage_name = storages["evidence"].save(name, ContentFile(data))
    with removed_unless_recorded("evidence", evidence.storage_name), transaction.atomic():
        evidence.save(force_insert=True)
        audit_record(
            action=f"evidence.{'uploaded' if evidence.downloadable else 'quarantined'}",
            actor=actor,
            obj=evidence,
            data={
                "assessment": str(assessment.pk),
                "kind": evidence.kind,
                "title": evidence.title,
                "requirement": evidence.requirement or None,
                "version": evidence.version,
                "sha256": evidence.sha256,
                "content_type": evidence.content_type,
                "size": evidence.size,
                "status": evidence.status,
                "reason": evidence.reason[:500],
            },
        )
        if evidence.downloadable and assessment.status in RUNNABLE:
            evidence.checklist_run = checklist_run_start(actor=actor, assessment=assessment)
            evidence.save(update_fields=["checklist_run"])
    return evidence


@transaction.atomic
def evidence_upload(
    *, actor, assessment: ConformityAssessment, upload, title: str = "", requirement: str = ""
) -> Evidence:
    """The provider uploads a document. Its size and content decide, never its name or
    declared type: refused (ValidationError naming `file`; EvidenceTooLarge over the
    limit), quarantined (active content: kept, never served as evidence), or accepted
    (which starts a new checklist run)."""
    filename = PurePath((upload.name or "").replace("\\", "/")).name[:255]
    locked, title, requirement = _evidence_target(
        actor=actor,
        assessment=assessment,
        title=title,
        requirement=requirement,
        default_title=PurePath(filename).stem,
    )
    content.check_size(upload.size)
    data = upload.read(settings.EVIDENCE_MAX_BYTES + 1)
    found = content.inspect(data, filename)
    evidence = Evidence(
        organization=locked.organization,
        assessment=locked,
        kind=EvidenceKind.DOCUMENT,
        title=title,
        requirement=requirement,
        original_filename=filename,
        content_type=found.content_type,
        size=len(data),
        sha256=content.sha256_of(data),
        status=EvidenceStatus.ACCEPTED if found.accepted else EvidenceStatus.QUARANTINED,
        reason=found.quarantine or found.note,
        uploaded_by=actor.user,
    )
    return _evidence_store(actor=actor, assessment=locked, evidence=evidence, data=data)


@transaction.atomic
def evidence_record_metric(
    *, actor, assessment: ConformityAssessment, metric, title: str = "", requirement: str = ""
) -> Evidence:
    """The provider records a metric result (e.g. a refusal test) as validated JSON; it is
    hashed as its canonical JSON and starts a new checklist run like a document."""
    locked, title, requirement = _evidence_target(
        actor=actor,
        assessment=assessment,
        title=title,
        requirement=requirement,
        default_title=content.METRIC_TITLES.get(
            str(metric.get("name")) if isinstance(metric, dict) else "", "Metric result"
        ),
    )
    clean = content.validate_metric(metric)
    data = content.canonical(clean)
    evidence = Evidence(
        organization=locked.organization,
        assessment=locked,
        kind=EvidenceKind.METRIC,
        title=title,
        requirement=requirement,
        content_type=content.JSON,
        size=len(data),
        sha256=content.sha256_of(data),
        metric=clean,
        status=EvidenceStatus.ACCEPTED,
        uploaded_by=actor.user,
    )
    return _evidence_store(actor=actor, assessment=locked, evidence=evidence, data=None)
