"""California SB 53, the Transparency in Frontier AI Act (Bus. & Prof. Code §22757.10 ff.).

A frontier model is a foundation model trained with more than 10^26 operations; its
developer is a frontier developer, and a large frontier developer when its annual gross
revenue (with affiliates) is above USD 500 m. The Act applies from 2026-01-01
(REGULATION.md). `classify` expects a validated profile; the profile's
`annual_revenue_usd` is filled from the operator organisation's record by the service
when the questionnaire does not give it.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from registry.regimes.profile import reason
from registry.regimes.us_ca_sb53_filings import FILING_TYPES  # noqa: F401 - part of the regime

RULEBOOK = "ca-sb53-2026-01-01"

BASIS = "Cal. Bus. & Prof. Code §22757.10 ff. (SB 53)"
APPLIES_FROM = date(2026, 1, 1)
# Strict thresholds ("more than"); ints, so the comparison is exact.
FRONTIER_FLOP = 10**26
LARGE_REVENUE_USD = 500_000_000

OBLIGATIONS: dict[str, dict[str, str]] = {
    "us_ca.framework": {
        "title": "Publish a frontier AI framework on the website, review it at least once a "
        "year and publish changes within 30 days of a material modification",
        "basis": BASIS,
        "addressee": "provider",
    },
    "us_ca.transparency_report": {
        "title": "Publish a transparency report before or when deploying a new or "
        "substantially modified frontier model",
        "basis": BASIS,
        "addressee": "provider",
    },
    "us_ca.risk_summaries": {
        "title": "Transmit summaries of catastrophic-risk assessments from internal use to "
        "Cal OES every three months (or on a schedule agreed in writing)",
        "basis": BASIS,
        "addressee": "provider",
    },
    "us_ca.incidents": {
        "title": "Report critical safety incidents to Cal OES within 15 days of discovery "
        "(24 hours to an appropriate authority when death or serious injury is imminent)",
        "basis": BASIS,
        "addressee": "provider",
    },
}
LABEL = "California (SB 53)"
# SB 53 asks only about models; their compute and the revenue come from the records.
QUESTIONS = {"offered_in_california": lambda p: p["subject"] == "gpai_model"}
# Every frontier developer; the large ones also the framework and the risk summaries.
FRONTIER_OBLIGATIONS = ("us_ca.transparency_report", "us_ca.incidents")
LARGE_OBLIGATIONS = ("us_ca.framework", "us_ca.risk_summaries")


def _usd(value) -> str:
    return f"USD {value:,}" if isinstance(value, int) else f"USD {value:,.2f}"


def classify(profile: dict) -> dict[str, Any]:
    """Classify a validated profile under SB 53 as of `profile["as_of"]`."""
    compute = profile["training_compute_flop"]
    revenue = profile["annual_revenue_usd"]
    model = profile["subject"] == "gpai_model"
    frontier = model and compute is not None and compute > FRONTIER_FLOP
    large = frontier and revenue is not None and revenue > LARGE_REVENUE_USD
    california = profile["offered_in_california"]
    reasons = []
    if not model:
        reasons.append(
            reason(
                "not_applicable",
                [BASIS],
                "SB 53 concerns frontier models (foundation models) and their developers, "
                "not AI systems.",
            )
        )
    else:
        declared = "not declared" if compute is None else f"{compute:.3g}"
        reasons.append(
            reason(
                "frontier_model" if frontier else "not_frontier_model",
                [BASIS],
                f"Training compute ({declared} operations, fine-tuning included) is "
                f"{'more' if frontier else 'not more'} than 10^26 integer or floating-point "
                f"operations, the frontier-model threshold.",
            )
        )
    if frontier:
        given = "not given" if revenue is None else _usd(revenue)
        reasons.append(
            reason(
                "large_frontier_developer" if large else "frontier_developer",
                [BASIS],
                f"The developer trained a frontier model, so it is a frontier developer; its "
                f"annual gross revenue with affiliates ({given}) is "
                f"{'more' if large else 'not more'} than USD 500 m, so it is "
                f"{'a' if large else 'not a'} large frontier developer.",
            )
        )
        if not california:
            reasons.append(
                reason(
                    "not_offered_in_california",
                    [BASIS],
                    "The model is not offered in California, so the platform lists no SB 53 "
                    "duties for it.",
                )
            )
    obligations: list[str] = []
    if frontier and california:
        obligations = sorted([*FRONTIER_OBLIGATIONS, *(LARGE_OBLIGATIONS if large else ())])
        for code in obligations:
            reasons.append(reason(code, [BASIS], OBLIGATIONS[code]["title"] + "."))
    applies = bool(obligations) and profile["as_of"] >= APPLIES_FROM
    if obligations:
        when = "apply" if applies else "do not apply yet"
        reasons.append(
            reason(
                "applies" if applies else "not_yet_applicable",
                [BASIS],
                f"SB 53 applies from {APPLIES_FROM}: on {profile['as_of']} its duties {when}.",
            )
        )
    return {
        "frontier_model": frontier,
        "frontier_developer": frontier,
        "large_frontier_developer": large,
        "offered_in_california": california,
        "obligations": obligations,
        "applies_from": APPLIES_FROM.isoformat() if obligations else None,
        "applies": applies,
        "reasons": reasons,
    }


# --- How the result reads on the pages

CONCLUSIONS = {
    "frontier_model": "Frontier model",
    "not_frontier_model": "Not a frontier model",
    "frontier_developer": "Frontier developer",
    "large_frontier_developer": "Large frontier developer",
    "not_offered_in_california": "Not offered in California",
    "applies": "Applies",
    "not_yet_applicable": "Not applicable yet",
}
PANEL_TEMPLATE = "registry/_regime_us_ca.html"


def describe(classification: dict, us_ca: dict, explain: Callable[..., dict]) -> dict[str, Any]:
    """California SB 53 in words: the developer's status and its obligations, dated."""
    if us_ca.get("large_frontier_developer"):
        status = "Frontier model of a large frontier developer"
    elif us_ca.get("frontier_model"):
        status = "Frontier model"
    else:
        status = "Not a frontier model"
    return {
        "status": status,
        "frontier_model": us_ca.get("frontier_model", False),
        "obligations": [
            {"code": code, **OBLIGATIONS.get(code, {"title": code, "basis": ""})}
            for code in us_ca.get("obligations", [])
        ],
        "applies_from": us_ca.get("applies_from"),
        "applies": us_ca.get("applies", False),
        "reasons": [
            explain(r) for r in us_ca.get("reasons", []) if r["conclusion"] not in OBLIGATIONS
        ],
    }


def summary(classification: dict, us_ca: dict) -> dict[str, str] | None:
    """The live panel's line, for a model only (SB 53 concerns frontier models)."""
    reasons = us_ca.get("reasons", [])
    if not reasons or any(r["conclusion"] == "not_applicable" for r in reasons):
        return None
    described = describe(classification, us_ca, lambda r: r)
    count = len(described["obligations"])
    text = described["status"]
    if count:
        text += f": {count} obligation{'s' if count != 1 else ''}"
    return {"label": "California (SB 53)", "text": text}
