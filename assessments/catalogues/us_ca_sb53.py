"""California SB 53 catalogue: the duties of frontier developers, by the obligation codes
the classification returns. The statute's text is not in the repository; each
requirement gives the duty as REGULATION.md states it [S]."""

from assessments.catalogues.base import AUTOMATED, EVIDENCE, Spec, obligation
from registry.regimes.us_ca_sb53 import APPLIES_FROM, BASIS, OBLIGATIONS
from registry.regimes.us_ca_sb53 import RULEBOOK as US_CA_RULEBOOK

REGIME = "us_ca"
SERVES = (US_CA_RULEBOOK,)
NO_TEXT = (
    "The text of SB 53 (Cal. Bus. & Prof. Code §22757.10 ff.) is not in the repository; "
    "the requirement is given as REGULATION.md states it."
)


def _duty(code: str, title: str, check: str, summary: str) -> Spec:
    return Spec(
        code,
        title,
        BASIS,
        check,
        code,
        obligation(REGIME, code),
        summary=summary,
        quality="S",
    )


SB53 = [
    _duty(
        "us_ca.framework",
        "Frontier AI framework",
        AUTOMATED,
        OBLIGATIONS["us_ca.framework"]["title"] + ".",
    ),
    _duty(
        "us_ca.transparency_report",
        "Transparency report",
        EVIDENCE,
        OBLIGATIONS["us_ca.transparency_report"]["title"] + ": website, release date, "
        "languages, modalities, intended uses and restrictions; large frontier developers "
        "add summaries of catastrophic-risk assessments and third-party evaluator "
        "involvement.",
    ),
    _duty(
        "us_ca.risk_summaries",
        "Catastrophic-risk assessment summaries to Cal OES",
        EVIDENCE,
        OBLIGATIONS["us_ca.risk_summaries"]["title"] + ".",
    ),
    _duty(
        "us_ca.incidents",
        "Critical safety incident reporting",
        EVIDENCE,
        OBLIGATIONS["us_ca.incidents"]["title"] + ". A report states the date, why it "
        "qualifies, a short plain statement and whether internal use was involved.",
    ),
]

CATALOGUES = [
    (
        "us_ca.sb53",
        "California SB 53: frontier AI developers",
        "The Transparency in Frontier AI Act: the framework and risk summaries of large "
        "frontier developers, and every frontier developer's transparency reports and "
        "critical safety incident reports.",
        "SB 53, Transparency in Frontier AI Act (Cal. Bus. & Prof. Code §22757.10 ff.)",
        APPLIES_FROM,
        NO_TEXT,
        SB53,
    ),
]
