"""United States, Executive Order 14110 §4.2 compute reporting (historic regime).

The order was in force from 2023-10-30 and revoked on 2025-01-20 (REGULATION.md); since
then there is no federal reporting duty. The rule is read as of `as_of`: a model above the
threshold needed a report only on a date when the order was in force; after the
revocation the result keeps the threshold as history. `classify` expects a validated
profile.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from registry.regimes.profile import reason
from registry.regimes.us_eo14110_filings import FILING_TYPES  # noqa: F401 - part of the regime

RULEBOOK = "eo-14110"

BASIS = "EO 14110 §4.2"
IN_FORCE_FROM = date(2023, 10, 30)
# Our reading of the revocation day: the revoking order took effect on the day it was
# signed, so on 2025-01-20 itself EO 14110 was no longer in force (in force up to, not
# including, REVOKED_ON).
REVOKED_ON = date(2025, 1, 20)
# §4.2 thresholds, strict ("greater than"); ints, so the comparison is exact.
REPORT_FLOP = 10**26
BIO_REPORT_FLOP = 10**23
# Keyed by "trained mainly on biological sequence data": (threshold, as written, which models)
THRESHOLDS: dict[bool, tuple[int, str, str]] = {
    False: (REPORT_FLOP, "10^26", "in general"),
    True: (BIO_REPORT_FLOP, "10^23", "mainly on biological sequence data"),
}

# The result carries no obligations list; the duty was the report itself.
LABEL = f"United States (EO 14110, revoked {REVOKED_ON})"
OBLIGATIONS: dict[str, dict[str, str]] = {}
# The order asks nothing of its own: it reads the model's record (compute, sequence data).
QUESTIONS: dict = {}


def in_force(day: date) -> bool:
    """Whether EO 14110 was in force on `day`."""
    return IN_FORCE_FROM <= day < REVOKED_ON


def _period(day: date) -> str:
    if day < IN_FORCE_FROM:
        return f"On {day} EO 14110 was not yet in force (signed {IN_FORCE_FROM})."
    if day >= REVOKED_ON:
        return (
            f"EO 14110 was revoked on {REVOKED_ON}: on {day} there is no federal "
            f"reporting duty; the threshold is shown as history."
        )
    return f"On {day} EO 14110 was in force ({IN_FORCE_FROM} to {REVOKED_ON}, revoked)."


def classify(profile: dict) -> dict[str, Any]:
    """Classify a validated profile under EO 14110 §4.2 as of `profile["as_of"]`
    (compute-cluster reporting is not assessed: the profile does not describe clusters)."""
    day = profile["as_of"]
    active = in_force(day)
    result: dict[str, Any] = {
        "compute_report_required": False,
        "above_threshold": False,
        "in_force": active,
        "revoked_on": REVOKED_ON.isoformat(),
        "basis": [],
    }
    if profile["subject"] != "gpai_model":
        result["reasons"] = [
            reason(
                "not_applicable",
                [BASIS],
                f"EO 14110 §4.2 concerned dual-use foundation models, not AI systems. "
                f"{_period(day)}",
            )
        ]
        return result
    compute = profile["training_compute_flop"]
    threshold, written, kind = THRESHOLDS[profile["biological_sequence_data"]]
    above = compute is not None and compute > threshold
    declared = "not declared" if compute is None else f"{compute:.3g} FLOP"
    required = above and active
    if not above:
        conclusion = "no_compute_report"
        text = (
            f"Training compute ({declared}) is not greater than {written} operations, "
            f"the reporting threshold for models trained {kind}."
        )
    elif required:
        conclusion = "compute_report_required"
        text = (
            f"Training compute of {declared} is greater than {written} operations, the "
            f"reporting threshold for models trained {kind}: report development activities, "
            f"ownership and protection of the weights, and red-team results."
        )
    else:
        conclusion = "former_threshold" if day >= REVOKED_ON else "not_yet_in_force"
        text = (
            f"Training compute of {declared} is above the former EO 14110 reporting "
            f"threshold of {written} operations for models trained {kind} (revoked "
            f"{REVOKED_ON}); no report is required."
        )
    result.update(
        compute_report_required=required, above_threshold=above, basis=[BASIS] if required else []
    )
    result["reasons"] = [reason(conclusion, [BASIS], f"{text} {_period(day)}")]
    return result


# --- How the result reads on the pages

CONCLUSIONS = {
    "compute_report_required": "Compute report required",
    "no_compute_report": "No compute report",
    "former_threshold": "Above the former reporting threshold (history)",
    "not_yet_in_force": "Before EO 14110",
}
PANEL_TEMPLATE = "registry/_regime_us.html"


def describe(
    classification: dict, us: dict, explain: Callable[..., dict] | None = None
) -> dict[str, Any]:
    """EO 14110 in words: a duty only for a date it was in force, otherwise history."""
    revoked_on = us.get("revoked_on") or REVOKED_ON.isoformat()
    # A result stored before the order was read by date has no `in_force`: never a duty.
    required = bool(us.get("compute_report_required") and us.get("in_force"))
    above = bool(us.get("above_threshold", us.get("compute_report_required")))
    if any(r["conclusion"] == "not_applicable" for r in us.get("reasons", [])):
        status = "EO 14110 §4.2 concerned dual-use foundation models, not AI systems."
    elif required:
        status = "A compute report was required on that date (EO 14110 in force)."
    elif above:
        status = f"Above the former EO 14110 reporting threshold (revoked {revoked_on})."
    else:
        status = f"Not above the former EO 14110 reporting threshold (revoked {revoked_on})."
    return {
        "required": required,
        "above_threshold": above,
        "revoked_on": revoked_on,
        "status": status,
        "reasons": [explain(r) for r in us.get("reasons", [])] if explain else [],
    }


def summary(classification: dict, us: dict) -> dict[str, str]:
    """The live panel's line: the order's status."""
    return {"label": "US (EO 14110)", "text": describe(classification, us)["status"]}
