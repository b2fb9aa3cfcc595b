"""Serious incidents: recording one, submitting each report stage (a hashed snapshot),
routing it to its authorities, recording a notice given outside the platform, and the
authorities' triage, all on the workflow kernel.

Every function checks the actor, moves the status with a compare-and-set and writes its
audit event in the same transaction.
"""

import hashlib
import json
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from aigov.accounts.countries import EU_MEMBER_STATES
from aigov.accounts.models import Organization, OrganizationKind
from aigov.audit.services import audit_record
from aigov.jobs.services import job_create
from aigov.workflow import Workflow
from assessments.incidents import deadlines
from assessments.incidents.models import (
    AUTHORITY_VERBS,
    INCIDENT_TRANSITIONS,
    STAGE_OF_VERB,
    VERB_OF_STAGE,
    IncidentEvent,
    IncidentReport,
    IncidentRoute,
    IncidentStatus,
    IncidentSubmission,
    IncidentVerb,
    Stage,
)
from registry.models import AISystem, GPAIModel

# The facts a provider states, in the order of the forms; a snapshot freezes them.
FACTS = (
    "title",
    "occurred_at",
    "aware_at",
    "member_states",
    "persons_affected",
    "what_happened",
    "immediate_measures",
    "not_altered",
    "internal_use",
    "resolved_at",
)
# Facts only some regimes ask (`own_facts` in the deadline table); every regime asks the rest.
_OWN_FACTS = frozenset(name for r in deadlines.REGIMES.values() for name in r.own_facts)
# What a complete report must state where the regime asks it (an initial report may be
# incomplete, Art. 73(5)).
COMPLETE_REQUIRES = {
    "what_happened": "Say what happened.",
    "immediate_measures": "Describe the immediate measures taken.",
    "persons_affected": "Give the number of persons affected (0 if none).",
    "not_altered": "Attest that the system was not altered in a way that may affect the "
    "evaluation of the causes before informing the authority.",
    "internal_use": "Say whether internal use was involved (SB 53).",
}
# Statements only a "yes" answers (False is "not attested"); elsewhere False is an answer.
ATTESTATIONS = frozenset({"not_altered"})
# Why a fact is refused under a regime that does not ask it.
NOT_ASKED = {
    "not_altered": "The attestation is asked only of EU AI Act incidents (Art. 73).",
    "internal_use": "Whether internal use was involved is asked only of SB 53 incidents.",
}


def facts_asked(regime: str) -> tuple[str, ...]:
    """The facts a provider states under `regime`, in the order of the forms."""
    own = deadlines.REGIMES[regime].own_facts
    return tuple(name for name in FACTS if name not in _OWN_FACTS or name in own)


def complete_requires(regime: str) -> dict[str, str]:
    """What a complete report under `regime` must state, each with what to do."""
    asked = facts_asked(regime)
    return {name: message for name, message in COMPLETE_REQUIRES.items() if name in asked}


AI_OFFICE = "eu-ai-office"
CAL_OES = "us-ca-oes"


def routing(regime: str, member_states: list[str]) -> list[tuple[str, str]]:
    """The authority codes an incident goes to, each with why: the market surveillance
    authority of each member state where it occurred; the AI Office for a GPAI model with
    systemic risk; Cal OES under SB 53."""
    if regime == "eu":
        return [
            (f"eu-msa-{code.lower()}", f"Art. 73(1): market surveillance authority of {code}")
            for code in member_states
        ]
    if regime == "eu_gpai":
        return [(AI_OFFICE, "Art. 55(1)(c): the AI Office")]
    return [(CAL_OES, "SB 53: the Office of Emergency Services")]


def _party(actor, incident: IncidentReport, verb: str) -> str | None:
    if verb in AUTHORITY_VERBS:
        # Read through `routes.all()` so a list with the routes prefetched asks nothing.
        if not any(r.authority_id == actor.organization.pk for r in incident.routes.all()):
            return "Only an authority the incident was reported to triages it."
        return None
    if actor.organization.pk != incident.organization_id:
        return "Only the provider reports its incident."
    return None


INCIDENT_WORKFLOW = Workflow(
    name="incident",
    model=IncidentReport,
    transitions=INCIDENT_TRANSITIONS,
    party=_party,
    timeline=IncidentEvent,
)


def _clean_facts(regime: str, category: str, facts: dict, now: datetime) -> dict:
    """Check the facts every stage needs; raise ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    if regime not in deadlines.REGIMES:
        errors["regime"] = f"One of: {', '.join(deadlines.REGIMES)}."
    elif category not in {c.code for c in deadlines.REGIMES[regime].categories}:
        codes = ", ".join(c.code for c in deadlines.REGIMES[regime].categories)
        errors["category"] = f"Under this regime, one of: {codes}."
    if not (facts.get("title") or "").strip():
        errors["title"] = "Give the incident a short title."
    if not (facts.get("what_happened") or "").strip():
        errors["what_happened"] = "Say what happened."
    occurred, aware = facts.get("occurred_at"), facts.get("aware_at")
    if not isinstance(occurred, datetime):
        errors["occurred_at"] = "Give when it occurred."
    if not isinstance(aware, datetime):
        errors["aware_at"] = "Give when you became aware of it."
    elif aware > now:
        errors["aware_at"] = "Awareness cannot be in the future."
    elif isinstance(occurred, datetime) and aware < occurred:
        errors["aware_at"] = "You cannot have become aware of it before it occurred."
    states = facts.get("member_states") or []
    unknown = sorted(set(states) - EU_MEMBER_STATES)
    if unknown:
        errors["member_states"] = f"Not EU member states: {', '.join(unknown)}."
    elif regime == "eu" and not states:
        errors["member_states"] = "Name the member state(s) where it occurred."
    persons = facts.get("persons_affected")
    if persons is not None and persons < 0:
        errors["persons_affected"] = "Cannot be negative."
    if facts.get("internal_use") not in (None, True, False):
        errors["internal_use"] = "Yes, no, or not known yet (empty)."
    resolved = facts.get("resolved_at")
    if isinstance(resolved, datetime) and isinstance(occurred, datetime) and resolved < occurred:
        errors["resolved_at"] = "It cannot be resolved before it occurred."
    if errors:
        raise ValidationError(errors)
    return {
        **facts,
        "title": facts["title"].strip(),
        "what_happened": facts["what_happened"].strip(),
        "immediate_measures": (facts.get("immediate_measures") or "").strip(),
        "member_states": sorted(set(states)),
        "not_altered": bool(facts.get("not_altered")),
    }


def _refuse_unasked(regime: str, given: dict) -> None:
    """A fact the regime does not ask is refused when given, so no report to one
    authority carries another law's statement. None is "not given", and so is False for
    an attestation (an unticked box)."""
    asked = facts_asked(regime) if regime in deadlines.REGIMES else FACTS
    errors = {
        name: NOT_ASKED.get(name, "Not asked under this regime.")
        for name in sorted(_OWN_FACTS - set(asked))
        if given.get(name) is not None and not (name in ATTESTATIONS and given.get(name) is False)
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def incident_create(
    *, actor, subject: AISystem | GPAIModel, regime: str, category: str, **facts
) -> IncidentReport:
    """The provider records an incident as a draft; its report deadline runs from awareness."""
    if not actor.can("incidents.report") or actor.kind != OrganizationKind.OPERATOR:
        raise PermissionDenied("Only the provider's editors report incidents.")
    now = timezone.now()
    facts = {k: facts.get(k) for k in FACTS}
    _refuse_unasked(regime, facts)
    facts = _clean_facts(regime, category, facts, now)
    kind = "ai_system" if isinstance(subject, AISystem) else "gpai_model"
    if subject.organization_id != actor.organization.pk:
        raise ValidationError({kind: "Not one of your systems or models."})
    wanted = deadlines.REGIMES[regime].subject_kind
    if kind != wanted:
        raise ValidationError(
            {kind: f"Under this regime the incident concerns a {wanted.replace('_', ' ')}."}
        )
    law = deadlines.REGIMES[regime]
    if not law.binds(subject.classification or {}):
        raise ValidationError({"regime": law.not_bound.format(name=subject.name)})
    incident = IncidentReport.objects.create(
        organization=actor.organization,
        regime=regime,
        category=category,
        **{kind: subject},
        subject_name=subject.name,
        report_due_at=deadlines.report_due(regime, category, facts["aware_at"]),
        notice_due_at=deadlines.notice_due(regime, category, facts["aware_at"]),
        created_by=actor.user,
        created_at=now,
        updated_at=now,
        **facts,
    )
    audit_record(
        action="incident.created",
        actor=actor,
        obj=incident,
        data={"regime": regime, "category": category, "subject": str(subject.pk)},
    )
    return incident


def _canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _snapshot(incident: IncidentReport, stage: str, note: str) -> dict:
    facts = {name: getattr(incident, name) for name in facts_asked(incident.regime)}
    return json.loads(
        _canonical(
            {
                **facts,
                "regime": incident.regime,
                "category": incident.category,
                "subject": {
                    "kind": "ai_system" if incident.ai_system_id else "gpai_model",
                    "id": str(incident.ai_system_id or incident.gpai_model_id),
                    "name": incident.subject_name,
                },
                "report_due_at": incident.report_due_at,
                "stage": stage,
                "note": note,
            }
        )
    )


def _route(incident: IncidentReport) -> list[Organization]:
    found = []
    for code, basis in routing(incident.regime, incident.member_states):
        authority = Organization.objects.filter(
            kind=OrganizationKind.AUTHORITY, authority_code=code
        ).first()
        if authority is None:
            field = "member_states" if incident.regime == "eu" else "regime"
            raise ValidationError(
                {field: f"No authority with the code {code!r} is registered to receive it."}
            )
        IncidentRoute.objects.get_or_create(
            organization=incident.organization,
            incident=incident,
            authority=authority,
            defaults={"basis": basis},
        )
        found.append(authority)
    return found


@transaction.atomic
def incident_report(
    *, actor, incident: IncidentReport, stage: str, note: str = "", **facts
) -> IncidentSubmission:
    """Submit one stage: the facts (updated by `facts`) frozen and hashed. The first
    report routes the incident to its authorities and starts their clock."""
    if stage not in VERB_OF_STAGE:
        raise ValidationError({"stage": f"One of: {', '.join(Stage.values)}."})
    verb = VERB_OF_STAGE[Stage(stage)]
    note = (note or "").strip()
    INCIDENT_WORKFLOW.check(actor, incident, verb)
    now = timezone.now()
    given = {k: v for k, v in facts.items() if k in FACTS}
    _refuse_unasked(incident.regime, given)
    merged = {name: getattr(incident, name) for name in FACTS}
    merged.update(given)
    merged = _clean_facts(incident.regime, incident.category, merged, now)
    if stage in (Stage.COMPLETE, Stage.FINAL):
        missing = {
            name: message
            for name, message in complete_requires(incident.regime).items()
            # 0 persons affected and "no internal use" are answers; an attestation is a yes.
            if merged.get(name) in (None, "")
            or (name in ATTESTATIONS and merged.get(name) is not True)
        }
        if missing:
            raise ValidationError(missing)
    if stage == Stage.FINAL and merged.get("resolved_at") is None:
        raise ValidationError({"resolved_at": "Say when the incident was resolved."})
    if stage == Stage.COMPLETE and incident.completed_at is not None:
        raise ValidationError({"stage": "The complete report has been submitted."})
    if stage == Stage.FINAL and incident.final_at is not None:
        raise ValidationError({"stage": "The final report has been submitted."})
    changes: dict = {**merged, "updated_at": now, "last_report_at": now}
    target = None
    if incident.status == IncidentStatus.DRAFT:
        # Until the first report the clocks follow the facts; from it they stay fixed.
        changes.update(
            report_due_at=deadlines.report_due(
                incident.regime, incident.category, merged["aware_at"]
            ),
            notice_due_at=deadlines.notice_due(
                incident.regime, incident.category, merged["aware_at"]
            ),
            reported_at=now,
            authority_due_at=deadlines.authority_due(incident.regime, now),
        )
    if stage == Stage.COMPLETE:
        changes["completed_at"] = now
    if stage == Stage.FINAL:
        changes["final_at"] = now
    if incident.status == IncidentStatus.INFORMATION_REQUESTED and stage != Stage.COMPLETE:
        # An answer to the authority's request: back with the authority.
        target = (
            IncidentStatus.ACKNOWLEDGED if incident.acknowledged_at else IncidentStatus.COMPLETE
        )
    for name, value in merged.items():
        setattr(incident, name, value)
    if incident.status == IncidentStatus.DRAFT:
        _route(incident)
    previous = incident.submissions.order_by("-number").first()
    number = previous.number + 1 if previous else 1
    INCIDENT_WORKFLOW.move(
        actor=actor,
        obj=incident,
        verb=verb,
        reason=note,
        target=target,
        changes=changes,
        audit_data={"stage": stage, "number": number},
        now=now,
    )
    data = _snapshot(incident, stage, note)
    _notify(incident, "authority", f"{Stage(stage).label} from {incident.organization.name}", note)
    return IncidentSubmission.objects.create(
        organization=incident.organization,
        incident=incident,
        number=number,
        stage=stage,
        data=data,
        sha256=hashlib.sha256(
            _canonical(
                {"incident": str(incident.pk), "number": number, "stage": stage, "data": data}
            ).encode()
        ).hexdigest(),
        submitted_by=actor.user,
        submitted_at=now,
    )


@transaction.atomic
def incident_triage(
    *, actor, incident: IncidentReport, verb: str, reason: str = ""
) -> IncidentReport:
    """An authority the incident was routed to acknowledges it, asks for information,
    records the measures taken (e.g. corrective action) or closes it."""
    if verb not in AUTHORITY_VERBS:
        raise ValidationError({"verb": f"One of: {', '.join(AUTHORITY_VERBS)}."})
    reason = INCIDENT_WORKFLOW.check(actor, incident, verb, reason)
    now = timezone.now()
    changes: dict = {"updated_at": now, "last_reason": reason}
    if verb == "acknowledge":
        changes["acknowledged_at"] = now
    if verb == "close":
        changes["closed_at"] = now
    INCIDENT_WORKFLOW.move(
        actor=actor,
        obj=incident,
        verb=verb,
        reason=reason,
        changes=changes,
        audit_data={"reason": reason[:500]},
        now=now,
    )
    _notify(
        incident,
        "provider",
        f"{actor.organization.name}: {INCIDENT_TRANSITIONS[verb].label}",
        reason,
    )
    return incident


def notice_pending(incident: IncidentReport) -> bool:
    """Whether the incident's category calls for a notice outside the platform that the
    provider has not recorded yet."""
    notice = deadlines.category(incident.regime, incident.category).notice
    return notice is not None and incident.notice_at is None


@transaction.atomic
def incident_record_notice(
    *, actor, incident: IncidentReport, notice_to: str, notice_at: datetime | None
) -> IncidentReport:
    """The provider records the notice it gave outside the platform (SB 53's imminent
    risk: to law enforcement / public safety within 24 hours). It meets the notice clock
    only; the report to the routed authority has its own. Recorded once."""
    verb = IncidentVerb.RECORD_NOTICE
    INCIDENT_WORKFLOW.check(actor, incident, verb)
    notice = deadlines.category(incident.regime, incident.category).notice
    if notice is None:
        raise ValidationError({"category": "This kind of incident calls for no such notice."})
    if incident.notice_at is not None:
        raise ValidationError({"notice_at": "The notice has been recorded."})
    now = timezone.now()
    notice_to = (notice_to or "").strip()
    errors: dict[str, str] = {}
    if not notice_to:
        errors["notice_to"] = "Name the authority you notified."
    if not isinstance(notice_at, datetime):
        errors["notice_at"] = "Give when you gave the notice."
    elif notice_at > now:
        errors["notice_at"] = "The notice cannot be in the future."
    elif notice_at < incident.aware_at:
        errors["notice_at"] = "The notice cannot come before you became aware of the incident."
    if errors:
        raise ValidationError(errors)
    INCIDENT_WORKFLOW.move(
        actor=actor,
        obj=incident,
        verb=verb,
        reason=f"Notified {notice_to}",
        changes={"notice_to": notice_to, "notice_at": notice_at, "updated_at": now},
        # Of two records of the notice, one wins.
        match={"notice_at__isnull": True},
        audit_data={"notice_to": notice_to, "notice_at": notice_at},
        now=now,
    )
    return incident


def _notify(incident: IncidentReport, audience: str, label: str, reason: str) -> None:
    """One email job per organisation to tell, in the caller's transaction (the job runs
    once it commits)."""
    organizations = (
        [route.authority for route in incident.routes.select_related("authority")]
        if audience == "authority"
        else [incident.organization]
    )
    for organization in organizations:
        job_create(
            organization=organization,
            kind="incidents.notify",
            params={
                "incident": str(incident.pk),
                "audience": audience,
                "label": label,
                "reason": reason[:2000],
            },
        )


def stage_verbs(actor, incident: IncidentReport) -> list[str]:
    """The report stages the actor may submit now (the provider's verbs, in order)."""
    return [
        STAGE_OF_VERB[verb]
        for verb in STAGE_OF_VERB
        if INCIDENT_WORKFLOW.allows(actor, incident, verb)
        and not (verb == "report_final" and incident.final_at)
        and not (verb == "report_complete" and incident.completed_at)
    ]
