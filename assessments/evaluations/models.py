"""Capability and safety evaluations of GPAI models (DESIGN.md §8, issue 12 point 4):
posted by an evaluation institute, optionally with an Inspect eval log kept as hashed
evidence, linked to the model's Art. 55 requirements. Immutable once posted: a correction
is a new evaluation that supersedes the old one."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from aigov.accounts.models import OrganizationKind, TenantModel
from registry.models import GPAIModel

# The authority that sees every evaluation (Art. 55: the AI Office supervises GPAI models
# with systemic risk).
AI_OFFICE = "eu-ai-office"


class Domain(models.TextChoices):
    CBRN = "cbrn", "Chemical, biological, radiological and nuclear (CBRN)"
    CYBER = "cyber", "Cyber offence"
    AUTONOMY = "autonomy", "Autonomy"
    PERSUASION = "persuasion", "Persuasion and manipulation"
    OTHER = "other", "Other"


class Framework(models.TextChoices):
    NONE = "none", "No framework"
    ANTHROPIC_RSP = "anthropic_rsp", "Anthropic Responsible Scaling Policy (AI Safety Levels)"
    OPENAI_PREPAREDNESS = "openai_preparedness", "OpenAI Preparedness Framework"
    OTHER = "other", "Another framework (named)"


# The levels each named framework uses (REGULATION.md, "UK and lab frameworks"). Only the
# labels: what reaching a level means is the framework's own text, not decided here.
FRAMEWORK_LEVELS: dict[str, tuple[tuple[str, str], ...]] = {
    Framework.ANTHROPIC_RSP: (
        ("asl-1", "ASL-1"),
        ("asl-2", "ASL-2"),
        ("asl-3", "ASL-3"),
        ("asl-4", "ASL-4"),
    ),
    Framework.OPENAI_PREPAREDNESS: (
        ("low", "Low"),
        ("medium", "Medium"),
        ("high", "High"),
        ("critical", "Critical"),
    ),
}


class Mitigation(models.TextChoices):
    PRE = "pre", "Pre-mitigation"
    POST = "post", "Post-mitigation"


class LogFormat(models.TextChoices):
    JSON = "json", "Inspect log (.json)"
    EVAL = "eval", "Inspect log (.eval)"


class Evaluation(TenantModel):
    """One evaluation of one GPAI model version by an evaluation institute; the
    organisation is the model's provider. Seen by the provider, the evaluator that posted
    it and the AI Office, by nobody else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluator = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    gpai_model = models.ForeignKey(GPAIModel, on_delete=models.PROTECT, related_name="evaluations")
    # The model as it was when the evaluation was posted (a later substantial
    # modification starts a new version; this one stays what was evaluated).
    model_name = models.CharField(max_length=200)
    model_version = models.CharField(max_length=50, blank=True)
    model_version_number = models.PositiveIntegerField()
    domain = models.CharField(max_length=16, choices=Domain.choices)
    framework = models.CharField(max_length=24, choices=Framework.choices, default=Framework.NONE)
    framework_name = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=100, blank=True)
    mitigation = models.CharField(max_length=8, choices=Mitigation.choices)
    result = models.CharField(max_length=300)
    summary = models.TextField()
    # Requirement codes of the catalogues (Art. 55 of the EU AI Act) it is evidence for.
    requirements = models.JSONField(default=list, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    # The Inspect log, if one was uploaded: what its header says, its bytes' SHA-256 and
    # where they are kept in the private `evidence` storage.
    log_facts = models.JSONField(null=True, blank=True)
    log_format = models.CharField(max_length=8, choices=LogFormat.choices, blank=True)
    log_filename = models.CharField(max_length=255, blank=True)
    log_size = models.PositiveBigIntegerField(null=True, blank=True)
    log_sha256 = models.CharField(max_length=64, blank=True)
    log_storage_name = models.CharField(max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["gpai_model", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} evaluation of {self.model_name}"

    @property
    def has_log(self) -> bool:
        return bool(self.log_storage_name)

    @property
    def level_label(self) -> str:
        return dict(FRAMEWORK_LEVELS.get(self.framework, ())).get(self.level, self.level)

    @property
    def framework_label(self) -> str:
        if self.framework == Framework.OTHER:
            return self.framework_name
        return "" if self.framework == Framework.NONE else self.get_framework_display()

    @classmethod
    def visibility_filter(cls, actor):
        """The provider, the evaluator that posted it, and the AI Office; nobody else."""
        organization = actor.organization
        if actor.kind == OrganizationKind.OPERATOR:
            return models.Q(organization=organization)
        if actor.kind == OrganizationKind.ASSESSOR:
            return models.Q(evaluator=organization)
        if actor.kind == OrganizationKind.AUTHORITY and organization.authority_code == AI_OFFICE:
            return models.Q()
        return models.Q(pk__in=[])
