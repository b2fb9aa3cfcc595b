"""China (CAC) catalogues: the generative-AI security requirements with their numeric
minimums, the filings and the labelling of generated content.

The texts of the CAC measures and of GB/T 45654-2025 are not in the repository, so no
requirement quotes them: `text` stays empty, `text_source` says so, and `summary` gives
the requirement as REGULATION.md states it. Each minimum carries REGULATION.md's source
tag; the unconfirmed [U] figures are settings (`CN_TC260_*`).
"""

from datetime import date

from assessments.catalogues.base import AUTOMATED, EVIDENCE, Spec, flag, listed
from registry.regimes.cn_cac import (
    ALGORITHM_PROVISIONS,
    DEEP_SYNTHESIS_PROVISIONS,
    GENAI_MEASURES_ART17,
    LABELLING_MEASURES,
)
from registry.regimes.cn_cac import RULEBOOK as CN_RULEBOOK
from registry.regimes.cn_cac_filings import (
    DEREGISTRATION_WORKING_DAYS,
    MIN_KEYWORDS,
    SERVICE_START_FILING_WORKING_DAYS,
)

REGIME = "cn"
SERVES = (CN_RULEBOOK,)
STANDARD = "GB/T 45654-2025"
NO_STANDARD_TEXT = (
    "The text of GB/T 45654-2025 (which superseded TC260-003 (2024)) is not in the "
    "repository; the requirement is given as REGULATION.md states it."
)
NO_MEASURES_TEXT = (
    "The text of the CAC measures is not in the repository; the requirement is given as "
    "REGULATION.md states it."
)
UNTAGGED = (
    "REGULATION.md gives this figure beside the keyword library minimum without a tag of "
    "its own; treated as a secondary source."
)

security = flag(REGIME, "security_assessment")


def _minimum(
    code: str,
    title: str,
    summary: str,
    quality: str,
    *,
    check: str = EVIDENCE,
    note: str = "",
    setting: str = "",
    **limit,
) -> Spec:
    return Spec(
        code,
        title,
        STANDARD,
        check,
        "security_assessment",
        security,
        summary=summary,
        quality=quality,
        quality_note=note,
        setting=setting,
        **limit,
    )


GENAI_SECURITY = [
    _minimum(
        "cn.tc260.keywords",
        "Keyword library size",
        f"A keyword library of at least {MIN_KEYWORDS:,} keywords.",
        "T",
        check=AUTOMATED,
        note="Read in the standard itself (REGULATION.md).",
        minimum=MIN_KEYWORDS,
        unit="keywords",
    ),
    _minimum(
        "cn.tc260.keywords_a1",
        "Keywords per risk of Appendix A.1",
        "At least 200 keywords for each risk of Appendix A.1.",
        "S",
        note=UNTAGGED,
        minimum=200,
        unit="keywords per risk",
    ),
    _minimum(
        "cn.tc260.keywords_a2",
        "Keywords per risk of Appendix A.2",
        "At least 100 keywords for each risk of Appendix A.2.",
        "S",
        note=UNTAGGED,
        minimum=100,
        unit="keywords per risk",
    ),
    _minimum(
        "cn.tc260.test_bank",
        "Generated-content test question bank",
        "A test bank of at least 2,000 questions covering the 31 risks in 5 categories.",
        "S",
        minimum=2000,
        unit="questions",
    ),
    _minimum(
        "cn.tc260.refusal_questions",
        "Must-refuse test set",
        "At least 300 questions the model must refuse.",
        "S",
        check=AUTOMATED,
        minimum=300,
        unit="questions",
    ),
    _minimum(
        "cn.tc260.refusal_rate",
        "Refusal rate on the must-refuse set",
        "The model refuses at least 95 % of the must-refuse questions.",
        "S",
        check=AUTOMATED,
        minimum=95,
        unit="%",
    ),
    _minimum(
        "cn.tc260.must_answer_questions",
        "Must-answer test set",
        "At least 300 questions the model must not refuse.",
        "S",
        check=AUTOMATED,
        minimum=300,
        unit="questions",
    ),
    _minimum(
        "cn.tc260.must_answer_refusal_rate",
        "Refusal rate on the must-answer set",
        "The model refuses at most 5 % of the must-answer questions.",
        "S",
        check=AUTOMATED,
        maximum=5,
        unit="%",
    ),
    _minimum(
        "cn.tc260.corpus_sample",
        "Training corpus sample checked",
        "A sample of at least 4,000 training corpus items is checked.",
        "S",
        minimum=4000,
        unit="items",
    ),
    _minimum(
        "cn.tc260.corpus_pass_rate",
        "Pass rate of the corpus sample",
        "At least 96 % of the sampled corpus items pass.",
        "U",
        note="Unconfirmed in REGULATION.md; setting CN_TC260_CORPUS_PASS_RATE.",
        setting="CN_TC260_CORPUS_PASS_RATE",
        minimum=96,
        unit="%",
    ),
    _minimum(
        "cn.tc260.generated_sample",
        "Generated-content sample checked",
        "A sample of at least 1,000 generated answers is checked.",
        "U",
        note="Unconfirmed in REGULATION.md; setting CN_TC260_GENERATED_SAMPLE.",
        setting="CN_TC260_GENERATED_SAMPLE",
        minimum=1000,
        unit="answers",
    ),
    _minimum(
        "cn.tc260.generated_pass_rate",
        "Pass rate of the generated-content sample",
        "At least 90 % of the sampled generated answers pass.",
        "U",
        note="Unconfirmed in REGULATION.md; setting CN_TC260_GENERATED_PASS_RATE.",
        setting="CN_TC260_GENERATED_PASS_RATE",
        minimum=90,
        unit="%",
    ),
    _minimum(
        "cn.tc260.source_exclusion",
        "Training sources with illegal content excluded",
        "A training data source with more than 5 % illegal content is not used.",
        "S",
        maximum=5,
        unit="% illegal content per source",
    ),
]

FILINGS = [
    Spec(
        "cn.algorithm.filing",
        "Algorithm filing (算法备案)",
        ALGORITHM_PROVISIONS,
        EVIDENCE,
        "algorithm",
        listed(REGIME, "filings", "algorithm"),
        summary=f"Filed within {SERVICE_START_FILING_WORKING_DAYS} working days of starting "
        "service (name, service form, domain, algorithm type, algorithm self-assessment "
        "report, content to publish); changes within 10 working days; deregistration within "
        f"{DEREGISTRATION_WORKING_DAYS} working days.",
        quality="S",
    ),
    Spec(
        "cn.algorithm.display",
        "Filing number displayed with a link",
        ALGORITHM_PROVISIONS,
        EVIDENCE,
        "algorithm",
        listed(REGIME, "filings", "algorithm"),
        summary="The published number (网信算备 + 21 digits + 号) is displayed with a link.",
        quality="S",
    ),
    Spec(
        "cn.deep_synthesis.filing",
        "Deep-synthesis filing",
        DEEP_SYNTHESIS_PROVISIONS,
        EVIDENCE,
        "deep_synthesis",
        listed(REGIME, "filings", "deep_synthesis"),
        summary="A deep-synthesis service with public-opinion attributes or "
        "social-mobilisation capability files as for algorithms.",
        quality="S",
    ),
    Spec(
        "cn.genai.filing",
        "Generative-AI model filing (备案)",
        GENAI_MEASURES_ART17,
        EVIDENCE,
        "genai_filing",
        listed(REGIME, "filings", "genai_filing"),
        summary="Filed for review by the provincial CAC, then the national CAC, with the "
        "application form (functions, domain, training data sources and scale, compute, "
        "service mode), security self-assessment, service agreement, annotation rules, "
        "keyword blocklist, and generation and refusal test sets.",
        quality="S",
    ),
    Spec(
        "cn.genai.registration",
        "Generative-AI app registration (登记)",
        GENAI_MEASURES_ART17,
        EVIDENCE,
        "genai_registration",
        listed(REGIME, "filings", "genai_registration"),
        summary="An app calling an already filed model registers at the local CAC and "
        "displays the model's name and number.",
        quality="S",
    ),
    Spec(
        "cn.genai.security_assessment",
        "Security self-assessment",
        GENAI_MEASURES_ART17,
        EVIDENCE,
        "security_assessment",
        security,
        summary="A security assessment with the filing or registration, covering the "
        f"minimums of {STANDARD} (catalogue cn.genai_security).",
        quality="S",
    ),
]

LABELLING = [
    Spec(
        "cn.labelling.explicit",
        "Explicit labels on generated content",
        LABELLING_MEASURES,
        EVIDENCE,
        "labelling",
        listed(REGIME, "labelling", "explicit"),
        summary="Generated or synthesised content carries explicit labels: visible text, "
        "sound or graphics.",
        quality="S",
    ),
    Spec(
        "cn.labelling.implicit",
        "Implicit labels in file metadata",
        LABELLING_MEASURES,
        EVIDENCE,
        "labelling",
        listed(REGIME, "labelling", "implicit"),
        summary="Generated files carry implicit labels in their metadata: the provider and "
        "a content ID.",
        quality="S",
    ),
]

# (code, title, description, rulebook, in force from, text source, specs)
CATALOGUES = [
    (
        "cn.genai_security",
        "CAC: generative-AI security requirements",
        "The security assessment's numeric minimums (31 risks in 5 categories), each with "
        "the quality of its source.",
        f"{STANDARD} (superseding TC260-003 (2024))",
        date(2025, 11, 1),
        NO_STANDARD_TEXT,
        GENAI_SECURITY,
    ),
    (
        "cn.filings",
        "CAC: algorithm, deep-synthesis and generative-AI filings",
        "The filings a service with public-opinion attributes or social-mobilisation "
        "capability makes, and the security assessment that goes with a generative-AI "
        "filing or registration.",
        f"{ALGORITHM_PROVISIONS}; {DEEP_SYNTHESIS_PROVISIONS}; {GENAI_MEASURES_ART17}",
        date(2022, 3, 1),
        NO_MEASURES_TEXT,
        FILINGS,
    ),
    (
        "cn.labelling",
        "CAC: labelling of generated content",
        "Explicit and implicit labels on generated or synthesised content.",
        LABELLING_MEASURES,
        date(2025, 9, 1),
        NO_MEASURES_TEXT,
        LABELLING,
    ),
]
