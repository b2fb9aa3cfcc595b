"""When the EU tier's obligations bind a subject: its dated rules under the text in force.

`dated` picks the rules of `eu_ai_act_rulebook.RULES` that concern a classified subject
and says, for each, the day it applies from and whether it applies on `as_of`. The tier's
own rules give `applies_from` (the earliest of them) and `applies`.
"""

import datetime
from typing import Any, NamedTuple

from registry.regimes import eu_ai_act_rulebook as rulebook
from registry.regimes.eu_ai_act_facts import Facts, public_use
from registry.regimes.eu_ai_act_rulebook import RULES, Law, day
from registry.regimes.profile import NCII_PRACTICE, reason


class Schedule(NamedTuple):
    applies_from: str | None  # ISO date, null when the tier brings no obligations
    applies: bool
    entries: list[dict[str, Any]]  # every dated rule of this subject, in date order
    text_reasons: list[dict]
    tier_reasons: list[dict]
    # Art. 111(2): a high-risk system already on the market, unchanged since and not for
    # public authorities: the high-risk requirements do not reach it at all.
    legacy_exempt: bool = False


class Legacy(NamedTuple):
    """Art. 111(2) for a high-risk system placed on the market before its cutoff."""

    cutoff: datetime.date
    changed_on: datetime.date | None  # a significant change in design on or after the cutoff
    public: bool  # intended to be used by public authorities: caught by 2 August 2030


def _before(placed: datetime.date | None, cutoff: datetime.date) -> bool:
    return placed is not None and placed < cutoff


def _high_risk_rules(f: Facts) -> list[str]:
    return [
        *(["high_risk_annex_i"] if f.annex_i else []),
        *(["high_risk_annex_iii"] if f.high_points else []),
    ]


def _legacy(profile: dict, text: str, tier: str, f: Facts, law: Law) -> Legacy | None:
    """Art. 111(2), when the subject is a high-risk system placed on the market before the
    cutoff; None otherwise."""
    if tier != "high":
        return None
    cutoff = rulebook.high_risk_legacy_cutoff(_high_risk_rules(f), text, law)
    if not _before(profile["placed_on_market"], cutoff):
        return None
    changed = profile["significantly_changed_on"]
    return Legacy(
        cutoff,
        changed if changed is not None and changed >= cutoff else None,
        public_use(profile, f),
    )


def _tier_rules(
    profile: dict, tier: str, f: Facts, legacy: Legacy | None, text: str, law: Law
) -> list[str]:
    """The rules whose application date is the date of the tier's obligations."""
    placed = profile["placed_on_market"]
    if profile["subject"] == "gpai_model":
        legacy_model = _before(placed, rulebook.GPAI_LEGACY_PLACED_BEFORE)
        return ["gpai_legacy" if legacy_model else "gpai"]
    if tier == "prohibited":
        return list(dict.fromkeys(rulebook.practice_rule(p) for p in f.prohibited))
    if tier == "high":
        if legacy is None or legacy.changed_on:
            return _high_risk_rules(f)
        return ["high_risk_legacy_public"] if legacy.public else []
    # An Annex III system assessed as not high-risk (Art. 6(3)) is "limited" or "minimal"
    # by its Art. 50 triggers; its Art. 6(4) and 49(2) duties are dated all the same.
    derogated = [rulebook.not_high_risk_rule(text, law)] if f.derogated_point else []
    if tier == "limited":
        return [*derogated, *_transparency_rules(profile, f)]
    if tier == "minimal":
        return derogated
    return []


def _transparency_rules(profile: dict, f: Facts) -> list[str]:
    """Art. 50, with the Art. 50(2) marking grace for systems already on the market."""
    legacy = _before(profile["placed_on_market"], rulebook.MARKING_LEGACY_PLACED_BEFORE)
    rules = [
        "transparency_marking_legacy"
        if name == "generates_synthetic_content" and legacy
        else "transparency"
        for name in f.art50
    ]
    return list(dict.fromkeys(rules))


def _entry(rule: str, text: str, as_of: datetime.date) -> dict[str, Any]:
    start = rulebook.applies_from(rule, text)
    assert start is not None, (rule, text)
    basis = list(RULES[rule].basis)
    if start != rulebook.applies_from(rule, rulebook.ORIGINAL) and not any(
        "Omnibus" in b for b in basis
    ):
        basis.append("Digital Omnibus on AI")  # the amendment moved the date
    return {
        "rule": rule,
        "title": RULES[rule].title,
        "basis": basis,
        "applies_from": start.isoformat(),
        "applies": as_of >= start,
    }


def _when(entry: dict, as_of: datetime.date) -> str:
    start = datetime.date.fromisoformat(entry["applies_from"])
    if entry["applies"]:
        return f"applies from {day(start)}, so it binds on {day(as_of)}"
    return f"applies from {day(start)}, so it does not bind yet on {day(as_of)}"


def _unconfirmed_day(rule: str, text: str, law: Law) -> str:
    """How the amended text's day for the not-high-risk duties was read (unconfirmed)."""
    if text != rulebook.OMNIBUS or rule not in rulebook.NOT_HIGH_RISK_RULES:
        return ""
    moved = day(RULES[rulebook.NOT_HIGH_RISK_RULES[1]].applies_from[text])
    if law.omnibus_not_high_risk_follows_annex_iii:
        return (
            f" Whether the Digital Omnibus moves these duties to {moved} with the Annex III "
            f"high-risk obligations is unconfirmed; this reading follows them, as configured."
        )
    return (
        f" Whether the Digital Omnibus moves these duties to {moved} with the Annex III "
        f"high-risk obligations is unconfirmed; this reading keeps the original day, the "
        f"earlier one."
    )


def _text_reason(profile: dict, text: str, law: Law) -> dict:
    as_of = profile["as_of"]
    if text == rulebook.OMNIBUS:
        return reason(
            "rulebook",
            ["Art. 113", "Digital Omnibus on AI"],
            f"Read as of {day(as_of)} under {rulebook.TEXT_TITLES[text]}, in force from "
            f"{day(law.omnibus_in_force_on)} (a configured date: the amendment's publication "
            f"date is unconfirmed).",
        )
    return reason(
        "rulebook",
        ["Art. 113"],
        f"Read as of {day(as_of)} under {rulebook.TEXT_TITLES[text]}; the Digital Omnibus "
        f"amendments apply from its entry into force, configured as "
        f"{day(law.omnibus_in_force_on)} (unconfirmed).",
    )


def _cutoff_words(text: str, legacy: Legacy, law: Law) -> str:
    """The Art. 111(2) day, with how the amended text was read (unconfirmed)."""
    words = day(legacy.cutoff)
    if text != rulebook.OMNIBUS:
        return words
    if law.omnibus_high_risk_legacy_cutoff_moves:
        return (
            f"{words} (the day the amended text applies the high-risk rules from, as "
            f"configured: whether the Digital Omnibus moves the day of Art. 111(2) is "
            f"unconfirmed)"
        )
    return (
        f"{words} (the day Art. 111(2) writes; whether the Digital Omnibus moves it to the "
        f"new application dates is unconfirmed, and this reading keeps the written day, "
        f"which leaves fewer systems outside the rules)"
    )


def _legacy_reason(profile: dict, text: str, legacy: Legacy, law: Law) -> dict:
    placed = f"Placed on the market on {day(profile['placed_on_market'])}"
    before = f"before {_cutoff_words(text, legacy, law)}"
    if legacy.changed_on:
        explanation = (
            f"{placed}, {before}, but significantly changed in its design on "
            f"{day(legacy.changed_on)}: the Regulation applies to it like a system placed on "
            f"the market now."
        )
    elif legacy.public:
        start = rulebook.applies_from("high_risk_legacy_public", text)
        assert start is not None
        explanation = (
            f"{placed}, {before}, and not significantly changed in its design since. "
            f"Intended to be used by public authorities, it must meet the high-risk "
            f"requirements and obligations by {day(start)} in any case (second sentence); "
            f"a significant change in its design brings them in as for a new system."
        )
    else:
        explanation = (
            f"{placed}, {before}, and not significantly changed in its design since: the "
            f"Regulation reaches it only once its design is significantly changed, so the "
            f"high-risk requirements, the conformity assessment and the registration do not "
            f"apply (Art. 5 still does). If its design has changed, say when in the "
            f"questionnaire's dates."
        )
    return reason("legacy_high_risk", ["Art. 111(2)"], explanation)


def _notes(profile: dict, text: str, legacy: Legacy | None, law: Law) -> list[dict]:
    """What the date changes beyond the tier: a rule of the other text, legacy subjects."""
    notes = []
    if (
        profile["subject"] == "ai_system"
        and NCII_PRACTICE in profile["practices"]
        and not rulebook.in_text("prohibition_intimate_imagery", text)
    ):
        notes.append(
            reason(
                "not_yet_prohibited",
                ["Art. 5", "Digital Omnibus on AI"],
                f"Non-consensual intimate imagery is not among the practices the original text "
                f"prohibits. The Digital Omnibus prohibits it from "
                f"{day(rulebook.RULES['prohibition_intimate_imagery'].applies_from[rulebook.OMNIBUS])}"
                f", once the amendment is in force ({day(law.omnibus_in_force_on)}, "
                f"unconfirmed).",
            )
        )
    if legacy is not None:
        notes.append(_legacy_reason(profile, text, legacy, law))
    return notes


def dated(profile: dict, text: str, tier: str, f: Facts, law: Law) -> Schedule:
    """The dated rules of a classified subject under `text`, as of `profile["as_of"]`."""
    as_of = profile["as_of"]
    legacy = _legacy(profile, text, tier, f, law)
    tier_rules = _tier_rules(profile, tier, f, legacy, text, law)
    extra = _transparency_rules(profile, f) if tier == "high" else []
    rules = list(dict.fromkeys([*tier_rules, *extra]))
    entries = sorted(
        (_entry(rule, text, as_of) for rule in rules), key=lambda e: (e["applies_from"], e["rule"])
    )
    starts = [e["applies_from"] for e in entries if e["rule"] in tier_rules]
    applies_from = min(starts) if starts else None
    applies = applies_from is not None and as_of >= datetime.date.fromisoformat(applies_from)
    tier_reasons = [
        reason(
            "applies_from",
            e["basis"],
            f"{e['title']} ({rulebook.TEXT_TITLES[text]}): {_when(e, as_of)}."
            f"{_unconfirmed_day(e['rule'], text, law)}",
        )
        for e in entries
    ]
    return Schedule(
        applies_from,
        applies,
        entries,
        [_text_reason(profile, text, law)],
        [*tier_reasons, *_notes(profile, text, legacy, law)],
        legacy_exempt=legacy is not None and not legacy.changed_on and not legacy.public,
    )
