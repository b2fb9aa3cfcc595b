"""EU AI Act obligations: which requirement applies to a classified subject, and why."""

from collections.abc import Callable
from typing import NamedTuple

from registry.regimes.eu_ai_act_facts import (
    Facts,
    _art50_basis,
    _transparency_reason,
    area,
    public_use,
)
from registry.regimes.eu_ai_act_tables import (
    FRIA_ANY_DEPLOYER_POINTS,
    FRIA_EXCLUDED_AREAS,
    HIGH_RISK_OBLIGATIONS,
    OBLIGATIONS,
    REGISTRATIONS,
)
from registry.regimes.profile import reason


class Context(NamedTuple):
    """What obligation rules look at: the facts, the answers and the classification so far."""

    facts: Facts
    profile: dict
    result: dict  # tier, gpai, systemic_risk, registration, deployer_registration, ...
    compute_presumption: bool  # Art. 51(2), which alone triggers the Art. 52 notification
    legacy_exempt: bool  # Art. 111(2) keeps the high-risk rules off a system already on the market


Explain = Callable[[Context], tuple[list[str], str]]


def _fixed(basis: list[str], text: str) -> Explain:
    return lambda c: (basis, text)


def _is_high(c: Context) -> bool:
    """A high-risk system whose requirements reach it (Art. 111(2) may keep them off)."""
    return c.result["tier"] == "high" and not c.legacy_exempt


def _fria_applies(c: Context) -> bool:
    """Art. 27(1): public-body deployers of Art. 6(2) systems, any deployer of 5(b)/5(c)."""
    covered = [p for p in c.facts.high_points if area(p) not in FRIA_EXCLUDED_AREAS]
    public = public_use(c.profile, c.facts)
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
    # The exemption is named in the basis ("Art. 53(2)") so that readers of the result
    # (the requirement catalogues) can tell which paragraphs of Art. 53(1) bind.
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
        return ["Art. 53", "Art. 53(2)"], text
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
