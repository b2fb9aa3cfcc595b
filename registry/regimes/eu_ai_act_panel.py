"""How an EU AI Act result reads on the pages: the labels of its conclusions, the result
card of a system or model (`describe`) and the questionnaire's live summary (`summary`).

The pages call these through the regime registry; `explain` (a reason in words, with the
Act's own text) is handed in by the page, so this module stays free of the views.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from registry.regimes import eu_ai_act_rulebook as rulebook
from registry.regimes.eu_ai_act_tables import OBLIGATIONS, REGISTRATIONS

TIER_LABELS = {
    "prohibited": "Prohibited",
    "high": "High-risk",
    "limited": "Limited risk (transparency)",
    "minimal": "Minimal risk",
}
# Conclusion code -> the words the pages use.
CONCLUSIONS = {
    **TIER_LABELS,
    "not_high_risk": "Not high-risk (Art. 6(3) derogation)",
    "annex_vi": "Conformity assessment",
    "annex_vii": "Conformity assessment",
    "annex_vi_or_vii": "Conformity assessment",
    "sectoral": "Conformity assessment",
    "art_49_1": "Registration",
    "art_49_2": "Registration",
    "art_49_3": "Registration by the deployer",
    "national": "Registration",
    "non_public_section": "Secure non-public section",
    "gpai": "General-purpose AI model",
    "systemic_risk": "Systemic risk",
    "not_systemic_risk": "No systemic risk presumed",
    "designation_candidate": "Candidate for a Commission designation",
    "rulebook": "Text of the Act used",
    "applies_from": "Applies from",
    "not_yet_prohibited": "Not prohibited by this text",
    "legacy_high_risk": "Already on the market",
    "not_registered": "No registration",
}
PROCEDURE_LABELS = {
    "annex_vi": "Internal control (Annex VI), without a notified body",
    "annex_vii": "Assessment by a notified body (Annex VII)",
    "annex_vi_or_vii": "The provider's choice: internal control (Annex VI) or a notified body "
    "(Annex VII)",
    "sectoral": "The procedure of the sectoral legislation of Annex I (Art. 43(3))",
}
ADDRESSEE_LABELS = {"provider": "Provider", "deployer": "Deployer"}
# The EU result is the main card of the result page, not one of the other regimes' panels.
PANEL_TEMPLATE = None


# What a system shows before any question of its questionnaire is answered.
NOT_CLASSIFIED = "Not classified yet"


def tier_badge(tier: str | None) -> dict:
    return {"code": tier or "none", "label": TIER_LABELS.get(tier or "", NOT_CLASSIFIED)}


def _registration(code: str | None) -> str | None:
    if not code or code not in REGISTRATIONS:
        return None
    text = REGISTRATIONS[code]["text"]
    return f"{text[0].upper()}{text[1:]} ({REGISTRATIONS[code]['basis']})."


def _countdown(days: int) -> str:
    if days == 0:
        return "from today"
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} ago"


def eu_dates(classification: dict) -> dict:
    """When the EU tier binds, in words: the date, a countdown from today, and the text of
    the Act that was read (with the unconfirmed entry into force of the amendment)."""
    eu = classification.get("eu") or {}
    text = (classification.get("rulebooks") or {}).get("eu", rulebook.ORIGINAL)
    start = eu.get("applies_from")
    today = timezone.now().date()
    rows = []
    for entry in eu.get("schedule", []):
        day = datetime.date.fromisoformat(entry["applies_from"])
        rows.append({**entry, "date": day, "countdown": _countdown((day - today).days)})
    applies_from = datetime.date.fromisoformat(start) if start else None
    return {
        "known": "applies" in eu,
        "as_of": classification.get("as_of"),
        "applies_from": applies_from,
        "applies": eu.get("applies", False),
        "countdown": _countdown((applies_from - today).days) if applies_from else "",
        "binds_now": applies_from is not None and applies_from <= today,
        "text": rulebook.TEXT_TITLES.get(text, text),
        "amended": text == rulebook.OMNIBUS,
        "omnibus_in_force_on": settings.EU_OMNIBUS_IN_FORCE_ON,
        "schedule": rows,
    }


def describe(classification: dict, eu: dict, explain: Callable[..., dict]) -> dict[str, Any]:
    """The EU result arranged for the result page's main card and its obligations."""
    reasons = eu.get("reasons", [])
    # A model's "minimal" tier only says that Art. 5, 6 and 50 are for systems.
    overrides = {"minimal": "Not itself an AI system"} if eu.get("gpai") else {}
    by_code = {r["conclusion"]: r for r in reasons if r["conclusion"] in OBLIGATIONS}
    obligations = []
    for code in eu.get("obligations", []):
        obligation = OBLIGATIONS.get(code, {"title": code, "basis": "", "addressee": ""})
        addressees = [a.strip() for a in obligation.get("addressee", "").split(",") if a.strip()]
        explained = explain(by_code.get(code, {"conclusion": code, "basis": []}), texts=True)
        obligations.append(
            {
                **explained,
                "code": code,
                "title": obligation["title"],
                # The reason's basis is the precise one (Art. 27(1)); the table's is general.
                "basis": explained["basis"] or [obligation["basis"]],
                "addressee": ", ".join(ADDRESSEE_LABELS.get(a, a) for a in addressees),
            }
        )
    return {
        "tier": tier_badge(eu.get("tier")),
        "eu": eu,
        "reasons": [
            explain(r, texts=True, overrides=overrides)
            for r in reasons
            if r["conclusion"] not in by_code
        ],
        "obligations": obligations,
        "procedure": PROCEDURE_LABELS.get(eu.get("conformity_procedure") or ""),
        "registration": _registration(eu.get("registration")),
        "deployer_registration": _registration(eu.get("deployer_registration")),
        "dates": eu_dates(classification),
    }


def summary(classification: dict, eu: dict) -> dict[str, Any]:
    """The live panel's EU part: tier, bases, GPAI flags and dates."""
    return {
        "tier": tier_badge(eu.get("tier")),
        "basis": eu.get("basis", []),
        "gpai": eu.get("gpai", False),
        "systemic_risk": eu.get("systemic_risk", False),
        "dates": eu_dates(classification),
    }
