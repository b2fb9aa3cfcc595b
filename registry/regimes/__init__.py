"""Legal regimes: one module per jurisdiction, each data plus a pure `classify(profile)`.

A regime module declares `RULEBOOK` (its version string), `OBLIGATIONS` (requirement
code -> title, basis) and `classify(profile) -> dict`. It also declares its `LABEL`, the
`QUESTIONS` it asks with when each matters, its `FILING_TYPES`, and how its result reads
(`describe`, `summary`, `PANEL_TEMPLATE`). Adding a jurisdiction means adding a module and
registering it (`register`); nothing here or in the pages branches on the regime.
"""

import hashlib
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

from registry.regimes import cn_cac, eu_ai_act, us_ca_sb53, us_eo14110
from registry.regimes.filings import FilingType
from registry.regimes.profile import (
    DEFAULT_PROFILE,
    FIELDS,
    ProfileError,
    default_of,
    validate_profile,
)

__all__ = [
    "DEFAULT_PROFILE",
    "FILING_TYPES",
    "OBLIGATIONS",
    "REGIMES",
    "REGISTER_AREAS",
    "ProfileError",
    "classify",
    "filings_needed",
    "regime_label",
    "register",
    "relevant_questions",
    "unregister",
    "validate_profile",
]

# In the order the pages show them.
REGIMES: dict[str, ModuleType] = {
    "eu": eu_ai_act,
    "cn": cn_cac,
    "us": us_eo14110,
    "us_ca": us_ca_sb53,
}

# Every obligation and filing type of every registered regime, by code (e.g. "eu.high_risk").
OBLIGATIONS: dict[str, dict[str, str]] = {
    code: obligation
    for regime in REGIMES.values()
    for code, obligation in regime.OBLIGATIONS.items()
}

FILING_TYPES: dict[str, FilingType] = {
    code: filing_type
    for regime in REGIMES.values()
    for code, filing_type in regime.FILING_TYPES.items()
}

# The public register's areas of use, by code ("eu.4"), from the regimes that have them.
REGISTER_AREAS: dict[str, str] = {
    code: label
    for regime in REGIMES.values()
    for code, label in getattr(regime, "REGISTER_AREAS", {}).items()
}


def filings_needed(classification: dict, subject_kind: str) -> list[FilingType]:
    """The filing types a subject with this classification must file."""
    return [
        filing_type
        for filing_type in FILING_TYPES.values()
        if filing_type.for_subject(subject_kind) and filing_type.needed(classification)
    ]


def law_from_settings() -> dict[str, Any]:
    """The settings the regimes read (each regime's `options_from_settings`), read once per
    call and passed to the pure regimes."""
    options: dict[str, Any] = {}
    for regime in REGIMES.values():
        if hasattr(regime, "options_from_settings"):
            options.update(regime.options_from_settings())
    return options


# Bump when a change to the regimes' code changes what a stored classification would say,
# so the nightly re-classification reads every stored subject again (`engine`).
REVISION = 2


def engine(options: dict[str, Any]) -> str:
    """Which code and settings a classification was read with: the revision and a digest of
    the options. A stored result whose engine differs from today's may be stale."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    return f"{REVISION}-{digest.hexdigest()[:12]}"


def classify(profile: dict, *, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validate `profile` and classify it under every regime; raise ProfileError if invalid.

    `options` are the settings the regimes read (a regime takes those named in its
    `OPTIONS`, its own default for any not given); by default they come from the Django
    settings. A regime names the text it used in its result's `rulebook` key when it has
    more than one.
    """
    normalised, errors = validate_profile(profile)
    if errors:
        raise ProfileError(errors)
    options = law_from_settings() if options is None else options
    results = {
        key: regime.classify(
            normalised,
            # An option not given keeps the regime's default.
            **{name: options[name] for name in getattr(regime, "OPTIONS", ()) if name in options},
        )
        for key, regime in REGIMES.items()
    }
    return {
        "as_of": normalised["as_of"].isoformat(),
        "engine": engine(options),
        "rulebooks": {
            key: results[key].pop("rulebook", regime.RULEBOOK) for key, regime in REGIMES.items()
        },
        **results,
    }


def relevance() -> dict[str, Callable[[dict], bool]]:
    """When each question matters, as the registered regimes declare in their `QUESTIONS`;
    a field no regime lists is always asked."""
    return {name: rule for regime in REGIMES.values() for name, rule in regime.QUESTIONS.items()}


def relevant_questions(profile: dict) -> list[str]:
    """Profile fields worth asking given the current answers, in questionnaire order.

    Invalid answers count as unanswered, so a half-filled form can be passed as is.
    """
    normalised, _errors = validate_profile(profile if isinstance(profile, dict) else {})
    rules = relevance()
    return [name for name in FIELDS if rules.get(name, lambda p: True)(normalised)]


def regime_label(key: str) -> str:
    """A regime's name as the pages show it (its module's `LABEL`)."""
    regime = REGIMES.get(key)
    return regime.LABEL if regime is not None else key


def register(key: str, regime: ModuleType) -> None:
    """Add a jurisdiction: its classification, questions, obligations and filing types.

    A regime module may declare `FIELDS`, profile fields of its own (`profile.Field` rows
    with a label and its `regime` key); they are added to the profile and its questionnaire.
    """
    if key in REGIMES:
        raise ValueError(f"A regime {key!r} is already registered.")
    new_fields = getattr(regime, "FIELDS", {})
    clashes = set(new_fields) & set(FIELDS)
    if clashes:
        raise ValueError(f"Profile fields already declared: {', '.join(sorted(clashes))}.")
    REGIMES[key] = regime
    for name, field in new_fields.items():
        FIELDS[name] = field
        DEFAULT_PROFILE[name] = default_of(field)
    OBLIGATIONS.update(regime.OBLIGATIONS)
    FILING_TYPES.update(regime.FILING_TYPES)


def unregister(key: str) -> None:
    """Remove a jurisdiction added by `register` (and everything it added)."""
    regime = REGIMES.pop(key)
    for name in getattr(regime, "FIELDS", {}):
        FIELDS.pop(name, None)
        DEFAULT_PROFILE.pop(name, None)
    for code in regime.OBLIGATIONS:
        OBLIGATIONS.pop(code, None)
    for code in regime.FILING_TYPES:
        FILING_TYPES.pop(code, None)
