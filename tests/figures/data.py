"""Filings generated for the figures' tests: one row per spec, with the subject, the
authority it is with, its submission, deadline and decision as the spec says."""

from datetime import UTC, datetime, timedelta

from registry.models import AISystem, Filing, FilingEvent, FilingStatus, GPAIModel
from registry.regimes import FILING_TYPES, classify

NOW = datetime.now(UTC)
STATUSES = [s for s in FilingStatus if s != FilingStatus.DRAFT]
SYSTEM_TYPES = sorted(c for c, t in FILING_TYPES.items() if t.for_subject("ai_system"))
MODEL_TYPES = sorted(c for c, t in FILING_TYPES.items() if t.for_subject("gpai_model"))
# A profile of each tier, classified by the real rules once.
TIER_PROFILES = {
    "prohibited": {"practices": ["social_scoring"]},
    "high": {"annex_iii_point": "5(b)"},
    "limited": {"interacts_with_persons": True},
    "minimal": {},
}
COMPUTES = [None, 1e22, 1e23, 2e23, 1e25, 1.5e25, 1e26, 3e26]
COUNTRIES = ["DE", "FR", "US", "CN"]


def _classifications():
    table = {tier: classify(profile) for tier, profile in TIER_PROFILES.items()}
    assert {tier: c["eu"]["tier"] for tier, c in table.items()} == {t: t for t in table}
    return table


CLASSIFIED = _classifications()


SPEC = {
    "subject": "system",
    "tier": "high",
    "compute": None,
    "type_index": 0,
    "status": FilingStatus.SUBMITTED,
    "country": "DE",
    "submitted_days": 3,
    "decision_after_hours": 1,
    "due_after_hours": None,
    "area": "",
    "where": "home",
}


def make_filing_row(spec, home, elsewhere, providers):
    provider = providers[spec["country"]]
    number = Filing.objects.count() + AISystem.objects.count() + GPAIModel.objects.count()
    if spec["subject"] == "system":
        classification = CLASSIFIED.get(spec["tier"], {})
        subject = AISystem.objects.create(
            organization=provider,
            name=f"System {number}",
            intended_purpose="Generated.",
            classification=classification,
        )
        filing_type = SYSTEM_TYPES[spec["type_index"] % len(SYSTEM_TYPES)]
        link = {"ai_system": subject}
    else:
        profile = {"subject": "gpai_model", "training_compute_flop": spec["compute"]}
        subject = GPAIModel.objects.create(
            organization=provider,
            name=f"Model {number}",
            training_compute_flop=spec["compute"],
            classification=classify(profile),
        )
        filing_type = MODEL_TYPES[spec["type_index"] % len(MODEL_TYPES)]
        link = {"gpai_model": subject}
    submitted = NOW - timedelta(days=spec["submitted_days"], minutes=5)
    due = (
        None
        if spec["due_after_hours"] is None
        else submitted + timedelta(hours=spec["due_after_hours"])
    )
    decided = min(submitted + timedelta(hours=spec["decision_after_hours"]), NOW)
    status = spec["status"]
    routed = {
        "home": {"authority": home},
        "passed_on": {"authority": elsewhere, "first_stage_authority": home},
        "elsewhere": {"authority": elsewhere},
    }[spec["where"]]
    filing = Filing.objects.create(
        organization=provider,
        filing_type=filing_type,
        regime=FILING_TYPES[filing_type].regime,
        status=status,
        submitted_at=submitted,
        decision_due_at=due,
        registered_area=spec["area"] if status == FilingStatus.REGISTERED else "",
        **routed,
        **link,
    )
    if status in (FilingStatus.REGISTERED, FilingStatus.REJECTED):
        FilingEvent.objects.create(
            organization=provider,
            filing=filing,
            transition="accept" if status == FilingStatus.REGISTERED else "reject",
            from_status=FilingStatus.IN_REVIEW,
            to_status=status,
            actor_organization=routed["authority"],
            created_at=decided,
        )
    return {
        **spec,
        "filing_type": filing_type,
        "regime": FILING_TYPES[filing_type].regime,
        "submitted": submitted,
        "due": due,
        "decided": decided if status in ("registered", "rejected") else None,
        "model": subject.pk if spec["subject"] == "model" else None,
    }
