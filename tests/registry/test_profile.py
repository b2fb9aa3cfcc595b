"""The classification profile: defaults, normalisation and field-by-field errors."""

import math
from datetime import date

import pytest

from registry.regimes import DEFAULT_PROFILE, ProfileError, classify, relevant_questions
from registry.regimes.profile import ANNEX_III_CODES, FIELDS, today, validate_profile

CONTRACT_FIELDS = {
    "subject", "practices", "art5_exception", "annex_iii_point", "annex_i_product",
    "art_6_3_condition", "profiles_natural_persons", "interacts_with_persons",
    "generates_synthetic_content", "emotion_recognition", "biometric_categorisation", "deepfake",
    "harmonised_standards", "deployer_public_authority", "training_compute_flop",
    "biological_sequence_data", "eu_business_users", "open_weights", "offered_in_china",
    "public_opinion_or_mobilisation", "cn_service_types", "uses_filed_model",
    # Second revision (dated rulebooks).
    "as_of", "placed_on_market", "public_interest_text", "offered_in_california",
    "annual_revenue_usd", "commission_designated", "significantly_changed_on",
}  # fmt: skip


def test_field_names_are_the_design_contract():
    assert set(FIELDS) == CONTRACT_FIELDS
    assert set(DEFAULT_PROFILE) == CONTRACT_FIELDS


def test_empty_answers_give_the_defaults_read_as_of_today():
    profile, errors = validate_profile({})
    assert errors == {}
    assert profile == {**DEFAULT_PROFILE, "as_of": today()}
    assert profile["subject"] == "ai_system"
    assert profile["harmonised_standards"] == "none"
    assert profile["practices"] == [] and profile["training_compute_flop"] is None


def test_every_bad_field_is_reported_at_once():
    _, errors = validate_profile({
        "subject": "robot",
        "practices": ["social_scoring", "mind_reading", "social_scoring"],
        "annex_iii_point": "9",
        "art_6_3_condition": "e",
        "profiles_natural_persons": "yes",
        "harmonised_standards": "most",
        "training_compute_flop": True,
        "eu_business_users": 1.5,
        "cn_service_types": "generative",
        "uses_filed_model": "",
        "colour": "blue",
    })  # fmt: skip
    assert set(errors) == {
        "subject", "practices", "annex_iii_point", "art_6_3_condition",
        "profiles_natural_persons", "harmonised_standards", "training_compute_flop",
        "eu_business_users", "cn_service_types", "uses_filed_model", "colour",
    }  # fmt: skip
    assert errors["colour"] == ["Unknown field."]
    assert len(errors["practices"]) == 2  # one unknown value, one duplicate
    assert all(
        messages and all(isinstance(m, str) for m in messages) for messages in errors.values()
    )


@pytest.mark.parametrize("point", ANNEX_III_CODES)
def test_every_annex_iii_point_is_accepted(point):
    assert validate_profile({"annex_iii_point": point})[1] == {}


def test_there_are_25_annex_iii_points():
    assert len(ANNEX_III_CODES) == 25


@pytest.mark.parametrize("point", ["1", "2(a)", "3(e)", "5(B)", "9", "", 5, ["5(b)"]])
def test_other_annex_iii_values_are_refused(point):
    assert "annex_iii_point" in validate_profile({"annex_iii_point": point})[1]


@pytest.mark.parametrize(
    "value", [True, False, -1, -0.5, math.nan, math.inf, "1e25", [1e25], 10**400]
)
def test_training_compute_must_be_a_finite_non_negative_number(value):
    assert "training_compute_flop" in validate_profile({"training_compute_flop": value})[1]


@pytest.mark.parametrize(
    ("value", "exact"),
    [(0, 0), (0.0, 0), (10**25, 10**25), (1e25, 10**25), (3.8e25, 38 * 10**24), (None, None)],
)
def test_training_compute_is_the_number_the_provider_wrote(value, exact):
    """`1e25` means 10^25, not the float just above it: thresholds compare exactly."""
    profile, errors = validate_profile({"training_compute_flop": value})
    assert errors == {}
    assert profile["training_compute_flop"] == exact


@pytest.mark.parametrize(
    ("compute", "systemic"), [(10**25, False), (1e25, False), (10**25 + 1, True), (1.01e25, True)]
)
def test_compute_just_above_the_threshold_is_above_it(compute, systemic):
    result = classify({"subject": "gpai_model", "training_compute_flop": compute})
    assert result["eu"]["systemic_risk"] is systemic


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("2025-08-01", date(2025, 8, 1))])
def test_dates_are_iso_dates_or_null(value, expected):
    profile, errors = validate_profile({"placed_on_market": value, "as_of": "2027-01-05"})
    assert errors == {}
    assert profile["placed_on_market"] == expected
    assert profile["as_of"] == date(2027, 1, 5)


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday", 20250801, True])
def test_bad_dates_are_refused(value):
    assert set(validate_profile({"as_of": value, "placed_on_market": value})[1]) == {
        "as_of",
        "placed_on_market",
    }


def test_the_result_says_which_day_the_law_was_read_on():
    assert classify({"as_of": "2026-12-02"})["as_of"] == "2026-12-02"
    assert classify({})["as_of"] == today().isoformat()


@pytest.mark.parametrize("value", [True, -1, 1.0, "10000"])
def test_eu_business_users_must_be_a_non_negative_int(value):
    assert "eu_business_users" in validate_profile({"eu_business_users": value})[1]


@pytest.mark.parametrize("field", ["annex_i_product", "open_weights", "offered_in_china"])
@pytest.mark.parametrize("value", [None, 0, 1, "true"])
def test_booleans_must_be_booleans(field, value):
    assert field in validate_profile({field: value})[1]


def test_lists_come_out_in_canonical_order():
    profile, _ = validate_profile({
        "practices": ["social_scoring", "subliminal_manipulation"],
        "cn_service_types": ["generative", "recommendation"],
    })  # fmt: skip
    assert profile["practices"] == ["subliminal_manipulation", "social_scoring"]
    assert profile["cn_service_types"] == ["recommendation", "generative"]


def test_art5_exception_needs_the_real_time_rbi_practice():
    _, errors = validate_profile({"art5_exception": "victim_search"})
    assert list(errors) == ["art5_exception"]
    _, errors = validate_profile({
        "practices": ["realtime_remote_biometric_id_law_enforcement"],
        "art5_exception": "victim_search",
    })  # fmt: skip
    assert errors == {}


def test_art5_exception_must_be_a_known_objective():
    _, errors = validate_profile({
        "practices": ["realtime_remote_biometric_id_law_enforcement"],
        "art5_exception": "convenience",
    })  # fmt: skip
    assert list(errors) == ["art5_exception"]


def test_art_6_3_condition_needs_an_annex_iii_point():
    assert list(validate_profile({"art_6_3_condition": "a"})[1]) == ["art_6_3_condition"]
    assert validate_profile({"art_6_3_condition": "a", "annex_iii_point": "4(a)"})[1] == {}


@pytest.mark.parametrize("value", ["", "   ", 42])
def test_uses_filed_model_is_null_or_a_non_empty_string(value):
    assert "uses_filed_model" in validate_profile({"uses_filed_model": value})[1]


def test_uses_filed_model_is_trimmed():
    profile, _ = validate_profile({"uses_filed_model": " Beijing-WenXinYiYan-20230821 "})
    assert profile["uses_filed_model"] == "Beijing-WenXinYiYan-20230821"


def test_a_str_subclass_comes_out_as_a_plain_str():
    class Kind(str):
        pass

    profile, errors = validate_profile({"subject": Kind("gpai_model")})
    assert errors == {} and type(profile["subject"]) is str


def test_a_profile_that_is_not_an_object_is_refused():
    assert "non_field_errors" in validate_profile(["subject"])[1]


def test_classify_raises_profile_error_with_the_errors():
    with pytest.raises(ProfileError) as caught:
        classify({"annex_iii_point": "9", "colour": "blue"})
    assert set(caught.value.errors) == {"annex_iii_point", "colour"}


def test_questions_for_a_bare_ai_system():
    questions = relevant_questions({})
    assert "practices" in questions and "annex_iii_point" in questions
    for hidden in (
        "art5_exception", "art_6_3_condition", "profiles_natural_persons",
        "harmonised_standards", "deployer_public_authority", "training_compute_flop",
        "eu_business_users", "open_weights", "biological_sequence_data",
        "public_opinion_or_mobilisation", "cn_service_types", "uses_filed_model",
    ):  # fmt: skip
        assert hidden not in questions


def test_art5_exception_is_asked_once_rbi_is_ticked():
    questions = relevant_questions({"practices": ["realtime_remote_biometric_id_law_enforcement"]})
    assert "art5_exception" in questions


def test_derogation_and_profiling_are_asked_with_an_annex_iii_point():
    questions = relevant_questions({"annex_iii_point": "4(a)"})
    assert {"art_6_3_condition", "profiles_natural_persons"} <= set(questions)
    assert "harmonised_standards" not in questions


@pytest.mark.parametrize("point", ["1(a)", "1(b)", "1(c)"])
def test_harmonised_standards_are_asked_for_annex_iii_point_1(point):
    assert "harmonised_standards" in relevant_questions({"annex_iii_point": point})


def test_gpai_questions_are_asked_for_a_model_only():
    questions = relevant_questions({"subject": "gpai_model"})
    assert {"training_compute_flop", "eu_business_users", "open_weights"} <= set(questions)
    assert "biological_sequence_data" in questions
    assert "annex_iii_point" not in questions and "practices" not in questions


def test_cac_questions_follow_offered_in_china_and_generative():
    assert "cn_service_types" in relevant_questions({"offered_in_china": True})
    assert "uses_filed_model" not in relevant_questions({"offered_in_china": True})
    assert "uses_filed_model" in relevant_questions(
        {"offered_in_china": True, "cn_service_types": ["generative"]}
    )


def test_questions_tolerate_invalid_answers():
    assert "subject" in relevant_questions({"annex_iii_point": "nonsense", "x": 1})
