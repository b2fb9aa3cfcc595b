"""The EU AI Act as of a date: its two texts and the day each rule applies from.

Regulation (EU) 2024/1689 as adopted, and as amended by the Digital Omnibus on AI
(REGULATION.md "Dates", "Digital Omnibus"). The text in force on `as_of` is chosen by the
amendment's entry-into-force date, which callers pass in (a setting; the classification
stays pure). Every date lives in `RULES`, one row per rule, never as a scattered constant.
"""

import datetime
import functools
from typing import NamedTuple

ORIGINAL = "2024/1689"
OMNIBUS = "2024/1689+omnibus-2026"
TEXT_TITLES = {
    ORIGINAL: "Regulation (EU) 2024/1689 as adopted",
    OMNIBUS: "Regulation (EU) 2024/1689 as amended by the Digital Omnibus on AI",
}

# Unconfirmed [U]: the Omnibus enters into force on the third day after its publication in
# the Official Journal, whose date REGULATION.md does not give; the sources put it in July
# 2026. The default is the last day of that month. Deployments set EU_OMNIBUS_IN_FORCE_ON.
OMNIBUS_IN_FORCE_ON = datetime.date(2026, 7, 31)
# Unconfirmed [U]: whether the final Omnibus text removed the Art. 49(2) registration of
# Annex III systems assessed as not high-risk under Art. 6(3). Default: still required
# (EU_OMNIBUS_NOT_HIGH_RISK_REGISTRATION). The original text always requires it.
OMNIBUS_NOT_HIGH_RISK_REGISTRATION = True
# Unconfirmed [U]: whether the Omnibus moves the Art. 111(2) cutoff (below) to the high-risk
# rules' new application dates. REGULATION.md says "before the application date" but does
# not list Art. 111(2) among the amended provisions, and the original text writes a fixed
# day; so by default the cutoff stays 2 August 2026, which leaves fewer systems outside the
# rules (EU_OMNIBUS_HIGH_RISK_LEGACY_CUTOFF_MOVES).
OMNIBUS_HIGH_RISK_LEGACY_CUTOFF_MOVES = False
# Unconfirmed [U]: whether the Omnibus moves the duties of an Annex III system assessed as not
# high-risk under Art. 6(3) (the Art. 6(4) documented assessment, the Art. 49(2) registration)
# to 2 December 2027 with the Annex III high-risk obligations. REGULATION.md moves only the
# "high-risk obligations"; by default these duties keep the original day, 2 August 2026, the
# earlier one (EU_OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III).
OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III = False

# Art. 111(3) / Art. 50(2) grace: placed on the market before this day counts as legacy.
GPAI_LEGACY_PLACED_BEFORE = datetime.date(2025, 8, 2)
MARKING_LEGACY_PLACED_BEFORE = datetime.date(2026, 8, 2)

D = datetime.date

# Art. 111(2): a high-risk system placed on the market or put into service before this day
# is caught only if its design is significantly changed on or after it (the amended text's
# day unless `Law.omnibus_high_risk_legacy_cutoff_moves`; see `high_risk_legacy_cutoff`).
HIGH_RISK_LEGACY_PLACED_BEFORE = {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2026, 8, 2)}


class Rule(NamedTuple):
    """One dated rule: its legal basis, and the day it applies from in each text.

    A text without the rule has no entry in `applies_from`.
    """

    title: str
    basis: tuple[str, ...]
    applies_from: dict[str, datetime.date]


RULES: dict[str, Rule] = {
    "prohibitions": Rule(
        "Prohibited AI practices",
        ("Art. 5", "Art. 113(a)"),
        {ORIGINAL: D(2025, 2, 2), OMNIBUS: D(2025, 2, 2)},
    ),
    "prohibition_intimate_imagery": Rule(
        "Prohibition of non-consensual intimate imagery and child sexual abuse material",
        ("Art. 5 (Digital Omnibus)",),
        {OMNIBUS: D(2026, 12, 2)},
    ),
    "gpai": Rule(
        "Obligations of providers of general-purpose AI models",
        ("Art. 51-55", "Art. 113(b)"),
        {ORIGINAL: D(2025, 8, 2), OMNIBUS: D(2025, 8, 2)},
    ),
    "gpai_legacy": Rule(
        "General-purpose AI models placed on the market before 2 August 2025",
        ("Art. 111(3)",),
        {ORIGINAL: D(2027, 8, 2), OMNIBUS: D(2027, 8, 2)},
    ),
    "transparency": Rule(
        "Transparency obligations for certain AI systems",
        ("Art. 50", "Art. 113"),
        {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2026, 8, 2)},
    ),
    "transparency_marking_legacy": Rule(
        "Machine-readable marking by systems placed on the market before 2 August 2026",
        ("Art. 50(2) (Digital Omnibus)",),
        {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2026, 12, 2)},
    ),
    "high_risk_annex_iii": Rule(
        "High-risk AI systems of Annex III",
        ("Art. 6(2)", "Art. 113"),
        {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2027, 12, 2)},
    ),
    # Art. 6(3)-(4), 49(2): the provider documents its assessment and registers (Annex VIII
    # Section B) from the day Annex III applies in the original text (Art. 113).
    "not_high_risk_annex_iii": Rule(
        "Annex III systems assessed as not high-risk",
        ("Art. 6(3)", "Art. 6(4)", "Art. 49(2)", "Art. 113"),
        {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2026, 8, 2)},
    ),
    # The same duties when the amended text is read as moving them with the Annex III
    # high-risk obligations (`Law.omnibus_not_high_risk_follows_annex_iii`, unconfirmed).
    "not_high_risk_annex_iii_deferred": Rule(
        "Annex III systems assessed as not high-risk",
        ("Art. 6(3)", "Art. 6(4)", "Art. 49(2)", "Art. 113"),
        {OMNIBUS: D(2027, 12, 2)},
    ),
    "high_risk_annex_i": Rule(
        "High-risk AI systems under Annex I product legislation",
        ("Art. 6(1)", "Art. 113(c)"),
        {ORIGINAL: D(2027, 8, 2), OMNIBUS: D(2028, 8, 2)},
    ),
    # Art. 111(2), second sentence: "in any case" by this day, without a significant change.
    "high_risk_legacy_public": Rule(
        "High-risk AI systems already on the market and intended to be used by public authorities",
        ("Art. 111(2)",),
        {ORIGINAL: D(2030, 8, 2), OMNIBUS: D(2030, 8, 2)},
    ),
}


# Which dated rule each Art. 5 practice's prohibition follows (default: "prohibitions").
PRACTICE_RULES = {"non_consensual_intimate_imagery": "prohibition_intimate_imagery"}


def practice_rule(practice: str) -> str:
    """The dated rule whose prohibition covers `practice`."""
    return PRACTICE_RULES.get(practice, "prohibitions")


class Law(NamedTuple):
    """The settings the EU rulebook reads, passed in as data."""

    omnibus_in_force_on: datetime.date = OMNIBUS_IN_FORCE_ON
    omnibus_not_high_risk_registration: bool = OMNIBUS_NOT_HIGH_RISK_REGISTRATION
    omnibus_high_risk_legacy_cutoff_moves: bool = OMNIBUS_HIGH_RISK_LEGACY_CUTOFF_MOVES
    omnibus_not_high_risk_follows_annex_iii: bool = OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III


# The unconfirmed defaults above; deployments pass their settings instead.
DEFAULT_LAW = Law()


def text_on(as_of: datetime.date, law: Law) -> str:
    """The text in force on `as_of`: before the amendment's entry into force, the original."""
    return OMNIBUS if as_of >= law.omnibus_in_force_on else ORIGINAL


def applies_from(rule: str, text: str) -> datetime.date | None:
    """The day `rule` applies from under `text`, or None if the text has no such rule."""
    return RULES[rule].applies_from.get(text)


def in_text(rule: str, text: str) -> bool:
    return text in RULES[rule].applies_from


def not_high_risk_registration(text: str, law: Law) -> bool:
    """Art. 49(2): whether an Art. 6(3) "not high-risk" system is registered under `text`."""
    return text == ORIGINAL or law.omnibus_not_high_risk_registration


# The two readings of the date of the not-high-risk duties (`not_high_risk_rule`).
NOT_HIGH_RISK_RULES = ("not_high_risk_annex_iii", "not_high_risk_annex_iii_deferred")


def not_high_risk_rule(text: str, law: Law) -> str:
    """The dated rule of an Annex III system assessed as not high-risk under Art. 6(3): under
    the amended text, when the setting says its duties moved with Annex III, the deferred one."""
    if text == OMNIBUS and law.omnibus_not_high_risk_follows_annex_iii:
        return NOT_HIGH_RISK_RULES[1]
    return NOT_HIGH_RISK_RULES[0]


def high_risk_legacy_cutoff(rules: list[str], text: str, law: Law) -> datetime.date:
    """Art. 111(2): a high-risk system under `rules` placed on the market before this day is
    caught only once significantly changed in design. Under the amended text, when the
    setting says the cutoff moved, it is the day the earliest of `rules` applies from."""
    if text == OMNIBUS and law.omnibus_high_risk_legacy_cutoff_moves:
        starts = [applies_from(rule, text) for rule in rules]
        return min(start for start in starts if start is not None)
    return HIGH_RISK_LEGACY_PLACED_BEFORE[text]


def latest_high_risk_legacy_cutoff() -> datetime.date:
    """The latest day the Art. 111(2) cutoff takes under any text and setting: a system
    placed on the market before it may be one the rule keeps out."""
    moved = [applies_from(rule, OMNIBUS) for rule in ("high_risk_annex_iii", "high_risk_annex_i")]
    return max([*HIGH_RISK_LEGACY_PLACED_BEFORE.values(), *(d for d in moved if d)])


def every_date() -> list[datetime.date]:
    """Every day on which some rule starts to apply, in order (for the re-classification
    sweep)."""
    return sorted({day for rule in RULES.values() for day in rule.applies_from.values()})


@functools.lru_cache(maxsize=4096)
def day(value: datetime.date) -> str:
    """A date as the reasons write it: 2 August 2026."""
    return f"{value.day} {value:%B %Y}"
