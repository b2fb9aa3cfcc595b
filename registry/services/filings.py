"""Filings: drafting, submitting and every review transition, as compare-and-set services.

The workflow is the table `registry.models.FILING_TRANSITIONS`, run by the kernel
(`aigov.workflow`) as `FILING_WORKFLOW`; what a filing type asks,
who reviews it, its numbering and deadlines come from the regime's declaration
(`registry.regimes.FILING_TYPES`). Nothing here branches on the regime.
"""

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from aigov import clock
from aigov.accounts.countries import EU_MEMBER_STATES
from aigov.accounts.models import Organization, OrganizationKind, User
from aigov.accounts.permissions import roles_with
from aigov.audit.services import audit_record
from aigov.jobs.services import job_create
from aigov.workflow import Workflow
from registry.models import (
    EDITABLE_STATUSES,
    FILING_ASSIGN,
    FILING_TRANSITIONS,
    AISystem,
    Filing,
    FilingEvent,
    FilingStatus,
    GPAIModel,
    RegistrationCounter,
    Submission,
    Transition,
)
from registry.regimes import FILING_TYPES, filings_needed
from registry.regimes.filings import FilingType, validate_fields
from registry.selectors import registered_entry
from registry.services.subjects import SYSTEM_FIELDS, representative_basis, snapshot

# The roles that review filings, from the one permission table.
REVIEWER_ROLES = roles_with("filings.review")


def filing_type_of(filing: Filing) -> FilingType:
    return FILING_TYPES[filing.filing_type]


def filing_context(filing: Filing, data: dict | None = None) -> dict:
    """What a filing type's rules read: the subject, its classification, the filer."""
    subject = filing.subject
    organization = filing.organization
    fields = SYSTEM_FIELDS if isinstance(subject, AISystem) else ("name", "version")
    data = filing.data if data is None else data
    member_states = data.get("member_states") if isinstance(data, dict) else None
    return {
        "classification": subject.classification,
        "subject": {**snapshot(subject, fields), "name": subject.name},
        "organization": {
            "name": organization.name,
            "country": organization.country,
            "in_eu": organization.country in EU_MEMBER_STATES,
        },
        # Art. 22 / 54: the article that requires a representative here, or None.
        "representative": representative_basis(
            subject, member_states if isinstance(member_states, list) else ()
        ),
        # Art. 49(4): the entry goes to the secure non-public section.
        "non_public": filing.non_public,
        "data": data,
    }


def _representative_text(subject) -> str:
    representative = subject.authorised_representative or {}
    if not representative:
        return ""
    return "\n".join(
        value
        for value in (
            representative.get("name"),
            representative.get("address"),
            representative.get("country"),
            representative.get("email"),
        )
        if value
    )


# Apps above the registry that know field values (e.g. the certificates app: Annex VIII
# A points 8, 9 and 11) register a function subject -> {field: value} here.
PREFILL_SOURCES: list[Callable[[Any], dict]] = []


def prefill_source_add(source: Callable[[Any], dict]) -> None:
    """Register a source of known filing values (called from an app's `ready`)."""
    if source not in PREFILL_SOURCES:
        PREFILL_SOURCES.append(source)


def prefill(filing_type: FilingType, subject, organization: Organization, context: dict) -> dict:
    """Field values the platform already knows; the provider completes the rest."""
    provider = organization.name
    known = {
        "provider": provider,
        "company": provider,
        "deployer": provider,
        "authorised_representative": _representative_text(subject),
        "trade_name": getattr(subject, "trade_name", "") or subject.name,
        "intended_purpose": getattr(subject, "intended_purpose", ""),
        "inputs_and_operating_logic": getattr(subject, "inputs_and_operating_logic", ""),
        "status": getattr(subject, "market_status", ""),
        "member_states": list(getattr(subject, "member_states", []) or []),
        "url": getattr(subject, "url", ""),
        "model_name": f"{subject.name} {subject.version}".strip(),
        "app_name": subject.name,
        "algorithm_name": subject.name,
        "training_compute_flop": getattr(subject, "training_compute_flop", None),
        "training_compute": getattr(subject, "training_compute_flop", None),
        "compute_method": getattr(subject, "compute_method", ""),
        "art_6_3_conditions": (
            [subject.profile["art_6_3_condition"]]
            if subject.profile.get("art_6_3_condition")
            else []
        ),
        "filed_model_number": subject.profile.get("uses_filed_model") or "",
    }
    for source in PREFILL_SOURCES:
        known.update(source(subject))
    specs = {spec.name: spec for spec in filing_type.fields_for(context)}
    # A field of several lines asks for the filer's address and contact details too
    # (e.g. Annex VIII A 1); a one-line field only its legal name (CAC's 主体名称).
    for name in ("provider", "company", "deployer"):
        if name in specs and specs[name].kind == "longtext":
            known[name] = organization.contact_block
    return {
        name: value
        for name, value in known.items()
        if name in specs and value not in (None, "", [])
    }


def _check(actor, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(f"Your role may not do this ({permission}).")


def _deadlines(filing_type: FilingType, filing: Filing, data: dict) -> None:
    filing.filing_due_at = filing_type.filing_due(filing_context(filing, data))


@transaction.atomic
def filing_create(
    *,
    actor,
    filing_type: str,
    subject: AISystem | GPAIModel | None = None,
    registration_number: str = "",
) -> Filing:
    """Start a draft filing of a type the subject's classification calls for, or (a type
    filed about a registered entry, EU Section C) of the entry with this number."""
    _check(actor, "filings.edit")
    declared = FILING_TYPES.get(filing_type)
    if declared is None:
        raise ValidationError({"filing_type": f"Unknown filing type {filing_type!r}."})
    if declared.subject_kind == "registered_filing":
        return _filing_create_use(actor=actor, declared=declared, number=registration_number)
    if subject is None:
        raise ValidationError({"ai_system": "Name the AI system or GPAI model to file for."})
    kind = "ai_system" if isinstance(subject, AISystem) else "gpai_model"
    if not subject.is_classified:
        raise ValidationError(
            {
                "filing_type": "Answer the classification questions first: the filings a "
                "system needs follow from its classification."
            }
        )
    needed = {t.code for t in filings_needed(subject.classification, kind)}
    if declared.code not in needed:
        raise ValidationError(
            {
                "filing_type": (
                    f"{declared.title} is not required for this {kind.replace('_', ' ')} under its "
                    f"classification (required: {', '.join(sorted(needed)) or 'none'})."
                )
            }
        )
    filing = Filing(
        organization=actor.organization,
        filing_type=declared.code,
        regime=declared.regime,
        ai_system=subject if isinstance(subject, AISystem) else None,
        gpai_model=subject if isinstance(subject, GPAIModel) else None,
        non_public=bool(subject.classification.get("eu", {}).get("non_public_section"))
        and declared.regime == "eu",
        created_by=actor.user,
    )
    filing.data = prefill(declared, subject, actor.organization, filing_context(filing, {}))
    _deadlines(declared, filing, filing.data)
    _save_new(filing, "This subject already has an open filing of this type.")
    audit_record(
        action="filing.created",
        actor=actor,
        obj=filing,
        data={"filing_type": declared.code, "subject": str(subject.pk)},
    )
    return filing


def _save_new(filing: Filing, duplicate: str) -> None:
    try:
        with transaction.atomic():
            filing.save(force_insert=True)
    except IntegrityError:
        raise ValidationError({"filing_type": duplicate}) from None


def entry_url(entry: Filing) -> str:
    """Where the provider's entry is read: the public register, or (Art. 49(4)) the
    secure section's page, open to the competent authorities."""
    if entry.non_public:
        return f"{settings.SITE_URL}{reverse('filing_detail', args=[entry.pk])}"
    return f"{settings.SITE_URL}{reverse('register_entry', args=[entry.pk])}"


def _filing_create_use(*, actor, declared: FilingType, number: str) -> Filing:
    """Art. 49(3): the deployer registers its use of a registered high-risk system, found
    by the number of the provider's entry; the provider's entry is not touched."""
    number = (number or "").strip()
    if not number:
        raise ValidationError(
            {
                "registration_number": "Give the registration number of the provider's entry "
                "in the EU database (e.g. EU-HR-2026-000042)."
            }
        )
    referenced = FILING_TYPES[declared.extra["references"]]
    entry = registered_entry(referenced.code, number)
    if entry is None:
        raise ValidationError(
            {
                "registration_number": f"No registered high-risk AI system has the registration "
                f"number {number!r} ({referenced.basis}). Check it against the provider's entry."
            }
        )
    if actor.organization.country not in EU_MEMBER_STATES:
        raise ValidationError(
            {
                "registration_number": "Section C is filed with the market surveillance "
                "authority of the deployer's member state; your organisation's country is "
                "not an EU member state."
            }
        )
    filing = Filing(
        organization=actor.organization,
        filing_type=declared.code,
        regime=declared.regime,
        provider_filing=entry,
        # Art. 49(4): the use of a system in the secure section is registered there too.
        non_public=entry.non_public,
        created_by=actor.user,
    )
    names = {spec.name for spec in declared.fields_for(filing_context(filing, {}))}
    filing.data = {
        name: value
        for name, value in (
            ("deployer", actor.organization.name),
            ("provider_entry_url", entry_url(entry)),
        )
        if name in names
    }
    _deadlines(declared, filing, filing.data)
    _save_new(
        filing, "Your organisation already has an open registration of its use of this system."
    )
    audit_record(
        action="filing.created",
        actor=actor,
        obj=filing,
        data={"filing_type": declared.code, "provider_filing": entry.registration_number},
    )
    return filing


@transaction.atomic
def filing_update(*, actor, filing: Filing, data: dict) -> Filing:
    """Change field values of a draft (or a filing sent back for changes).

    Values are checked for type as they are saved; completeness is checked on submit.
    """
    _check(actor, "filings.edit")
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise FILING_WORKFLOW.conflict(locked, "edit")
    declared = filing_type_of(locked)
    merged = {**locked.data, **data}
    errors = {
        name: messages
        for name, messages in validate_fields(
            declared, merged, filing_context(locked, merged)
        ).items()
        if name in data and not messages[0].startswith("Required")
    }
    if errors:
        raise ValidationError(errors)
    changed = sorted(name for name in data if locked.data.get(name) != data[name])
    locked.data = merged
    _deadlines(declared, locked, merged)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["data", "filing_due_at", "updated_at"])
    if changed:
        audit_record(action="filing.updated", actor=actor, obj=locked, data={"fields": changed})
    return locked


def _canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _diff(before: dict, after: dict) -> dict:
    return {
        name: {"before": before.get(name), "after": after.get(name)}
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def _authority(code: str) -> Organization:
    authority = Organization.objects.filter(
        kind=OrganizationKind.AUTHORITY, authority_code=code
    ).first()
    if authority is None:
        raise ValidationError(
            {
                "authority": (
                    f"No authority with the code {code!r} is registered on this platform "
                    "to receive this filing."
                )
            }
        )
    return authority


def _next_number(declared: FilingType, context: dict, day: date) -> str:
    prefix = declared.number_prefix(context, day)
    counter, _ = RegistrationCounter.objects.select_for_update().get_or_create(prefix=prefix)
    counter.value += 1
    counter.save(update_fields=["value"])
    return declared.number(context, counter.value, day)


def _secure_section_number(number: str) -> str:
    """An entry of the secure section (Art. 49(4)) is found by its number alone, when a
    deployer names it (`registered_entry`): a random part (40 bits) keeps the number from
    being guessed from the sequence its public neighbours show."""
    return f"{number}-{base64.b32encode(secrets.token_bytes(5)).decode()}"


def next_number_preview(filing: Filing) -> str:
    """The registration number accepting the filing now would give (not reserved: a
    concurrent decision may take it first)."""
    declared = filing_type_of(filing)
    context = filing_context(filing)
    day = clock.local_date(timezone.now(), regime=declared.regime)
    prefix = declared.number_prefix(context, day)
    counter = RegistrationCounter.objects.filter(prefix=prefix).values_list("value", flat=True)
    number = declared.number(context, (counter.first() or 0) + 1, day)
    return f"{number}-(a random part)" if filing.non_public else number


def _party(actor, filing: Filing, verb: str) -> str | None:
    """An authority acts only on filings at its own stage; a former stage's authority can
    read the filing, but no longer act on it."""
    if actor.kind == "authority" and filing.authority_id != actor.organization.pk:
        return "This filing is with another authority at its current stage."
    return None


FILING_WORKFLOW = Workflow(
    name="filing",
    model=Filing,
    transitions={**FILING_TRANSITIONS, "assign": FILING_ASSIGN},
    party=_party,
    timeline=FilingEvent,
)


@transaction.atomic
def filing_transition(*, actor, filing: Filing, transition: str, reason: str = "") -> Filing:
    """Move a filing along the workflow with a compare-and-set on its status (and stage).

    Two concurrent decisions on one filing: exactly one wins; the other gets a
    TransitionConflict and changes nothing.
    """
    if transition not in FILING_TRANSITIONS:
        raise ValueError(f"{transition!r} is not a filing transition.")
    reason = FILING_WORKFLOW.check(actor, filing, transition, reason)
    declared = filing_type_of(filing)
    now = timezone.now()
    context = filing_context(filing)
    target = FILING_TRANSITIONS[transition].target
    changes: dict = {"updated_at": now, "last_reason": reason}
    stage = filing.stage

    if transition == Transition.SUBMIT:
        errors = validate_fields(declared, filing.data, context)
        if errors:
            raise ValidationError(errors)
        authority = _authority(declared.route(declared.stages[stage], context))
        changes.update(
            authority=authority,
            submitted_at=now,
            decision_due_at=declared.decision_due(now),
            # A resubmission goes back to the reviewer who asked for the changes.
            assignee=filing.assignee if authority.pk == filing.authority_id else None,
        )
    elif transition == Transition.ACCEPT and stage + 1 < len(declared.stages):
        # Not the last stage: on to the next stage's authority, which starts its review.
        stage += 1
        target = FilingStatus.SUBMITTED
        changes.update(
            stage=stage,
            first_stage_authority=filing.authority,
            authority=_authority(declared.route(declared.stages[stage], context)),
            assignee=None,
        )
        if declared.restarts_clock_at_next_stage():
            changes["decision_due_at"] = declared.decision_due(now)
    elif transition == Transition.ACCEPT:
        # The date inside a number is the authority's date (CAC: Beijing) of the decision.
        number = _next_number(declared, context, clock.local_date(now, regime=declared.regime))
        if filing.non_public:
            number = _secure_section_number(number)
        public = {
            name: filing.data[name]
            for name in declared.public_fields_for(context)
            if name in filing.data
        }
        changes.update(
            registration_number=number,
            registered_at=now,
            public_data=public,
            # A deployer's use is listed under the system and provider it uses.
            registered_provider=(
                filing.provider_filing.registered_provider
                if filing.provider_filing is not None
                else filing.organization.name
            ),
            registered_subject=filing.subject.name,
            registered_area=declared.area(filing.subject),
            search_document=f"{number} {_search_document(filing, public)}",
        )

    stage_name = declared.stages[filing.stage]
    FILING_WORKFLOW.move(
        actor=actor,
        obj=filing,
        verb=transition,
        reason=reason,
        target=target,
        changes=changes,
        match={"stage": filing.stage},
        audit_data={
            "stage": stage_name,
            "reason": reason[:500],
            "registration_number": changes.get("registration_number"),
        },
        now=now,
    )
    if transition == Transition.SUBMIT:
        _record_submission(actor, filing, now)
    job_create(
        organization=filing.organization,
        kind="registry.notify_filing",
        # What happened, frozen now: the email may go out after later transitions.
        params={
            "filing": str(filing.pk),
            "transition": transition,
            "to_status": target,
            "reason": reason,
            "registration_number": changes.get("registration_number"),
            "authority": str(filing.authority_id),
        },
    )
    return filing


def _search_document(filing: Filing, public: dict) -> str:
    """The text the public register searches: names, provider and public values."""
    values = [filing.subject.name, filing.organization.name]
    for value in public.values():
        values.extend(value if isinstance(value, list) else [value])
    return " ".join(str(value) for value in values if value not in (None, ""))


def _record_submission(actor, filing: Filing, now) -> Submission:
    previous = filing.submissions.order_by("-number").first()
    number = previous.number + 1 if previous else 1
    frozen = json.loads(_canonical(filing.data))
    return Submission.objects.create(
        organization=filing.organization,
        filing=filing,
        number=number,
        data=frozen,
        sha256=hashlib.sha256(
            _canonical({"filing": str(filing.pk), "number": number, "data": frozen}).encode()
        ).hexdigest(),
        diff=_diff(previous.data, frozen) if previous else {},
        subject_snapshot={
            "version": filing.subject.version_number,
            "profile": filing.subject.profile,
            "classification": filing.subject.classification,
        },
        submitted_by=actor.user,
        submitted_at=now,
    )


def filing_submit(*, actor, filing: Filing) -> Filing:
    return filing_transition(actor=actor, filing=filing, transition=Transition.SUBMIT)


def filing_start_review(*, actor, filing: Filing) -> Filing:
    return filing_transition(actor=actor, filing=filing, transition=Transition.START_REVIEW)


def filing_request_changes(*, actor, filing: Filing, reason: str) -> Filing:
    return filing_transition(
        actor=actor, filing=filing, transition=Transition.REQUEST_CHANGES, reason=reason
    )


def filing_accept(*, actor, filing: Filing, reason: str = "") -> Filing:
    return filing_transition(
        actor=actor, filing=filing, transition=Transition.ACCEPT, reason=reason
    )


# One answer for an unknown address and for a user of another organisation, so that the
# assignment form cannot be used to find out who has an account.
ASSIGNEE_REFUSED = "Assign to a reviewer or supervisor of your authority."


def assign_allowed(actor, filing: Filing) -> bool:
    """Whether `actor` may assign `filing` now, asked of the workflow table: the pages
    that offer the assignment and `filing_assign` ask the same question."""
    return FILING_WORKFLOW.allows(actor, filing, "assign")


@transaction.atomic
def filing_assign(*, actor, filing: Filing, assignee: User | None) -> Filing:
    """Give a filing in the queue to a reviewer of the authority (or to nobody).

    A compare-and-set on the filing's waiting state and the assignee it had when read:
    assigning it to whom it is already assigned changes nothing and records nothing, and
    a filing decided (or reassigned) meanwhile is a conflict.
    """
    FILING_WORKFLOW.check(actor, filing, "assign")
    if (
        assignee is not None
        and not assignee.memberships.filter(
            organization=actor.organization, role__in=REVIEWER_ROLES
        ).exists()
    ):
        raise ValidationError({"assignee": ASSIGNEE_REFUSED})
    assignee_id = assignee.pk if assignee is not None else None
    if filing.assignee_id == assignee_id:
        return filing
    FILING_WORKFLOW.move(
        actor=actor,
        obj=filing,
        verb="assign",
        changes={"assignee": assignee, "updated_at": timezone.now()},
        match={"assignee_id": filing.assignee_id},
        audit_data={"assignee": assignee.email if assignee else None},
    )
    return filing
