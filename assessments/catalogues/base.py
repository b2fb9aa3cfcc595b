"""The shapes of a requirement catalogue, and the predicates requirements apply by.

A catalogue belongs to one regime and to the dated rulebook texts it was written from
(`serves`: the values the classification names in `rulebooks[regime]`). Each requirement
says when it applies as a predicate over the classification dict (DESIGN.md §6), built
from the obligation codes and conclusions the classification already returns, and how it
is checked. Its `text` is the law's own words where the repository holds the law
(the EU AI Act, read at run time from `data/eu-ai-act/`); otherwise `text` is empty and
`text_source` says why, and `summary` gives the requirement as REGULATION.md states it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

Predicate = Callable[[dict], bool]

# How a requirement is checked (DESIGN.md §8).
AUTOMATED = "automated"
EVIDENCE = "evidence"
ASSESSOR = "assessor"
CHECKS: dict[str, str] = {
    AUTOMATED: "Checked automatically against the registration data",
    EVIDENCE: "Shown by evidence the provider uploads",
    ASSESSOR: "Judged by the assessor",
}

# Source quality, as REGULATION.md tags its facts.
QUALITIES: dict[str, str] = {
    "T": "Checked against the official text",
    "S": "From secondary sources",
    "U": "Unconfirmed: kept as a setting of the catalogue, check before relying on it",
}


@dataclass(frozen=True)
class Spec:
    """A requirement as a catalogue module declares it; the builder adds the law's words
    (`quote`: the references whose text is quoted, e.g. ("Art. 9",))."""

    code: str
    title: str
    basis: str
    check: str
    obligation: str  # the classification's code or conclusion that brings it in
    applies: Predicate = field(compare=False, repr=False)
    quote: tuple[str, ...] = ()
    summary: str = ""
    quality: str = "T"
    quality_note: str = ""
    minimum: int | float | None = None
    maximum: int | float | None = None
    unit: str = ""
    # The Django setting that overrides the limit (unconfirmed figures stay configurable).
    setting: str = ""


@dataclass(frozen=True)
class Requirement(Spec):
    """One requirement of a catalogue: what the law asks, when, and how it is checked; its
    spec with the catalogue it belongs to and the law's words (the limit read from the
    setting, if any)."""

    regime: str = ""
    catalogue: str = ""
    text: str = ""
    text_source: str = ""

    @property
    def check_label(self) -> str:
        return CHECKS[self.check]

    @property
    def quality_label(self) -> str:
        return QUALITIES[self.quality]

    @property
    def limit(self) -> str:
        """The numeric minimum or maximum in words, e.g. "at least 10,000 keywords"."""
        if self.minimum is not None:
            return f"at least {_number(self.minimum)}{_unit(self.unit)}"
        if self.maximum is not None:
            return f"at most {_number(self.maximum)}{_unit(self.unit)}"
        return ""


def _number(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _unit(unit: str) -> str:
    return unit if unit.startswith("%") else f" {unit}" if unit else ""


@dataclass(frozen=True)
class Catalogue:
    """The requirements of one rulebook text for one kind of subject."""

    code: str
    regime: str
    title: str
    rulebook: str  # the text, in words
    in_force_from: date | None
    serves: tuple[str, ...]  # classification rulebook versions (result["rulebooks"][regime])
    text_source: str
    requirements: tuple[Requirement, ...]
    description: str = ""

    def serves_classification(self, classification: dict) -> bool:
        """Whether the classification was read under a text this catalogue covers; a
        classification that names no rulebook for the regime is read with the current one."""
        version = (classification.get("rulebooks") or {}).get(self.regime)
        return version is None or version in self.serves


# --- Predicates over the classification dict ---------------------------------------------


def _regime(classification: dict, key: str) -> dict:
    return classification.get(key) or {}


def obligation(regime: str, code: str) -> Predicate:
    """The classification lists `code` among the regime's obligations."""
    return lambda c: code in (_regime(c, regime).get("obligations") or [])


def reason_basis(classification: dict, regime: str, conclusion: str) -> list[str] | None:
    """The legal basis the classification gives for `conclusion`, or None without one."""
    for found in _regime(classification, regime).get("reasons") or []:
        if found.get("conclusion") == conclusion:
            return list(found.get("basis") or [])
    return None


def obligation_citing(regime: str, code: str, reference: str) -> Predicate:
    """`code` applies and its reason cites `reference` (e.g. "Art. 50(2)"); a
    classification without reasons is read as citing every paragraph."""

    def applies(c: dict) -> bool:
        if not obligation(regime, code)(c):
            return False
        basis = reason_basis(c, regime, code)
        return basis is None or reference in basis

    return applies


def all_of(*predicates: Predicate) -> Predicate:
    return lambda c: all(predicate(c) for predicate in predicates)


def negate(predicate: Predicate) -> Predicate:
    return lambda c: not predicate(c)


def listed(regime: str, key: str, value: str) -> Predicate:
    """The regime's result lists `value` under `key` (e.g. cn filings "algorithm")."""
    return lambda c: value in (_regime(c, regime).get(key) or [])


def flag(regime: str, key: str) -> Predicate:
    """The regime's result sets `key` (e.g. cn "security_assessment")."""
    return lambda c: bool(_regime(c, regime).get(key))
