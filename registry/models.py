"""What operators register: AI systems and general-purpose AI models, with versions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from aigov.accounts.models import TenantModel


class MarketStatus(models.TextChoices):
    """Annex VIII Section A point 7."""

    ON_MARKET = "on_market", "On the market"
    IN_SERVICE = "in_service", "In service"
    WITHDRAWN = "withdrawn", "No longer on the market / in service"
    RECALLED = "recalled", "Recalled"


class ComputeMethod(models.TextChoices):
    DECLARED = "declared", "Declared by the provider"
    SIX_ND = "6ND", "Estimated as 6 x parameters x tokens"
    HARDWARE = "hardware", "Estimated from hardware and training time"


class Release(models.TextChoices):
    OPEN_WEIGHTS = "open_weights", "Open weights"
    API = "api", "API access"
    HOSTED = "hosted", "Hosted access (no API)"
    UNRELEASED = "unreleased", "Unreleased"


MODALITIES = ("text", "image", "audio", "video", "code", "biological_sequence", "tabular", "other")


class Subject(TenantModel):
    """What AI systems and GPAI models share: identity, profile, classification, version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    version = models.CharField(
        max_length=50, blank=True, help_text="The provider's own version label, e.g. 2.1."
    )
    # The classification questionnaire's answers (DESIGN.md §6) and the result they give.
    profile = models.JSONField(default=dict, blank=True)
    classification = models.JSONField(default=dict, blank=True)
    # Art. 22 (systems) and Art. 54 (GPAI models): a provider established outside the
    # Union names its authorised representative: {name, address, country, email}.
    authorised_representative = models.JSONField(default=dict, blank=True)
    # Counts substantial modifications; each one starts a new SubjectVersion.
    version_number = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()

    @property
    def eu_tier(self) -> str | None:
        return (self.classification.get("eu") or {}).get("tier")


class GPAIModel(Subject):
    """A general-purpose AI model (Art. 3(63)), with the Annex XI / XII facts."""

    parameters = models.BigIntegerField(null=True, blank=True)
    training_tokens = models.BigIntegerField(
        null=True, blank=True, help_text="Training data points or tokens."
    )
    training_compute_flop = models.FloatField(null=True, blank=True)
    compute_method = models.CharField(
        max_length=16, choices=ComputeMethod.choices, default=ComputeMethod.DECLARED
    )
    training_time_hours = models.FloatField(null=True, blank=True)
    energy_kwh = models.FloatField(null=True, blank=True)
    input_modalities = models.JSONField(default=list, blank=True)
    output_modalities = models.JSONField(default=list, blank=True)
    context_window = models.PositiveIntegerField(null=True, blank=True)
    release = models.CharField(max_length=16, choices=Release.choices, default=Release.UNRELEASED)
    licence = models.CharField(max_length=200, blank=True)
    eu_business_users = models.PositiveIntegerField(null=True, blank=True)
    eu_placement_date = models.DateField(null=True, blank=True)
    biological_sequence_data = models.BooleanField(
        default=False, help_text="Trained mainly on biological sequence data."
    )
    # Where an imported row came from (e.g. "epoch"), for provenance and credit.
    source = models.CharField(max_length=32, blank=True)
    source_reference = models.URLField(max_length=500, blank=True)

    class Meta(Subject.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="gpai_name_per_org")
        ]
        indexes = [models.Index(fields=["organization", "training_compute_flop"])]


class AISystem(Subject):
    """An AI system (Art. 3(1)) with the Annex VIII Section A facts."""

    trade_name = models.CharField(max_length=200, blank=True)
    intended_purpose = models.TextField()
    components_and_functions = models.TextField(blank=True)
    inputs_and_operating_logic = models.TextField(blank=True)
    market_status = models.CharField(
        max_length=16, choices=MarketStatus.choices, default=MarketStatus.IN_SERVICE
    )
    member_states = models.JSONField(default=list, blank=True)
    gpai_model = models.ForeignKey(
        GPAIModel, on_delete=models.SET_NULL, null=True, blank=True, related_name="systems"
    )
    url = models.URLField(max_length=500, blank=True)

    class Meta(Subject.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="system_name_per_org")
        ]


class SubjectKind(models.TextChoices):
    AI_SYSTEM = "ai_system", "AI system"
    GPAI_MODEL = "gpai_model", "GPAI model"


class SubjectVersion(TenantModel):
    """A snapshot of a system or model as of one version.

    The newest version follows minor edits; a substantial modification starts a new one,
    and every older version is never written again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_kind = models.CharField(max_length=16, choices=SubjectKind.choices)
    subject_id = models.UUIDField(db_index=True)
    number = models.PositiveIntegerField()
    data = models.JSONField()
    classification = models.JSONField(default=dict)
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id", "number"], name="one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind} {self.subject_id} v{self.number}"
