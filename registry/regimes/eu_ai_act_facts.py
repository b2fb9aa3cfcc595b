"""What an EU AI Act profile says, in the terms of the Regulation (under one text), and the
transparency reasons shared by the tier and the obligations."""

from typing import NamedTuple

from registry.regimes import eu_ai_act_rulebook as rulebook
from registry.regimes.eu_ai_act_tables import (
    ANNEX_III_POINTS,
    ART50_ANNEX_III_HINTS,
    ART50_TRIGGERS,
    RBI_POINT,
)
from registry.regimes.profile import RBI_PRACTICE, reason


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


def public_use(profile: dict, f: Facts) -> bool:
    """Used by a public authority (Art. 27, 49(3), 111(2)): answered so, or implied by a
    real-time RBI exception, which only law enforcement uses."""
    return profile["deployer_public_authority"] or f.rbi_exception is not None


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
