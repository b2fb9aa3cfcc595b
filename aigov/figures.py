"""Regulator figures that apps declare, so the core's figures API and pages name no app.

A `Figure` is one number set a regulator reads: its code, title, definition, which time
window it counts in, a function `(actor, window) -> rows` made of aggregate queries only,
and the list behind each number (a browser page and an API list, both named by their URL
names, with each row's filters). Apps register theirs with `figure_register` when they are
ready (`registry.figures`, `assessments.conformity.figures`; incidents and certificates
add theirs the same way). `figure_values` computes a figure's rows for an actor and a
window, cached for a short time under the actor's organisation, so one authority never
reads another's.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

# How the window applies to a figure (its `window`), in the words the pages and the API
# show next to the dates.
WINDOW_APPLIES = {
    "submitted": "Counts filings last submitted between the two dates (both included).",
    "decided": "Counts decisions taken between the two dates (both included).",
    "requested": "Counts what was requested between the two dates (both included).",
    "now": "As of now: the dates do not apply.",
}
CHARTS = ("bars", "series")
# The longest window a request may ask for, so a weekly series stays readable.
MAX_WINDOW_DAYS = 366 * 5


@dataclass(frozen=True)
class Window:
    """The dates a figure counts in: `since` and `until`, both included (UTC days)."""

    since: date
    until: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the window (exclusive bound)."""
        return datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=UTC)

    def as_filters(self, after: str, before: str) -> tuple[tuple[str, str], ...]:
        """The window as two list filters (`after` inclusive, `before` exclusive)."""
        return (
            (after, self.since.isoformat()),
            (before, (self.until + timedelta(days=1)).isoformat()),
        )


def default_window(today: date | None = None) -> Window:
    """The last twelve months: from the same day a year ago to today."""
    today = today or timezone.now().astimezone(UTC).date()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Window(since=year_ago, until=today)


def window_from(params) -> Window:
    """The window a request asks for (`since`, `until` as ISO dates); raises
    ValidationError naming the field when a date is bad or the window is empty or too long."""
    default = default_window()
    errors: dict[str, list[str]] = {}
    values = {}
    for name, fallback in (("since", default.since), ("until", default.until)):
        raw = (params.get(name) or "").strip()
        if not raw:
            values[name] = fallback
            continue
        try:
            values[name] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = [f"{raw!r} is not a date; use YYYY-MM-DD."]
    if not errors and values["since"] > values["until"]:
        errors["since"] = ["Must be on or before `until`."]
    if not errors and (values["until"] - values["since"]).days > MAX_WINDOW_DAYS:
        errors["since"] = [f"The window may span at most {MAX_WINDOW_DAYS} days."]
    if errors:
        raise ValidationError(errors)
    return Window(since=values["since"], until=values["until"])


@dataclass(frozen=True)
class Row:
    """One number of a figure: a stable `key`, its `label`, its `value`, and the filters
    of the list behind it (None: no list stands behind this number)."""

    key: str
    label: str
    value: int | float | None
    filters: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class Figure:
    """A figure an app declares (see the module's docstring)."""

    code: str
    title: str
    definition: str
    window: str
    rows: Callable[..., Sequence[Row]]
    chart: str = "bars"
    unit: str = "filings"
    # URL names of the list behind the numbers: a browser page and an API list.
    list_page: str | None = None
    list_api: str | None = None
    # The keys of the rows the chart draws (None: every row), when rows mix units (a count
    # beside a median in days): the table always has every row.
    charted: tuple[str, ...] | None = None
    kinds: frozenset[str] = frozenset({"authority"})
    permission: str = "dashboard.view"
    # Whom the figure is for beyond kind and permission (e.g. only the AI Office).
    applies_to: Callable[..., bool] = field(default=lambda actor: True)

    def __post_init__(self):
        if self.window not in WINDOW_APPLIES:
            raise ValueError(f"{self.code}: window must be one of {', '.join(WINDOW_APPLIES)}.")
        if self.chart not in CHARTS:
            raise ValueError(f"{self.code}: chart must be one of {', '.join(CHARTS)}.")

    @property
    def window_applies(self) -> str:
        return WINDOW_APPLIES[self.window]

    def chart_rows(self, rows: Sequence[Row]) -> list[Row]:
        return [row for row in rows if self.charted is None or row.key in self.charted]

    def for_actor(self, actor) -> bool:
        return (
            actor is not None
            and actor.kind in self.kinds
            and actor.can(self.permission)
            and self.applies_to(actor)
        )


FIGURES: dict[str, Figure] = {}


def figure_register(figure: Figure) -> None:
    """Add a figure; registering the same one again is a no-op, another with its code an error."""
    known = FIGURES.get(figure.code)
    if known is not None and known != figure:
        raise ValueError(f"A figure {figure.code!r} is already registered.")
    FIGURES[figure.code] = figure


def figures_for(actor) -> list[Figure]:
    """The figures `actor` may read, in the order they were registered."""
    return [figure for figure in FIGURES.values() if figure.for_actor(actor)]


def figure_for(actor, code: str) -> Figure | None:
    figure = FIGURES.get(code)
    return figure if figure is not None and figure.for_actor(actor) else None


def _cache_key(actor, figure: Figure, window: Window) -> str:
    # The organisation is the scope of every figure (visible_to reads nothing else of the
    # actor), so it is part of the key: one authority never reads another's cached rows.
    return f"figures:v1:{actor.organization.pk}:{figure.code}:{window.since}:{window.until}"


def figure_values(actor, figure: Figure, window: Window) -> list[Row]:
    """The figure's rows for `actor` in `window`, cached for FIGURES_CACHE_SECONDS."""
    seconds = settings.FIGURES_CACHE_SECONDS
    key = _cache_key(actor, figure, window)
    if seconds > 0:
        cached = cache.get(key)
        if cached is not None:
            return [Row(*values) for values in cached]
    rows = list(figure.rows(actor, window))
    if seconds > 0:
        cache.set(key, [(r.key, r.label, r.value, r.filters) for r in rows], seconds)
    return rows


def list_url(url_name: str | None, row: Row) -> str | None:
    """The address of the list behind `row` (None when there is none)."""
    if url_name is None or row.filters is None:
        return None
    query = urlencode(row.filters)
    return reverse(url_name) + (f"?{query}" if query else "")


# --- Charts: geometry for inline SVG, drawn by the templates (no script, no CDN) ----------

CHART_WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 230
SERIES_HEIGHT = 200


def _scale(rows: Sequence[Row]) -> float:
    peak = max((row.value or 0 for row in rows), default=0)
    return float(peak) if peak else 1.0


def bar_chart(rows: Sequence[Row]) -> dict:
    """Horizontal bars, one per row, the label left and the value right of each bar."""
    room = CHART_WIDTH - LABEL_WIDTH - 60
    peak = _scale(rows)
    bars = []
    for index, row in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        length = round(room * float(row.value or 0) / peak, 1)
        bars.append(
            {
                "row": row,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": max(length, 0),
                "value_x": LABEL_WIDTH + max(length, 0) + 6,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * (BAR_HEIGHT + BAR_GAP),
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 6,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
    }


def series_chart(rows: Sequence[Row]) -> dict:
    """A time series: one column per period, a polyline through the tops, the first and
    last period named under the axis."""
    left, bottom, top = 40, 24, 12
    plot_height = SERIES_HEIGHT - bottom - top
    count = max(len(rows), 1)
    step = (CHART_WIDTH - left - 10) / count
    peak = _scale(rows)
    columns, points = [], []
    for index, row in enumerate(rows):
        height = round(plot_height * float(row.value or 0) / peak, 1)
        x = round(left + index * step, 1)
        y = round(top + plot_height - height, 1)
        columns.append(
            {"row": row, "x": x, "y": y, "height": height, "width": max(round(step - 1, 1), 1)}
        )
        points.append(f"{round(x + step / 2, 1)},{y}")
    return {
        "width": CHART_WIDTH,
        "height": SERIES_HEIGHT,
        "axis_y": top + plot_height,
        "left": left,
        "top": top,
        "peak": int(peak) if float(peak).is_integer() else peak,
        "columns": columns,
        "points": " ".join(points),
        "first": rows[0].label if rows else "",
        "last": rows[-1].label if rows else "",
    }
