"""The questions the EU regime asks, and when each matters (a field not listed is always
asked). The profile's `FIELDS` declare how each is asked."""

from collections.abc import Callable

from registry.regimes import eu_ai_act_rulebook as rulebook
from registry.regimes.eu_ai_act_facts import facts
from registry.regimes.eu_ai_act_tables import RBI_PRACTICE


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


def _high_risk_already_on_the_market(p: dict) -> bool:
    """Art. 111(2): a high-risk system placed on the market before the latest day its cutoff
    can be (2 August 2026 as written; later if the unconfirmed Omnibus setting moves it)."""
    f = facts(p)
    placed = p["placed_on_market"]
    return (
        bool(f.high_points or f.annex_i)
        and placed is not None
        and placed < rulebook.latest_high_risk_legacy_cutoff()
    )


def _model(p: dict) -> bool:
    return p["subject"] == "gpai_model"


QUESTIONS: dict[str, Callable[[dict], bool]] = {
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
    "significantly_changed_on": _high_risk_already_on_the_market,
}
