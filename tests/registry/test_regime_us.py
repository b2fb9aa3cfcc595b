"""EO 14110 §4.2 (historic): the compute-reporting thresholds, read as of a date."""

import json
import math

import pytest

from registry.regimes import us_eo14110 as us
from tests.registry import make_profile

IN_FORCE_DAY = "2024-06-01"


def us_result(**answers) -> dict:
    return us.classify(make_profile(**answers))


@pytest.mark.parametrize(
    ("compute", "bio", "above"),
    [
        (None, False, False),
        (None, True, False),
        (1e25, False, False),
        (1e26, False, False),
        (10**26, False, False),
        (10**26 + 1, False, True),
        (math.nextafter(1e26, math.inf), False, True),
        (1e23, True, False),
        (10**23 + 1, True, True),
        (math.nextafter(1e23, math.inf), False, False),
        (1e25, True, True),
    ],
)
def test_report_is_required_strictly_above_the_threshold_while_in_force(compute, bio, above):
    result = us_result(
        subject="gpai_model",
        training_compute_flop=compute,
        biological_sequence_data=bio,
        as_of=IN_FORCE_DAY,
    )
    assert result["above_threshold"] is above
    assert result["compute_report_required"] is above
    assert result["basis"] == (["EO 14110 §4.2"] if above else [])


@pytest.mark.parametrize(
    ("as_of", "in_force"),
    [
        ("2023-10-29", False),
        ("2023-10-30", True),
        ("2023-10-31", True),
        ("2025-01-19", True),
        # Our reading: revoked on 2025-01-20 means not in force on that day.
        ("2025-01-20", False),
        ("2025-01-21", False),
    ],
)
@pytest.mark.parametrize(("compute", "above"), [(10**26, False), (10**26 + 1, True)])
def test_report_is_required_only_on_a_day_the_order_was_in_force(as_of, in_force, compute, above):
    result = us_result(subject="gpai_model", training_compute_flop=compute, as_of=as_of)
    assert result["in_force"] is in_force
    assert result["above_threshold"] is above
    assert result["compute_report_required"] is (in_force and above)
    assert result["revoked_on"] == "2025-01-20"


def test_after_the_revocation_the_threshold_is_history_not_a_duty():
    result = us_result(subject="gpai_model", training_compute_flop=2e26, as_of="2026-03-01")
    (found,) = result["reasons"]
    assert found["conclusion"] == "former_threshold"
    assert "above the former EO 14110 reporting threshold" in found["explanation"]
    assert "revoked 2025-01-20" in found["explanation"]
    assert "no report is required" in found["explanation"]
    assert result["basis"] == []


def test_before_the_order_a_model_above_the_threshold_needed_no_report():
    result = us_result(subject="gpai_model", training_compute_flop=2e26, as_of="2023-10-29")
    assert result["reasons"][0]["conclusion"] == "not_yet_in_force"
    assert "not yet in force" in result["reasons"][0]["explanation"]


def test_an_ai_system_is_never_reportable():
    result = us_result(subject="ai_system", training_compute_flop=2e26, as_of=IN_FORCE_DAY)
    assert result["compute_report_required"] is result["above_threshold"] is False
    assert result["reasons"][0]["conclusion"] == "not_applicable"


@pytest.mark.parametrize("compute", [1e20, 2e26])
def test_reason_says_the_order_was_revoked(compute):
    (found,) = us_result(subject="gpai_model", training_compute_flop=compute)["reasons"]
    assert found["basis"] == ["EO 14110 §4.2"]
    assert "revoked on 2025-01-20" in found["explanation"]


def test_bio_reason_names_the_lower_threshold():
    (found,) = us_result(
        subject="gpai_model",
        training_compute_flop=2e23,
        biological_sequence_data=True,
        as_of=IN_FORCE_DAY,
    )["reasons"]
    assert found["conclusion"] == "compute_report_required"
    assert "10^23" in found["explanation"] and "biological" in found["explanation"]


def test_result_has_the_contract_keys_and_is_json():
    result = us_result(subject="gpai_model", training_compute_flop=2e26)
    assert set(result) == {
        "compute_report_required",
        "above_threshold",
        "in_force",
        "revoked_on",
        "basis",
        "reasons",
    }
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result
    assert us.RULEBOOK == "eo-14110"
