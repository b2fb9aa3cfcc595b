"""EU AI Act filing types: Annex VIII Sections A, B, C (Art. 49) and the GPAI
notification (Art. 52). Field lists follow the Annex point by point."""

from datetime import date, datetime

from aigov import clock
from aigov.accounts.countries import EU_MEMBER_STATE_NAMES
from registry.regimes.eu_ai_act_facts import area
from registry.regimes.filings import FieldSpec, FilingType

MARKET_STATUS = (
    ("on_market", "On the market"),
    ("in_service", "In service"),
    ("withdrawn", "No longer placed on the market / in service"),
    ("recalled", "Recalled"),
)
MEMBER_STATES = tuple(sorted(EU_MEMBER_STATE_NAMES.items(), key=lambda choice: choice[1]))
ART_6_3_CONDITIONS = (
    ("a", "(a) performs a narrow procedural task"),
    ("b", "(b) improves the result of a previously completed human activity"),
    ("c", "(c) detects decision-making patterns without replacing human assessment"),
    ("d", "(d) performs a preparatory task to an assessment"),
)
COMPUTE_METHODS = (
    ("declared", "Declared by the provider"),
    ("6ND", "6 x parameters x tokens"),
    ("hardware", "Hardware and training time"),
)

# Art. 52(1): notify "without delay and in any event within two weeks".
GPAI_NOTIFICATION_DAYS = 14
# The rules of eu_ai_act_rulebook.RULES that date a GPAI model's obligations.
GPAI_RULES = ("gpai", "gpai_legacy")
# The EU database has no statutory review deadline; the platform's own review target
# for authorities, configurable here (not a legal rule).
EU_REVIEW_TARGET_DAYS: int | None = None


def _eu(context: dict) -> dict:
    return context["classification"].get("eu", {})


def _member_state(context: dict) -> str:
    """The provider's member state, or its authorised representative's (Art. 49, 74)."""
    organization = context["organization"]
    if organization["in_eu"]:
        return organization["country"]
    return (context["subject"].get("authorised_representative") or {}).get("country", "")


def _market_surveillance(stage: str, context: dict) -> str:
    return f"eu-msa-{_member_state(context).lower()}"


def _deployer_market_surveillance(stage: str, context: dict) -> str:
    """Section C goes to the authority of the deployer's member state: the deployer files
    it, for its own use, whoever provides the system."""
    return f"eu-msa-{context['organization']['country'].lower()}"


def _ai_office(stage: str, context: dict) -> str:
    return "eu-ai-office"


def _platform_number(prefix: str):
    def number(context: dict, sequence: int, day: date) -> str:
        return f"{prefix}-{day.year}-{sequence:06d}"

    return number


def _platform_prefix(prefix: str):
    return lambda context, day: f"{prefix}-{day.year}"


def _review_due(submitted: datetime) -> datetime | None:
    if EU_REVIEW_TARGET_DAYS is None:
        return None
    return clock.add_calendar_days(submitted, EU_REVIEW_TARGET_DAYS, regime="eu")


def _certificate_needed(context: dict) -> bool:
    """Points 8-9 apply "where applicable": when a notified body assessed the system."""
    return _eu(context).get("conformity_procedure") == "annex_vii"


def _not_law_enforcement_or_migration(context: dict) -> bool:
    """Annex VIII A 12: instructions for use "shall not be provided" for Annex III points
    1, 6 and 7 in law enforcement, migration, asylum and border control management, the
    same systems Art. 49(4) puts in the non-public section (the filing's `non_public`)."""
    return not context.get("non_public")


# --- Authorised representative (Art. 22, Art. 54) -----------------------------------------


def representative_required(
    *,
    provider_in_eu: bool,
    subject_kind: str,
    classification: dict,
    on_union_market: bool,
    open_source: bool,
) -> str | None:
    """The article that requires this provider to appoint an authorised representative
    established in the Union, or None.

    Art. 22(1): a high-risk AI system made available on the Union market by a provider
    established in a third country. Art. 54(1): a GPAI model placed on the Union market
    by such a provider, except (Art. 54(6)) a free and open-source model without
    systemic risk. Outside the Union market the Regulation asks for none.
    """
    if provider_in_eu or not on_union_market:
        return None
    eu = classification.get("eu") or {}
    if subject_kind == "gpai_model":
        if open_source and not eu.get("systemic_risk"):
            return None
        return "Art. 54(1)"
    if eu.get("tier") == "high":
        return "Art. 22(1)"
    return None


REPRESENTATIVE_WHY = {
    "Art. 22(1)": "a provider established outside the EU appoints, by written mandate, an "
    "authorised representative established in the Union before making a high-risk AI "
    "system available on the Union market (Art. 22(1))",
    "Art. 54(1)": "a provider established outside the EU appoints, by written mandate, an "
    "authorised representative established in the Union before placing a general-purpose "
    "AI model on the Union market (Art. 54(1)); free and open-source models without "
    "systemic risk are exempt (Art. 54(6))",
}


def _representative_needed(context: dict) -> bool:
    """Annex VIII A 3 "where applicable", and the GPAI notification: by the same rule."""
    return context.get("representative") is not None


PROVIDER = FieldSpec(
    "provider",
    "Name, address and contact details of the provider",
    "Annex VIII A 1",
    kind="longtext",
)
SUBMITTER = FieldSpec(
    "submitter",
    "Name, address and contact details of the person submitting on behalf of the provider",
    "Annex VIII A 2",
    kind="longtext",
    required=False,
    help="Only where another person submits on the provider's behalf.",
)
REPRESENTATIVE = FieldSpec(
    "authorised_representative",
    "Name, address and contact details of the authorised representative",
    "Annex VIII A 3",
    kind="longtext",
    required_when=_representative_needed,
)
TRADE_NAME = FieldSpec(
    "trade_name",
    "AI system trade name and any additional unambiguous reference",
    "Annex VIII A 4",
)
STATUS = FieldSpec(
    "status", "Status of the AI system", "Annex VIII A 7", kind="choice", choices=MARKET_STATUS
)
MEMBER_STATES_FIELD = FieldSpec(
    "member_states",
    "Member States where placed on the market, put into service or made available",
    "Annex VIII A 10",
    kind="choices",
    choices=MEMBER_STATES,
)

# Art. 49(4): what an entry in the secure non-public section includes, by field name.
SECTION_A_NON_PUBLIC = (
    "provider",  # 1
    "submitter",  # 2
    "authorised_representative",  # 3
    "trade_name",  # 4
    "intended_purpose",  # 5
    "status",  # 7
    "member_states",  # 10
)
SECTION_B_NON_PUBLIC = (
    "provider",  # 1
    "submitter",  # 2
    "authorised_representative",  # 3
    "trade_name",  # 4
    "intended_purpose",  # 5
    "status",  # 8
    "member_states",  # 9
)
SECTION_C_NON_PUBLIC = ("deployer", "submitter", "provider_entry_url")  # 1 to 3


def _annex_iii_area(subject) -> str:
    """The Annex III area of the system's declared use ("eu.4"), "" for none."""
    point = (subject.profile or {}).get("annex_iii_point")
    return f"eu.{area(point)}" if point else ""


HIGH_RISK = FilingType(
    code="eu.high_risk",
    regime="eu",
    title="EU database registration of a high-risk AI system (Annex VIII Section A)",
    basis="Art. 49(1), Annex VIII Section A",
    subject_kind="ai_system",
    fields=(
        PROVIDER,
        SUBMITTER,
        REPRESENTATIVE,
        TRADE_NAME,
        FieldSpec(
            "intended_purpose",
            "Intended purpose, components and functions supported",
            "Annex VIII A 5",
            kind="longtext",
        ),
        FieldSpec(
            "inputs_and_operating_logic",
            "Information used by the system (data, inputs) and its operating logic",
            "Annex VIII A 6",
            kind="longtext",
        ),
        STATUS,
        FieldSpec(
            "certificate",
            "Type, number and expiry date of the notified body's "
            "certificate, and the body's name or identification number",
            "Annex VIII A 8",
            kind="longtext",
            required_when=_certificate_needed,
        ),
        FieldSpec(
            "certificate_copy",
            "Scanned copy of the certificate (link to the document)",
            "Annex VIII A 9",
            kind="url",
            required_when=_certificate_needed,
        ),
        MEMBER_STATES_FIELD,
        FieldSpec(
            "declaration_of_conformity",
            "EU declaration of conformity (link to the document)",
            "Annex VIII A 11, Art. 47",
            kind="url",
        ),
        FieldSpec(
            "instructions_for_use",
            "Electronic instructions for use (link)",
            "Annex VIII A 12",
            kind="url",
            applies_when=_not_law_enforcement_or_migration,
        ),
        FieldSpec(
            "url", "URL for additional information", "Annex VIII A 13", kind="url", required=False
        ),
    ),
    needed=lambda c: c.get("eu", {}).get("registration") == "art_49_1",
    stages=("review",),
    route=_market_surveillance,
    number=_platform_number("EU-HR"),
    number_prefix=_platform_prefix("EU-HR"),
    decision_due=_review_due,
    area=_annex_iii_area,
    # Art. 49(4)(a): Section A points 1 to 10, except 6, 8 and 9.
    non_public_fields=SECTION_A_NON_PUBLIC,
    non_public_basis="Art. 49(4)(a)",
    description="The provider (or its authorised representative) registers before placing "
    "the system on the market or putting it into service.",
)

NOT_HIGH_RISK = FilingType(
    code="eu.not_high_risk",
    regime="eu",
    title="EU database registration of an Annex III system that is not high-risk "
    "(Annex VIII Section B)",
    basis="Art. 6(4), Art. 49(2), Annex VIII Section B",
    subject_kind="ai_system",
    fields=(
        FieldSpec(PROVIDER.name, PROVIDER.label, "Annex VIII B 1", kind="longtext"),
        FieldSpec(
            SUBMITTER.name,
            SUBMITTER.label,
            "Annex VIII B 2",
            kind="longtext",
            required=False,
            help=SUBMITTER.help,
        ),
        FieldSpec(
            REPRESENTATIVE.name,
            REPRESENTATIVE.label,
            "Annex VIII B 3",
            kind="longtext",
            required_when=_representative_needed,
        ),
        FieldSpec(TRADE_NAME.name, TRADE_NAME.label, "Annex VIII B 4"),
        FieldSpec("intended_purpose", "Intended purpose", "Annex VIII B 5", kind="longtext"),
        FieldSpec(
            "art_6_3_conditions",
            "Condition(s) under Art. 6(3) on which the system is considered not high-risk",
            "Annex VIII B 6",
            kind="choices",
            choices=ART_6_3_CONDITIONS,
        ),
        FieldSpec(
            "grounds",
            "Short summary of the grounds for considering the system not high-risk",
            "Annex VIII B 7",
            kind="longtext",
        ),
        FieldSpec(
            STATUS.name, STATUS.label, "Annex VIII B 8", kind="choice", choices=MARKET_STATUS
        ),
        FieldSpec(
            MEMBER_STATES_FIELD.name,
            MEMBER_STATES_FIELD.label,
            "Annex VIII B 9",
            kind="choices",
            choices=MEMBER_STATES,
        ),
    ),
    needed=lambda c: c.get("eu", {}).get("registration") == "art_49_2",
    stages=("review",),
    route=_market_surveillance,
    number=_platform_number("EU-NHR"),
    number_prefix=_platform_prefix("EU-NHR"),
    decision_due=_review_due,
    area=_annex_iii_area,
    # Art. 49(4)(b): Section B points 1 to 5, 8 and 9.
    non_public_fields=SECTION_B_NON_PUBLIC,
    non_public_basis="Art. 49(4)(b)",
    description="The provider registers before placing the system on the market or putting "
    "it into service (Art. 49(2)).",
)

DEPLOYER = FilingType(
    code="eu.deployer",
    regime="eu",
    title="EU database registration of the use of a high-risk AI system by a public "
    "deployer (Annex VIII Section C)",
    basis="Art. 49(3), Annex VIII Section C",
    # Filed by the deployer about a registered provider entry, found by its number; never
    # offered to the provider for its own system.
    subject_kind="registered_filing",
    fields=(
        FieldSpec(
            "deployer",
            "Name, address and contact details of the deployer",
            "Annex VIII C 1",
            kind="longtext",
        ),
        FieldSpec(
            "submitter",
            "Name, address and contact details of the person submitting on behalf of the deployer",
            "Annex VIII C 2",
            kind="longtext",
        ),
        FieldSpec(
            "provider_entry_url",
            "URL of the AI system's entry in the EU database by its provider",
            "Annex VIII C 3",
            kind="url",
        ),
        FieldSpec(
            "fria_summary",
            "Summary of the findings of the fundamental rights impact assessment (Art. 27)",
            "Annex VIII C 4",
            kind="longtext",
        ),
        FieldSpec(
            "dpia_summary",
            "Summary of the data protection impact assessment, where applicable",
            "Annex VIII C 5",
            kind="longtext",
            required=False,
        ),
    ),
    needed=lambda c: False,
    stages=("review",),
    route=_deployer_market_surveillance,
    number=_platform_number("EU-DEP"),
    number_prefix=_platform_prefix("EU-DEP"),
    decision_due=_review_due,
    area=_annex_iii_area,
    # Art. 49(4)(c): Section C points 1 to 3.
    non_public_fields=SECTION_C_NON_PUBLIC,
    non_public_basis="Art. 49(4)(c)",
    description="Public authorities, Union bodies and persons acting on their behalf "
    "register their use of a registered high-risk AI system before using it, by the "
    "registration number of the provider's entry.",
    extra={"references": "eu.high_risk"},
)


def _gpai_obligations_from(context: dict) -> date | None:
    """The day the GPAI chapter applies to the model, as its classification dated it
    (`eu_ai_act_dates`: the "gpai" rule, or "gpai_legacy" under Art. 111(3))."""
    for entry in _eu(context).get("schedule", []):
        if entry["rule"] in GPAI_RULES:
            return date.fromisoformat(entry["applies_from"])
    return None


def _notification_due(context: dict) -> datetime | None:
    """Two weeks after the threshold is met, but never before the GPAI obligations apply
    to the model: a threshold met before then is not overdue from the start."""
    known = context["data"].get("threshold_met_on")
    if not known:
        return None
    try:
        day = date.fromisoformat(known)
    except ValueError:
        return None
    # The date is the day the threshold was met (day 0) on the Brussels calendar.
    due = clock.add_calendar_days(day, GPAI_NOTIFICATION_DAYS, regime="eu")
    applies_from = _gpai_obligations_from(context)
    if applies_from is None:
        return due
    return max(due, clock.end_of_day(applies_from, regime="eu"))


GPAI_NOTIFICATION = FilingType(
    code="eu.gpai_notification",
    regime="eu",
    title="Notification of a general-purpose AI model meeting the systemic-risk threshold",
    basis="Art. 51(1)(a), Art. 51(2), Art. 52(1)",
    subject_kind="gpai_model",
    fields=(
        FieldSpec(
            "provider",
            "Name, address and contact details of the provider",
            "Art. 52(1)",
            kind="longtext",
        ),
        FieldSpec(
            "authorised_representative",
            "Authorised representative in the Union",
            "Art. 54(1)",
            kind="longtext",
            required_when=_representative_needed,
        ),
        FieldSpec("model_name", "Name and version of the model", "Art. 52(1)"),
        FieldSpec(
            "training_compute_flop",
            "Cumulative training compute (FLOP)",
            "Art. 51(2)",
            kind="number",
            public=False,
        ),
        FieldSpec(
            "compute_method",
            "How the compute was measured or estimated",
            "Art. 52(1), Annex XI 2(d)",
            kind="choice",
            choices=COMPUTE_METHODS,
            public=False,
        ),
        FieldSpec(
            "threshold_met_on",
            "Date the threshold was met, or became known it would be",
            "Art. 52(1)",
            kind="date",
            public=False,
        ),
        FieldSpec(
            "no_systemic_risk_arguments",
            "Arguments that the model, exceptionally, does not present systemic risks (optional)",
            "Art. 52(2)",
            kind="longtext",
            required=False,
            public=False,
        ),
    ),
    needed=lambda c: "eu.art52" in c.get("eu", {}).get("obligations", []),
    stages=("review",),
    route=_ai_office,
    number=_platform_number("EU-GPAI"),
    number_prefix=_platform_prefix("EU-GPAI"),
    filing_due=_notification_due,
    description="Notified to the Commission within two weeks of meeting the threshold or of "
    "knowing it will be met (Art. 52(1)). The Commission publishes the list of GPAI models "
    "with systemic risk (Art. 52(6)).",
)

FILING_TYPES = {
    filing_type.code: filing_type
    for filing_type in (HIGH_RISK, NOT_HIGH_RISK, DEPLOYER, GPAI_NOTIFICATION)
}
