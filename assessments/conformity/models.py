"""Conformity assessments of one version of a registered system or model, and the
findings assessors record against the requirements in scope (DESIGN.md §8)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from aigov.accounts.models import TenantModel
from aigov.workflow import TimelineEvent
from aigov.workflow import Transition as WorkflowTransition
from registry.models import AISystem, Filing, GPAIModel


class Procedure(models.TextChoices):
    ANNEX_VI = "annex_vi", "Internal control by the provider (EU AI Act Annex VI)"
    ANNEX_VII = "annex_vii", "Assessment by a notified body (EU AI Act Annex VII)"
    CN_SECURITY_SELF_ASSESSMENT = (
        "cn_security_self_assessment",
        "Security self-assessment (CAC generative AI)",
    )
    US_CA_FRAMEWORK_REVIEW = "us_ca_framework_review", "Frontier AI framework review (SB 53)"


# Procedures carried out by a third party, which must be named on the request.
THIRD_PARTY_PROCEDURES = frozenset({Procedure.ANNEX_VII})


class AssessmentStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_PROGRESS = "in_progress", "In progress"
    INFORMATION_REQUESTED = "information_requested", "Information requested"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


class AssessmentVerb(models.TextChoices):
    ACCEPT = "accept", "Accept"
    DECLINE = "decline", "Decline"
    START = "start", "Start the assessment"
    REQUEST_INFORMATION = "request_information", "Request information"
    PROVIDE_INFORMATION = "provide_information", "Provide the information"
    DECIDE = "decide", "Record the decision"
    CLOSE = "close", "Close"


class Decision(models.TextChoices):
    CONFORMANT = "conformant", "Conformant"
    CONFORMANT_WITH_CONDITIONS = "conformant_with_conditions", "Conformant with conditions"
    NOT_CONFORMANT = "not_conformant", "Not conformant"


_S, _V = AssessmentStatus, AssessmentVerb
_ASSESSING = frozenset({"assessor", "operator"})  # the assessor; the provider for Annex VI
_PROVIDER = frozenset({"operator"})


def _rule(verb, sources, target, by, permission, needs_reason=False) -> WorkflowTransition:
    label = dict(AssessmentVerb.choices)[verb]
    return WorkflowTransition(label, frozenset(sources), target, by, permission, needs_reason)


# The assessment workflow (issue 10): requested → accepted / declined → in progress →
# information requested ↔ in progress → decided → closed. Who is "the assessor" for a
# given assessment (the assigned body, or the provider itself under internal control) is
# the workflow's party check in services.py.
ASSESSMENT_TRANSITIONS: dict[str, WorkflowTransition] = {
    _V.ACCEPT: _rule(_V.ACCEPT, {_S.REQUESTED}, _S.ACCEPTED, _ASSESSING, "assessments.assess"),
    _V.DECLINE: _rule(
        _V.DECLINE, {_S.REQUESTED}, _S.DECLINED, _ASSESSING, "assessments.assess", True
    ),
    _V.START: _rule(_V.START, {_S.ACCEPTED}, _S.IN_PROGRESS, _ASSESSING, "assessments.assess"),
    _V.REQUEST_INFORMATION: _rule(
        _V.REQUEST_INFORMATION,
        {_S.IN_PROGRESS},
        _S.INFORMATION_REQUESTED,
        _ASSESSING,
        "assessments.assess",
        True,
    ),
    _V.PROVIDE_INFORMATION: _rule(
        _V.PROVIDE_INFORMATION,
        {_S.INFORMATION_REQUESTED},
        _S.IN_PROGRESS,
        _PROVIDER,
        "assessments.request",
        True,
    ),
    _V.DECIDE: _rule(
        _V.DECIDE, {_S.IN_PROGRESS}, _S.DECIDED, _ASSESSING, "assessments.decide", True
    ),
    _V.CLOSE: _rule(_V.CLOSE, {_S.DECIDED}, _S.CLOSED, _ASSESSING, "assessments.decide"),
}
# Verbs only the provider uses, whoever assesses.
PROVIDER_VERBS = frozenset({_V.PROVIDE_INFORMATION})
# Assessments that still bind their assessor: an Annex VII application carries "a written
# declaration that the same application has not been lodged with any other notified body"
# (Annex VII points 3.1(f) and 4.2(b)).
OPEN_STATUSES = frozenset(
    {_S.REQUESTED, _S.ACCEPTED, _S.IN_PROGRESS, _S.INFORMATION_REQUESTED, _S.DECIDED}
)


class ConformityAssessment(TenantModel):
    """One assessment of one version of a system or model under one procedure; the
    organisation is the provider's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.CharField(max_length=40, choices=Procedure.choices)
    ai_system = models.ForeignKey(
        AISystem, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    gpai_model = models.ForeignKey(
        GPAIModel, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    subject_version = models.PositiveIntegerField(
        help_text="The subject's version number when the assessment was requested."
    )
    subject_name = models.CharField(max_length=200)
    # The classification of that version, which decided the requirements in scope.
    classification = models.JSONField(default=dict)
    requirements = models.JSONField(default=list, help_text="Requirement codes in scope.")
    assessor_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    not_lodged_elsewhere = models.BooleanField(default=False)
    status = models.CharField(
        max_length=24, choices=AssessmentStatus.choices, default=AssessmentStatus.REQUESTED
    )
    decision = models.CharField(max_length=32, choices=Decision.choices, blank=True)
    conditions = models.TextField(blank=True)
    last_reason = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ai_system__isnull=True) ^ models.Q(gpai_model__isnull=True),
                name="assessment_exactly_one_subject",
            ),
            # Annex VII points 3.1(f), 4.2(b): one open application per subject
            # version, enforced by the database.
            models.UniqueConstraint(
                fields=["ai_system", "subject_version"],
                condition=models.Q(procedure="annex_vii", status__in=sorted(OPEN_STATUSES)),
                name="one_open_annex_vii_per_system_version",
            ),
            models.UniqueConstraint(
                fields=["gpai_model", "subject_version"],
                condition=models.Q(procedure="annex_vii", status__in=sorted(OPEN_STATUSES)),
                name="one_open_annex_vii_per_model_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_procedure_display()}: {self.subject_name} v{self.subject_version}"

    @property
    def subject(self):
        return self.ai_system or self.gpai_model

    @classmethod
    def visibility_filter(cls, actor):
        """The provider sees its own; an assessor organisation sees what is assigned to it
        until it declines; an authority sees assessments of subjects filed with it."""
        if actor.kind == "operator":
            return models.Q(organization=actor.organization)
        if actor.kind == "assessor":
            return models.Q(assessor_organization=actor.organization) & ~models.Q(
                status=AssessmentStatus.DECLINED
            )
        filed = Filing.objects.visible_to(actor)
        return models.Q(ai_system__in=filed.values("ai_system")) | models.Q(
            gpai_model__in=filed.values("gpai_model")
        )


class AssessmentEvent(TimelineEvent):
    """The assessment's timeline as every party sees it: each transition, with its reason."""

    assessment = models.ForeignKey(
        ConformityAssessment, on_delete=models.CASCADE, related_name="events"
    )
    transition = models.CharField(max_length=24, choices=AssessmentVerb.choices)
    from_status = models.CharField(max_length=24, choices=AssessmentStatus.choices)
    to_status = models.CharField(max_length=24, choices=AssessmentStatus.choices)
    timeline_of = "assessment"

    class Meta(TimelineEvent.Meta):
        pass

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(assessment__in=ConformityAssessment.objects.visible_to(actor).values("pk"))


class Outcome(models.TextChoices):
    CONFORMANT = "conformant", "Conformant"
    MINOR_NC = "minor_nc", "Minor nonconformity"
    MAJOR_NC = "major_nc", "Major nonconformity"
    OBSERVATION = "observation", "Observation"


# Outcomes the provider must answer before the finding can be closed.
NONCONFORMITIES = frozenset({Outcome.MINOR_NC, Outcome.MAJOR_NC})


class FindingStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed, awaiting the lead assessor's review"
    RETURNED = "returned", "Returned by the lead assessor"
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered by the provider"
    CLOSED = "closed", "Closed"


# Findings the assessor organisation has not released (issue 10 item 5: "lead assessors
# review what assessors post before the decision"): only the assessor organisation sees
# them. A returned finding is withdrawn for good; the assessor records a corrected one.
UNRELEASED = frozenset({FindingStatus.PROPOSED, FindingStatus.RETURNED})


class Finding(TenantModel):
    """What an assessor found about one requirement; nonconformities are answered by the
    provider (corrective action) and closed by the assessor.

    A notified body's assessor (not its lead) proposes a finding; the lead releases it
    to the provider or returns it with a reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        ConformityAssessment, on_delete=models.PROTECT, related_name="findings"
    )
    requirement = models.CharField(max_length=60)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    narrative = models.TextField()
    evidence = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    response = models.TextField(blank=True)
    author_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The lead assessor's review of a proposed finding: when, by whom, and why returned.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def released(self) -> bool:
        return self.status not in UNRELEASED

    @classmethod
    def visibility_filter(cls, actor):
        """Findings of the assessments the actor sees; a finding not released by the lead
        assessor is seen by the assessor organisation only (never the provider, nor an
        authority)."""
        visible = models.Q(
            assessment__in=ConformityAssessment.objects.visible_to(actor).values("pk")
        )
        if actor.kind == "assessor":
            return visible
        return visible & ~models.Q(status__in=sorted(UNRELEASED))


class ChecklistRun(TenantModel):
    """One automated evaluation of an assessment's requirements, run as a Job on the
    `checks` queue. Every run is kept; new evidence starts a new one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        ConformityAssessment, on_delete=models.PROTECT, related_name="checklist_runs"
    )
    number = models.PositiveIntegerField()
    job = models.OneToOneField(
        "jobs.Job", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Counts by outcome once the run has finished, e.g. {"pass": 3, "fail": 1}.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="one_checklist_run_number"
            )
        ]

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(assessment__in=ConformityAssessment.objects.visible_to(actor).values("pk"))


class CheckOutcome(models.TextChoices):
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"
    # A platform heuristic flagged it (no rule of the law): a person looks at it.
    REVIEW = "review", "To review"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ChecklistResult(TenantModel):
    """The result of one automated requirement in one run, with the inputs it read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(ChecklistRun, on_delete=models.CASCADE, related_name="results")
    requirement = models.CharField(max_length=60)
    outcome = models.CharField(max_length=16, choices=CheckOutcome.choices)
    reason = models.TextField()
    inputs = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["requirement"]
        constraints = [
            # A re-run of the same job (redelivery, a killed worker) writes each row once.
            models.UniqueConstraint(fields=["run", "requirement"], name="one_result_per_check")
        ]

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(run__in=ChecklistRun.objects.visible_to(actor).values("pk"))


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    METRIC = "metric", "Metric result"


class EvidenceStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    QUARANTINED = "quarantined", "Quarantined"


class Evidence(TenantModel):
    """One uploaded document or metric result of an assessment, checked by its content.

    Evidence is versioned, never overwritten: another upload with the same title and
    requirement is version n+1. A quarantined file is kept for inspection but is never
    used or served as evidence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        ConformityAssessment, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    requirement = models.CharField(max_length=60, blank=True)
    version = models.PositiveIntegerField()
    original_filename = models.CharField(max_length=255, blank=True)
    # The type the content was found to be, never the declared one.
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # The file's name in the `evidence` storage; empty for a metric, kept in `metric`.
    storage_name = models.CharField(max_length=300, blank=True)
    metric = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=EvidenceStatus.choices)
    reason = models.TextField(blank=True)
    # The checklist run this upload started, if the assessment could run one.
    checklist_run = models.ForeignKey(
        ChecklistRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "title", "requirement", "version"],
                name="one_evidence_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def downloadable(self) -> bool:
        return self.status == EvidenceStatus.ACCEPTED

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(assessment__in=ConformityAssessment.objects.visible_to(actor).values("pk"))
