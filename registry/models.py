"""What operators register: AI systems and general-purpose AI models, with versions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils import timezone

from aigov.accounts.models import Authored, Created, TenantModel
from aigov.workflow import TimelineEvent
from aigov.workflow import Transition as WorkflowTransition


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


# The data sets an import reads, by the code stored in `GPAIModel.source`.
IMPORT_SOURCES = {"epoch": "Epoch AI"}

MODALITIES = ("text", "image", "audio", "video", "code", "biological_sequence", "tabular", "other")


class Subject(TenantModel, Authored):
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

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()

    @property
    def eu_tier(self) -> str | None:
        return (self.classification.get("eu") or {}).get("tier")

    @property
    def is_classified(self) -> bool:
        """False for an AI system saved before any question was answered."""
        return bool(self.classification)


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
    # Art. 52(4): the Commission's designation as a model with systemic risk, recorded by
    # the AI Office (`registry.services.model_designate`); read into the profile.
    designated_at = models.DateTimeField(null=True, blank=True)
    designation_reason = models.TextField(blank=True)
    # Where an imported row came from (e.g. "epoch"), for provenance and credit.
    source = models.CharField(max_length=32, blank=True)
    source_reference = models.URLField(max_length=500, blank=True)
    # Set only by an import (`registry.importing`): the model is reference data the
    # organisation chose to import from `source`, not a model it declared itself. When the
    # import last wrote it; null for a model the provider registered.
    imported_at = models.DateTimeField(null=True, blank=True)

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
    # `classification["eu"]["tier"]`, kept by the database: the regulator figures group
    # thousands of filings by it, which would otherwise decompress each ~4 KB classification.
    classified_tier = models.GeneratedField(
        expression=KeyTextTransform("tier", KeyTransform("eu", "classification")),
        output_field=models.CharField(max_length=32, null=True),
        db_persist=True,
    )

    class Meta(Subject.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="system_name_per_org")
        ]


class SubjectKind(models.TextChoices):
    AI_SYSTEM = "ai_system", "AI system"
    GPAI_MODEL = "gpai_model", "GPAI model"


class SubjectVersion(TenantModel, Created):
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

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id", "number"], name="one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind} {self.subject_id} v{self.number}"


class SubjectEvent(TenantModel):
    """A system's or model's history beyond its versions: a re-classification when a rule
    of the Act started to apply, or a Commission designation. Owned by the subject's
    organisation; written with its audit event."""

    class Kind(models.TextChoices):
        RECLASSIFIED = "reclassified", "Re-classified"
        DESIGNATED = "designated", "Designated (systemic risk)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_kind = models.CharField(max_length=16, choices=SubjectKind.choices)
    subject_id = models.UUIDField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    summary = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_kind", "subject_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.subject_kind} {self.subject_id}: {self.summary}"


class FilingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REGISTERED = "registered", "Registered"
    REJECTED = "rejected", "Rejected"
    SUSPENDED = "suspended", "Suspended"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Transition(models.TextChoices):
    SUBMIT = "submit", "Submit"
    START_REVIEW = "start_review", "Start review"
    REQUEST_CHANGES = "request_changes", "Request changes"
    ACCEPT = "accept", "Accept"
    REJECT = "reject", "Reject"
    SUSPEND = "suspend", "Suspend"
    REINSTATE = "reinstate", "Reinstate"
    WITHDRAW = "withdraw", "Withdraw"


_S = FilingStatus
# Filings waiting for the regulator's decision.
WAITING_STATUSES = (_S.SUBMITTED, _S.IN_REVIEW)
_T = Transition
_LABEL = dict(Transition.choices)
_OPERATOR, _AUTHORITY = frozenset({"operator"}), frozenset({"authority"})


def _rule(verb, sources, target, by, permission, needs_reason=False) -> WorkflowTransition:
    return WorkflowTransition(
        _LABEL[verb], frozenset(sources), target, by, permission, needs_reason
    )


# The filing workflow (DESIGN.md §5), the one table that buttons, API verbs and tests read
# (through `registry.services.filings.FILING_WORKFLOW`). Accepting at a stage that is not
# the last moves the filing on to the next stage's authority as `submitted` (CAC:
# provincial, then national) instead of registering it.
FILING_TRANSITIONS: dict[str, WorkflowTransition] = {
    _T.SUBMIT: _rule(
        _T.SUBMIT, {_S.DRAFT, _S.CHANGES_REQUESTED}, _S.SUBMITTED, _OPERATOR, "filings.edit"
    ),
    _T.START_REVIEW: _rule(
        _T.START_REVIEW, {_S.SUBMITTED}, _S.IN_REVIEW, _AUTHORITY, "filings.review"
    ),
    _T.REQUEST_CHANGES: _rule(
        _T.REQUEST_CHANGES, {_S.IN_REVIEW}, _S.CHANGES_REQUESTED, _AUTHORITY, "filings.review", True
    ),
    _T.ACCEPT: _rule(_T.ACCEPT, {_S.IN_REVIEW}, _S.REGISTERED, _AUTHORITY, "filings.review"),
    _T.REJECT: _rule(_T.REJECT, {_S.IN_REVIEW}, _S.REJECTED, _AUTHORITY, "filings.review", True),
    _T.SUSPEND: _rule(
        _T.SUSPEND, {_S.REGISTERED}, _S.SUSPENDED, _AUTHORITY, "filings.review", True
    ),
    _T.REINSTATE: _rule(_T.REINSTATE, {_S.SUSPENDED}, _S.REGISTERED, _AUTHORITY, "filings.review"),
    _T.WITHDRAW: _rule(
        _T.WITHDRAW,
        {_S.REGISTERED},
        _S.WITHDRAWN,
        _OPERATOR | _AUTHORITY,
        "filings.withdraw",
        True,
    ),
}
# Giving a waiting filing to a reviewer keeps its status; asked of the same kernel.
FILING_ASSIGN = WorkflowTransition(
    "Assign", frozenset(WAITING_STATUSES), None, _AUTHORITY, "filings.review"
)
# States in which the provider may still edit the field values.
EDITABLE_STATUSES = frozenset({_S.DRAFT, _S.CHANGES_REQUESTED})
# States in which another filing of the same type for the same subject may be started.
CLOSED_STATUSES = frozenset({_S.REJECTED, _S.WITHDRAWN})


class Filing(TenantModel, Authored):
    """One registration of one subject under one regime's filing type, or (EU Annex VIII
    Section C) a deployer's registration of its use of a registered provider entry."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filing_type = models.CharField(max_length=40, db_index=True)
    regime = models.CharField(max_length=8, db_index=True)
    ai_system = models.ForeignKey(
        AISystem, on_delete=models.PROTECT, null=True, blank=True, related_name="filings"
    )
    gpai_model = models.ForeignKey(
        GPAIModel, on_delete=models.PROTECT, null=True, blank=True, related_name="filings"
    )
    # Art. 49(3): the provider's registered entry whose use the filer (a deployer, another
    # organisation) registers; such a filing has no subject of its own.
    provider_filing = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="deployer_filings"
    )
    status = models.CharField(
        max_length=20, choices=FilingStatus.choices, default=FilingStatus.DRAFT, db_index=True
    )
    # Index into the filing type's review stages, and who reviews now (and before).
    stage = models.PositiveSmallIntegerField(default=0)
    authority = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_stage_authority = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The field values being prepared; each submission freezes a copy.
    data = models.JSONField(default=dict, blank=True)
    # Art. 49(4): kept out of the public register.
    non_public = models.BooleanField(default=False)
    registration_number = models.CharField(max_length=120, unique=True, null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The regulator's decision deadline, and the provider's deadline to file.
    decision_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    filing_due_at = models.DateTimeField(null=True, blank=True)
    last_reason = models.TextField(blank=True)
    # Frozen on registration: only the filing type's public fields, and their text for
    # the public register's full-text search.
    public_data = models.JSONField(default=dict, blank=True)
    search_document = models.TextField(blank=True)
    # The names as registered: a later rename does not rewrite the published entry.
    registered_provider = models.CharField(max_length=200, blank=True)
    registered_subject = models.CharField(max_length=200, blank=True)
    # The register's area of use as registered (FilingType.area, e.g. "eu.4"), a filter.
    registered_area = models.CharField(max_length=16, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="filing_has_one_subject",
                condition=(
                    models.Q(
                        ai_system__isnull=False,
                        gpai_model__isnull=True,
                        provider_filing__isnull=True,
                    )
                    | models.Q(
                        ai_system__isnull=True,
                        gpai_model__isnull=False,
                        provider_filing__isnull=True,
                    )
                    | models.Q(
                        ai_system__isnull=True,
                        gpai_model__isnull=True,
                        provider_filing__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["ai_system", "filing_type"],
                name="one_open_filing_per_system",
                condition=~models.Q(status__in=["rejected", "withdrawn"]),
            ),
            models.UniqueConstraint(
                fields=["gpai_model", "filing_type"],
                name="one_open_filing_per_model",
                condition=~models.Q(status__in=["rejected", "withdrawn"]),
            ),
            # Each deployer registers its use of one entry once (other deployers too).
            models.UniqueConstraint(
                fields=["organization", "provider_filing", "filing_type"],
                name="one_open_use_per_deployer",
                condition=~models.Q(status__in=["rejected", "withdrawn"]),
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "status", "decision_due_at"]),
            # The queue's cursor order, for every authority and page; and the same for
            # open work only, which the planner otherwise misjudges (benchmarks/).
            models.Index(fields=["authority", "decision_due_at", "id"]),
            models.Index(
                fields=["authority", "decision_due_at", "id"],
                name="filing_open_queue",
                condition=models.Q(status__in=["submitted", "in_review"]),
            ),
            models.Index(fields=["status", "non_public", "-registered_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.filing_type} {self.registration_number or self.id}"

    @classmethod
    def visibility_filter(cls, actor):
        """Operators see their own filings; an authority sees what was submitted to it
        (at any stage it reviewed), never drafts; assessors see none."""
        if actor.kind == "operator":
            return models.Q(organization=actor.organization)
        if actor.kind == "authority":
            routed = models.Q(authority=actor.organization) | models.Q(
                first_stage_authority=actor.organization
            )
            return routed & ~models.Q(status=FilingStatus.DRAFT)
        return models.Q(pk__in=[])

    @property
    def subject(self):
        """The system or model registered; for a deployer's use, the provider's system."""
        if self.provider_filing_id is not None:
            return self.provider_filing.subject
        return self.ai_system or self.gpai_model


class Submission(TenantModel):
    """Exactly what was sent on one submission: immutable, with its SHA-256."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    sha256 = models.CharField(max_length=64)
    # Field → {"before", "after"} against the previous submission (empty for the first).
    diff = models.JSONField(default=dict, blank=True)
    # The subject as it was when sent: {"version", "profile", "classification"}. What the
    # reviewer approves, even if the provider edits the system while the review runs.
    subject_snapshot = models.JSONField(default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "number"], name="one_submission_number")
        ]

    def __str__(self) -> str:
        return f"{self.filing_id} #{self.number}"

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(filing__in=Filing.objects.visible_to(actor).values("pk"))


class FilingEvent(TimelineEvent):
    """The filing's history as both sides see it: each transition, with its reason, at the
    review stage it was made at."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=20, choices=Transition.choices)
    from_status = models.CharField(max_length=20, choices=FilingStatus.choices)
    to_status = models.CharField(max_length=20, choices=FilingStatus.choices)
    stage = models.PositiveSmallIntegerField(default=0)
    timeline_of = "filing"

    class Meta(TimelineEvent.Meta):
        pass

    @classmethod
    def columns_for(cls, filing) -> dict:
        return {"filing": filing, "stage": filing.stage}

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_status} → {self.to_status}"

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(filing__in=Filing.objects.visible_to(actor).values("pk"))


class RegistrationCounter(models.Model):
    """The last sequence number issued under one number prefix (e.g. "EU-HR-2026")."""

    prefix = models.CharField(max_length=120, primary_key=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.value}"
