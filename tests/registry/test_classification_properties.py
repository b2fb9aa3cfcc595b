"""Properties that hold for every valid profile, checked with hypothesis."""

import copy
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from registry.regimes import classify
from registry.regimes.profile import (
    ANNEX_III_CODES,
    ART5_EXCEPTIONS,
    ART_6_3_CONDITIONS,
    CN_SERVICE_TYPES,
    HARMONISED_STANDARDS,
    PRACTICES,
    RBI_PRACTICE,
    SUBJECTS,
    validate_profile,
)

TIER_RANK = {"minimal": 0, "limited": 1, "high": 2, "prohibited": 3}
# The thresholds and their neighbours, so the boundaries are hit every run.
EDGES = [1e23, 1e25, 1e26]
EDGE_COMPUTE = [x for e in EDGES for x in (e, math.nextafter(e, 0), math.nextafter(e, math.inf))]

compute = st.none() | st.sampled_from(EDGE_COMPUTE) | st.floats(0, 1e28, allow_nan=False)
users = st.none() | st.sampled_from([9_999, 10_000]) | st.integers(0, 10**6)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@st.composite
def profiles(draw) -> dict:
    """A valid profile, lists in any order."""
    practices = draw(st.lists(st.sampled_from(PRACTICES), unique=True))
    annex_iii_point = draw(st.none() | st.sampled_from(ANNEX_III_CODES))
    services = draw(st.lists(st.sampled_from(CN_SERVICE_TYPES), unique=True))
    exceptions = st.none() | st.sampled_from(ART5_EXCEPTIONS)
    conditions = st.none() | st.sampled_from(ART_6_3_CONDITIONS)
    profile = {
        "subject": draw(st.sampled_from(SUBJECTS)),
        "practices": practices,
        "art5_exception": draw(exceptions) if RBI_PRACTICE in practices else None,
        "annex_iii_point": annex_iii_point,
        "art_6_3_condition": draw(conditions) if annex_iii_point else None,
        "harmonised_standards": draw(st.sampled_from(HARMONISED_STANDARDS)),
        "training_compute_flop": draw(compute),
        "eu_business_users": draw(users),
        "cn_service_types": services,
        "uses_filed_model": draw(st.none() | st.just("Beijing-ExampleModel-20240101")),
    }
    for flag in (
        "annex_i_product", "profiles_natural_persons", "interacts_with_persons",
        "generates_synthetic_content", "emotion_recognition", "biometric_categorisation",
        "deepfake", "deployer_public_authority", "biological_sequence_data", "open_weights",
        "offered_in_china", "public_opinion_or_mobilisation",
    ):  # fmt: skip
        profile[flag] = draw(st.booleans())
    assert validate_profile(profile)[1] == {}
    return profile


@PROPERTY_SETTINGS
@given(profiles(), st.sampled_from(PRACTICES))
def test_adding_an_art5_practice_never_lowers_the_eu_tier(profile, practice):
    more = {**profile, "practices": sorted({*profile["practices"], practice})}
    before, after = classify(profile)["eu"]["tier"], classify(more)["eu"]["tier"]
    assert TIER_RANK[after] >= TIER_RANK[before]


@PROPERTY_SETTINGS
@given(profiles(), st.floats(0, 1e28, allow_nan=False) | st.sampled_from(EDGE_COMPUTE))
def test_raising_training_compute_never_removes_systemic_risk_or_a_us_report(profile, raised):
    higher = max(profile["training_compute_flop"] or 0.0, raised)
    before = classify(profile)
    after = classify({**profile, "training_compute_flop": higher})
    assert after["eu"]["systemic_risk"] >= before["eu"]["systemic_risk"]
    assert after["us"]["compute_report_required"] >= before["us"]["compute_report_required"]


@PROPERTY_SETTINGS
@given(profiles())
def test_classification_is_deterministic_and_json(profile):
    first = classify(profile)
    assert classify(copy.deepcopy(profile)) == first
    assert json.loads(json.dumps(first)) == first


@PROPERTY_SETTINGS
@given(profiles(), st.data())
def test_order_of_practices_and_service_types_does_not_matter(profile, data):
    shuffled = {
        **profile,
        "practices": data.draw(st.permutations(profile["practices"])),
        "cn_service_types": data.draw(st.permutations(profile["cn_service_types"])),
    }
    assert classify(shuffled) == classify(profile)


@PROPERTY_SETTINGS
@given(profiles())
def test_every_result_is_explained_and_consistent(profile):
    result = classify(profile)
    eu = result["eu"]
    for regime in ("eu", "cn", "us", "us_ca"):
        for found in result[regime]["reasons"]:
            assert found["basis"], found
    assert (eu["conformity_procedure"] is not None) == (eu["tier"] == "high")
    if eu["tier"] == "prohibited":
        assert eu["obligations"] == [] and eu["registration"] is None
    articles = [int(code.removeprefix("eu.art")) for code in eu["obligations"]]
    assert articles == sorted(set(articles))
    assert result["cn"]["filings"] == sorted(result["cn"]["filings"])
