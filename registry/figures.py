"""The registry's regulator figures, registered with the core's (`aigov.figures`) when the
app is ready.

Every figure reads the filings *now with the authority* — `Filing.objects.visible_to`,
then, as the review queue does, those whose current authority it is — so each number
links to the review queue (page and API) narrowed by the same filters (`QueueFilter`),
and the list shows exactly the filings counted. Each figure is a fixed number of
aggregate queries, whatever the number of filings.
"""

from collections.abc import Iterable
from datetime import UTC, timedelta
from statistics import quantiles

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncWeek
from django.utils import timezone

from aigov.accounts.countries import EU_MEMBER_STATE_NAMES
from aigov.figures import Figure, Row, Window, figure_register
from registry.models import WAITING_STATUSES, Filing, FilingStatus
from registry.regimes import FILING_TYPES, REGIMES, REGISTER_AREAS, regime_label
from registry.regimes.eu_ai_act_gpai import SYSTEMIC_RISK_FLOP
from registry.regimes.us_ca_sb53 import FRONTIER_FLOP
from registry.regimes.us_eo14110 import BIO_REPORT_FLOP, REPORT_FLOP
from registry.selectors import (
    DUE_SOON_DAYS,
    SUBJECT_TIERS,
    decided_at,
    due_soon_filter,
    in_time_condition,
    overdue_filter,
    subject_tier,
)

QUEUE_PAGE, QUEUE_API = "queue", "api:queue-list"
# The window of the submitted-in-window figures, as the queue's filters.
SUBMITTED = ("submitted_after", "submitted_before")
DECIDED = ("decided_after", "decided_before")


def filed_with(actor) -> QuerySet[Filing]:
    """What was filed with the authority and is with it now (its review queue's rows)."""
    return Filing.objects.visible_to(actor).filter(authority=actor.organization)


def _submitted_in(actor, window: Window) -> QuerySet[Filing]:
    return filed_with(actor).filter(submitted_at__gte=window.start, submitted_at__lt=window.end)


def _decided_in(actor, window: Window) -> QuerySet[Filing]:
    return (
        filed_with(actor)
        .annotate(decided_at=decided_at())
        .filter(decided_at__gte=window.start, decided_at__lt=window.end)
    )


def _counts(queryset: QuerySet[Filing], column) -> dict:
    """{value: count} in one GROUP BY query; `column` is a field name or an expression."""
    expression = F(column) if isinstance(column, str) else column
    grouped = queryset.annotate(key=expression).values("key")
    return {row["key"]: row["n"] for row in grouped.annotate(n=Count("pk")).order_by()}


def _breakdown(
    counts: dict,
    labels: dict[str, str],
    name: str,
    window_filters,
    *,
    all_keys: Iterable[str] = (),
) -> list[Row]:
    """One row per key (those in `all_keys` even when zero), most first, then by label."""
    keys = list(dict.fromkeys([*all_keys, *(key for key in counts if key is not None)]))
    rows = [
        Row(
            key=str(key),
            label=labels.get(key, str(key)),
            value=counts.get(key, 0),
            filters=((name, str(key)), *window_filters),
        )
        for key in keys
    ]
    return sorted(rows, key=lambda row: (-(row.value or 0), row.label))


# --- Counts of the filings submitted in the window ------------------------------------------

SHOWN_STATUSES = [status for status in FilingStatus if status != FilingStatus.DRAFT]


def by_status(actor, window: Window) -> list[Row]:
    counts = _counts(_submitted_in(actor, window), "status")
    labels = dict(FilingStatus.choices)
    window_filters = window.as_filters(*SUBMITTED)
    return [
        Row(
            key=str(status),
            label=labels[status],
            value=counts.get(status, 0),
            filters=(("status", str(status)), *window_filters),
        )
        for status in SHOWN_STATUSES
    ]


def by_regime(actor, window: Window) -> list[Row]:
    counts = _counts(_submitted_in(actor, window), "regime")
    labels = {key: regime_label(key) for key in REGIMES}
    return _breakdown(counts, labels, "regime", window.as_filters(*SUBMITTED))


def by_filing_type(actor, window: Window) -> list[Row]:
    counts = _counts(_submitted_in(actor, window), "filing_type")
    labels = {code: f"{t.title} ({code})" for code, t in FILING_TYPES.items()}
    return _breakdown(counts, labels, "filing_type", window.as_filters(*SUBMITTED))


def by_tier(actor, window: Window) -> list[Row]:
    counts = _counts(_submitted_in(actor, window), subject_tier())
    filters = window.as_filters(*SUBMITTED)
    rows = _breakdown(counts, SUBJECT_TIERS, "tier", filters, all_keys=SUBJECT_TIERS)
    order = list(SUBJECT_TIERS)
    return sorted(rows, key=lambda row: order.index(row.key) if row.key in order else len(order))


def by_area(actor, window: Window) -> list[Row]:
    counts = _counts(_submitted_in(actor, window), "registered_area")
    counts["none"] = counts.pop("", 0) + counts.pop("none", 0)
    labels = {**REGISTER_AREAS, "none": "No area recorded (not registered, or no Annex III use)"}
    return _breakdown(counts, labels, "area", window.as_filters(*SUBMITTED))


def by_country(actor, window: Window) -> list[Row]:
    counts = _counts(_submitted_in(actor, window), "organization__country")
    return _breakdown(counts, EU_MEMBER_STATE_NAMES, "country", window.as_filters(*SUBMITTED))


def per_week(actor, window: Window) -> list[Row]:
    """Every ISO week the window touches, with no gaps (a week without filings is 0)."""
    week = TruncWeek("submitted_at", tzinfo=UTC)
    grouped = (
        _submitted_in(actor, window)
        .annotate(week=week)
        .values("week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["week"].date(): row["n"] for row in grouped}
    monday = window.since - timedelta(days=window.since.weekday())
    rows = []
    while monday <= window.until:
        first = max(monday, window.since)
        after_last = min(monday + timedelta(days=7), window.until + timedelta(days=1))
        year, number, _ = monday.isocalendar()
        rows.append(
            Row(
                key=monday.isoformat(),
                label=f"{year}-W{number:02d}",
                value=counts.get(monday, 0),
                filters=(
                    ("submitted_after", first.isoformat()),
                    ("submitted_before", after_last.isoformat()),
                ),
            )
        )
        monday += timedelta(days=7)
    return rows


# --- Decision times and deadlines ---------------------------------------------------------


class PercentileCont(Aggregate):
    """PostgreSQL's `percentile_cont(f) WITHIN GROUP (ORDER BY …)` (continuous percentile)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _seconds_between(later: str, earlier: str):
    """`later - earlier` in seconds, on PostgreSQL."""
    interval = ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())
    return Func(interval, template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField())


def _percentiles(queryset: QuerySet) -> tuple[int, float | None, float | None]:
    # `queryset` is annotated with `decided_at` (untyped: django-stubs cannot see it).
    """(decisions, median, 90th percentile) of the time to decision, in seconds. One query:
    `percentile_cont` on PostgreSQL; on SQLite the durations are read and interpolated the
    same way (linear, "inclusive" quantiles equal percentile_cont)."""
    if connection.vendor == "postgresql":
        seconds = _seconds_between("decided_at", "submitted_at")
        result = queryset.aggregate(
            n=Count("pk"),
            p50=PercentileCont(seconds, 0.5),
            p90=PercentileCont(seconds, 0.9),
        )
        return result["n"], result["p50"], result["p90"]
    pairs = queryset.values_list("decided_at", "submitted_at")
    durations = sorted((decided - submitted).total_seconds() for decided, submitted in pairs)
    if not durations:
        return 0, None, None
    if len(durations) == 1:
        return 1, durations[0], durations[0]
    cuts = quantiles(durations, n=10, method="inclusive")
    return len(durations), quantiles(durations, n=2, method="inclusive")[0], cuts[8]


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 86400, 2)


def decision_times(actor, window: Window) -> list[Row]:
    decided = _decided_in(actor, window)
    count, median, p90 = _percentiles(decided)
    decided_filters = (
        ("status", FilingStatus.REGISTERED),
        ("status", FilingStatus.REJECTED),
        *window.as_filters(*DECIDED),
    )
    return [
        Row("decisions", "Decisions (registered or rejected)", count, decided_filters),
        Row(
            "median_days", "Median days from submission to decision", _days(median), decided_filters
        ),
        Row("p90_days", "90th percentile, days", _days(p90), decided_filters),
    ]


def deadline_compliance(actor, window: Window) -> list[Row]:
    decided = _decided_in(actor, window)
    result = decided.aggregate(
        in_time=Count("pk", filter=in_time_condition()),
        late=Count("pk", filter=Q(decision_due_at__isnull=False) & ~in_time_condition()),
        no_deadline=Count("pk", filter=Q(decision_due_at__isnull=True)),
    )
    with_deadline = result["in_time"] + result["late"]
    share = round(100 * result["in_time"] / with_deadline, 1) if with_deadline else None
    window_filters = window.as_filters(*DECIDED)
    return [
        Row(
            "in_time",
            "Decided by the deadline",
            result["in_time"],
            (("decided_in_time", "true"), *window_filters),
        ),
        Row(
            "late",
            "Decided after the deadline",
            result["late"],
            (("decided_in_time", "false"), *window_filters),
        ),
        Row("share_in_time", "Share decided in time (%)", share, None),
        Row(
            "no_deadline",
            "Decided, no decision deadline applies",
            result["no_deadline"],
            (("decided_in_time", "none"), *window_filters),
        ),
    ]


def deadlines_now(actor, window: Window) -> list[Row]:
    now = timezone.now()
    result = filed_with(actor).aggregate(
        waiting=Count("pk", filter=Q(status__in=WAITING_STATUSES)),
        overdue=Count("pk", filter=overdue_filter(now)),
        due_soon=Count("pk", filter=due_soon_filter(DUE_SOON_DAYS, now)),
    )
    waiting = tuple(("status", str(status)) for status in WAITING_STATUSES)
    return [
        Row("waiting", "Waiting for a decision", result["waiting"], waiting),
        Row("overdue", "Overdue now", result["overdue"], (*waiting, ("overdue", "true"))),
        Row(
            "due_soon",
            f"Due within {DUE_SOON_DAYS} days",
            result["due_soon"],
            (*waiting, ("due_within_days", str(DUE_SOON_DAYS))),
        ),
    ]


# --- GPAI models above the compute thresholds ---------------------------------------------

# (threshold, where the law sets it), each value once, lowest first: the regimes' constants.
COMPUTE_THRESHOLDS: list[tuple[int, str]] = []
for _value, _basis in (
    (BIO_REPORT_FLOP, "EO 14110 §4.2, models trained mainly on biological sequence data"),
    (SYSTEMIC_RISK_FLOP, "EU AI Act Art. 51(2), presumed systemic risk"),
    (REPORT_FLOP, "EO 14110 §4.2"),
    (FRONTIER_FLOP, "California SB 53, frontier model"),
):
    _known = dict(COMPUTE_THRESHOLDS)
    if _value in _known:
        COMPUTE_THRESHOLDS = [
            (v, f"{b}; {_basis}" if v == _value else b) for v, b in COMPUTE_THRESHOLDS
        ]
    else:
        COMPUTE_THRESHOLDS.append((_value, _basis))
COMPUTE_THRESHOLDS.sort()


def _power_of_ten(value: int) -> str:
    exponent = len(str(value)) - 1
    return f"10^{exponent}" if value == 10**exponent else str(value)


def gpai_above_thresholds(actor, window: Window) -> list[Row]:
    # The column is a float; float(10**25) is the float nearest 10^25, which a model
    # declared at exactly 10^25 is stored as, so "greater than" stays strict (DESIGN.md §6).
    counts = filed_with(actor).aggregate(
        **{
            f"above_{index}": Count(
                "gpai_model",
                distinct=True,
                filter=Q(gpai_model__training_compute_flop__gt=float(value)),
            )
            for index, (value, _basis) in enumerate(COMPUTE_THRESHOLDS)
        }
    )
    return [
        Row(
            key=_power_of_ten(value),
            label=f"Above {_power_of_ten(value)} FLOP",
            value=counts[f"above_{index}"],
            filters=(("compute_above", str(value)),),
        )
        for index, (value, basis) in enumerate(COMPUTE_THRESHOLDS)
    ]


# --- Registration ---------------------------------------------------------------------------

_NOW_WITH = "Filings now with your authority (what its review queue lists), never drafts, "

for _figure in (
    Figure(
        code="filings-by-status",
        title="Filings by status",
        definition=_NOW_WITH + "last submitted in the window, by their status today.",
        window="submitted",
        rows=by_status,
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="filings-per-week",
        title="Filings submitted per week",
        definition=_NOW_WITH
        + "by the ISO week (Monday to Sunday, UTC) of their last submission; every week "
        "the window touches is shown, weeks cut by the window count only its days.",
        window="submitted",
        rows=per_week,
        chart="series",
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="filings-by-regime",
        title="Filings by regime",
        definition=_NOW_WITH + "last submitted in the window, by the legal regime filed under.",
        window="submitted",
        rows=by_regime,
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="filings-by-type",
        title="Filings by filing type",
        definition=_NOW_WITH + "last submitted in the window, by filing type.",
        window="submitted",
        rows=by_filing_type,
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="filings-by-tier",
        title="Filings by EU risk tier",
        definition=_NOW_WITH
        + "last submitted in the window, by the EU AI Act risk tier of the subject as "
        "classified today (a deployer's use: the provider's system). A GPAI model has no "
        "tier of its own: it counts as a GPAI model, with systemic risk or not.",
        window="submitted",
        rows=by_tier,
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="filings-by-area",
        title="Filings by Annex III area",
        definition=_NOW_WITH
        + "last submitted in the window, by the area of use frozen when the filing was "
        "registered (EU Annex III areas); filings not registered have none yet.",
        window="submitted",
        rows=by_area,
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="filings-by-country",
        title="Filings by member state of the provider",
        definition=_NOW_WITH
        + "last submitted in the window, by the country of the organisation that filed "
        "(the provider, or the deployer for a use); one country per filing, so the bars "
        "add up to the total. Countries outside the EU are shown by their ISO code.",
        window="submitted",
        rows=by_country,
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="decision-times",
        title="Time to decision",
        definition=_NOW_WITH
        + "decided (registered or rejected) in the window: the median and 90th percentile "
        "of the days from the last submission to the decision (continuous percentiles).",
        window="decided",
        rows=decision_times,
        unit="days",
        charted=("median_days", "p90_days"),
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="deadline-compliance",
        title="Decisions within the deadline",
        definition=_NOW_WITH
        + "decided in the window: decided no later than the decision deadline, decided "
        "after it, and the share in time among those with a deadline (the EU database "
        "sets no statutory decision deadline, so EU filings usually have none).",
        window="decided",
        rows=deadline_compliance,
        charted=("in_time", "late", "no_deadline"),
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="deadlines-now",
        title="Open deadlines",
        definition=_NOW_WITH
        + "waiting for a decision (submitted or in review) now: overdue is past the "
        f"decision deadline (the queue's rule), due soon within {DUE_SOON_DAYS} days.",
        window="now",
        rows=deadlines_now,
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
    Figure(
        code="gpai-compute",
        title="GPAI models above the compute thresholds",
        definition="GPAI models with at least one filing now with your authority (any "
        "status), whose declared training compute is strictly greater than each threshold "
        "the regimes set ("
        + "; ".join(f"{_power_of_ten(value)}: {basis}" for value, basis in COMPUTE_THRESHOLDS)
        + "); each model counts once. The list shows their filings.",
        window="now",
        rows=gpai_above_thresholds,
        unit="models",
        list_page=QUEUE_PAGE,
        list_api=QUEUE_API,
    ),
):
    figure_register(_figure)
