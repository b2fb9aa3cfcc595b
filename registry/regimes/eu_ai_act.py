"""EU AI Act, Regulation (EU) 2024/1689: risk tier, GPAI status, procedure, registration.

`classify` expects a profile normalised by `profile.validate_profile` and reads it as of
`profile["as_of"]`, under the text in force that day (`eu_ai_act_rulebook`). Every
conclusion comes with a reason naming its legal basis. Tables are keyed by code; the
functions below them only combine table rows.
"""

from collections.abc import Callable
from typing import Any, NamedTuple

from registry.regimes import eu_ai_act_rulebook as rulebook
from registry.regimes.eu_ai_act_dates import dated
from registry.regimes.eu_ai_act_filings import FILING_TYPES  # noqa: F401 - part of the regime
from registry.regimes.eu_ai_act_rulebook import Law
from registry.regimes.profile import NCII_PRACTICE, RBI_PRACTICE, reason

# The original text; `classify` names the text it used in its `rulebook` key.
RULEBOOK = rulebook.ORIGINAL
# The settings the rulebook reads (`registry.regimes.classify` passes them in).
OPTIONS = ("law",)

# --- Thresholds -------------------------------------------------------------------------

# Art. 51(2): high-impact capabilities presumed when training compute is *greater than*
# 10^25 FLOP; exactly 10^25 is not presumed.
SYSTEMIC_RISK_FLOP = 10**25
# Annex XIII(f): reach presumed at >= 10,000 registered business users in the Union. It is
# a criterion for a Commission designation (Art. 51(1)(b), Art. 52(4)), never a presumption
# the provider applies itself: it makes the model a designation candidate only.
REACH_BUSINESS_USERS = 10_000

# --- Art. 5 -----------------------------------------------------------------------------

ART5_PRACTICES: dict[str, dict[str, str]] = {
    "subliminal_manipulation": {
        "title": "Subliminal, manipulative or deceptive techniques causing significant harm",
        "basis": "Art. 5(1)(a)",
    },
    "exploit_vulnerabilities": {
        "title": "Exploiting vulnerabilities due to age, disability or social or economic "
        "situation",
        "basis": "Art. 5(1)(b)",
    },
    "social_scoring": {
        "title": "Social scoring leading to detrimental or unfavourable treatment",
        "basis": "Art. 5(1)(c)",
    },
    "crime_prediction_profiling_only": {
        "title": "Predicting the risk of a person committing a crime solely from profiling or "
        "personality traits",
        "basis": "Art. 5(1)(d)",
    },
    "untargeted_face_scraping": {
        "title": "Untargeted scraping of facial images to build face-recognition databases",
        "basis": "Art. 5(1)(e)",
    },
    "emotion_recognition_workplace_education": {
        "title": "Inferring emotions at the workplace or in education (other than for medical "
        "or safety reasons)",
        "basis": "Art. 5(1)(f)",
    },
    "biometric_categorisation_sensitive": {
        "title": "Biometric categorisation inferring race, political opinions, trade union "
        "membership, religion, sex life or sexual orientation",
        "basis": "Art. 5(1)(g)",
    },
    RBI_PRACTICE: {
        "title": "Real-time remote biometric identification in publicly accessible spaces for "
        "law enforcement",
        "basis": "Art. 5(1)(h)",
    },
    # Added by the Digital Omnibus; in the amended text only (eu_ai_act_rulebook.RULES).
    # REGULATION.md does not give the new point's letter.
    NCII_PRACTICE: {
        "title": "Generating or manipulating non-consensual intimate or sexually explicit "
        "imagery of identifiable real persons, or child sexual abuse material",
        "basis": "Art. 5(1) as amended by the Digital Omnibus",
    },
}

# Art. 5(1)(h)(i)-(iii): the only objectives for which real-time RBI may be used.
ART5_EXCEPTIONS: dict[str, dict[str, str]] = {
    "victim_search": {
        "title": "Targeted search for victims of abduction, trafficking or sexual "
        "exploitation, or for missing persons",
        "basis": "Art. 5(1)(h)(i)",
    },
    "imminent_threat": {
        "title": "Preventing a specific, substantial and imminent threat to life or physical "
        "safety, or a terrorist attack",
        "basis": "Art. 5(1)(h)(ii)",
    },
    "serious_crime_suspect": {
        "title": "Locating or identifying a suspect of an Annex II offence punishable by at "
        "least four years",
        "basis": "Art. 5(1)(h)(iii)",
    },
}

# --- Art. 6 and Annex III -----------------------------------------------------------------

ANNEX_III_POINTS: dict[str, str] = {
    "1(a)": "Remote biometric identification",
    "1(b)": "Biometric categorisation by sensitive attributes",
    "1(c)": "Emotion recognition",
    "2": "Safety component of critical infrastructure",
    "3(a)": "Access or admission to education and training",
    "3(b)": "Evaluating learning outcomes",
    "3(c)": "Assessing the appropriate level of education",
    "3(d)": "Monitoring students for prohibited behaviour during tests",
    "4(a)": "Recruitment and selection",
    "4(b)": "Decisions on work relationships, task allocation and worker monitoring",
    "5(a)": "Eligibility for public assistance benefits and services",
    "5(b)": "Creditworthiness and credit scoring (not fraud detection)",
    "5(c)": "Risk assessment and pricing in life and health insurance",
    "5(d)": "Emergency call evaluation, dispatch and patient triage",
    "6(a)": "Law enforcement: risk of becoming a victim of crime",
    "6(b)": "Law enforcement: polygraphs and similar tools",
    "6(c)": "Law enforcement: reliability of evidence",
    "6(d)": "Law enforcement: risk of offending or re-offending",
    "6(e)": "Law enforcement: profiling in criminal investigations",
    "7(a)": "Migration and border control: polygraphs and similar tools",
    "7(b)": "Migration and border control: security, irregular-migration or health risk",
    "7(c)": "Examining asylum, visa and residence permit applications",
    "7(d)": "Migration and border control: detecting, recognising or identifying persons",
    "8(a)": "Assisting judicial authorities in researching and applying the law",
    "8(b)": "Influencing the outcome of elections or referenda or voting behaviour",
}

ART_6_3_CONDITIONS: dict[str, str] = {
    "a": "performs a narrow procedural task",
    "b": "improves the result of a previously completed human activity",
    "c": "detects decision-making patterns without replacing or influencing the human "
    "assessment without proper human review",
    "d": "performs a preparatory task to an assessment relevant to an Annex III use case",
}

# Art. 5(1)(h) with an exception is Annex III 1(a) remote biometric identification.
RBI_POINT = "1(a)"

# --- Art. 50 --------------------------------------------------------------------------------

ART50_TRIGGERS: dict[str, dict[str, str]] = {
    "interacts_with_persons": {
        "basis": "Art. 50(1)",
        "duty": "the provider makes sure people are told they are interacting with an AI system",
    },
    "generates_synthetic_content": {
        "basis": "Art. 50(2)",
        "duty": "the provider marks synthetic audio, image, video or text output in a "
        "machine-readable format as artificially generated",
    },
    "emotion_recognition": {
        "basis": "Art. 50(3)",
        "duty": "the deployer informs the people exposed to emotion recognition",
    },
    "biometric_categorisation": {
        "basis": "Art. 50(3)",
        "duty": "the deployer informs the people exposed to biometric categorisation",
    },
    "deepfake": {
        "basis": "Art. 50(4)",
        "duty": "the deployer discloses that deep-fake content is artificially generated "
        "or manipulated",
    },
    "public_interest_text": {
        "basis": "Art. 50(4)",
        "duty": "the deployer discloses that text published to inform the public on matters "
        "of public interest is artificially generated or manipulated",
    },
}
# The same activity may also be an Annex III use; the answer is the provider's to give.
ART50_ANNEX_III_HINTS = {"emotion_recognition": "1(c)", "biometric_categorisation": "1(b)"}

# --- Art. 43 and Art. 49 -----------------------------------------------------------------

# Unconfirmed reading of Art. 43(3): a system that is both an Annex I product and an
# Annex III use follows the sectoral procedure of its Annex I legislation. Set to False to
# let the Annex III procedure of Art. 43(1)-(2) win instead.
ANNEX_I_PROCEDURE_WINS = True
# Art. 43(1): for Annex III point 1, fully applied harmonised standards allow a choice;
# otherwise Annex VII (notified body) is mandatory.
POINT_1_PROCEDURE = {"full": "annex_vi_or_vii", "partial": "annex_vii", "none": "annex_vii"}
POINT_1_PROCEDURE_WHY = {
    "full": "harmonised standards are fully applied, so the provider may choose internal "
    "control (Annex VI) or a notified body (Annex VII)",
    "partial": "harmonised standards are applied only in part, so the notified-body "
    "procedure of Annex VII is mandatory",
    "none": "harmonised standards are not applied, so the notified-body procedure of "
    "Annex VII is mandatory",
}
# Art. 49(1), (3) and (5): point 2 registers at national level, not in the EU database.
# (The Art. 49(3) exclusion is read from the official text; REGULATION.md lists only 49(5).)
NATIONAL_REGISTRATION_AREAS = frozenset({"2"})
# Art. 27(1): the FRIA covers Art. 6(2) systems except point 2; any deployer of 5(b)/5(c).
# (The point 2 exclusion is read from the official text; REGULATION.md does not state it.)
FRIA_EXCLUDED_AREAS = frozenset({"2"})
FRIA_ANY_DEPLOYER_POINTS = frozenset({"5(b)", "5(c)"})
# Art. 49(4): points 1, 6 and 7 "in the areas of law enforcement, migration, asylum and
# border control management" go to the secure non-public section, for registrations under
# Art. 49(1), (2) and (3) alike (official text). Points 6 and 7 are those areas by
# definition; a point 1 system only when used there, which the profile reveals only
# through the Art. 5(1)(h) exception. Unconfirmed reading: a point 1 system used by law
# enforcement outside Art. 5(1)(h) is not detected; the profile has no such question.
NON_PUBLIC_AREAS = frozenset({"6", "7"})
NON_PUBLIC_IF_LAW_ENFORCEMENT_AREAS = frozenset({"1"})
# The values of `registration` and `deployer_registration`.
REGISTRATIONS: dict[str, dict[str, str]] = {
    "art_49_1": {
        "basis": "Art. 49(1)",
        "text": "the provider registers the system in the EU database (Annex VIII Section A)",
    },
    "art_49_2": {
        "basis": "Art. 49(2)",
        "text": "the provider registers the not-high-risk "
        "system in the EU database (Annex VIII Section B)",
    },
    "art_49_3": {
        "basis": "Art. 49(3)",
        "text": "the public-authority deployer registers its "
        "use in the EU database (Annex VIII Section C)",
    },
    "national": {"basis": "Art. 49(5)", "text": "the system is registered at national level"},
}

# --- Obligations ------------------------------------------------------------------------

# Requirement codes shared with the assessment catalogues (DESIGN.md §8). Art. 54
# (authorised representative of a non-EU GPAI provider) is left out: the profile does
# not say where the provider is established.
OBLIGATIONS: dict[str, dict[str, str]] = {
    "eu.art5": {
        "title": "Prior authorisation, FRIA and registration for each real-time remote "
        "biometric identification use",
        "basis": "Art. 5(2)-(3)",
        "addressee": "deployer",
    },
    "eu.art6": {
        "title": "Documented assessment that the Annex III system is not high-risk",
        "basis": "Art. 6(4)",
        "addressee": "provider",
    },
    "eu.art9": {"title": "Risk management system", "basis": "Art. 9", "addressee": "provider"},
    "eu.art10": {
        "title": "Data and data governance",
        "basis": "Art. 10",
        "addressee": "provider",
    },
    "eu.art11": {
        "title": "Technical documentation (Annex IV)",
        "basis": "Art. 11",
        "addressee": "provider",
    },
    "eu.art12": {
        "title": "Record-keeping (automatic logs)",
        "basis": "Art. 12",
        "addressee": "provider",
    },
    "eu.art13": {
        "title": "Transparency and instructions for use",
        "basis": "Art. 13",
        "addressee": "provider",
    },
    "eu.art14": {"title": "Human oversight", "basis": "Art. 14", "addressee": "provider"},
    "eu.art15": {
        "title": "Accuracy, robustness and cybersecurity",
        "basis": "Art. 15",
        "addressee": "provider",
    },
    "eu.art17": {
        "title": "Quality management system",
        "basis": "Art. 17",
        "addressee": "provider",
    },
    "eu.art27": {
        "title": "Fundamental rights impact assessment",
        "basis": "Art. 27",
        "addressee": "deployer",
    },
    "eu.art43": {"title": "Conformity assessment", "basis": "Art. 43", "addressee": "provider"},
    "eu.art47": {
        "title": "EU declaration of conformity (Annex V)",
        "basis": "Art. 47",
        "addressee": "provider",
    },
    "eu.art48": {"title": "CE marking", "basis": "Art. 48", "addressee": "provider"},
    "eu.art49": {
        "title": "Registration",
        "basis": "Art. 49",
        "addressee": "provider, deployer",
    },
    "eu.art50": {
        "title": "Transparency for certain AI systems",
        "basis": "Art. 50",
        "addressee": "provider, deployer",
    },
    "eu.art52": {
        "title": "Notify the Commission within two weeks of meeting the compute threshold",
        "basis": "Art. 52(1)",
        "addressee": "provider",
    },
    "eu.art53": {
        "title": "Obligations of providers of general-purpose AI models",
        "basis": "Art. 53",
        "addressee": "provider",
    },
    "eu.art55": {
        "title": "Evaluation, systemic-risk mitigation, incident reporting and cybersecurity",
        "basis": "Art. 55",
        "addressee": "provider",
    },
    "eu.art72": {
        "title": "Post-market monitoring",
        "basis": "Art. 72",
        "addressee": "provider",
    },
    "eu.art73": {
        "title": "Reporting of serious incidents",
        "basis": "Art. 73",
        "addressee": "provider",
    },
}
# Chapter III: what the provider of every high-risk AI system must do (Art. 16, 72, 73).
HIGH_RISK_OBLIGATIONS = (
    "eu.art9", "eu.art10", "eu.art11", "eu.art12", "eu.art13", "eu.art14", "eu.art15",
    "eu.art17", "eu.art43", "eu.art47", "eu.art48", "eu.art72", "eu.art73",
)  # fmt: skip


# --- Rules --------------------------------------------------------------------------------


def area(point: str) -> str:
    """The Annex III area of a point: "5(b)" -> "5"."""
    return point.split("(")[0]


class Facts(NamedTuple):
    """What the profile says, in the terms of the Regulation."""

    prohibited: tuple[str, ...]  # Art. 5(1) practices, in letter order
    rbi_exception: str | None  # Art. 5(1)(h) objective that lifts the prohibition
    high_points: tuple[str, ...]  # Annex III points that make the system high-risk
    derogated_point: str | None  # Annex III point set aside by Art. 6(3)
    profiling_override: bool  # derogation claimed, but profiling keeps it high-risk
    annex_i: bool
    art50: tuple[str, ...]  # Art. 50 triggers answered yes, in table order


NO_FACTS = Facts((), None, (), None, False, False, ())


def facts(profile: dict, text: str = rulebook.ORIGINAL) -> Facts:
    """Read the profile under `text`; a GPAI model has no AI-system facts (Art. 5, 6, 50
    do not apply), and a practice the text does not prohibit is not prohibited."""
    if profile["subject"] == "gpai_model":
        return NO_FACTS
    exception = profile["art5_exception"] if RBI_PRACTICE in profile["practices"] else None
    prohibited = tuple(
        p
        for p in profile["practices"]
        if not (p == RBI_PRACTICE and exception is not None)
        and rulebook.in_text(rulebook.practice_rule(p), text)
    )
    implied = {RBI_POINT} if exception else set()
    declared = profile["annex_iii_point"]
    claimed = bool(declared and declared not in implied and profile["art_6_3_condition"])
    derogated = declared if claimed and not profile["profiles_natural_persons"] else None
    declared_high = {declared} if declared and not derogated else set()
    return Facts(
        prohibited=prohibited,
        rbi_exception=exception,
        high_points=tuple(sorted(implied | declared_high, key=list(ANNEX_III_POINTS).index)),
        derogated_point=derogated,
        profiling_override=claimed and profile["profiles_natural_persons"],
        annex_i=profile["annex_i_product"],
        art50=tuple(name for name in ART50_TRIGGERS if profile[name]),
    )


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


def _art50_basis(f: Facts) -> list[str]:
    return list(dict.fromkeys(ART50_TRIGGERS[name]["basis"] for name in f.art50))


def _transparency_reason(conclusion: str, f: Facts) -> dict:
    duties = "; ".join(ART50_TRIGGERS[name]["duty"] for name in f.art50)
    text = f"Transparency duties apply: {duties}."
    for name, point in ART50_ANNEX_III_HINTS.items():
        if name in f.art50 and point not in f.high_points:
            text += (
                f" {ANNEX_III_POINTS[point]} is also listed in Annex III point {point}; "
                f"answer annex_iii_point if that use applies."
            )
    return reason(conclusion, _art50_basis(f), text)


def _cited(reasons: list[dict]) -> list[str]:
    return list(dict.fromkeys(b for r in reasons for b in r["basis"]))


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
    public = profile["deployer_public_authority"] or f.rbi_exception is not None
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


def _flop(value: float | None) -> str:
    return "not declared" if value is None else f"{value:.3g} FLOP"


class Gpai(NamedTuple):
    gpai: bool = False
    systemic_risk: bool = False
    compute_presumption: bool = False  # Art. 51(2), which alone triggers Art. 52(1)
    designation_candidate: bool = False  # Annex XIII reach, no presumption, not designated
    reasons: tuple[dict, ...] = ()


def _gpai(profile: dict) -> Gpai:
    """GPAI status. Systemic risk comes from the compute presumption or a recorded
    Commission designation, never from Annex XIII reach alone."""
    if profile["subject"] != "gpai_model":
        return Gpai()
    compute, users = profile["training_compute_flop"], profile["eu_business_users"]
    by_compute = compute is not None and compute > SYSTEMIC_RISK_FLOP
    designated = profile["commission_designated"]
    reach = users is not None and users >= REACH_BUSINESS_USERS
    candidate = reach and not (by_compute or designated)
    reasons = [
        reason(
            "gpai",
            ["Art. 3(63)", "Art. 53"],
            "The subject is a general-purpose AI model; its provider has the duties of Chapter V.",
        )
    ]
    if by_compute:
        reasons.append(
            reason(
                "systemic_risk",
                ["Art. 51(1)(a)", "Art. 51(2)"],
                f"Training compute of {_flop(compute)} is greater than 10^25 FLOP, so high-impact "
                f"capabilities are presumed. The provider may argue, with its notification, that "
                f"the model nevertheless presents no systemic risk (Art. 52(2)).",
            )
        )
    if designated:
        reasons.append(
            reason(
                "systemic_risk",
                ["Art. 51(1)(b)", "Art. 52(4)", "Annex XIII"],
                "The Commission (AI Office) has designated the model as a general-purpose AI "
                "model with systemic risk.",
            )
        )
    if candidate:
        reasons.append(
            reason(
                "designation_candidate",
                ["Art. 51(1)(b)", "Art. 52(4)", "Annex XIII(f)"],
                f"{users:,} registered EU business users reach the 10,000 at which Annex XIII(f) "
                f"presumes a high impact on the internal market. That is a ground for a "
                f"Commission designation, not a presumption: the model has systemic risk only "
                f"once the Commission designates it.",
            )
        )
    if not (by_compute or designated):
        reasons.append(
            reason(
                "not_systemic_risk",
                ["Art. 51(2)", "Art. 52(4)"],
                f"Training compute ({_flop(compute)}) is not greater than 10^25 FLOP and the "
                f"Commission has not designated the model. The Commission may still designate "
                f"it (Art. 52(4)).",
            )
        )
    reasons.append(
        reason(
            "not_assessed",
            ["Art. 54"],
            "Whether a non-EU provider must appoint an authorised representative is not "
            "assessed here: the profile does not say where the provider is established.",
        )
    )
    return Gpai(True, by_compute or designated, by_compute, candidate, tuple(reasons))


class Context(NamedTuple):
    """What obligation rules look at: the facts, the answers and the classification so far."""

    facts: Facts
    profile: dict
    result: dict  # tier, gpai, systemic_risk, registration, deployer_registration, ...
    compute_presumption: bool  # Art. 51(2), which alone triggers the Art. 52 notification


Explain = Callable[[Context], tuple[list[str], str]]


def _fixed(basis: list[str], text: str) -> Explain:
    return lambda c: (basis, text)


def _is_high(c: Context) -> bool:
    return c.result["tier"] == "high"


def _fria_applies(c: Context) -> bool:
    """Art. 27(1): public-body deployers of Art. 6(2) systems, any deployer of 5(b)/5(c)."""
    covered = [p for p in c.facts.high_points if area(p) not in FRIA_EXCLUDED_AREAS]
    public = c.profile["deployer_public_authority"] or c.facts.rbi_exception is not None
    return _is_high(c) and any(public or p in FRIA_ANY_DEPLOYER_POINTS for p in covered)


def _registrations(c: Context) -> list[str]:
    return [r for r in (c.result["registration"], c.result["deployer_registration"]) if r]


def _explain_registration(c: Context) -> tuple[list[str], str]:
    found = _registrations(c)
    text = "; ".join(REGISTRATIONS[r]["text"] for r in found)
    return [REGISTRATIONS[r]["basis"] for r in found], f"Registration: {text}."


def _explain_transparency(c: Context) -> tuple[list[str], str]:
    return _art50_basis(c.facts), _transparency_reason("eu.art50", c.facts)["explanation"]


def _explain_art53(c: Context) -> tuple[list[str], str]:
    if not c.profile["open_weights"]:
        text = (
            "Annex XI technical documentation, Annex XII information for downstream "
            "providers, a copyright policy and a public summary of the training content."
        )
    elif c.result["systemic_risk"]:
        text = (
            "Open weights do not exempt a model with systemic risk (Art. 53(2)): the Annex XI "
            "and XII documentation is required along with the copyright policy and the "
            "training-content summary."
        )
    else:
        text = (
            "Released with open weights, the model is exempt from the Annex XI and XII "
            "documentation of Art. 53(1)(a)-(b) (Art. 53(2)), provided the licence is free "
            "and open-source and the weights, architecture and usage information are public. "
            "The copyright policy and the public training-content summary of "
            "Art. 53(1)(c)-(d) still apply."
        )
    return ["Art. 53"], text


# Requirement code -> (does it apply?, its basis and explanation).
OBLIGATION_RULES: dict[str, tuple[Callable[[Context], bool], Explain]] = {
    **{
        code: (
            _is_high,
            _fixed(
                [OBLIGATIONS[code]["basis"]],
                f"{OBLIGATIONS[code]['title']}: required of every high-risk AI system.",
            ),
        )
        for code in HIGH_RISK_OBLIGATIONS
    },
    "eu.art5": (
        lambda c: _is_high(c) and c.facts.rbi_exception is not None,
        _fixed(
            ["Art. 5(2)", "Art. 5(3)"],
            "Each use needs prior authorisation (urgent: requested within 24 hours), a "
            "completed FRIA and registration in the EU database.",
        ),
    ),
    "eu.art6": (
        lambda c: (
            c.facts.derogated_point is not None and c.result["tier"] in ("limited", "minimal")
        ),
        _fixed(
            ["Art. 6(4)"],
            "Document the not-high-risk assessment before placing the system on the market "
            "and hand it to the national authorities on request.",
        ),
    ),
    "eu.art27": (
        _fria_applies,
        _fixed(
            ["Art. 27(1)"],
            "Before first use, the deployer (a public body, or any deployer of Annex III "
            "5(b) or 5(c)) assesses the impact on fundamental rights and notifies the market "
            "surveillance authority of the results.",
        ),
    ),
    "eu.art49": (lambda c: bool(_registrations(c)), _explain_registration),
    "eu.art50": (
        lambda c: c.result["tier"] != "prohibited" and bool(c.facts.art50),
        _explain_transparency,
    ),
    "eu.art52": (
        lambda c: c.compute_presumption,
        _fixed(
            ["Art. 52(1)"],
            "Notify the Commission without delay and at the latest two weeks after the "
            "threshold is met or it becomes known that it will be.",
        ),
    ),
    "eu.art53": (lambda c: c.result["gpai"], _explain_art53),
    "eu.art55": (
        lambda c: c.result["systemic_risk"],
        _fixed(
            ["Art. 55(1)"],
            "State-of-the-art model evaluation with adversarial testing, assessment and "
            "mitigation of systemic risks, serious-incident reporting to the AI Office, and "
            "cybersecurity for the model and its infrastructure.",
        ),
    ),
}


def _article(code: str) -> int:
    return int(code.removeprefix("eu.art"))


def _obligations(c: Context) -> list[dict]:
    """One reason per obligation that applies, sorted by article number."""
    codes = sorted(
        (code for code, (applies, _) in OBLIGATION_RULES.items() if applies(c)), key=_article
    )
    return [reason(code, *OBLIGATION_RULES[code][1](c)) for code in codes]


def classify(profile: dict, *, law: Law = rulebook.DEFAULT_LAW) -> dict[str, Any]:
    """Classify a validated profile under the text of Regulation (EU) 2024/1689 in force
    on `profile["as_of"]`; `law` holds the settings the rulebook reads."""
    text = rulebook.text_on(profile["as_of"], law)
    f = facts(profile, text)
    tier, basis, tier_reasons = _tier(f, profile)
    result: dict[str, Any] = {"rulebook": text, "tier": tier, "basis": basis}
    gpai = _gpai(profile)
    procedure, procedure_reasons = _procedure(f, profile) if tier == "high" else (None, [])
    registers_not_high = rulebook.not_high_risk_registration(text, law)
    registration, registration_reasons = _registration(f, tier, registers_not_high)
    deployer, deployer_reasons = _deployer_registration(f, profile, tier)
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
    obligations = _obligations(Context(f, profile, result, gpai.compute_presumption))
    result["obligations"] = [r["conclusion"] for r in obligations]
    schedule = dated(profile, text, tier, f, law)
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
