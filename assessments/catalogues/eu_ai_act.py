"""EU AI Act catalogues: high-risk systems, GPAI models (and those with systemic risk),
transparency, registration and deployer duties, as the classification returns them.

Every requirement quotes Regulation (EU) 2024/1689 from `data/eu-ai-act/` (the Official
Journal text). The Digital Omnibus on AI changes when several of these duties apply; its
amended wording is not in the repository, so classifications read under the amended text
are checked against the wording as adopted (REGULATION.md "Digital Omnibus" [S]).
"""

from datetime import date

from assessments.catalogues.base import (
    ASSESSOR,
    AUTOMATED,
    EVIDENCE,
    Predicate,
    Spec,
    all_of,
    negate,
    obligation,
    obligation_citing,
    reason_basis,
)
from registry.regimes.eu_ai_act_rulebook import OMNIBUS, ORIGINAL
from registry.regimes.eu_ai_act_tables import HIGH_RISK_OBLIGATIONS, OBLIGATIONS

REGIME = "eu"
RULEBOOK = "Regulation (EU) 2024/1689 (AI Act)"
IN_FORCE_FROM = date(2024, 8, 1)
SERVES = (ORIGINAL, OMNIBUS)
TEXT_SOURCE = (
    "The Official Journal text of Regulation (EU) 2024/1689, read from data/eu-ai-act/. "
    "The Digital Omnibus on AI moves dates of application; its amended wording is not in "
    "the repository, so the text shown is the Regulation as adopted."
)


def eu(code: str) -> Predicate:
    return obligation(REGIME, code)


def _title(code: str) -> str:
    return OBLIGATIONS[code]["title"]


def _open_weights_exempt(c: dict) -> bool:
    """Art. 53(2): the classification cites the open-weights exemption (never for a model
    with systemic risk, which the classification already decides)."""
    return "Art. 53(2)" in (reason_basis(c, REGIME, "eu.art53") or [])


def _article(code: str, check: str, summary: str, quote: str | None = None) -> Spec:
    """A requirement that is a whole article the classification lists by its code."""
    basis = OBLIGATIONS[code]["basis"]
    return Spec(
        code,
        _title(code),
        basis,
        check,
        code,
        eu(code),
        quote=(quote or basis,),
        summary=summary,
    )


# Annex IV: the nine headings of the technical documentation (Art. 11(1)).
ANNEX_IV_HEADINGS = {
    1: "General description of the AI system",
    2: "Elements of the AI system and the process of its development",
    3: "Monitoring, functioning and control: capabilities and limitations",
    4: "Appropriateness of the performance metrics",
    5: "The risk management system (Art. 9)",
    6: "Changes made through the lifecycle",
    7: "Harmonised standards applied, or the solutions adopted instead",
    8: "Copy of the EU declaration of conformity",
    9: "Post-market performance evaluation and monitoring plan (Art. 72)",
}

HIGH_RISK = [
    _article("eu.art9", EVIDENCE, "A documented risk management system run through the lifecycle."),
    _article("eu.art10", EVIDENCE, "Training, validation and testing data meet the criteria."),
    _article("eu.art11", EVIDENCE, "Technical documentation covering every Annex IV heading."),
    *(
        Spec(
            f"eu.annex_iv.{number}",
            f"Technical documentation: {heading}",
            f"Annex IV point {number}",
            EVIDENCE,
            "eu.art11",
            eu("eu.art11"),
            quote=(f"Annex IV {number}",),
            summary=f"The technical documentation covers Annex IV point {number}.",
        )
        for number, heading in ANNEX_IV_HEADINGS.items()
    ),
    _article("eu.art12", EVIDENCE, "The system records events automatically (logs)."),
    _article("eu.art13", EVIDENCE, "Instructions for use that deployers can understand."),
    _article("eu.art14", ASSESSOR, "Designed so natural persons can oversee it effectively."),
    _article("eu.art15", EVIDENCE, "Declared accuracy, robustness and cybersecurity."),
    _article("eu.art17", EVIDENCE, "A documented quality management system."),
    _article("eu.art43", ASSESSOR, "The conformity assessment procedure the system falls under."),
    _article("eu.art47", EVIDENCE, "A signed EU declaration of conformity (Annex V)."),
    _article("eu.art48", EVIDENCE, "The CE marking, with the notified body's number."),
    _article("eu.art72", EVIDENCE, "A post-market monitoring system and plan."),
    _article("eu.art73", EVIDENCE, "A procedure to report serious incidents in time."),
]
assert {spec.obligation for spec in HIGH_RISK} == set(HIGH_RISK_OBLIGATIONS)

GPAI = [
    Spec(
        "eu.art52",
        _title("eu.art52"),
        "Art. 52(1)",
        EVIDENCE,
        "eu.art52",
        eu("eu.art52"),
        quote=("Art. 52(1)",),
        summary="The notification to the Commission, sent within two weeks.",
    ),
    Spec(
        "eu.art53.1.a",
        "Technical documentation of the model (Annex XI)",
        "Art. 53(1)(a)",
        AUTOMATED,
        "eu.art53",
        all_of(eu("eu.art53"), negate(_open_weights_exempt)),
        quote=("Art. 53(1)(a)",),
        summary="The declared training compute, as Annex XI point 2(d) documents it, against "
        "6·N·D (parameters times training tokens): a figure far from it is flagged for the "
        "assessor to review (a platform estimate, not a rule of the Act).",
    ),
    Spec(
        "eu.art53.1.b",
        "Information for providers who integrate the model (Annex XII)",
        "Art. 53(1)(b)",
        EVIDENCE,
        "eu.art53",
        all_of(eu("eu.art53"), negate(_open_weights_exempt)),
        quote=("Art. 53(1)(b)",),
        summary="Documentation made available to downstream providers.",
    ),
    Spec(
        "eu.art53.1.c",
        "Copyright policy",
        "Art. 53(1)(c)",
        EVIDENCE,
        "eu.art53",
        eu("eu.art53"),
        quote=("Art. 53(1)(c)",),
        summary="A policy to comply with Union copyright law, honouring rights reservations.",
    ),
    Spec(
        "eu.art53.1.d",
        "Public summary of the training content",
        "Art. 53(1)(d)",
        EVIDENCE,
        "eu.art53",
        eu("eu.art53"),
        quote=("Art. 53(1)(d)",),
        summary="A public summary of the training content on the AI Office's template.",
    ),
    Spec(
        "eu.annex_xi.1",
        "Annex XI Section 1: information every GPAI provider documents",
        "Annex XI Section 1",
        EVIDENCE,
        "eu.art53",
        all_of(eu("eu.art53"), negate(_open_weights_exempt)),
        quote=("Annex XI Section 1",),
        summary="Tasks, architecture, parameters, modalities, licence, training data, "
        "compute, training time and energy.",
    ),
    Spec(
        "eu.annex_xii",
        "Annex XII: transparency information for downstream providers",
        "Annex XII",
        EVIDENCE,
        "eu.art53",
        all_of(eu("eu.art53"), negate(_open_weights_exempt)),
        quote=("Annex XII",),
        summary="What downstream providers receive, including the context window.",
    ),
]

GPAI_SYSTEMIC = [
    Spec(
        "eu.annex_xi.2",
        "Annex XI Section 2: additional information for systemic-risk models",
        "Annex XI Section 2",
        EVIDENCE,
        "eu.art55",
        eu("eu.art55"),
        quote=("Annex XI Section 2",),
        summary="Evaluation strategies and results, adversarial testing, system architecture.",
    ),
    *(
        Spec(
            f"eu.art55.1.{point}",
            title,
            f"Art. 55(1)({point})",
            check,
            "eu.art55",
            eu("eu.art55"),
            quote=(f"Art. 55(1)({point})",),
            summary=summary,
        )
        for point, title, check, summary in (
            (
                "a",
                "Model evaluation with adversarial testing",
                EVIDENCE,
                "State-of-the-art evaluation, including documented adversarial testing.",
            ),
            (
                "b",
                "Assessment and mitigation of systemic risks",
                ASSESSOR,
                "Possible systemic risks at Union level assessed and mitigated.",
            ),
            (
                "c",
                "Serious incidents reported to the AI Office",
                EVIDENCE,
                "Serious incidents and corrective measures tracked and reported.",
            ),
            (
                "d",
                "Cybersecurity of the model and its infrastructure",
                EVIDENCE,
                "An adequate level of cybersecurity protection.",
            ),
        )
    ),
]

# Art. 50: one requirement per paragraph the classification cites.
ART50_PARAGRAPHS = {
    "1": "People are told they interact with an AI system",
    "2": "Synthetic output marked in a machine-readable format",
    "3": "People exposed to emotion recognition or biometric categorisation informed",
    "4": "Deep fakes and AI-generated public-interest text disclosed",
}
TRANSPARENCY = [
    Spec(
        f"eu.art50.{paragraph}",
        title,
        f"Art. 50({paragraph})",
        EVIDENCE,
        "eu.art50",
        obligation_citing(REGIME, "eu.art50", f"Art. 50({paragraph})"),
        quote=(f"Art. 50({paragraph})",),
        summary=f"{title}.",
    )
    for paragraph, title in ART50_PARAGRAPHS.items()
]

REGISTRATION = [
    Spec(
        "eu.art49",
        "Registration in the EU database",
        "Art. 49",
        AUTOMATED,
        "eu.art49",
        eu("eu.art49"),
        quote=("Art. 49",),
        summary="Every registration the classification calls for is registered.",
    ),
    Spec(
        "eu.art6",
        _title("eu.art6"),
        "Art. 6(4)",
        EVIDENCE,
        "eu.art6",
        eu("eu.art6"),
        quote=("Art. 6(4)",),
        summary="The documented assessment that the Annex III system is not high-risk.",
    ),
]

DEPLOYER = [
    Spec(
        "eu.art27",
        _title("eu.art27"),
        "Art. 27",
        EVIDENCE,
        "eu.art27",
        eu("eu.art27"),
        quote=("Art. 27",),
        summary="A fundamental rights impact assessment before first use, notified to the "
        "market surveillance authority.",
    ),
    Spec(
        "eu.art5",
        _title("eu.art5"),
        "Art. 5(2)-(3)",
        EVIDENCE,
        "eu.art5",
        eu("eu.art5"),
        quote=("Art. 5(2)", "Art. 5(3)"),
        summary="Prior authorisation, a FRIA and registration for each use of real-time "
        "remote biometric identification.",
    ),
]

# (code, title, description, specs); every one from the same text.
_CATALOGUES = [
    (
        "eu.high_risk",
        "EU AI Act: high-risk AI systems",
        "Chapter III: the requirements of Art. 9-15 with the nine Annex IV headings of the "
        "technical documentation, the quality management system, conformity assessment, "
        "declaration, CE marking, post-market monitoring and serious incidents.",
        HIGH_RISK,
    ),
    (
        "eu.gpai",
        "EU AI Act: general-purpose AI models",
        "Chapter V: notification, Art. 53(1)(a)-(d) with Annex XI and Annex XII. Open-weights "
        "models without systemic risk are exempt from points (a) and (b) (Art. 53(2)).",
        GPAI,
    ),
    (
        "eu.gpai_systemic",
        "EU AI Act: general-purpose AI models with systemic risk",
        "Art. 55 and Annex XI Section 2, in addition to the duties of every GPAI provider.",
        GPAI_SYSTEMIC,
    ),
    (
        "eu.transparency",
        "EU AI Act: transparency for certain AI systems",
        "Art. 50, by the paragraphs the classification cites.",
        TRANSPARENCY,
    ),
    (
        "eu.registration",
        "EU AI Act: registration and the not-high-risk assessment",
        "Art. 49 registration in the EU database, and the documented Art. 6(4) assessment of "
        "an Annex III system the provider considers not high-risk.",
        REGISTRATION,
    ),
    (
        "eu.deployer",
        "EU AI Act: deployer obligations",
        "The deployer duties the classification returns: the fundamental rights impact "
        "assessment (Art. 27) and the conditions on real-time remote biometric "
        "identification (Art. 5(2)-(3)).",
        DEPLOYER,
    ),
]

# (code, title, description, rulebook, in force from, text source, specs)
CATALOGUES = [
    (code, title, description, RULEBOOK, IN_FORCE_FROM, TEXT_SOURCE, specs)
    for code, title, description, specs in _CATALOGUES
]
