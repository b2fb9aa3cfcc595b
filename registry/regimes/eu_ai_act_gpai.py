"""EU AI Act Chapter V: whether a GPAI model has systemic risk, and why."""

from typing import NamedTuple

from registry.regimes.profile import reason

# --- Thresholds -------------------------------------------------------------------------

# Art. 51(2): high-impact capabilities presumed when training compute is *greater than*
# 10^25 FLOP; exactly 10^25 is not presumed.
SYSTEMIC_RISK_FLOP = 10**25
# Annex XIII(f): reach presumed at >= 10,000 registered business users in the Union. It is
# a criterion for a Commission designation (Art. 51(1)(b), Art. 52(4)), never a presumption
# the provider applies itself: it makes the model a designation candidate only.
REACH_BUSINESS_USERS = 10_000


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
