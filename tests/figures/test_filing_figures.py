"""The filing figures equal a direct count over the rows generated for them: every status,
regime, filing type and tier, filings inside and outside the window, filings with another
authority (never counted), decisions in and out of time (property-based)."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aigov.accounts.actor import Actor
from aigov.figures import FIGURES, Window, default_window
from registry.regimes import REGISTER_AREAS
from registry.regimes.profile import exact_number
from registry.selectors import SUBJECT_TIERS
from tests.factories import AuthorityFactory, OrganizationFactory
from tests.figures.data import (
    COMPUTES,
    COUNTRIES,
    NOW,
    SPEC,
    STATUSES,
    TIER_PROFILES,
    make_filing_row,
)

filing_specs = st.lists(
    st.fixed_dictionaries(
        {
            "subject": st.sampled_from(["system", "model"]),
            "tier": st.sampled_from([*TIER_PROFILES, "none"]),
            "compute": st.sampled_from(COMPUTES),
            "type_index": st.integers(min_value=0, max_value=20),
            "status": st.sampled_from(STATUSES),
            "country": st.sampled_from(COUNTRIES),
            # Days before now of the last submission; some fall outside the window.
            "submitted_days": st.integers(min_value=0, max_value=500),
            "decision_after_hours": st.integers(min_value=1, max_value=24 * 60),
            "due_after_hours": st.one_of(st.none(), st.integers(min_value=1, max_value=24 * 40)),
            "area": st.sampled_from(["", *sorted(REGISTER_AREAS)[:3]]),
            # Where the filing is: with the authority under test, passed on by it, or elsewhere.
            "where": st.sampled_from(["home", "home", "home", "passed_on", "elsewhere"]),
        }
    ),
    max_size=12,
)


def _values(code, actor, window):
    return {row.key: row.value for row in FIGURES[code].rows(actor, window)}


def _percentile(values, fraction):
    """Continuous percentile (linear interpolation between closest ranks), as PostgreSQL's
    percentile_cont, written out independently of the code under test."""
    values = sorted(values)
    position = (len(values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def _above(compute, threshold) -> bool:
    """The project's reading of a declared figure: 1e25 written as a float meant 10^25."""
    return compute is not None and exact_number(compute) > threshold


def _tier(spec):
    if spec["subject"] == "model":
        compute = spec["compute"]
        return "gpai_systemic_risk" if _above(compute, 10**25) else "gpai"
    return spec["tier"]


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=filing_specs)
def test_filing_figures_equal_direct_counts(specs):
    home, elsewhere = AuthorityFactory(), AuthorityFactory()
    providers = {country: OrganizationFactory(country=country) for country in COUNTRIES}
    rows = [make_filing_row(spec, home, elsewhere, providers) for spec in specs]
    actor = Actor(organization=home, role="viewer")
    window = default_window()
    mine = [r for r in rows if r["where"] == "home"]
    in_window = [r for r in mine if window.start <= r["submitted"] < window.end]

    by_status = Counter(r["status"] for r in in_window)
    assert _values("filings-by-status", actor, window) == {
        str(s): by_status.get(s, 0) for s in STATUSES
    }
    assert _values("filings-by-regime", actor, window) == Counter(r["regime"] for r in in_window)
    assert _values("filings-by-type", actor, window) == Counter(r["filing_type"] for r in in_window)
    tiers = Counter(_tier(r) for r in in_window)
    assert _values("filings-by-tier", actor, window) == {t: tiers.get(t, 0) for t in SUBJECT_TIERS}
    areas = Counter(
        r["area"] if r["status"] == "registered" and r["area"] else "none" for r in in_window
    )
    assert {k: v for k, v in _values("filings-by-area", actor, window).items() if v} == {
        k: v for k, v in areas.items() if v
    }
    assert _values("filings-by-country", actor, window) == Counter(r["country"] for r in in_window)
    weeks = _values("filings-per-week", actor, window)
    assert sum(weeks.values()) == len(in_window)
    for r in in_window:
        monday = (r["submitted"].date() - timedelta(days=r["submitted"].weekday())).isoformat()
        assert weeks[monday] >= 1

    decided = [r for r in mine if r["decided"] and window.start <= r["decided"] < window.end]
    times = _values("decision-times", actor, window)
    assert times["decisions"] == len(decided)
    if decided:
        days = [(r["decided"] - r["submitted"]).total_seconds() / 86400 for r in decided]
        assert times["median_days"] == pytest.approx(round(_percentile(days, 0.5), 2), abs=0.011)
        assert times["p90_days"] == pytest.approx(round(_percentile(days, 0.9), 2), abs=0.011)
    else:
        assert times["median_days"] is None and times["p90_days"] is None

    compliance = _values("deadline-compliance", actor, window)
    in_time = sum(1 for r in decided if r["due"] is not None and r["decided"] <= r["due"])
    late = sum(1 for r in decided if r["due"] is not None and r["decided"] > r["due"])
    assert (compliance["in_time"], compliance["late"]) == (in_time, late)
    assert compliance["no_deadline"] == sum(1 for r in decided if r["due"] is None)
    expected_share = round(100 * in_time / (in_time + late), 1) if in_time + late else None
    assert compliance["share_in_time"] == expected_share

    now = datetime.now(UTC)
    waiting = [r for r in mine if r["status"] in ("submitted", "in_review")]
    deadlines = _values("deadlines-now", actor, window)
    assert deadlines["waiting"] == len(waiting)
    assert deadlines["overdue"] == sum(1 for r in waiting if r["due"] and r["due"] < now)
    soon = now + timedelta(days=7)
    assert deadlines["due_soon"] == sum(1 for r in waiting if r["due"] and now <= r["due"] < soon)

    compute = _values("gpai-compute", actor, window)
    for threshold, key in ((10**23, "10^23"), (10**25, "10^25"), (10**26, "10^26")):
        models = {r["model"] for r in mine if r["model"] and _above(r["compute"], threshold)}
        assert compute[key] == len(models), key


@pytest.mark.django_db
def test_a_window_excludes_what_was_submitted_outside_it():
    home = AuthorityFactory()
    provider = OrganizationFactory()
    actor = Actor(organization=home, role="viewer")
    spec, old = SPEC, {"submitted_days": 400}
    make_filing_row(spec, home, home, {"DE": provider})
    make_filing_row({**spec, **old}, home, home, {"DE": provider})
    today = NOW.date()
    recent = Window(since=today - timedelta(days=30), until=today)
    assert _values("filings-by-status", actor, recent)["submitted"] == 1
    assert _values("filings-by-status", actor, default_window())["submitted"] == 1
    wide = Window(since=today - timedelta(days=500), until=today)
    assert _values("filings-by-status", actor, wide)["submitted"] == 2
