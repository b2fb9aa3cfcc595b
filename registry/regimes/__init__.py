"""Legal regimes: one module per jurisdiction, each data plus a pure `classify(profile)`.

A regime module declares `RULEBOOK` (its version string), `OBLIGATIONS` (requirement
code -> title, basis) and `classify(profile) -> dict`. Adding a jurisdiction means adding
a module and one entry in `REGIMES`; nothing here branches on the regime.
"""

from collections.abc import Callable
from types import ModuleType
from typing import Any

from registry.regimes import cn_cac, eu_ai_act, eu_ai_act_rulebook, us_ca_sb53, us_eo14110
from registry.regimes.filings import FilingType
from registry.regimes.profile import (
    DEFAULT_PROFILE,
    FIELDS,
    RBI_PRACTICE,
    ProfileError,
    validate_profile,
)

__all__ = [
    "ANNEX_III_POINTS",
    "ART5_EXCEPTIONS",
    "ART5_PRACTICES",
    "ART50_TRIGGERS",
    "ART_6_3_CONDITIONS",
    "DEFAULT_PROFILE",
    "FILING_TYPES",
    "OBLIGATIONS",
    "REGIMES",
    "REGISTRATIONS",
    "ProfileError",
    "classify",
    "filings_needed",
    "relevant_questions",
    "validate_profile",
]

REGIMES: dict[str, ModuleType] = {
    "eu": eu_ai_act,
    "cn": cn_cac,
    "us": us_eo14110,
    "us_ca": us_ca_sb53,
}

# For the UI: code -> short English title, and the legal basis where the UI shows one.
ANNEX_III_POINTS: dict[str, str] = eu_ai_act.ANNEX_III_POINTS
ART5_PRACTICES: dict[str, dict[str, str]] = eu_ai_act.ART5_PRACTICES
ART5_EXCEPTIONS = eu_ai_act.ART5_EXCEPTIONS
ART50_TRIGGERS = eu_ai_act.ART50_TRIGGERS
ART_6_3_CONDITIONS = eu_ai_act.ART_6_3_CONDITIONS
REGISTRATIONS = eu_ai_act.REGISTRATIONS
OBLIGATIONS: dict[str, dict[str, str]] = {
    code: obligation
    for regime in REGIMES.values()
    for code, obligation in regime.OBLIGATIONS.items()
}


# Every filing type of every regime, by code (e.g. "eu.high_risk", "cn.genai_filing").
FILING_TYPES: dict[str, FilingType] = {
    code: filing_type
    for regime in REGIMES.values()
    for code, filing_type in regime.FILING_TYPES.items()
}


def filings_needed(classification: dict, subject_kind: str) -> list[FilingType]:
    """The filing types a subject with this classification must file."""
    return [
        filing_type
        for filing_type in FILING_TYPES.values()
        if filing_type.for_subject(subject_kind) and filing_type.needed(classification)
    ]


def law_from_settings() -> dict[str, Any]:
    """The dated-rulebook settings, read once per call and passed to the pure regimes."""
    from django.conf import settings

    return {
        "law": eu_ai_act_rulebook.Law(
            omnibus_in_force_on=settings.EU_OMNIBUS_IN_FORCE_ON,
            omnibus_not_high_risk_registration=settings.EU_OMNIBUS_NOT_HIGH_RISK_REGISTRATION,
        )
    }


def classify(profile: dict, *, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validate `profile` and classify it under every regime; raise ProfileError if invalid.

    `options` are the settings the regimes read (a regime takes those named in its
    `OPTIONS`); by default they come from the Django settings. A regime names the text it
    used in its result's `rulebook` key when it has more than one.
    """
    normalised, errors = validate_profile(profile)
    if errors:
        raise ProfileError(errors)
    options = law_from_settings() if options is None else options
    results = {
        key: regime.classify(
            normalised, **{name: options[name] for name in getattr(regime, "OPTIONS", ())}
        )
        for key, regime in REGIMES.items()
    }
    return {
        "as_of": normalised["as_of"].isoformat(),
        "rulebooks": {
            key: results[key].pop("rulebook", regime.RULEBOOK) for key, regime in REGIMES.items()
        },
        **results,
    }


def _system(p: dict) -> bool:
    return p["subject"] == "ai_system"


def _annex_iii(p: dict) -> bool:
    return _system(p) and p["annex_iii_point"] is not None


def _rbi(p: dict) -> bool:
    return _system(p) and RBI_PRACTICE in p["practices"]


def _biometrics(p: dict) -> bool:
    """Annex III point 1, declared or implied by a real-time RBI exception (Art. 43(1))."""
    point = p["annex_iii_point"] or ""
    return _system(p) and (point.startswith("1") or (_rbi(p) and p["art5_exception"]))


def _model(p: dict) -> bool:
    return p["subject"] == "gpai_model"


def _china(p: dict) -> bool:
    return p["offered_in_china"]


# Which questions matter given the answers so far; a field not listed is always asked.
RELEVANCE: dict[str, Callable[[dict], bool]] = {
    "practices": _system,
    "art5_exception": _rbi,
    "annex_iii_point": _system,
    "annex_i_product": _system,
    "art_6_3_condition": _annex_iii,
    "profiles_natural_persons": _annex_iii,
    "interacts_with_persons": _system,
    "generates_synthetic_content": _system,
    "emotion_recognition": _system,
    "biometric_categorisation": _system,
    "deepfake": _system,
    "harmonised_standards": _biometrics,
    "deployer_public_authority": _annex_iii,
    "training_compute_flop": _model,
    "biological_sequence_data": _model,
    "eu_business_users": _model,
    "open_weights": _model,
    "commission_designated": _model,
    "public_interest_text": _system,
    # A GPAI model's placing on the market comes from its record (EU placement date).
    "placed_on_market": _system,
    "offered_in_california": _model,
    "public_opinion_or_mobilisation": _china,
    "cn_service_types": _china,
    "uses_filed_model": lambda p: _china(p) and "generative" in p["cn_service_types"],
}


def relevant_questions(profile: dict) -> list[str]:
    """Profile fields worth asking given the current answers, in questionnaire order.

    Invalid answers count as unanswered, so a half-filled form can be passed as is.
    """
    normalised, _errors = validate_profile(profile if isinstance(profile, dict) else {})
    return [name for name in FIELDS if RELEVANCE.get(name, lambda p: True)(normalised)]
