"""A toy jurisdiction for the registry test (test_toy_regime.py): one module declaring
everything a regime declares, registered only for the test that uses it.

"Atlantis" is invented; none of this is law.
"""

from typing import Any

from registry.regimes.filings import FieldSpec, FilingType
from registry.regimes.profile import Field, reason

LABEL = "Atlantis (Toy AI Register Act)"
RULEBOOK = "toy-2026"
BASIS = "Toy AI Register Act §1"

# Its own question, asked of AI systems only.
FIELDS = {
    "offered_in_atlantis": Field(
        "bool",
        False,
        regime="toy",
        label="It is offered in Atlantis",
        help="The Toy AI Register Act registers every AI system offered there.",
        group="Atlantis (Toy AI Register Act)",
    )
}
QUESTIONS = {"offered_in_atlantis": lambda p: p["subject"] == "ai_system"}
OBLIGATIONS = {
    "toy.keep_a_log": {"title": "Keep an Atlantis usage log", "basis": BASIS, "addressee": ""}
}
CONCLUSIONS = {"toy_register": "Registration in Atlantis", "toy_no_register": "Not registered"}

REGISTRATION = FilingType(
    code="toy.registration",
    regime="toy",
    title="Atlantis AI register entry",
    basis=BASIS,
    subject_kind="ai_system",
    fields=(FieldSpec("contact", "Contact in Atlantis", BASIS),),
    needed=lambda classification: (classification.get("toy") or {}).get("register", False),
    stages=("review",),
    route=lambda stage, context: "toy-registrar",
    number=lambda context, sequence, day: f"ATL-{sequence:04d}",
    number_prefix=lambda context, day: "ATL",
)
FILING_TYPES = {REGISTRATION.code: REGISTRATION}


def classify(profile: dict) -> dict[str, Any]:
    register = profile["subject"] == "ai_system" and profile["offered_in_atlantis"]
    why = "Offered in Atlantis." if register else "Not offered in Atlantis."
    return {
        "register": register,
        "obligations": ["toy.keep_a_log"] if register else [],
        "reasons": [reason("toy_register" if register else "toy_no_register", [BASIS], why)],
    }


def describe(classification: dict, result: dict, explain) -> dict[str, Any]:
    """Data for the generic panel (no template of its own)."""
    return {
        "status": "Must register in Atlantis" if result.get("register") else "No registration",
        "rows": [{"label": "Register entry", "value": "Needed" if result.get("register") else "—"}],
        "obligations": [OBLIGATIONS[code] for code in result.get("obligations", [])],
        "reasons": [explain(r) for r in result.get("reasons", [])],
    }


def summary(classification: dict, result: dict) -> dict[str, str]:
    return {"label": "Atlantis", "text": "Register" if result.get("register") else "No register"}
