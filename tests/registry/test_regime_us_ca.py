"""California SB 53: frontier model, large frontier developer, obligations, dated."""

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.regimes import classify
from registry.regimes import us_ca_sb53 as ca
from tests.registry import make_profile

FRONTIER = 10**26 + 1
LARGE = 500_000_000 + 1


def ca_result(**answers) -> dict:
    answers = {"subject": "gpai_model", "offered_in_california": True, **answers}
    return ca.classify(make_profile(**answers))


@pytest.mark.parametrize(
    ("compute", "frontier"),
    [(None, False), (10**26, False), (1e26, False), (FRONTIER, True), (2e26, True)],
)
def test_a_frontier_model_is_trained_with_more_than_10_26_operations(compute, frontier):
    result = ca_result(training_compute_flop=compute, as_of="2026-06-01")
    assert result["frontier_model"] is result["frontier_developer"] is frontier
    assert bool(result["obligations"]) is frontier


@pytest.mark.parametrize(
    ("revenue", "large"), [(None, False), (500_000_000, False), (5e8, False), (LARGE, True)]
)
def test_a_large_frontier_developer_has_more_than_usd_500_m(revenue, large):
    result = ca_result(training_compute_flop=FRONTIER, annual_revenue_usd=revenue)
    assert result["large_frontier_developer"] is large
    expected = ["us_ca.incidents", "us_ca.transparency_report"]
    if large:
        expected = sorted([*expected, "us_ca.framework", "us_ca.risk_summaries"])
    assert result["obligations"] == expected


def test_revenue_alone_makes_no_frontier_developer():
    result = ca_result(training_compute_flop=10**26, annual_revenue_usd=10**12)
    assert result["large_frontier_developer"] is False and result["obligations"] == []


@pytest.mark.parametrize(
    ("as_of", "applies"), [("2025-12-31", False), ("2026-01-01", True), ("2026-01-02", True)]
)
@pytest.mark.parametrize(("compute", "revenue"), [(FRONTIER, LARGE), (FRONTIER, 500_000_000)])
def test_the_duties_apply_from_2026_01_01(as_of, applies, compute, revenue):
    result = ca_result(training_compute_flop=compute, annual_revenue_usd=revenue, as_of=as_of)
    assert result["applies_from"] == "2026-01-01"
    assert result["applies"] is applies
    # Enacted but not yet applicable: the status and duties are given, with applies false.
    assert result["frontier_model"] is True and result["obligations"]
    (dated,) = [
        r for r in result["reasons"] if r["conclusion"] in ("applies", "not_yet_applicable")
    ]
    assert dated["conclusion"] == ("applies" if applies else "not_yet_applicable")
    assert "2026-01-01" in dated["explanation"]


def test_not_offered_in_california_means_no_duties_listed():
    result = ca_result(
        training_compute_flop=FRONTIER, annual_revenue_usd=LARGE, offered_in_california=False
    )
    assert result["frontier_model"] is True and result["large_frontier_developer"] is True
    assert result["obligations"] == [] and result["applies"] is False
    assert result["applies_from"] is None
    assert "not_offered_in_california" in [r["conclusion"] for r in result["reasons"]]


def test_an_ai_system_is_not_a_frontier_model():
    result = ca.classify(make_profile(training_compute_flop=FRONTIER, offered_in_california=True))
    assert result["frontier_model"] is False and result["obligations"] == []
    assert result["reasons"][0]["conclusion"] == "not_applicable"


def test_every_reason_names_the_bus_and_prof_code():
    result = ca_result(training_compute_flop=FRONTIER, annual_revenue_usd=LARGE)
    assert result["reasons"]
    for found in result["reasons"]:
        assert found["basis"] == ["Cal. Bus. & Prof. Code §22757.10 ff. (SB 53)"]
    conclusions = [r["conclusion"] for r in result["reasons"]]
    assert "large_frontier_developer" in conclusions and "us_ca.framework" in conclusions


def test_the_entry_point_carries_us_ca_with_its_rulebook():
    result = classify(
        {
            "subject": "gpai_model",
            "training_compute_flop": FRONTIER,
            "annual_revenue_usd": LARGE,
            "offered_in_california": True,
            "as_of": "2026-01-01",
        }
    )
    assert result["rulebooks"]["us_ca"] == ca.RULEBOOK
    assert set(result["us_ca"]) == {
        "frontier_model",
        "frontier_developer",
        "large_frontier_developer",
        "offered_in_california",
        "obligations",
        "applies_from",
        "applies",
        "reasons",
    }
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


@settings(max_examples=200, deadline=None)
@given(
    st.dates(date(2024, 1, 1), date(2028, 12, 31)),
    st.integers(0, 2000),
    st.sampled_from([None, 10**26, FRONTIER, 3 * 10**26]),
    st.sampled_from([None, 500_000_000, LARGE]),
    st.booleans(),
)
def test_moving_as_of_forward_never_unbinds_sb53_or_revives_eo_14110(
    day, days, compute, revenue, california
):
    answers = {
        "subject": "gpai_model",
        "training_compute_flop": compute,
        "annual_revenue_usd": revenue,
        "offered_in_california": california,
    }
    before = classify({**answers, "as_of": day.isoformat()})
    after = classify({**answers, "as_of": (day + timedelta(days=days)).isoformat()})
    assert after["us_ca"]["applies"] >= before["us_ca"]["applies"]
    assert after["us_ca"]["obligations"] == before["us_ca"]["obligations"]
    # After the revocation nothing becomes required again.
    if day >= date(2025, 1, 20):
        assert after["us"]["compute_report_required"] is False
