"""How filings are put into words on pages and in emails: status badges, stage names,
deadlines in the authority's zone, field values, diffs and list rows.

Presentation only, no database writes; the views of `registry.views` and the email
templates read these so a value is shown the same way everywhere.
"""

from datetime import date

from django.utils.timesince import timesince, timeuntil

from aigov import clock
from registry.models import EDITABLE_STATUSES, IMPORT_SOURCES, FilingStatus, Transition
from registry.regimes import FILING_TYPES
from registry.selectors import WAITING_STATUSES

STATUS_LABELS = dict(FilingStatus.choices)
TRANSITION_LABELS = dict(Transition.choices)
# The label of each action's reason box, where the action takes one.
REASON_LABELS = {
    Transition.REQUEST_CHANGES: "What must the provider change?",
    Transition.REJECT: "Why is the filing rejected?",
    Transition.SUSPEND: "Why is the registration suspended?",
    Transition.WITHDRAW: "Why is the registration withdrawn?",
}
DANGEROUS = {Transition.REJECT, Transition.SUSPEND, Transition.WITHDRAW}


def imported_from(model) -> str | None:
    """The data set an imported model came from ("Epoch AI"): the badge that tells imported
    reference data from the models the provider declared; None for the latter."""
    if model.imported_at is None:
        return None
    return IMPORT_SOURCES.get(model.source, model.source or "a file")


def status_badge(status: str) -> dict:
    return {"code": status, "label": STATUS_LABELS.get(status, status)}


def stage_label(filing) -> str:
    stages = FILING_TYPES[filing.filing_type].stages
    name = stages[filing.stage].replace("_", " ").capitalize()
    if len(stages) == 1:
        return name
    return f"{name} (stage {filing.stage + 1} of {len(stages)})"


def deadline(due, overdue: bool, now, regime: str) -> dict | None:
    """A due date (a day in the regime's zone) with the time left, or how long ago it passed."""
    if due is None:
        return None
    if due > now:
        left = f"{timeuntil(due, now, depth=2)} left"
    else:
        left = f"{timesince(due, now, depth=2)} ago"
    return {"due": due, "left": left, "overdue": overdue, "regime": regime}


def deadlines(filing, now) -> dict:
    """The provider's deadline to file and the regulator's to decide, where they apply."""
    waiting = filing.status in WAITING_STATUSES
    return {
        "filing": deadline(filing.filing_due_at, filing.filing_overdue, now, filing.regime)
        if filing.status in EDITABLE_STATUSES
        else None,
        "decision": deadline(filing.decision_due_at, filing.decision_overdue, now, filing.regime)
        if waiting
        else None,
    }


def current_deadline(filing, now) -> dict | None:
    found = deadlines(filing, now)
    if found["filing"]:
        return {**found["filing"], "kind": "File by"}
    if found["decision"]:
        return {**found["decision"], "kind": "Decision due"}
    return None


def decision_clock_note(filing, declared, events) -> str | None:
    """For a review in stages: whether the decision period starts again at the next stage."""
    period, regime = declared.decision_period(), declared.regime
    if len(declared.stages) < 2 or not period or filing.submitted_at is None:
        return None
    first, later = declared.stages[0], declared.stages[1:]
    submitted = clock.format_local(filing.submitted_at, regime=regime)
    restarts = declared.restarts_clock_at_next_stage()
    if filing.stage == 0:
        then = "start again" if restarts else "are not restarted"
        return (
            f"The {period} to decide run from the {first} submission on {submitted}; they "
            f"{then} when the filing reaches the {' and '.join(later)} review."
        )
    current = declared.stages[filing.stage]
    moved = [
        event.created_at
        for event in events
        if event.transition == Transition.ACCEPT and event.to_status == FilingStatus.SUBMITTED
    ]
    if restarts and moved:
        entered = clock.format_local(max(moved), regime=regime)
        return f"The {current} review's {period} run from {entered}."
    return (
        f"The clock started at the {first} submission on {submitted} and is not restarted "
        f"at the {current} review."
    )


def format_number(value: int | float, *, measured: bool = False) -> str:
    """The one way numbers are shown: counts with thousands separators, measurements
    (FLOP, hours; `measured`, or any float or huge integer) as 3e25 from a million up
    and with at most two decimals below."""
    if isinstance(value, int) and not measured and abs(value) < 1e15:
        return f"{value:,}"
    if abs(value) >= 1e6:  # jsonb hands 3e25 back as an integer
        return f"{value:.3g}".replace("e+", "e")  # 3e25, as FLOP are written
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def display_value(spec, value) -> str | None:
    """A stored value as a reader sees it; None when nothing was given."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    labels = dict(spec.choices) if spec is not None else {}
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    if labels:
        return str(labels.get(value, value))
    if isinstance(value, int | float):
        return format_number(value)
    if spec is not None and spec.kind == "date":
        try:
            return f"{date.fromisoformat(value):%-d %B %Y}"
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _link(spec, value) -> str | None:
    is_url = spec is not None and spec.kind == "url" and isinstance(value, str)
    return value if is_url and value.startswith(("https://", "http://")) else None


def value_rows(filing_type, values: dict, names=None, context=None) -> list[dict]:
    """(label, basis, value) of every field the filing asks (given its context), or only
    of `names`, in order."""
    rows = []
    for spec in filing_type.fields_for(context):
        if names is not None and spec.name not in names:
            continue
        value = values.get(spec.name)
        rows.append(
            {
                "name": spec.name,
                "label": spec.label,
                "basis": spec.basis,
                "value": display_value(spec, value),
                "link": _link(spec, value),
                "long": spec.kind == "longtext",
                "public": spec.public,
            }
        )
    return rows


def diff_rows(filing_type, diff: dict) -> list[dict]:
    """A submission's diff (field → before/after) with labels, in the form's order."""
    specs = {spec.name: spec for spec in filing_type.fields}
    order = [spec.name for spec in filing_type.fields]
    names = sorted(diff, key=lambda name: order.index(name) if name in order else len(order))
    return [
        {
            "label": specs[name].label if name in specs else name,
            "basis": specs[name].basis if name in specs else "",
            "before": display_value(specs.get(name), diff[name].get("before")),
            "after": display_value(specs.get(name), diff[name].get("after")),
        }
        for name in names
    ]


def filing_row(filing, now) -> dict:
    return {
        "filing": filing,
        "title": FILING_TYPES[filing.filing_type].title,
        "status": status_badge(filing.status),
        "stage": stage_label(filing),
        "deadline": current_deadline(filing, now),
        "decision": deadline(filing.decision_due_at, filing.decision_overdue, now, filing.regime),
        "registered_as": registered_as(filing),
    }


def registered_as(filing) -> str:
    """The name the filing registered, where the subject has been renamed since ("")."""
    name = filing.registered_subject
    return name if name and name != filing.subject.name else ""
