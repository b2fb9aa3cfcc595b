"""China (CAC): algorithm, deep-synthesis and generative-AI filings, and labelling.

`classify` expects a profile normalised by `profile.validate_profile`. The article numbers
of the CAC measures are not in REGULATION.md, so reasons cite the measures by name (and
GenAI Measures Art. 17, which is).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from registry.regimes.cn_cac_filings import FILING_TYPES  # noqa: F401 - part of the regime
from registry.regimes.profile import reason

RULEBOOK = (
    "cac:algorithm-recommendation-2022-03-01"
    "+deep-synthesis-2023-01-10"
    "+genai-interim-2023-08-15"
    "+labelling-2025-09-01"
)

# The measures, as reasons cite them (REGULATION.md gives their dates, not article numbers).
ALGORITHM_PROVISIONS = "Algorithmic Recommendation Provisions (2022-03-01)"
DEEP_SYNTHESIS_PROVISIONS = "Deep Synthesis Provisions (2023-01-10)"
GENAI_MEASURES = "Generative AI Interim Measures (2023-08-15)"
GENAI_MEASURES_ART17 = "Generative AI Interim Measures (2023-08-15) Art. 17"
LABELLING_MEASURES = "Labelling Measures (2025-09-01)"
ALL_MEASURES = [ALGORITHM_PROVISIONS, DEEP_SYNTHESIS_PROVISIONS, GENAI_MEASURES, LABELLING_MEASURES]
# The day each measure took effect (REGULATION.md): a classification as of an earlier day
# does not apply it.
IN_FORCE_FROM: dict[str, date] = {
    ALGORITHM_PROVISIONS: date(2022, 3, 1),
    DEEP_SYNTHESIS_PROVISIONS: date(2023, 1, 10),
    GENAI_MEASURES: date(2023, 8, 15),
    GENAI_MEASURES_ART17: date(2023, 8, 15),
    LABELLING_MEASURES: date(2025, 9, 1),
}


def _in_force(measure: str, as_of: date) -> bool:
    return IN_FORCE_FROM[measure] <= as_of


# The result carries no obligations list; the CAC duties are the filings themselves.
LABEL = "China (CAC)"
OBLIGATIONS: dict[str, dict[str, str]] = {}


def _china(p: dict) -> bool:
    return p["offered_in_china"]


# When each CAC question matters (`offered_in_china` is always asked).
QUESTIONS: dict[str, Callable[[dict], bool]] = {
    "public_opinion_or_mobilisation": _china,
    "cn_service_types": _china,
    "uses_filed_model": lambda p: _china(p) and "generative" in p["cn_service_types"],
}

# Service type -> the filing it needs when it has public-opinion attributes or
# social-mobilisation capability.
FILINGS: dict[str, dict[str, Any]] = {
    "recommendation": {
        "filing": "algorithm",
        "basis": [ALGORITHM_PROVISIONS],
        "explanation": "An algorithmic recommendation service with public-opinion attributes "
        "or social-mobilisation capability files its algorithm within 10 working days of "
        "starting service; the number (网信算备…号) is displayed with a link.",
    },
    "deep_synthesis": {
        "filing": "deep_synthesis",
        "basis": [DEEP_SYNTHESIS_PROVISIONS],
        "explanation": "A deep-synthesis service with public-opinion attributes or "
        "social-mobilisation capability files as for algorithms. A technical supporter "
        "files by reference to the service (the profile does not ask for that role).",
    },
    "generative": {
        "filing": "genai_filing",
        "basis": [GENAI_MEASURES_ART17],
        "explanation": "A generative-AI service with public-opinion attributes or "
        "social-mobilisation capability files its model (备案): reviewed by the provincial "
        "CAC, then the national CAC.",
    },
}
# A generative app that calls an already filed model registers (登记) at the local CAC.
GENAI_REGISTRATION: dict[str, Any] = {
    "filing": "genai_registration",
    "basis": [GENAI_MEASURES_ART17],
    "explanation": "The app calls a model already filed with the CAC ({model}), so it "
    "registers (登记) at the local CAC instead of filing, and displays the model's name "
    "and number.",
}
# Service types whose output must be labelled -> the measures that say so.
LABELLED_SERVICES: dict[str, list[str]] = {
    "deep_synthesis": [DEEP_SYNTHESIS_PROVISIONS, LABELLING_MEASURES],
    "generative": [GENAI_MEASURES, LABELLING_MEASURES],
}
LABELS = ["explicit", "implicit"]
# Unconfirmed: REGULATION.md ties the security assessment to the service (Art. 17) but does
# not describe the registration (登记) track's material. The platform asks for it on both
# tracks by default; CN_SECURITY_ASSESSMENT_FOR_REGISTRATION=0 asks for it only with a
# model filing.
SECURITY_ASSESSMENT_FOR_REGISTRATION = True
OPTIONS = ("cn_security_assessment_for_registration",)


def options_from_settings() -> dict[str, Any]:
    """The settings this regime reads (its `OPTIONS`)."""
    from django.conf import settings

    return {
        "cn_security_assessment_for_registration": (
            settings.CN_SECURITY_ASSESSMENT_FOR_REGISTRATION
        )
    }


def _not_yet(measures: list[str], as_of: date) -> dict | None:
    """The reason a duty under `measures` does not bind on `as_of`, or None if it does."""
    later = [m for m in measures if not _in_force(m, as_of)]
    if not later:
        return None
    return reason(
        "not_yet_in_force",
        later,
        f"{'; '.join(later)}: not yet in force on {as_of.isoformat()}, so no duty under "
        f"{'them' if len(later) > 1 else 'it'} then.",
    )


def _filings(profile: dict) -> tuple[list[dict], list[dict]]:
    """One reason per filing the services need, and one per filing a measure not yet in
    force on `as_of` would need."""
    if not profile["public_opinion_or_mobilisation"]:
        return [], []
    found, later = [], []
    for service in profile["cn_service_types"]:
        rule = FILINGS[service]
        if service == "generative" and profile["uses_filed_model"]:
            rule = {
                **GENAI_REGISTRATION,
                "explanation": GENAI_REGISTRATION["explanation"].format(
                    model=profile["uses_filed_model"]
                ),
            }
        not_yet = _not_yet(rule["basis"], profile["as_of"])
        if not_yet:
            later.append(not_yet)
        else:
            found.append(reason(rule["filing"], rule["basis"], rule["explanation"]))
    return found, later


def classify(
    profile: dict,
    *,
    cn_security_assessment_for_registration: bool = SECURITY_ASSESSMENT_FOR_REGISTRATION,
) -> dict[str, Any]:
    """Classify a validated profile under the CAC measures; the option is the unconfirmed
    reading of the registration track above."""
    if not profile["offered_in_china"]:
        return {
            "filings": [],
            "security_assessment": False,
            "labelling": [],
            "reasons": [
                reason(
                    "not_applicable",
                    ALL_MEASURES,
                    "The CAC measures apply to services offered to the public in mainland "
                    "China; this one is not.",
                )
            ],
        }
    filings, later = _filings(profile)
    reasons = [*filings] or [
        reason(
            "no_filing",
            [ALGORITHM_PROVISIONS, DEEP_SYNTHESIS_PROVISIONS, GENAI_MEASURES_ART17],
            "No filing: filings are for recommendation, deep-synthesis and generative-AI services "
            "with public-opinion attributes or social-mobilisation capability"
            + (", under measures in force on the day." if later else "."),
        )
    ]
    reasons += later
    security = any(
        r["conclusion"] == "genai_filing"
        or (r["conclusion"] == "genai_registration" and cn_security_assessment_for_registration)
        for r in filings
    )
    if security:
        reasons.append(
            reason(
                "security_assessment",
                [GENAI_MEASURES_ART17],
                "A generative-AI service with public-opinion attributes or social-mobilisation "
                "capability needs a security assessment (self-assessment, keyword blocklist, "
                "generation and refusal test sets) with its filing or registration.",
            )
        )
    # A service's labelling duty starts with its own measure; the Labelling Measures add
    # the explicit and implicit labels' detail from their own day.
    as_of = profile["as_of"]
    labelled = [
        s
        for s in profile["cn_service_types"]
        if s in LABELLED_SERVICES and _in_force(LABELLED_SERVICES[s][0], as_of)
    ]
    if labelled:
        reasons.append(
            reason(
                "labelling",
                list(
                    dict.fromkeys(
                        b for s in labelled for b in LABELLED_SERVICES[s] if _in_force(b, as_of)
                    )
                ),
                "Generated or synthesised content carries explicit labels (visible text, sound or "
                "graphics) and implicit labels in file metadata (provider, content ID), whether "
                "or not a filing is needed.",
            )
        )
    return {
        "filings": sorted(r["conclusion"] for r in filings),
        "security_assessment": security,
        "labelling": list(LABELS) if labelled else [],
        "reasons": reasons,
    }


# --- How the result reads on the pages

CONCLUSIONS = {
    "no_filing": "No filing needed",
    "algorithm": "Algorithm filing",
    "deep_synthesis": "Deep-synthesis filing",
    "genai_filing": "Generative-AI filing (备案)",
    "genai_registration": "Generative-AI registration (登记)",
    "security_assessment": "Security assessment",
    "labelling": "Labelling of generated content",
    "not_yet_in_force": "Not yet in force on the day",
}
PANEL_TEMPLATE = "registry/_regime_cn.html"


def describe(classification: dict, cn: dict, explain: Callable[..., dict]) -> dict[str, Any]:
    """The CAC result for its panel: filings, security assessment, labels, reasons."""
    return {
        "filings": [CONCLUSIONS.get(f, f) for f in cn.get("filings", [])],
        "security_assessment": cn.get("security_assessment", False),
        "labelling": cn.get("labelling", []),
        "reasons": [explain(r) for r in cn.get("reasons", [])],
    }


def summary(classification: dict, cn: dict) -> dict[str, str]:
    """The live panel's line: the filings needed."""
    filings = [CONCLUSIONS.get(f, f) for f in cn.get("filings", [])]
    return {"label": "China (CAC)", "text": ", ".join(filings) or "No filing"}
