"""United States, Executive Order 14110 §4.2 compute reporting (historic regime).

The order was revoked on 2025-01-20; the platform keeps it as a selectable regime for
records made while it was in force. `classify` expects a validated profile.
"""

from typing import Any

from registry.regimes.profile import reason
from registry.regimes.us_eo14110_filings import FILING_TYPES  # noqa: F401 - part of the regime

RULEBOOK = "eo-14110"

BASIS = "EO 14110 §4.2"
REVOKED_ON = "2025-01-20"
# §4.2 thresholds, strict ("greater than").
REPORT_FLOP = 10**26
BIO_REPORT_FLOP = 10**23
# Keyed by "trained mainly on biological sequence data": (threshold, as written, which models)
THRESHOLDS: dict[bool, tuple[float, str, str]] = {
    False: (REPORT_FLOP, "10^26", "in general"),
    True: (BIO_REPORT_FLOP, "10^23", "mainly on biological sequence data"),
}

# The result carries no obligations list; the duty is the report itself.
OBLIGATIONS: dict[str, dict[str, str]] = {}

HISTORIC = f"EO 14110 was revoked on {REVOKED_ON}; kept as a selectable historic regime."


def classify(profile: dict) -> dict[str, Any]:
    """Classify a validated profile under EO 14110 §4.2 (compute-cluster reporting is not
    assessed: the profile does not describe clusters)."""
    compute = profile["training_compute_flop"]
    threshold, written, kind = THRESHOLDS[profile["biological_sequence_data"]]
    required = compute is not None and compute > threshold
    declared = "not declared" if compute is None else f"{compute:.3g} FLOP"
    if required:
        text = (
            f"Training compute of {declared} is greater than {written} operations, the "
            f"reporting threshold for models trained {kind}: report development activities, "
            f"ownership and protection of the weights, and red-team results."
        )
    else:
        text = (
            f"Training compute ({declared}) is not greater than {written} operations, "
            f"the reporting threshold for models trained {kind}."
        )
    conclusion = "compute_report_required" if required else "no_compute_report"
    return {
        "compute_report_required": required,
        "basis": [BASIS] if required else [],
        "reasons": [reason(conclusion, [BASIS], f"{text} {HISTORIC}")],
    }
