"""Every write to AI systems and GPAI models: validate, classify, version, audit."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from aigov.accounts.countries import EU_MEMBER_STATES
from aigov.audit.services import audit_record
from registry.models import (
    AISystem,
    Filing,
    FilingStatus,
    GPAIModel,
    Release,
    SubjectEvent,
    SubjectKind,
    SubjectVersion,
)
from registry.plausibility import plausibility_errors
from registry.regimes import ProfileError, classify
from registry.regimes.eu_ai_act_filings import REPRESENTATIVE_WHY, representative_required

SYSTEM_FIELDS = (
    "name",
    "version",
    "trade_name",
    "intended_purpose",
    "components_and_functions",
    "inputs_and_operating_logic",
    "market_status",
    "member_states",
    "gpai_model",
    "url",
    "authorised_representative",
)
MODEL_FIELDS = (
    "name",
    "version",
    "parameters",
    "training_tokens",
    "training_compute_flop",
    "compute_method",
    "training_time_hours",
    "energy_kwh",
    "input_modalities",
    "output_modalities",
    "context_window",
    "release",
    "licence",
    "eu_business_users",
    "eu_placement_date",
    "biological_sequence_data",
    "authorised_representative",
    "source",
    "source_reference",
)
REPRESENTATIVE_FIELDS = ("name", "address", "country", "email")
# The columns an Epoch AI "All ML Systems" CSV must have to be imported.
REQUIRED_COLUMNS = ("Model", "Parameters", "Training compute (FLOP)")

Subject = AISystem | GPAIModel


def _acting(actor, organization, user):
    """(organization, user) of a write: from the actor, whose role is checked, or given
    explicitly by a trusted caller (a management command, or a job whose creator's
    permission was checked when it was created)."""
    if actor is not None:
        if not actor.can("registry.edit"):
            raise PermissionDenied("Your role may not register or change AI systems and models.")
        return actor.organization, actor.user
    if organization is None:
        raise ValueError("either an actor or an organisation is needed")
    return organization, user


def model_profile(model: GPAIModel, answers: dict) -> dict:
    """A GPAI model's profile: the questionnaire answers, with the facts from its record."""
    return {
        **answers,
        "subject": SubjectKind.GPAI_MODEL,
        "training_compute_flop": model.training_compute_flop,
        "biological_sequence_data": model.biological_sequence_data,
        "eu_business_users": model.eu_business_users,
        "open_weights": model.release == Release.OPEN_WEIGHTS,
        "placed_on_market": _json_value(model.eu_placement_date),
        "commission_designated": model.designated_at is not None,
        # SB 53: the organisation's revenue unless the answers give one.
        "annual_revenue_usd": (
            answers["annual_revenue_usd"]
            if answers.get("annual_revenue_usd") is not None
            else model.organization.annual_revenue_usd
        ),
    }


def classify_or_raise(profile: dict) -> dict:
    """Classify, turning profile errors into a ValidationError naming `profile.<field>`."""
    try:
        return classify(profile)
    except ProfileError as exc:
        raise ValidationError(
            {f"profile.{field}": messages for field, messages in exc.errors.items()}
        ) from None


def on_union_market(subject: "Subject", member_states=()) -> bool:
    """Whether the subject is (or is to be) on the Union market, from its own facts: an AI
    system's member states (Annex VIII A 10, or the filing's), a GPAI model's EU placement
    date or EU business users."""
    if isinstance(subject, AISystem):
        return bool(subject.member_states or member_states)
    return bool(
        subject.eu_placement_date
        or subject.profile.get("placed_on_market")
        or subject.eu_business_users
    )


def representative_basis(subject: "Subject", member_states=()) -> str | None:
    """The article requiring this subject's provider to name an authorised representative
    (Art. 22 / Art. 54), read from its classification and market facts; or None."""
    return representative_required(
        provider_in_eu=subject.organization.country in EU_MEMBER_STATES,
        subject_kind=_kind_of(subject)[0],
        classification=subject.classification,
        on_union_market=on_union_market(subject, member_states),
        open_source=isinstance(subject, GPAIModel) and subject.release == Release.OPEN_WEIGHTS,
    )


def check_representative(subject: "Subject") -> None:
    """Art. 22 / 54, checked once the classification is known: where the law requires a
    representative it is complete and established in the Union; one given anyway must be
    in the Union too."""
    representative = subject.authorised_representative or {}
    basis = representative_basis(subject)
    if basis is not None:
        missing = [name for name in REPRESENTATIVE_FIELDS if not representative.get(name)]
        if missing:
            raise ValidationError(
                {
                    "authorised_representative": (
                        f"Name the authorised representative (missing: {', '.join(missing)}): "
                        f"{REPRESENTATIVE_WHY[basis]}."
                    )
                }
            )
    country = representative.get("country")
    if country and country not in EU_MEMBER_STATES:
        raise ValidationError(
            {"authorised_representative": "The representative must be established in the EU."}
        )


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def snapshot(subject: Subject, fields: tuple[str, ...]) -> dict:
    data = {name: _json_value(getattr(subject, name)) for name in fields}
    data["profile"] = subject.profile
    return data


def _kind_of(subject: Subject) -> tuple[str, tuple[str, ...]]:
    if isinstance(subject, AISystem):
        return SubjectKind.AI_SYSTEM, SYSTEM_FIELDS
    return SubjectKind.GPAI_MODEL, MODEL_FIELDS


def subject_profile(subject: Subject, answers: dict) -> dict:
    """The profile classified for a subject: its answers, plus what its record says."""
    if isinstance(subject, GPAIModel):
        return model_profile(subject, answers)
    return {**answers, "subject": SubjectKind.AI_SYSTEM}


def subject_preview(subject: Subject, answers: dict) -> dict:
    """The classification these answers would give the subject; nothing is stored."""
    return classify_or_raise(subject_profile(subject, answers))


def awaits_answers(subject: Subject, answers: dict | None) -> bool:
    """Whether the subject is left unclassified: an AI system whose questionnaire has no
    answer yet. Its EU tier rests entirely on the answers, so without them no conclusion
    is stored (it reads "Not classified yet"). A GPAI model is classified from the facts
    of its record (training compute, EU users, release), which its form asks for."""
    return isinstance(subject, AISystem) and not answers


def reclassify(subject: Subject, answers: dict | None) -> None:
    """Classify the subject from its record and `answers` as of today (in memory; the
    caller saves), or leave a system nobody has answered for unclassified."""
    if awaits_answers(subject, answers):
        subject.classification, subject.profile = {}, {}
        return
    answers = answers or {}
    profile = subject_profile(subject, answers)
    subject.classification = classify_or_raise(profile)
    subject.profile = {**answers, "subject": profile["subject"]}


def check_plausible(subject: Subject, answers: dict | None) -> None:
    """Refuse values that cannot be right (`registry.plausibility`), naming each field."""
    values = {name: getattr(subject, name, None) for name in _kind_of(subject)[1]}
    values["profile"] = answers
    errors = plausibility_errors(values, today=timezone.now().date())
    if errors:
        raise ValidationError(errors)


def _check_references(actor, subject: Subject) -> None:
    """A system builds only on a model the actor can see, in EU member states."""
    if not isinstance(subject, AISystem):
        return
    unknown = sorted(set(subject.member_states or []) - EU_MEMBER_STATES)
    if unknown:
        raise ValidationError({"member_states": f"Not EU member states: {', '.join(unknown)}."})
    model = subject.gpai_model
    if (
        model is not None
        and actor is not None
        and not (GPAIModel.objects.visible_to(actor).filter(pk=model.pk).exists())
    ):
        raise ValidationError({"gpai_model": "No such GPAI model."})


def _save_new(subject: Subject) -> None:
    try:
        with transaction.atomic():
            subject.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(
            {"name": f"Your organisation already has one called {subject.name!r}."}
        ) from None


@transaction.atomic
def subject_create(
    *,
    model_class: type[Subject],
    fields: dict,
    profile: dict | None = None,
    actor=None,
    organization=None,
    user=None,
) -> Subject:
    """Register a new AI system or GPAI model for the actor's organisation, as version 1.

    Without `profile` answers an AI system is saved as a draft with no classification
    (`awaits_answers`); the questionnaire classifies it."""
    organization, user = _acting(actor, organization, user)
    subject = model_class(organization=organization, created_by=user, **fields)
    _check_references(actor, subject)
    check_plausible(subject, profile)
    reclassify(subject, profile)
    check_representative(subject)
    subject.full_clean(
        exclude=["organization", "created_by", "gpai_model", "profile", "classification"]
    )
    _save_new(subject)
    kind, names = _kind_of(subject)
    SubjectVersion.objects.create(
        organization=subject.organization,
        subject_kind=kind,
        subject_id=subject.pk,
        number=1,
        data=snapshot(subject, names),
        classification=subject.classification,
        reason="registered",
        created_by=user,
    )
    audit_record(
        action=f"{kind}.created",
        actor=actor,
        organization=organization,
        user=user,
        obj=subject,
        data={"name": subject.name, "eu_tier": subject.eu_tier},
    )
    return subject


# The names an authority holds on record once a filing is sent (Annex VIII A 4: the
# system's trade name), and the filing states in which it holds them.
NAMES_ON_RECORD = ("name", "trade_name")
ON_RECORD_STATUSES = (
    FilingStatus.SUBMITTED,
    FilingStatus.IN_REVIEW,
    FilingStatus.REGISTERED,
    FilingStatus.SUSPENDED,
)


def _check_rename(subject: Subject, before: dict, after: dict, substantial: bool) -> None:
    """A system or model an authority holds on record is renamed only as a new version
    (a substantial modification, with its reason), never as a silent edit: the filings
    and the public register keep the name as registered and show both."""
    renamed = [name for name in NAMES_ON_RECORD if name in after and after[name] != before[name]]
    if not renamed or substantial:
        return
    lookup: dict[str, Subject] = (
        {"ai_system": subject} if isinstance(subject, AISystem) else {"gpai_model": subject}
    )
    on_record = (
        Filing.objects.filter(**lookup, status__in=ON_RECORD_STATUSES)
        .order_by("created_at")
        .first()
    )
    if on_record is None:
        return
    held = on_record.registration_number or "a filing under review"
    raise ValidationError(
        {
            renamed[0]: (
                f"{before['name']!r} is on record with the authority ({held}) under this "
                "name. Renaming it is a change of what was filed: record it as a "
                "substantial modification (a new version, with the reason); the filing "
                "and the public register keep the registered name beside the new one."
            )
        }
    )


@transaction.atomic
def subject_update(
    *,
    subject: Subject,
    fields: dict,
    profile: dict | None = None,
    substantial_modification: bool = False,
    reason: str = "",
    actor=None,
    user=None,
) -> Subject:
    """Change a system or model. A substantial modification starts a new version and
    leaves the previous one as it was; other edits update the current version."""
    _, user = _acting(actor, subject.organization, user)
    kind, names = _kind_of(subject)
    locked = type(subject).objects.select_for_update().get(pk=subject.pk)
    if substantial_modification and not reason.strip():
        raise ValidationError({"modification_reason": "Say what was substantially modified."})
    before = snapshot(locked, names)
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_references(actor, locked)
    answers = profile if profile is not None else answers_of(locked)
    check_plausible(locked, answers)
    reclassify(locked, answers)
    check_representative(locked)
    locked.full_clean(
        exclude=["organization", "created_by", "gpai_model", "profile", "classification"]
    )
    after = snapshot(locked, names)
    _check_rename(locked, before, after, substantial_modification)
    changed = sorted(name for name in after if after[name] != before[name])
    if not changed and not substantial_modification:
        return locked
    locked.updated_at = timezone.now()
    if substantial_modification:
        locked.version_number += 1
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        raise ValidationError(
            {"name": f"Your organisation already has one called {locked.name!r}."}
        ) from None
    if substantial_modification:
        SubjectVersion.objects.create(
            organization=locked.organization,
            subject_kind=kind,
            subject_id=locked.pk,
            number=locked.version_number,
            data=after,
            classification=locked.classification,
            reason=reason.strip()[:500],
            created_by=user,
        )
    else:
        SubjectVersion.objects.filter(
            subject_kind=kind, subject_id=locked.pk, number=locked.version_number
        ).update(data=after, classification=locked.classification)
    audit_record(
        action=f"{kind}.{'modified' if substantial_modification else 'updated'}",
        actor=actor,
        organization=locked.organization,
        user=user,
        obj=locked,
        data={
            "changed": changed,
            "version": locked.version_number,
            "eu_tier": locked.eu_tier,
            "reason": reason.strip()[:500],
        },
    )
    return locked


# --- Commission designation (Art. 52(4)) and re-classification as dates pass

# The authority that designates GPAI models with systemic risk (the AI Office, for the
# Commission); the same code the GPAI notification is routed to.
AI_OFFICE = "eu-ai-office"


def answers_of(subject: Subject) -> dict:
    """The questionnaire answers stored on the subject."""
    return {k: v for k, v in subject.profile.items() if k != "subject"}


def store_classification(subject: Subject, kind: str) -> None:
    """Save a new classification on the subject and its current version (which follows
    every change that is not a substantial modification)."""
    subject.save(update_fields=["classification", "updated_at"])
    SubjectVersion.objects.filter(
        subject_kind=kind, subject_id=subject.pk, number=subject.version_number
    ).update(classification=subject.classification)


@transaction.atomic
def model_designate(*, model: GPAIModel, actor, reason: str) -> GPAIModel:
    """Record the Commission's designation of a GPAI model as having systemic risk
    (Art. 51(1)(b), 52(4)): only the AI Office, on a model whose filing it reviews."""
    office = actor.organization
    if not (actor.can("filings.review") and office.authority_code == AI_OFFICE):
        raise PermissionDenied("Only the AI Office designates general-purpose AI models.")
    if not Filing.objects.visible_to(actor).filter(gpai_model=model).exists():
        raise GPAIModel.DoesNotExist("No such GPAI model.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the grounds of the designation (Annex XIII)."})
    now = timezone.now()
    claimed = GPAIModel.objects.filter(pk=model.pk, designated_at__isnull=True).update(
        designated_at=now, designation_reason=reason.strip(), updated_at=now
    )
    if claimed != 1:
        raise ValidationError({"reason": "The model is already designated."})
    locked = GPAIModel.objects.select_for_update().get(pk=model.pk)
    before = locked.classification.get("eu", {}).get("systemic_risk", False)
    reclassify(locked, answers_of(locked))
    store_classification(locked, SubjectKind.GPAI_MODEL)
    summary = "Designated by the Commission (AI Office) as a model with systemic risk."
    SubjectEvent.objects.create(
        organization=locked.organization,
        subject_kind=SubjectKind.GPAI_MODEL,
        subject_id=locked.pk,
        kind=SubjectEvent.Kind.DESIGNATED,
        summary=summary,
        data={"reason": locked.designation_reason, "by": office.name},
    )
    audit_record(
        action="gpai_model.designated",
        actor=actor,
        obj=locked,
        data={
            "reason": locked.designation_reason,
            "systemic_risk": [before, locked.classification["eu"]["systemic_risk"]],
            "provider": str(locked.organization_id),
        },
    )
    return locked
