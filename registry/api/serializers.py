import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aigov.api.serializers import StrictSerializerMixin, instant, person_seen_by
from aigov.workflow import Workflow
from registry.compute import compute_check
from registry.models import (
    MODALITIES,
    AISystem,
    Filing,
    FilingEvent,
    GPAIModel,
    SubjectVersion,
    Submission,
)
from registry.plausibility import TEXT_LIMITS
from registry.regimes import FILING_TYPES
from registry.selectors import filing_values_for, is_overdue, running_deadline
from registry.services import MODEL_FIELDS, SYSTEM_FIELDS


class RepresentativeSerializer(StrictSerializerMixin, serializers.Serializer):
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=500)
    country = serializers.CharField(max_length=2)
    email = serializers.EmailField()


class SubjectSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    """Shared by systems and models: profile in, classification out, version control."""

    profile = serializers.DictField(
        required=False,
        help_text="The questionnaire answers (DESIGN.md §6). An AI system created or left "
        "without answers is not classified: `classified` is false and `classification` {}.",
    )
    classification = serializers.JSONField(read_only=True)
    classified = serializers.BooleanField(
        source="is_classified",
        read_only=True,
        help_text="False for an AI system whose questionnaire has no answer yet.",
    )
    authorised_representative = serializers.JSONField(required=False)
    substantial_modification = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="True starts a new version and keeps the previous one readable.",
    )
    modification_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=500
    )

    def validate_authorised_representative(self, value):
        if value in (None, {}):
            return {}
        if not isinstance(value, dict):
            raise serializers.ValidationError("Expected an object.")
        representative = RepresentativeSerializer(data=value)
        representative.is_valid(raise_exception=True)
        return dict(representative.validated_data)

    COMMON = [
        "id",
        "profile",
        "classification",
        "classified",
        "version_number",
        "created_at",
        "updated_at",
        "substantial_modification",
        "modification_reason",
    ]


# --- Lean list rows of systems and models -------------------------------------------------
# A list page is 50 systems or models; their serializers run some 30 DRF fields per row on
# a model instance each. The lists build the same JSON straight from `.values()` rows with
# the builders below, one next to each serializer (tests/registry/test_lean_rows.py).

SUBJECT_ROW_COLUMNS = (
    "id", "profile", "classification", "version_number", "created_at", "updated_at",
)  # fmt: skip


def _subject_row(row: dict) -> dict:
    """SubjectSerializer's shared output fields (COMMON, without the write-only ones)."""
    return {
        "id": str(row["id"]),
        "profile": row["profile"],
        "classification": row["classification"],
        "classified": bool(row["classification"]),
        "version_number": row["version_number"],
        "created_at": instant(row["created_at"]),
        "updated_at": instant(row["updated_at"]),
    }


class AISystemSerializer(SubjectSerializer):
    gpai_model = serializers.PrimaryKeyRelatedField(
        queryset=GPAIModel.objects.none(), required=False, allow_null=True
    )
    member_states = serializers.ListField(child=serializers.CharField(max_length=2), required=False)

    class Meta:
        model = AISystem
        fields = [*SubjectSerializer.COMMON, *SYSTEM_FIELDS]
        read_only_fields = ["id", "version_number", "created_at", "updated_at"]
        # The limits of the long texts, the same the browser form shows.
        extra_kwargs = {name: {"max_length": limit} for name, limit in TEXT_LIMITS.items()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            # A system can build only on a model the actor can see.
            self.fields["gpai_model"].queryset = GPAIModel.objects.visible_to(actor)


AI_SYSTEM_ROW_COLUMNS = (
    *SUBJECT_ROW_COLUMNS, "name", "version", "trade_name", "intended_purpose",
    "components_and_functions", "inputs_and_operating_logic", "market_status", "member_states",
    "gpai_model_id", "url", "authorised_representative",
)  # fmt: skip


def ai_system_row(row: dict) -> dict:
    """AISystemSerializer's representation of a `.values(*AI_SYSTEM_ROW_COLUMNS)` row."""
    model_id = row["gpai_model_id"]
    return {
        **_subject_row(row),
        "name": row["name"],
        "version": row["version"],
        "trade_name": row["trade_name"],
        "intended_purpose": row["intended_purpose"],
        "components_and_functions": row["components_and_functions"],
        "inputs_and_operating_logic": row["inputs_and_operating_logic"],
        "market_status": row["market_status"],
        "member_states": row["member_states"],
        "gpai_model": None if model_id is None else str(model_id),
        "url": row["url"],
        "authorised_representative": row["authorised_representative"],
    }


class GPAIModelSerializer(SubjectSerializer):
    input_modalities = serializers.ListField(
        child=serializers.ChoiceField(choices=MODALITIES), required=False
    )
    output_modalities = serializers.ListField(
        child=serializers.ChoiceField(choices=MODALITIES), required=False
    )
    training_compute_flop = serializers.FloatField(required=False, allow_null=True, min_value=0)
    compute_check = serializers.SerializerMethodField()
    # An address, or "" for a model entered by hand: not always a URI.
    source_reference = serializers.CharField(read_only=True)

    class Meta:
        model = GPAIModel
        fields = [
            *SubjectSerializer.COMMON,
            *MODEL_FIELDS,
            "designated_at",
            "designation_reason",
            "imported_at",
            "compute_check",
        ]
        read_only_fields = [
            "id",
            "version_number",
            "created_at",
            "updated_at",
            "source",
            "source_reference",
            # Set by an import only: imported reference data, not a declared model.
            "imported_at",
            # Recorded by the AI Office (POST filings/{id}/designate-systemic-risk/).
            "designated_at",
            "designation_reason",
        ]
        # Counts and measurements cannot be negative.
        extra_kwargs = {
            name: {"min_value": 0}
            for name in ("parameters", "training_tokens", "training_time_hours", "energy_kwh")
        }

    def get_compute_check(self, model) -> dict:
        return compute_check(
            parameters=model.parameters,
            training_tokens=model.training_tokens,
            declared_flop=model.training_compute_flop,
        ).as_dict()


GPAI_MODEL_ROW_COLUMNS = (
    *SUBJECT_ROW_COLUMNS, *MODEL_FIELDS, "designated_at", "designation_reason", "imported_at",
)  # fmt: skip


def gpai_model_row(row: dict) -> dict:
    """GPAIModelSerializer's representation of a `.values(*GPAI_MODEL_ROW_COLUMNS)` row."""
    placed = row["eu_placement_date"]
    return {
        **_subject_row(row),
        "name": row["name"],
        "version": row["version"],
        "parameters": row["parameters"],
        "training_tokens": row["training_tokens"],
        "training_compute_flop": row["training_compute_flop"],
        "compute_method": row["compute_method"],
        "training_time_hours": row["training_time_hours"],
        "energy_kwh": row["energy_kwh"],
        "input_modalities": row["input_modalities"],
        "output_modalities": row["output_modalities"],
        "context_window": row["context_window"],
        "release": row["release"],
        "licence": row["licence"],
        "eu_business_users": row["eu_business_users"],
        "eu_placement_date": None if placed is None else placed.isoformat(),
        "biological_sequence_data": row["biological_sequence_data"],
        "authorised_representative": row["authorised_representative"],
        "source": row["source"],
        "source_reference": row["source_reference"],
        "designated_at": instant(row["designated_at"]),
        "designation_reason": row["designation_reason"],
        "imported_at": instant(row["imported_at"]),
        "compute_check": compute_check(
            parameters=row["parameters"],
            training_tokens=row["training_tokens"],
            declared_flop=row["training_compute_flop"],
        ).as_dict(),
    }


class SubjectVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectVersion
        fields = ["number", "data", "classification", "reason", "created_at"]
        read_only_fields = fields


class ClassifyRequestSerializer(serializers.Serializer):
    """The profile of DESIGN.md §6, validated by the regime engine itself."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Expected a JSON object."]})
        return data


class FilingSerializer(serializers.ModelSerializer):
    """A filing as both sides see it, with its deadlines and what it still lacks."""

    title = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    stage_name = serializers.SerializerMethodField()
    authority = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField(
        help_text="The reviewer assigned, shown only to the authority the filing is with."
    )
    provider = serializers.CharField(source="organization.name", read_only=True)
    overdue = serializers.SerializerMethodField()
    seconds_left = serializers.SerializerMethodField()
    data = serializers.SerializerMethodField()
    registered_entry = serializers.SerializerMethodField(
        help_text="For a deployer's use (Annex VIII Section C): the provider's registered "
        "entry it refers to."
    )

    class Meta:
        model = Filing
        fields = [
            "id",
            "filing_type",
            "title",
            "regime",
            "subject",
            "registered_entry",
            "provider",
            "status",
            "stage",
            "stage_name",
            "authority",
            "assignee",
            "data",
            "non_public",
            "registration_number",
            "registered_at",
            "submitted_at",
            "decision_due_at",
            "filing_due_at",
            "seconds_left",
            "overdue",
            "last_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_title(self, filing) -> str:
        return FILING_TYPES[filing.filing_type].title

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, filing) -> dict:
        """The provider's working values; for anyone else the last submission (an
        authority never reads edits made after it sent the filing back)."""
        return filing_values_for(self.context.get("actor"), filing)

    def get_subject(self, filing) -> dict:
        subject = filing.subject
        if filing.provider_filing_id:
            # The provider's system, by its registered name only: not the filer's record.
            name = filing.provider_filing.registered_subject or subject.name
            return {"kind": "ai_system", "id": None, "name": name}
        kind = "ai_system" if filing.ai_system_id else "gpai_model"
        return {"kind": kind, "id": str(subject.pk), "name": subject.name}

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_assignee(self, filing) -> str | None:
        email = filing.assignee.email if filing.assignee_id else None
        return person_seen_by(self.context.get("actor"), filing.authority_id, email)

    def get_registered_entry(self, filing) -> dict | None:
        entry = filing.provider_filing
        if entry is None:
            return None
        return {
            "registration_number": entry.registration_number,
            "provider": entry.registered_provider,
            "subject": entry.registered_subject,
        }

    def get_stage_name(self, filing) -> str:
        return FILING_TYPES[filing.filing_type].stages[filing.stage]

    def get_authority(self, filing) -> dict | None:
        if filing.authority is None:
            return None
        return {"code": filing.authority.authority_code, "name": filing.authority.name}

    def _due(self, filing):
        return running_deadline(filing.status, filing.decision_due_at, filing.filing_due_at)

    def get_seconds_left(self, filing) -> int | None:
        due = self._due(filing)
        return None if due is None else int((due - timezone.now()).total_seconds())

    def get_overdue(self, filing) -> bool:
        return is_overdue(self._due(filing), timezone.now())


# --- Lean list rows ----------------------------------------------------------------------
# A list page of filings builds ~50 rows; with FilingSerializer each is six model instances
# with every column of six tables. The queue (the page regulators live in) reads only the
# columns below and builds the same representation from `.values()` rows. Kept here, next
# to FilingSerializer, so the two cannot drift: tests/registry/test_lean_rows.py compares
# them field by field.

FILING_ROW_COLUMNS = (
    "id", "filing_type", "regime", "status", "stage", "non_public", "registration_number",
    "registered_at", "submitted_at", "decision_due_at", "filing_due_at", "last_reason",
    "created_at", "updated_at", "ai_system_id", "ai_system__name", "gpai_model_id",
    "gpai_model__name", "organization__name", "authority__authority_code", "authority__name",
    "assignee__email", "provider_filing_id", "provider_filing__registration_number",
    "provider_filing__registered_provider", "provider_filing__registered_subject",
    "provider_filing__ai_system__name",
)  # fmt: skip


def subject_ref(ai_system_id, gpai_model_id, name: str) -> dict:
    """The `subject` of a filing, assessment or incident: which system or model, by id."""
    system = ai_system_id is not None
    return {
        "kind": "ai_system" if system else "gpai_model",
        "id": str(ai_system_id if system else gpai_model_id),
        "name": name,
    }


class SubjectRecordSerializer(serializers.ModelSerializer):
    """A record about a provider's system or model that a workflow moves (an assessment,
    an incident): its `subject`, its `provider` and the `actions` the caller may take.
    Subclasses name the `workflow`."""

    workflow: Workflow
    subject = serializers.SerializerMethodField()
    provider = serializers.CharField(source="organization.name", read_only=True)
    actions = serializers.SerializerMethodField(
        help_text="The workflow verbs the caller may use now."
    )

    def get_subject(self, record) -> dict:
        return subject_ref(record.ai_system_id, record.gpai_model_id, record.subject_name)

    def get_actions(self, record) -> list[str]:
        actor = self.context.get("actor")
        return self.workflow.available(actor, record) if actor else []


def filing_row(row: dict, data: dict, now: datetime.datetime) -> dict:
    """FilingSerializer's representation of a `.values(*FILING_ROW_COLUMNS)` row, with
    the field values the reader may see (`data`)."""
    declared = FILING_TYPES[row["filing_type"]]
    if row["provider_filing_id"] is not None:
        subject = {
            "kind": "ai_system",
            "id": None,
            "name": row["provider_filing__registered_subject"]
            or row["provider_filing__ai_system__name"],
        }
        entry = {
            "registration_number": row["provider_filing__registration_number"],
            "provider": row["provider_filing__registered_provider"],
            "subject": row["provider_filing__registered_subject"],
        }
    else:
        subject = subject_ref(
            row["ai_system_id"],
            row["gpai_model_id"],
            row["gpai_model__name"] if row["ai_system_id"] is None else row["ai_system__name"],
        )
        entry = None
    status = row["status"]
    due = running_deadline(status, row["decision_due_at"], row["filing_due_at"])
    code = row["authority__authority_code"]
    return {
        "id": str(row["id"]),
        "filing_type": row["filing_type"],
        "title": declared.title,
        "regime": row["regime"],
        "subject": subject,
        "registered_entry": entry,
        "provider": row["organization__name"],
        "status": status,
        "stage": row["stage"],
        "stage_name": declared.stages[row["stage"]],
        "authority": None
        if row["authority__name"] is None
        else {"code": code, "name": row["authority__name"]},
        # The queue's reader is the authority the filing is with, who sees its reviewer.
        "assignee": row["assignee__email"],
        "data": data,
        "non_public": row["non_public"],
        "registration_number": row["registration_number"],
        "registered_at": instant(row["registered_at"]),
        "submitted_at": instant(row["submitted_at"]),
        "decision_due_at": instant(row["decision_due_at"]),
        "filing_due_at": instant(row["filing_due_at"]),
        "seconds_left": None if due is None else int((due - now).total_seconds()),
        "overdue": is_overdue(due, now),
        "last_reason": row["last_reason"],
        "created_at": instant(row["created_at"]),
        "updated_at": instant(row["updated_at"]),
    }


class OwnSubjectSerializer(StrictSerializerMixin, serializers.Serializer):
    """Input that names one of the caller's AI systems or GPAI models: the choices are the
    caller's own, so another tenant's system or model is "not found"."""

    ai_system = serializers.PrimaryKeyRelatedField(
        queryset=AISystem.objects.none(), required=False, allow_null=True
    )
    gpai_model = serializers.PrimaryKeyRelatedField(
        queryset=GPAIModel.objects.none(), required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")  # absent while the OpenAPI schema is generated
        if actor is not None:
            self.fields["ai_system"].queryset = AISystem.objects.visible_to(actor)
            self.fields["gpai_model"].queryset = GPAIModel.objects.visible_to(actor)

    @staticmethod
    def require_one_subject(attrs: dict, field: str = "ai_system") -> None:
        """Refuse, under `field`, input naming both a system and a model, or neither."""
        if bool(attrs.get("ai_system")) == bool(attrs.get("gpai_model")):
            raise serializers.ValidationError(
                {field: ["Name exactly one of ai_system and gpai_model."]}
            )


class FilingCreateSerializer(OwnSubjectSerializer):
    filing_type = serializers.ChoiceField(choices=sorted(FILING_TYPES))
    registration_number = serializers.CharField(
        required=False,
        max_length=120,
        help_text="For eu.deployer (Annex VIII Section C): the registration number of the "
        "provider's registered eu.high_risk entry whose use the deployer registers.",
    )

    def validate(self, attrs):
        by_number = FILING_TYPES[attrs["filing_type"]].subject_kind == "registered_filing"
        if by_number:
            if attrs.get("ai_system") or attrs.get("gpai_model"):
                raise serializers.ValidationError(
                    {
                        "ai_system": [
                            "This filing names the provider's entry by registration_number."
                        ]
                    }
                )
            if not attrs.get("registration_number", "").strip():
                raise serializers.ValidationError(
                    {
                        "registration_number": [
                            "Give the registration number of the provider's entry."
                        ]
                    }
                )
        elif attrs.get("registration_number"):
            raise serializers.ValidationError(
                {
                    "registration_number": [
                        "Only for a filing about a registered entry (eu.deployer)."
                    ]
                }
            )
        else:
            self.require_one_subject(attrs)
        return attrs


class FilingUpdateSerializer(StrictSerializerMixin, serializers.Serializer):
    data = serializers.DictField()


class ReasonSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AssignSerializer(StrictSerializerMixin, serializers.Serializer):
    assignee = serializers.EmailField(allow_null=True)


class DesignateSerializer(StrictSerializerMixin, serializers.Serializer):
    """The AI Office's grounds for designating the filing's GPAI model (Art. 52(4))."""

    reason = serializers.CharField(max_length=2000)


class DesignationSerializer(serializers.ModelSerializer):
    systemic_risk = serializers.SerializerMethodField()

    class Meta:
        model = GPAIModel
        fields = ["id", "name", "designated_at", "designation_reason", "systemic_risk"]

    def get_systemic_risk(self, model) -> bool:
        return bool((model.classification.get("eu") or {}).get("systemic_risk"))


class SubmissionSerializer(serializers.ModelSerializer):
    """A submission. Who submitted it is shown only to the provider's own people."""

    submitted_by = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["number", "data", "sha256", "diff", "submitted_by", "submitted_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_submitted_by(self, submission) -> str | None:
        email = submission.submitted_by.email if submission.submitted_by_id else None
        return person_seen_by(self.context.get("actor"), submission.organization_id, email)


class FilingEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="actor_organization.name", read_only=True)

    class Meta:
        model = FilingEvent
        fields = ["transition", "from_status", "to_status", "stage", "reason", "by", "created_at"]
        read_only_fields = fields
