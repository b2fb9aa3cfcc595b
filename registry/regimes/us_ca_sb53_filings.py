"""California SB 53 filing types, routed to Cal OES (`us-ca-oes`): the frontier AI
framework, the transparency report and the quarterly catastrophic-risk summaries.

Due dates come from the dates the provider enters, counted by `aigov.clock` on the
California calendar (a deadline ends with its last day in Los Angeles).
Numbers are a platform format (`US-CA-FW-2026-000001`); SB 53 defines none.
"""

from datetime import date, datetime, timedelta

from aigov import clock

# The regime module imports this one for FILING_TYPES, so its constants (APPLIES_FROM) are
# read when a due date is computed, once both modules are loaded.
from registry.regimes import us_ca_sb53
from registry.regimes.filings import FieldSpec, FilingType

BASIS = "Cal. Bus. & Prof. Code §22757.10 ff. (SB 53)"
AUTHORITY = "us-ca-oes"
# "Reviewed at least once a year": our reading is 365 calendar days after the last review.
FRAMEWORK_REVIEW_DAYS = 365
# Material modifications are published within 30 days (REGULATION.md).
FRAMEWORK_CHANGE_DAYS = 30
# Risk summaries every three months, unless another schedule is agreed in writing.
RISK_SUMMARY_MONTHS = 3
# An agreed schedule as the provider enters it: one summary every N months. SB 53 sets no
# bounds on an agreed schedule; 1 to 12 months is the platform's form, not a legal rule.
AGREED_INTERVAL_CHOICES = tuple(
    (str(months), "Every month" if months == 1 else f"Every {months} months")
    for months in range(1, 13)
)
AGREED_INTERVALS = tuple(code for code, _ in AGREED_INTERVAL_CHOICES)


def _day(context: dict, name: str) -> date | None:
    try:
        return date.fromisoformat(context["data"].get(name) or "")
    except (TypeError, ValueError):
        return None


def _end_of(day: date) -> datetime:
    """The end of `day` in California."""
    return clock.end_of_day(day, regime="us_ca")


def _months_after(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return min(date(year, month, 1) + timedelta(days=day.day - 1), next_month - timedelta(days=1))


def framework_due(context: dict) -> datetime:
    """The yearly review after the last review (publishing counts as one); sooner, 30 days
    after a material modification made since then."""
    changed = _day(context, "material_modification_on")
    entered = (_day(context, "last_reviewed_on"), _day(context, "published_on"))
    reviewed = max((day for day in entered if day), default=None)
    if reviewed is None:
        if changed:
            return clock.add_calendar_days(changed, FRAMEWORK_CHANGE_DAYS, regime="us_ca")
        # SB 53 applies from this day (REGULATION.md); a framework with no date is due then.
        return _end_of(us_ca_sb53.APPLIES_FROM)
    review_due = clock.add_calendar_days(reviewed, FRAMEWORK_REVIEW_DAYS, regime="us_ca")
    # A modification the last review already covered is no longer pending.
    if changed and changed > reviewed:
        change_due = clock.add_calendar_days(changed, FRAMEWORK_CHANGE_DAYS, regime="us_ca")
        return min(change_due, review_due)
    return review_due


def transparency_report_due(context: dict) -> datetime | None:
    """Published before or when the model is deployed."""
    deployed = _day(context, "deployment_date")
    return _end_of(deployed) if deployed else None


def risk_summary_due(context: dict) -> datetime | None:
    """Three months after the start of the period the summary covers, or the interval of a
    schedule agreed in writing with Cal OES."""
    start = _day(context, "period_start")
    if not start:
        return None
    agreed = context["data"].get("agreed_interval_months")
    months = int(agreed) if agreed in AGREED_INTERVALS else RISK_SUMMARY_MONTHS
    return _end_of(_months_after(start, months))


def _needs(code: str):
    return lambda c: code in (c.get("us_ca") or {}).get("obligations", [])


def _number(prefix: str):
    return lambda context, sequence, day: f"{prefix}-{day.year}-{sequence:06d}"


def _prefix(prefix: str):
    return lambda context, day: f"{prefix}-{day.year}"


def _large_frontier_developer(context: dict) -> bool:
    """What a large frontier developer alone must add to a transparency report."""
    return bool((context["classification"].get("us_ca") or {}).get("large_frontier_developer"))


def _route(stage: str, context: dict) -> str:
    return AUTHORITY


DEVELOPER = FieldSpec("developer", "Frontier developer (legal name)", BASIS)
MODEL = FieldSpec("model_name", "Frontier model name and version", BASIS)
WEBSITE = FieldSpec("url", "Where it is published on the developer's website", BASIS, kind="url")

FRAMEWORK = FilingType(
    code="us_ca.framework",
    regime="us_ca",
    title="Frontier AI framework (SB 53)",
    basis=BASIS,
    subject_kind="gpai_model",
    fields=(
        DEVELOPER,
        WEBSITE,
        FieldSpec("published_on", "Date first published", BASIS, kind="date"),
        FieldSpec(
            "last_reviewed_on",
            "Date of the last yearly review",
            BASIS,
            kind="date",
            required=False,
            help="The next review is due within a year of it.",
        ),
        FieldSpec(
            "material_modification_on",
            "Date of the last material modification",
            BASIS,
            kind="date",
            required=False,
            help="The modified framework is published within 30 days.",
        ),
        FieldSpec(
            "summary",
            "How the framework assesses and mitigates catastrophic risk",
            BASIS,
            kind="longtext",
        ),
    ),
    needed=_needs("us_ca.framework"),
    stages=("review",),
    route=_route,
    number=_number("US-CA-FW"),
    number_prefix=_prefix("US-CA-FW"),
    filing_due=framework_due,
    description="Large frontier developers publish the framework, review it at least once "
    "a year and publish changes within 30 days of a material modification.",
)

TRANSPARENCY_REPORT = FilingType(
    code="us_ca.transparency_report",
    regime="us_ca",
    title="Transparency report for a new or substantially modified frontier model (SB 53)",
    basis=BASIS,
    subject_kind="gpai_model",
    fields=(
        DEVELOPER,
        MODEL,
        WEBSITE,
        FieldSpec("deployment_date", "Release (deployment) date", BASIS, kind="date"),
        FieldSpec("languages", "Languages supported", BASIS),
        FieldSpec("modalities", "Output modalities", BASIS),
        FieldSpec("intended_uses", "Intended uses", BASIS, kind="longtext"),
        FieldSpec("restrictions", "Restrictions or conditions on use", BASIS, kind="longtext"),
        FieldSpec(
            "risk_assessment_summary",
            "Summary of the catastrophic-risk assessments (large frontier developers)",
            BASIS,
            kind="longtext",
            required_when=_large_frontier_developer,
        ),
        FieldSpec(
            "third_party_evaluators",
            "Involvement of third-party evaluators (large frontier developers)",
            BASIS,
            kind="longtext",
            required_when=_large_frontier_developer,
        ),
    ),
    needed=_needs("us_ca.transparency_report"),
    stages=("review",),
    route=_route,
    number=_number("US-CA-TR"),
    number_prefix=_prefix("US-CA-TR"),
    filing_due=transparency_report_due,
    description="Published before or when a new or substantially modified frontier model "
    "is deployed.",
)

RISK_SUMMARY = FilingType(
    code="us_ca.risk_summary",
    regime="us_ca",
    title="Quarterly summary of catastrophic-risk assessments from internal use (SB 53)",
    basis=BASIS,
    subject_kind="gpai_model",
    fields=(
        DEVELOPER,
        FieldSpec("period_start", "First day of the period covered", BASIS, kind="date"),
        FieldSpec("period_end", "Last day of the period covered", BASIS, kind="date"),
        FieldSpec(
            "summary",
            "Summary of the assessments of catastrophic risk from internal use",
            BASIS,
            kind="longtext",
            public=False,
        ),
        FieldSpec(
            "agreed_interval_months",
            "Agreed interval between summaries",
            BASIS,
            kind="choice",
            choices=AGREED_INTERVAL_CHOICES,
            required=False,
            public=False,
            help="Only under a schedule agreed in writing with Cal OES; leave empty for the "
            "statutory three months. The due date counts from the first day of the period.",
        ),
        FieldSpec(
            "agreed_schedule",
            "The written agreement with Cal OES on another schedule (reference, date), if any",
            BASIS,
            required=False,
            public=False,
        ),
    ),
    needed=_needs("us_ca.risk_summaries"),
    stages=("review",),
    route=_route,
    number=_number("US-CA-RS"),
    number_prefix=_prefix("US-CA-RS"),
    filing_due=risk_summary_due,
    # Transmitted to Cal OES in confidence: never on the public register.
    publishable=False,
    description="Transmitted to Cal OES every three months (or on a schedule agreed in "
    "writing); confidential.",
)

FILING_TYPES = {t.code: t for t in (FRAMEWORK, TRANSPARENCY_REPORT, RISK_SUMMARY)}
