"""The statutory clocks of serious incidents: one table (data) and pure functions over it.
The table also names the facts only one regime asks of the provider.

Every period is counted by `aigov.clock` on the calendar of the authority's zone, from
the moment the provider became aware (REGULATION.md "Serious incidents, Art. 3(49),
Art. 73" and the California SB 53 section): a period of N days ends at the end of the
N-th local day after awareness. A category may also call for a notice within hours to an
authority that is not on the platform (SB 53: an imminent risk of death or serious
physical injury, 24 hours to law enforcement / public safety); that period ends that
many hours after awareness, whatever the zone, and runs beside the report's, which
still goes to the authority the incident is routed to.

Every period here is stated in REGULATION.md. Where it states none (an authority's
response period outside the EU, updates outside the GPAI Code of Practice) the field is
None and pages show no clock rather than an invented one. Which paragraph of Art. 73
carries which period is read from the official text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aigov import clock


@dataclass(frozen=True)
class Notice:
    """A notice the law asks within hours of awareness, to an authority outside the
    platform; the provider records that it gave it (services.incident_record_notice)."""

    hours: int
    to: str
    basis: str


@dataclass(frozen=True)
class Category:
    """One kind of incident under one regime, with its reporting period and basis."""

    code: str
    label: str
    days: int  # calendar days from awareness to the report to the routed authority
    basis: str
    # 1 is the most severe; a more severe category never has a later deadline (tested).
    severity: int
    # A notice due before the report, to someone else (None: the report is all).
    notice: Notice | None = None


@dataclass(frozen=True)
class Regime:
    code: str
    label: str
    clock: str  # the aigov.clock regime whose zone counts the days
    subject_kind: str  # "ai_system" or "gpai_model"
    categories: tuple[Category, ...]
    # The authority's own response period (days from the report), None where
    # REGULATION.md states none.
    authority_days: int | None = None
    authority_basis: str = ""
    update_weeks: int | None = None  # GPAI Code of Practice: updates every 4 weeks
    final_days: int | None = None  # … and a final report within 60 days of resolution
    follow_up_basis: str = ""
    # Facts of the report only this regime asks (services.FACTS lists them all).
    own_facts: tuple[str, ...] = ()
    # Whether the law binds the subject, read from its stored classification, and why
    # not when it does not ({name}: the subject's name).
    binds: Callable[[dict], bool] = lambda classification: True
    not_bound: str = ""


def _eu(classification: dict) -> dict:
    return classification.get("eu") or {}


_ART73 = "EU AI Act Art. 73"
_COP = "GPAI Code of Practice (Safety and Security), serious incident reporting"
_SB53 = "California SB 53 (Bus. & Prof. Code §22757.10 ff.)"
# The 24-hour notice of an imminent risk does not go to Cal OES (REGULATION.md SB 53).
_SB53_IMMINENT_TO = "an appropriate authority (law enforcement / public safety), not Cal OES"

EU = Regime(
    code="eu",
    label="EU AI Act (serious incident, Art. 3(49), Art. 73)",
    clock="eu",
    subject_kind="ai_system",
    categories=(
        Category(
            "widespread_infringement",
            "Widespread infringement",
            2,
            f"{_ART73}(3): widespread infringement, within 2 days of awareness",
            1,
        ),
        Category(
            "critical_infrastructure",
            "Serious and irreversible disruption of critical infrastructure (Art. 3(49)(b))",
            2,
            f"{_ART73}(3): Art. 3(49)(b), within 2 days of awareness",
            1,
        ),
        Category(
            "death",
            "Death of a person (Art. 3(49)(a))",
            10,
            f"{_ART73}(4): death, within 10 days of awareness",
            2,
        ),
        Category(
            "health",
            "Serious harm to a person's health (Art. 3(49)(a))",
            15,
            f"{_ART73}(2): within 15 days of awareness",
            3,
        ),
        Category(
            "fundamental_rights",
            "Infringement of obligations protecting fundamental rights (Art. 3(49)(c))",
            15,
            f"{_ART73}(2): within 15 days of awareness",
            3,
        ),
        Category(
            "property_environment",
            "Serious harm to property or the environment (Art. 3(49)(d))",
            15,
            f"{_ART73}(2): within 15 days of awareness",
            3,
        ),
    ),
    authority_days=7,
    authority_basis="EU AI Act Art. 73: the market surveillance authority acts within 7 days",
    # Art. 73: the provider does not alter the system before informing the authority.
    own_facts=("not_altered",),
    binds=lambda c: _eu(c).get("tier") == "high",
    not_bound="Art. 73 binds providers of high-risk AI systems, and {name} is not classified "
    "high-risk under the EU AI Act (answer its classification questions if it is).",
)

EU_GPAI = Regime(
    code="eu_gpai",
    label="EU GPAI model with systemic risk (Art. 55(1)(c), Code of Practice)",
    clock="eu",
    subject_kind="gpai_model",
    categories=(
        Category(
            "critical_infrastructure",
            "Serious and irreversible disruption of critical infrastructure",
            2,
            f"{_COP}: critical infrastructure, 2 days",
            1,
        ),
        Category(
            "cyber_breach",
            "Serious cybersecurity breach (including exfiltration of model weights)",
            5,
            f"{_COP}: serious cybersecurity breach, 5 days",
            2,
        ),
        Category("death", "Death of a person", 10, f"{_COP}: death, 10 days", 3),
        Category("other", "Other serious harm", 15, f"{_COP}: other serious incidents, 15 days", 4),
    ),
    binds=lambda c: bool(_eu(c).get("systemic_risk")),
    not_bound="Art. 55(1)(c) binds providers of GPAI models with systemic risk, and {name} "
    "is not classified as one.",
    update_weeks=4,
    final_days=60,
    follow_up_basis=f"{_COP}: updates every 4 weeks; final report within 60 days of resolution",
)

US_CA = Regime(
    code="us_ca",
    label="California SB 53 (critical safety incident)",
    clock="us_ca",
    subject_kind="gpai_model",
    categories=(
        # A critical safety incident like the next, reported to Cal OES within the same
        # 15 days; the imminent risk adds the 24-hour notice outside the platform.
        Category(
            "imminent_risk",
            "Imminent risk of death or serious physical injury",
            15,
            f"{_SB53}: critical safety incident, to Cal OES within 15 days of discovery",
            1,
            notice=Notice(
                24,
                _SB53_IMMINENT_TO,
                f"{_SB53}: imminent risk of death or serious physical injury, within 24 hours "
                f"to {_SB53_IMMINENT_TO}",
            ),
        ),
        Category(
            "critical_safety_incident",
            "Critical safety incident",
            15,
            f"{_SB53}: critical safety incident, 15 days of discovery",
            2,
        ),
    ),
    # SB 53's report states whether internal use was involved.
    own_facts=("internal_use",),
    binds=lambda c: bool((c.get("us_ca") or {}).get("frontier_model")),
    not_bound="SB 53 binds frontier developers, and {name} is not a frontier model (trained "
    "with more than 10^26 operations).",
)

REGIMES: dict[str, Regime] = {r.code: r for r in (EU, EU_GPAI, US_CA)}


def category(regime: str, code: str) -> Category:
    """The category `code` of `regime`; KeyError if there is none."""
    for found in REGIMES[regime].categories:
        if found.code == code:
            return found
    raise KeyError(code)


def report_due(regime: str, code: str, aware_at: datetime) -> datetime:
    """When the report of an incident of `code` under `regime` is due (UTC)."""
    days = category(regime, code).days
    return clock.add_calendar_days(aware_at, days, regime=REGIMES[regime].clock)


def notice_due(regime: str, code: str, aware_at: datetime) -> datetime | None:
    """When the notice outside the platform is due (UTC), where the category calls for one."""
    notice = category(regime, code).notice
    if notice is None:
        return None
    return aware_at + timedelta(hours=notice.hours)


def authority_due(regime: str, reported_at: datetime) -> datetime | None:
    """When the authority should have acted on a report, where a period is known."""
    days = REGIMES[regime].authority_days
    if days is None:
        return None
    return clock.add_calendar_days(reported_at, days, regime=REGIMES[regime].clock)


def next_update_due(regime: str, last_report_at: datetime) -> datetime | None:
    """The next periodic update (GPAI: every 4 weeks after the latest report)."""
    weeks = REGIMES[regime].update_weeks
    if weeks is None:
        return None
    return clock.add_calendar_days(last_report_at, weeks * 7, regime=REGIMES[regime].clock)


def final_due(regime: str, resolved_at: datetime) -> datetime | None:
    """The final report (GPAI: within 60 days of resolution)."""
    days = REGIMES[regime].final_days
    if days is None:
        return None
    return clock.add_calendar_days(resolved_at, days, regime=REGIMES[regime].clock)


def remaining(due_at: datetime, now: datetime) -> str:
    """The countdown as people read it: "10 days left", "30 hours left", "2 days overdue"."""
    left = due_at - now
    seconds = int(left.total_seconds())
    late = seconds < 0
    seconds = abs(seconds)
    if seconds >= 48 * 3600:
        amount = f"{seconds // 86400} days"
    elif seconds >= 3600:
        hours = seconds // 3600
        amount = f"{hours} hour{'s' if hours != 1 else ''}"
    else:
        minutes = max(seconds // 60, 0)
        amount = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{amount} overdue" if late else f"{amount} left"
