"""Keeping stored classifications current: the nightly re-classification sweep, and
re-classification when the operator's revenue (an SB 53 fact) changes."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from aigov.accounts.models import Organization, OrganizationKind
from aigov.audit.services import audit_record
from registry.models import AISystem, GPAIModel, SubjectEvent, SubjectKind, SubjectVersion
from registry.regimes import ProfileError, classify, engine, law_from_settings
from registry.regimes.eu_ai_act_rulebook import every_date
from registry.services.subjects import (
    Subject,
    answers_of,
    awaits_answers,
    reclassify,
    store_classification,
    subject_profile,
)


def _substance(classification: dict) -> dict:
    """What a user sees change: every result but the day read, the text named and the
    wording (a result the same under the amended text is not a change)."""
    return {
        key: {k: v for k, v in value.items() if k != "reasons"}
        for key, value in classification.items()
        if key not in ("as_of", "rulebooks") and isinstance(value, dict)
    }


def _last_change(today: datetime.date, options: dict) -> datetime.date | None:
    """The latest day on or before `today` on which a rule began to apply or the
    amended text entered into force."""
    days = [*every_date(), options["law"].omnibus_in_force_on]
    passed = [day for day in days if day <= today]
    return max(passed) if passed else None


def _reclassify_one(model_class: type[Subject], pk, today: datetime.date, options: dict) -> bool:
    """Re-classify one subject as of `today`; write only if the result changed."""
    kind = SubjectKind.AI_SYSTEM if model_class is AISystem else SubjectKind.GPAI_MODEL
    with transaction.atomic():
        subject = model_class.objects.select_for_update().filter(pk=pk).first()
        if subject is None or awaits_answers(subject, answers_of(subject)):
            return False  # gone, or a system nobody has classified yet
        old = subject.classification
        profile = {**subject_profile(subject, answers_of(subject)), "as_of": today.isoformat()}
        try:
            new = classify(profile, options=options)
        except ProfileError:
            return False  # answers a newer rulebook refuses: left for the provider to fix
        if _substance(new) == _substance(old):
            # Nothing a user sees changed: keep the record, noting that today's engine
            # agrees, so it is not read again for that until the engine changes.
            model_class.objects.filter(pk=pk).update(
                classification={**old, "engine": new["engine"]}
            )
            return False
        subject.classification = new
        subject.updated_at = timezone.now()
        store_classification(subject, kind)
        old_eu, new_eu = old.get("eu") or {}, new["eu"]
        summary = (
            f"Re-classified as of {today.isoformat()} ({new['rulebooks'].get('eu')}): EU tier "
            f"{old_eu.get('tier') or 'none'} → {new_eu['tier']}; obligations "
            f"{'apply' if new_eu['applies'] else 'apply from ' + str(new_eu['applies_from'])}."
        )
        data = {
            "as_of": [old.get("as_of"), new["as_of"]],
            "rulebook": [(old.get("rulebooks") or {}).get("eu"), new["rulebooks"]["eu"]],
            "tier": [old_eu.get("tier"), new_eu["tier"]],
            "applies": [old_eu.get("applies"), new_eu["applies"]],
            "systemic_risk": [old_eu.get("systemic_risk"), new_eu["systemic_risk"]],
        }
        SubjectEvent.objects.create(
            organization=subject.organization,
            subject_kind=kind,
            subject_id=subject.pk,
            kind=SubjectEvent.Kind.RECLASSIFIED,
            summary=summary[:500],
            data=data,
        )
        audit_record(
            action=f"{kind}.reclassified",
            organization=subject.organization,
            obj=subject,
            data=data,
        )
        return True


def subjects_reclassify_due(*, today: datetime.date | None = None) -> dict:
    """Re-classify every stored system and model whose classification was read before the
    latest day a rule began to apply, or by other code or settings (its `engine`), so no
    tier badge is stale. Idempotent: a subject whose result does not change keeps it (only
    the engine that agrees is noted), and one written is read as of today."""
    from django.db.models.fields.json import KeyTextTransform

    today = today or timezone.now().date()
    options = law_from_settings()
    since = _last_change(today, options)
    checked = changed = 0
    read_before = models.Q(read_on__lt=since.isoformat()) if since else models.Q(pk__in=[])
    for model_class in (AISystem, GPAIModel):
        stale = (
            model_class.objects.annotate(
                read_on=KeyTextTransform("as_of", "classification"),
                read_with=KeyTextTransform("engine", "classification"),
            )
            .filter(
                read_before
                | models.Q(read_on__isnull=True)
                | models.Q(read_with__isnull=True)
                | ~models.Q(read_with=engine(options))
            )
            .exclude(classification={})
            .values_list("pk", flat=True)
        )
        for pk in stale.iterator(chunk_size=500):
            checked += 1
            changed += _reclassify_one(model_class, pk, today, options)
    return {"checked": checked, "changed": changed}


@transaction.atomic
def organization_revenue_update(*, actor, annual_revenue_usd: int | None) -> Organization:
    """Record the operator's annual gross revenue (USD) and re-classify its GPAI models,
    whose SB 53 result depends on it; versions keep their history, the current one follows."""
    if not actor.can("organization.manage"):
        raise PermissionDenied("Your role may not change the organisation's details.")
    organization = Organization.objects.select_for_update().get(pk=actor.organization.pk)
    if organization.kind != OrganizationKind.OPERATOR:
        raise ValidationError({"annual_revenue_usd": "Only operators record a revenue."})
    if annual_revenue_usd is not None and (
        isinstance(annual_revenue_usd, bool)
        or not isinstance(annual_revenue_usd, int)
        or annual_revenue_usd < 0
    ):
        raise ValidationError({"annual_revenue_usd": "Must be a whole, non-negative number."})
    before = organization.annual_revenue_usd
    if before == annual_revenue_usd:
        return organization
    organization.annual_revenue_usd = annual_revenue_usd
    organization.save(update_fields=["annual_revenue_usd"])
    reclassified = 0
    for model in GPAIModel.objects.filter(organization=organization).select_for_update():
        model.organization = organization
        reclassify(model, {k: v for k, v in model.profile.items() if k != "subject"})
        model.save(update_fields=["classification"])
        SubjectVersion.objects.filter(
            subject_kind=SubjectKind.GPAI_MODEL, subject_id=model.pk, number=model.version_number
        ).update(classification=model.classification)
        reclassified += 1
    audit_record(
        action="organization.revenue_changed",
        actor=actor,
        obj=organization,
        data={"from": before, "to": annual_revenue_usd, "models_reclassified": reclassified},
    )
    return organization
