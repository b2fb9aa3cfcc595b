"""EO 14110 §4.2 (historic): the compute-reporting thresholds."""

import json
import math

import pytest

from registry.regimes import us_eo14110 as us
from tests.registry import make_profile


def us_result(**answers) -> dict:
    return us.classify(make_profile(**answers))


@pytest.mark.parametrize(
    ("compute", "bio", "required"),
    [
        (None, False, False),
        (None, True, False),
        (1e25, False, False),
        (1e26, False, False),
        (10**26, False, False),
        (math.nextafter(1e26, math.inf), False, True),
        (1e23, True, False),
        (math.nextafter(1e23, math.inf), True, True),
        (math.nextafter(1e23, math.inf), False, False),
        (1e25, True, True),
    ],
)
def test_report_is_required_strictly_above_the_threshold(compute, bio, required):
    result = us_result(
        subject="gpai_model", training_compute_flop=compute, biological_sequence_data=bio
    )
    assert result["compute_report_required"] is required
    assert result["basis"] == (["EO 14110 §4.2"] if required else [])


@pytest.mark.parametrize("compute", [1e20, 2e26])
def test_reason_says_the_order_was_revoked(compute):
    (found,) = us_result(subject="gpai_model", training_compute_flop=compute)["reasons"]
    assert found["basis"] == ["EO 14110 §4.2"]
    assert "revoked on 2025-01-20" in found["explanation"]
    assert "historic" in found["explanation"]


def test_bio_reason_names_the_lower_threshold():
    (found,) = us_result(
        subject="gpai_model", training_compute_flop=2e23, biological_sequence_data=True
    )["reasons"]
    assert found["conclusion"] == "compute_report_required"
    assert "10^23" in found["explanation"] and "biological" in found["explanation"]


def test_result_has_the_contract_keys_and_is_json():
    result = us_result(subject="gpai_model", training_compute_flop=2e26)
    assert set(result) == {"compute_report_required", "basis", "reasons"}
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result
    assert us.RULEBOOK == "eo-14110"
