"""EU AI Act, Regulation (EU) 2024/1689: risk tier, GPAI status, procedure, registration.

`classify` expects a profile normalised by `profile.validate_profile` and reads it as of
`profile["as_of"]`, under the text in force that day (`eu_ai_act_rulebook`). Here: the
tier, the conformity procedure and the registration; beside it: the tables
(`eu_ai_act_tables`), the facts, the GPAI status, the obligations and the dates. Every
conclusion comes with a reason naming its legal basis.
"""

from typing import Any

from registry.regimes import eu_ai_act_rulebook as rulebook
from registry.regimes.eu_ai_act_dates import dated
from registry.regimes.eu_ai_act_facts import (
    Facts,
    _cited,
    _transparency_reason,
    area,
    facts,
    public_use,
)
from registry.regimes.eu_ai_act_filings import FILING_TYPES  # noqa: F401 - part of the regime
from registry.regimes.eu_ai_act_gpai import _gpai
from registry.regimes.eu_ai_act_obligations import Context, _obligations
from registry.regimes.eu_ai_act_panel import (  # noqa: F401 - how its result reads
    CONCLUSIONS,
    PANEL_TEMPLATE,
    describe,
    summary,
)
from registry.regimes.eu_ai_act_questions import QUESTIONS  # noqa: F401 - asked questions
from registry.regimes.eu_ai_act_rulebook import Law
from registry.regimes.eu_ai_act_tables import (  # noqa: F401 - the regime's tables, re-exported
    ANNEX_III_AREAS,
    ANNEX_III_POINTS,
    ART5_EXCEPTIONS,
    ART5_PRACTICES,
    ART50_TRIGGERS,
    ART_6_3_CONDITIONS,
    NATIONAL_REGISTRATION_AREAS,
    NON_PUBLIC_AREAS,
    NON_PUBLIC_IF_LAW_ENFORCEMENT_AREAS,
    OBLIGATIONS,
    POINT_1_PROCEDURE,
    POINT_1_PROCEDURE_WHY,
    RBI_POINT,
    REGISTRATIONS,
)
from registry.regimes.profile import RBI_PRACTICE, reason

LABEL = "EU AI Act"
# The public register's areas (FilingType.area): the Annex III areas.
REGISTER_AREAS = {f"eu.{code}": f"Annex III {label}" for code, label in ANNEX_III_AREAS.items()}
# The original text; `classify` names the text it used in its `rulebook` key.
RULEBOOK = rulebook.ORIGINAL
# The settings the rulebook reads (`registry.regimes.classify` passes them in).
OPTIONS = ("law",)


def options_from_settings() -> dict[str, Any]:
    """The dated-rulebook settings this regime reads (its `OPTIONS`)."""
    from django.conf import settings

    return {
        "law": Law(
            omnibus_in_force_on=settings.EU_OMNIBUS_IN_FORCE_ON,
            omnibus_not_high_risk_registration=settings.EU_OMNIBUS_NOT_HIGH_RISK_REGISTRATION,
            omnibus_high_risk_legacy_cutoff_moves=(
                settings.EU_OMNIBUS_HIGH_RISK_LEGACY_CUTOFF_MOVES
            ),
            omnibus_not_high_risk_follows_annex_iii=(
                settings.EU_OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III
            ),
        )
    }


# Unconfirmed reading of Art. 43(3): a system that is both an Annex I product and an
# Annex III use follows the sectoral procedure of its Annex I legislation. Set to False to
# let the Annex III procedure of Art. 43(1)-(2) win instead.
ANNEX_I_PROCEDURE_WINS = True

# --- Rules ----------------------------------------------------------------------------------------


def _prohibited_reasons(f: Facts) -> list[dict]:
    def why(practice: str) -> str:
        text = f"{ART5_PRACTICES[practice]['title']} is a prohibited AI practice: the system "
        text += "may not be placed on the market, put into service or used."
        if practice == RBI_PRACTICE:
            text += (
                " It is allowed only for one of the objectives of Art. 5(1)(h)(i)-(iii); "
                "answer art5_exception if one applies."
            )
        return text

    return [reason("prohibited", [ART5_PRACTICES[p]["basis"]], why(p)) for p in f.prohibited]


def _high_reasons(f: Facts, profile: dict) -> list[dict]:
    reasons = []
    if f.annex_i:
        reasons.append(
            reason(
                "high",
                ["Art. 6(1)", "Annex I"],
                "The system is, or is a safety component of, a product under the Union "
                "harmonisation legislation of Annex I that needs third-party conformity "
                "assessment.",
            )
        )
    for point in f.high_points:
        if point == RBI_POINT and f.rbi_exception:
            exception = ART5_EXCEPTIONS[f.rbi_exception]
            reasons.append(
                reason(
                    "high",
                    [exception["basis"], "Art. 5(2)", "Art. 5(3)", "Art. 6(2)", "Annex III 1(a)"],
                    f"Real-time remote biometric identification for law enforcement is allowed "
                    f"only for this objective ({exception['title'].lower()}): each use needs prior "
                    f"authorisation by a judicial or independent administrative authority "
                    f"(urgent: requested within 24 hours), a fundamental rights impact assessment "
                    f"and registration. The system is high-risk remote biometric identification.",
                )
            )
        else:
            reasons.append(
                reason(
                    "high",
                    ["Art. 6(2)", f"Annex III {point}"],
                    f"{ANNEX_III_POINTS[point]} is a high-risk use listed in Annex III point "
                    f"{point}.",
                )
            )
    if f.profiling_override:
        condition = profile["art_6_3_condition"]
        reasons.append(
            reason(
                "high",
                ["Art. 6(3), third subparagraph"],
                f"The Art. 6(3)({condition}) derogation is claimed, but the system profiles "
                f"natural persons, so it is always high-risk.",
            )
        )
    return reasons


def _derogation_reasons(f: Facts, profile: dict) -> list[dict]:
    if f.derogated_point is None:
        return []
    condition = profile["art_6_3_condition"]
    basis = [f"Art. 6(3)({condition})", f"Annex III {f.derogated_point}"]
    if f.annex_i or f.high_points:
        return [
            reason(
                "high",
                basis,
                "The Art. 6(3) derogation only sets aside Art. 6(2) for this Annex III use; the "
                "system stays high-risk on its other ground, so there is no Art. 49(2) "
                "registration.",
            )
        ]
    return [
        reason(
            "not_high_risk",
            basis,
            f"Listed in Annex III point {f.derogated_point}, but the provider concludes it poses "
            f"no significant risk because it {ART_6_3_CONDITIONS[condition]}. The provider "
            f"documents that assessment before placing it on the market and registers it under "
            f"Art. 49(2).",
        )
    ]


def _tier(f: Facts, profile: dict) -> tuple[str, list[str], list[dict]]:
    """The tier (prohibited > high > limited > minimal), its basis and its reasons."""
    if profile["subject"] == "gpai_model":
        return (
            "minimal",
            [],
            [
                reason(
                    "minimal",
                    ["Art. 3(1)", "Art. 3(63)"],
                    "A general-purpose AI model is not itself an AI system: Art. 5, 6 and 50 apply "
                    "to the AI systems built on it, which are classified on their own. The model's "
                    "duties are those of Chapter V (Art. 51-55).",
                )
            ],
        )
    if f.prohibited:
        reasons = _prohibited_reasons(f)
        return "prohibited", _cited(reasons), reasons
    decisive = _high_reasons(f, profile) + _derogation_reasons(f, profile)
    if f.annex_i or f.high_points:
        return "high", _cited(decisive), decisive
    if f.art50:
        decisive.append(_transparency_reason("limited", f))
        return "limited", _cited(decisive), decisive
    return (
        "minimal",
        _cited(decisive),
        [
            *decisive,
            reason(
                "minimal",
                ["Art. 5(1)", "Art. 6", "Art. 50"],
                "No prohibited practice, no high-risk use and no transparency trigger applies.",
            ),
        ],
    )


def _procedure(f: Facts, profile: dict) -> tuple[str | None, list[dict]]:
    """Art. 43: which conformity assessment procedure a high-risk system follows."""
    if f.annex_i and (ANNEX_I_PROCEDURE_WINS or not f.high_points):
        return "sectoral", [
            reason(
                "sectoral",
                ["Art. 43(3)"],
                "The conformity assessment procedure of the Annex I legislation applies, with "
                "the requirements of Chapter III Section 2 assessed as part of it.",
            )
        ]
    if any(area(p) == "1" for p in f.high_points):
        standards = profile["harmonised_standards"]
        text = f"Annex III point 1: {POINT_1_PROCEDURE_WHY[standards]}."
        if f.rbi_exception:
            text += (
                " Put into service by law enforcement, the market surveillance authority acts "
                "as the notified body."
            )
        procedure = POINT_1_PROCEDURE[standards]
        return procedure, [reason(procedure, ["Art. 43(1)"], text)]
    if f.high_points:
        return "annex_vi", [
            reason(
                "annex_vi",
                ["Art. 43(2)"],
                "Annex III points 2 to 8 follow internal control (Annex VI), without a notified "
                "body.",
            )
        ]
    return None, []


def _registration(f: Facts, tier: str, registers_not_high: bool) -> tuple[str | None, list]:
    """The provider's registration: Art. 49(1), 49(2) or national (Art. 49(5))."""
    if tier == "prohibited":
        return None, []
    if f.high_points:
        if all(area(p) in NATIONAL_REGISTRATION_AREAS for p in f.high_points):
            return "national", [
                reason(
                    "national",
                    ["Art. 49(5)"],
                    "Critical-infrastructure systems (Annex III point 2) are registered at "
                    "national level.",
                )
            ]
        return "art_49_1", [
            reason(
                "art_49_1",
                ["Art. 49(1)", "Annex VIII Section A"],
                "The provider registers itself and the system in the EU database before placing "
                "it on the market or putting it into service.",
            )
        ]
    if f.derogated_point and tier != "high" and not registers_not_high:
        return None, [
            reason(
                "not_registered",
                ["Art. 6(4)", "Art. 49(2) as amended by the Digital Omnibus"],
                "Under the amended text as configured here, an Annex III system the provider "
                "assessed as not high-risk is not registered; the provider keeps the "
                "documented assessment and hands it to the national authorities on request. "
                "Whether the final text removed the registration is unconfirmed.",
            )
        ]
    if f.derogated_point and tier != "high":
        return "art_49_2", [
            reason(
                "art_49_2",
                ["Art. 49(2)", "Art. 6(4)", "Annex VIII Section B"],
                "A provider that concludes an Annex III system is not high-risk still registers "
                "it in the EU database.",
            )
        ]
    return None, []


def _deployer_registration(f: Facts, profile: dict, tier: str) -> tuple[str | None, list]:
    """Art. 49(3): public-authority deployers register their use of the system.

    Kept apart from the provider's `registration`: it is a second entry, by someone else.
    """
    public = public_use(profile, f)
    eu_database = [p for p in f.high_points if area(p) not in NATIONAL_REGISTRATION_AREAS]
    if tier != "high" or not public or not eu_database:
        return None, []
    who = "the law enforcement authority" if f.rbi_exception else "the public authority"
    return "art_49_3", [
        reason(
            "art_49_3",
            ["Art. 49(3)", "Annex VIII Section C"],
            f"As deployer, {who} registers itself, selects the system and registers its use "
            f"in the EU database before using it.",
        )
    ]


def _non_public(f: Facts, registered: bool) -> tuple[bool, list[dict]]:
    """Art. 49(4): law enforcement and migration entries go to the secure section."""
    points = [*f.high_points, *([f.derogated_point] if f.derogated_point else [])]
    secret = [
        p
        for p in points
        if area(p) in NON_PUBLIC_AREAS
        or (area(p) in NON_PUBLIC_IF_LAW_ENFORCEMENT_AREAS and f.rbi_exception)
    ]
    if not (registered and secret):
        return False, []
    return True, [
        reason(
            "non_public_section",
            ["Art. 49(4)", *(f"Annex III {p}" for p in secret)],
            "Registrations for law enforcement, migration, asylum and border control go to the "
            "secure non-public section of the EU database, with a reduced set of fields, seen "
            "only by the Commission and the competent national authorities.",
        )
    ]


def classify(profile: dict, *, law: Law = rulebook.DEFAULT_LAW) -> dict[str, Any]:
    """Classify a validated profile under the text of Regulation (EU) 2024/1689 in force
    on `profile["as_of"]`; `law` holds the settings the rulebook reads."""
    text = rulebook.text_on(profile["as_of"], law)
    f = facts(profile, text)
    tier, basis, tier_reasons = _tier(f, profile)
    result: dict[str, Any] = {"rulebook": text, "tier": tier, "basis": basis}
    gpai = _gpai(profile)
    schedule = dated(profile, text, tier, f, law)
    # Art. 111(2): a high-risk system already on the market and unchanged since is no
    # concern of the Regulation (beyond Art. 5): no procedure, registration or high-risk
    # duties. The keys stay, empty; the schedule's reason says why.
    caught = not schedule.legacy_exempt
    procedure, procedure_reasons = (
        _procedure(f, profile) if tier == "high" and caught else (None, [])
    )
    registers_not_high = rulebook.not_high_risk_registration(text, law)
    registration, registration_reasons = (
        _registration(f, tier, registers_not_high) if caught else (None, [])
    )
    deployer, deployer_reasons = _deployer_registration(f, profile, tier) if caught else (None, [])
    non_public, non_public_reasons = _non_public(f, bool(registration or deployer))
    result |= {
        "gpai": gpai.gpai,
        "systemic_risk": gpai.systemic_risk,
        "designation_candidate": gpai.designation_candidate,
        "conformity_procedure": procedure,
        "registration": registration,
        "deployer_registration": deployer,
        "non_public_section": non_public,
    }
    obligations = _obligations(
        Context(f, profile, result, gpai.compute_presumption, schedule.legacy_exempt)
    )
    result["obligations"] = [r["conclusion"] for r in obligations]
    result |= {
        "applies_from": schedule.applies_from,
        "applies": schedule.applies,
        "schedule": schedule.entries,
    }
    result["reasons"] = [
        *schedule.text_reasons,
        *tier_reasons,
        *schedule.tier_reasons,
        *procedure_reasons,
        *registration_reasons,
        *deployer_reasons,
        *non_public_reasons,
        *gpai.reasons,
        *obligations,
    ]
    return result
