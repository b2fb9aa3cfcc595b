"""EU AI Act rulebook: tiers, procedures, registration, GPAI — one table per rule."""

import json
import math

import pytest

from registry.regimes import OBLIGATIONS, classify
from registry.regimes import eu_ai_act as eu
from registry.regimes.profile import ANNEX_III_CODES
from tests.registry import make_profile

RBI = "realtime_remote_biometric_id_law_enforcement"
HIGH_RISK_CORE = [
    "eu.art9", "eu.art10", "eu.art11", "eu.art12", "eu.art13", "eu.art14", "eu.art15",
    "eu.art17", "eu.art43", "eu.art47", "eu.art48", "eu.art72", "eu.art73",
]  # fmt: skip
PROCEDURES = {None, "annex_vi", "annex_vii", "annex_vi_or_vii", "sectoral"}
RESULT_KEYS = {
    "rulebook", "tier", "basis", "gpai", "systemic_risk", "designation_candidate",
    "conformity_procedure", "registration", "deployer_registration", "non_public_section",
    "obligations", "applies_from", "applies", "schedule", "reasons",
}  # fmt: skip


def eu_result(**answers) -> dict:
    return eu.classify(make_profile(**answers))


def conclusions(result: dict) -> list[str]:
    return [r["conclusion"] for r in result["reasons"]]


def reason_for(result: dict, conclusion: str) -> dict:
    return next(r for r in result["reasons"] if r["conclusion"] == conclusion)


# --- Art. 5 -------------------------------------------------------------------------------

ART5 = [
    ("subliminal_manipulation", "Art. 5(1)(a)"),
    ("exploit_vulnerabilities", "Art. 5(1)(b)"),
    ("social_scoring", "Art. 5(1)(c)"),
    ("crime_prediction_profiling_only", "Art. 5(1)(d)"),
    ("untargeted_face_scraping", "Art. 5(1)(e)"),
    ("emotion_recognition_workplace_education", "Art. 5(1)(f)"),
    ("biometric_categorisation_sensitive", "Art. 5(1)(g)"),
    (RBI, "Art. 5(1)(h)"),
]


@pytest.mark.parametrize(("practice", "basis"), ART5)
def test_every_art5_practice_is_prohibited(practice, basis):
    result = eu_result(practices=[practice])
    assert result["tier"] == "prohibited"
    assert result["basis"] == [basis]
    assert reason_for(result, "prohibited")["basis"] == [basis]
    assert result["registration"] is None and result["conformity_procedure"] is None
    assert result["obligations"] == []


def test_art5_table_covers_every_practice():
    assert [(code, eu.ART5_PRACTICES[code]["basis"]) for code in eu.ART5_PRACTICES] == [
        *ART5,
        ("non_consensual_intimate_imagery", "Art. 5(1) as amended by the Digital Omnibus"),
    ]


def test_prohibited_outranks_high_and_limited():
    result = eu_result(
        practices=["social_scoring"], annex_iii_point="5(b)", interacts_with_persons=True
    )
    assert result["tier"] == "prohibited"
    assert result["basis"] == ["Art. 5(1)(c)"]


def test_several_practices_cite_each_letter_in_order():
    result = eu_result(practices=["untargeted_face_scraping", "subliminal_manipulation"])
    assert result["basis"] == ["Art. 5(1)(a)", "Art. 5(1)(e)"]


def test_rbi_without_exception_says_how_it_could_be_allowed():
    result = eu_result(practices=[RBI])
    assert "art5_exception" in reason_for(result, "prohibited")["explanation"]


@pytest.mark.parametrize(
    ("exception", "basis"),
    [
        ("victim_search", "Art. 5(1)(h)(i)"),
        ("imminent_threat", "Art. 5(1)(h)(ii)"),
        ("serious_crime_suspect", "Art. 5(1)(h)(iii)"),
    ],
)
def test_rbi_with_an_exception_is_high_risk_remote_biometric_identification(exception, basis):
    result = eu_result(practices=[RBI], art5_exception=exception)
    assert result["tier"] == "high"
    assert result["basis"] == [basis, "Art. 5(2)", "Art. 5(3)", "Art. 6(2)", "Annex III 1(a)"]
    assert result["registration"] == "art_49_1"
    assert result["deployer_registration"] == "art_49_3"  # the law enforcement authority
    assert result["non_public_section"] is True
    assert reason_for(result, "non_public_section")["basis"] == ["Art. 49(4)", "Annex III 1(a)"]
    assert result["conformity_procedure"] == "annex_vii"  # harmonised_standards "none"
    assert {"eu.art5", "eu.art27", "eu.art49"} <= set(result["obligations"])
    assert reason_for(result, "eu.art5")["basis"] == ["Art. 5(2)", "Art. 5(3)"]


def test_rbi_exception_does_not_excuse_another_prohibited_practice():
    result = eu_result(practices=["social_scoring", RBI], art5_exception="victim_search")
    assert result["tier"] == "prohibited"
    assert result["basis"] == ["Art. 5(1)(c)"]


# --- Annex III ----------------------------------------------------------------------------


def expected_procedure(point: str) -> str:
    return "annex_vii" if point.startswith("1") else "annex_vi"  # standards default "none"


@pytest.mark.parametrize("point", ANNEX_III_CODES)
def test_every_annex_iii_point_is_high_risk(point):
    result = eu_result(annex_iii_point=point)
    assert result["tier"] == "high"
    assert result["basis"] == ["Art. 6(2)", f"Annex III {point}"]
    assert reason_for(result, "high")["explanation"].startswith(eu.ANNEX_III_POINTS[point])
    assert result["conformity_procedure"] == expected_procedure(point)
    assert result["registration"] == ("national" if point == "2" else "art_49_1")
    assert result["deployer_registration"] is None
    # Points 6 and 7 are law enforcement and migration by definition (Art. 49(4)).
    assert result["non_public_section"] is (point[0] in "67")
    assert set(HIGH_RISK_CORE) <= set(result["obligations"])
    assert result["gpai"] is False and result["systemic_risk"] is False


def test_annex_iii_table_has_a_title_for_every_point():
    assert list(eu.ANNEX_III_POINTS) == list(ANNEX_III_CODES)
    assert all(eu.ANNEX_III_POINTS.values())


@pytest.mark.parametrize("point", ["5(b)", "5(c)"])
def test_fria_for_any_deployer_of_credit_scoring_and_insurance_pricing(point):
    assert "eu.art27" in eu_result(annex_iii_point=point)["obligations"]


@pytest.mark.parametrize("point", ["4(a)", "5(a)", "8(a)"])
def test_no_fria_for_a_private_deployer_of_other_points(point):
    assert "eu.art27" not in eu_result(annex_iii_point=point)["obligations"]


def test_public_authority_deployer_registers_its_use_and_does_a_fria():
    result = eu_result(annex_iii_point="4(a)", deployer_public_authority=True)
    assert result["registration"] == "art_49_1"  # the provider's entry stays
    assert result["deployer_registration"] == "art_49_3"
    assert reason_for(result, "art_49_3")["basis"] == ["Art. 49(3)", "Annex VIII Section C"]
    assert "eu.art27" in result["obligations"]
    assert reason_for(result, "eu.art49")["basis"] == ["Art. 49(1)", "Art. 49(3)"]


def test_critical_infrastructure_has_no_deployer_registration_or_fria():
    result = eu_result(annex_iii_point="2", deployer_public_authority=True)
    assert result["registration"] == "national"
    assert reason_for(result, "national")["basis"] == ["Art. 49(5)"]
    assert result["deployer_registration"] is None
    assert "eu.art27" not in result["obligations"]


# --- Art. 6(1) and Art. 43 ------------------------------------------------------------------


def test_annex_i_product_is_high_risk_with_the_sectoral_procedure():
    result = eu_result(annex_i_product=True)
    assert result["tier"] == "high"
    assert result["basis"] == ["Art. 6(1)", "Annex I"]
    assert result["conformity_procedure"] == "sectoral"
    assert reason_for(result, "sectoral")["basis"] == ["Art. 43(3)"]
    assert result["registration"] is None  # Art. 49(1) covers Annex III systems only
    assert "eu.art49" not in result["obligations"]


def test_annex_i_product_that_is_also_an_annex_iii_use():
    result = eu_result(annex_i_product=True, annex_iii_point="5(b)")
    assert result["basis"] == ["Art. 6(1)", "Annex I", "Art. 6(2)", "Annex III 5(b)"]
    assert result["conformity_procedure"] == "sectoral"
    assert result["registration"] == "art_49_1"


@pytest.mark.parametrize("point", ["1(a)", "1(b)", "1(c)"])
@pytest.mark.parametrize(
    ("standards", "procedure"),
    [("full", "annex_vi_or_vii"), ("partial", "annex_vii"), ("none", "annex_vii")],
)
def test_point_1_procedure_follows_harmonised_standards(point, standards, procedure):
    result = eu_result(annex_iii_point=point, harmonised_standards=standards)
    assert result["conformity_procedure"] == procedure
    assert reason_for(result, procedure)["basis"] == ["Art. 43(1)"]


@pytest.mark.parametrize("standards", ["full", "partial", "none"])
def test_points_2_to_8_use_internal_control_whatever_the_standards(standards):
    result = eu_result(annex_iii_point="3(a)", harmonised_standards=standards)
    assert result["conformity_procedure"] == "annex_vi"
    assert reason_for(result, "annex_vi")["basis"] == ["Art. 43(2)"]


# --- Art. 6(3) ------------------------------------------------------------------------------


@pytest.mark.parametrize("condition", ["a", "b", "c", "d"])
def test_art_6_3_derogation_takes_the_system_out_of_high_risk(condition):
    result = eu_result(annex_iii_point="4(a)", art_6_3_condition=condition)
    assert result["tier"] == "minimal"
    assert result["basis"] == [f"Art. 6(3)({condition})", "Annex III 4(a)"]
    explanation = reason_for(result, "not_high_risk")["explanation"]
    assert eu.ART_6_3_CONDITIONS[condition] in explanation
    assert result["registration"] == "art_49_2"
    assert result["conformity_procedure"] is None
    assert result["obligations"] == ["eu.art6", "eu.art49"]
    assert reason_for(result, "eu.art6")["basis"] == ["Art. 6(4)"]


@pytest.mark.parametrize("condition", ["a", "b", "c", "d"])
def test_art_6_3_derogation_with_a_transparency_trigger_is_limited(condition):
    result = eu_result(
        annex_iii_point="4(a)", art_6_3_condition=condition, interacts_with_persons=True
    )
    assert result["tier"] == "limited"
    assert result["basis"] == [f"Art. 6(3)({condition})", "Annex III 4(a)", "Art. 50(1)"]
    assert result["registration"] == "art_49_2"
    assert result["obligations"] == ["eu.art6", "eu.art49", "eu.art50"]


@pytest.mark.parametrize("condition", ["a", "b", "c", "d"])
def test_profiling_keeps_an_annex_iii_system_high_risk(condition):
    result = eu_result(
        annex_iii_point="4(a)", art_6_3_condition=condition, profiles_natural_persons=True
    )
    assert result["tier"] == "high"
    assert result["basis"] == ["Art. 6(2)", "Annex III 4(a)", "Art. 6(3), third subparagraph"]
    assert result["registration"] == "art_49_1"
    assert "eu.art6" not in result["obligations"]


def test_derogated_law_enforcement_system_registers_in_the_non_public_section():
    result = eu_result(annex_iii_point="6(c)", art_6_3_condition="d")
    assert result["registration"] == "art_49_2"
    assert result["non_public_section"] is True  # Art. 49(4) covers Art. 49(2) entries too


def test_derogation_does_not_lift_annex_i_high_risk():
    result = eu_result(annex_iii_point="5(b)", art_6_3_condition="a", annex_i_product=True)
    assert result["tier"] == "high"
    assert result["registration"] is None
    assert result["basis"] == ["Art. 6(1)", "Annex I", "Art. 6(3)(a)", "Annex III 5(b)"]


def test_profiling_without_a_derogation_claim_is_plain_high_risk():
    result = eu_result(annex_iii_point="4(a)", profiles_natural_persons=True)
    assert result["basis"] == ["Art. 6(2)", "Annex III 4(a)"]


# --- Art. 50 --------------------------------------------------------------------------------

ART50 = [
    ("interacts_with_persons", "Art. 50(1)"),
    ("generates_synthetic_content", "Art. 50(2)"),
    ("emotion_recognition", "Art. 50(3)"),
    ("biometric_categorisation", "Art. 50(3)"),
    ("deepfake", "Art. 50(4)"),
]


@pytest.mark.parametrize(("trigger", "paragraph"), ART50)
def test_every_art50_trigger_makes_the_system_limited_risk(trigger, paragraph):
    result = eu_result(**{trigger: True})
    assert result["tier"] == "limited"
    assert result["basis"] == [paragraph]
    assert reason_for(result, "limited")["basis"] == [paragraph]
    assert result["obligations"] == ["eu.art50"]
    assert reason_for(result, "eu.art50")["basis"] == [paragraph]
    assert result["registration"] is None


def test_art50_paragraphs_are_cited_once_each_in_order():
    result = eu_result(deepfake=True, emotion_recognition=True, biometric_categorisation=True)
    assert result["basis"] == ["Art. 50(3)", "Art. 50(4)"]


@pytest.mark.parametrize(
    ("trigger", "point"), [("emotion_recognition", "1(c)"), ("biometric_categorisation", "1(b)")]
)
def test_emotion_and_biometric_triggers_point_at_annex_iii(trigger, point):
    explanation = reason_for(eu_result(**{trigger: True}), "limited")["explanation"]
    assert f"Annex III point {point}" in explanation


def test_high_risk_system_keeps_its_art50_duties():
    result = eu_result(annex_iii_point="4(a)", interacts_with_persons=True)
    assert result["tier"] == "high"
    assert "eu.art50" in result["obligations"]
    assert result["basis"] == ["Art. 6(2)", "Annex III 4(a)"]


def test_no_trigger_at_all_is_minimal_risk():
    result = eu_result()
    assert result["tier"] == "minimal"
    assert result["basis"] == []
    assert conclusions(result) == ["rulebook", "minimal"]
    assert result["obligations"] == []
    assert result["applies_from"] is None and result["applies"] is False


# --- GPAI -----------------------------------------------------------------------------------

ABOVE_1E25 = math.nextafter(1e25, math.inf)


@pytest.mark.parametrize(
    ("compute", "systemic"),
    [(None, False), (0, False), (1e24, False), (1e25, False), (10**25, False),
     (ABOVE_1E25, True), (5e25, True)],
)  # fmt: skip
def test_systemic_risk_is_presumed_strictly_above_1e25_flop(compute, systemic):
    result = eu_result(subject="gpai_model", training_compute_flop=compute)
    assert result["gpai"] is True
    assert result["systemic_risk"] is systemic
    assert ("eu.art52" in result["obligations"]) is systemic
    assert ("eu.art55" in result["obligations"]) is systemic
    expected = "systemic_risk" if systemic else "not_systemic_risk"
    assert expected in conclusions(result)


def test_compute_presumption_cites_article_51():
    result = eu_result(subject="gpai_model", training_compute_flop=ABOVE_1E25)
    assert reason_for(result, "systemic_risk")["basis"] == ["Art. 51(1)(a)", "Art. 51(2)"]


@pytest.mark.parametrize(("users", "candidate"), [(None, False), (9_999, False), (10_000, True)])
def test_reach_of_10000_business_users_makes_a_designation_candidate_only(users, candidate):
    """Annex XIII(f) is a ground for a Commission designation, not a presumption."""
    result = eu_result(subject="gpai_model", eu_business_users=users)
    assert result["systemic_risk"] is False
    assert result["designation_candidate"] is candidate
    assert "eu.art52" not in result["obligations"]  # Art. 52(1) notification is for 51(1)(a)
    assert "eu.art55" not in result["obligations"]
    if candidate:
        found = reason_for(result, "designation_candidate")
        assert "Annex XIII(f)" in found["basis"]
        assert "Commission" in found["explanation"]


def test_a_commission_designation_gives_systemic_risk_without_the_compute_presumption():
    result = eu_result(subject="gpai_model", eu_business_users=20_000, commission_designated=True)
    assert result["systemic_risk"] is True
    assert result["designation_candidate"] is False
    assert "Art. 52(4)" in reason_for(result, "systemic_risk")["basis"]
    assert "eu.art55" in result["obligations"]
    assert "eu.art52" not in result["obligations"]


def test_above_the_compute_threshold_a_model_is_no_designation_candidate():
    result = eu_result(
        subject="gpai_model", training_compute_flop=ABOVE_1E25, eu_business_users=20_000
    )
    assert result["systemic_risk"] is True and result["designation_candidate"] is False


def test_open_weights_keep_art53_for_copyright_and_training_summary():
    result = eu_result(subject="gpai_model", open_weights=True, training_compute_flop=1e24)
    assert result["obligations"] == ["eu.art53"]
    explanation = reason_for(result, "eu.art53")["explanation"]
    assert "Art. 53(2)" in explanation
    assert "copyright" in explanation and "training-content summary" in explanation


def test_open_weights_exemption_does_not_apply_with_systemic_risk():
    result = eu_result(subject="gpai_model", open_weights=True, training_compute_flop=1e26)
    assert "do not exempt" in reason_for(result, "eu.art53")["explanation"]


def test_gpai_reasons_note_that_art54_is_not_assessed():
    assert reason_for(eu_result(subject="gpai_model"), "not_assessed")["basis"] == ["Art. 54"]


def test_a_gpai_model_has_no_ai_system_tier():
    result = eu_result(subject="gpai_model", annex_iii_point="5(b)", practices=["social_scoring"])
    assert result["tier"] == "minimal"
    assert result["registration"] is None
    assert reason_for(result, "minimal")["basis"] == ["Art. 3(1)", "Art. 3(63)"]


def test_an_ai_system_is_not_a_gpai_model_whatever_its_compute():
    result = eu_result(training_compute_flop=1e27, eu_business_users=50_000)
    assert result["gpai"] is False and result["systemic_risk"] is False


# --- Result shape ---------------------------------------------------------------------------

SAMPLES = [
    {},
    {"annex_iii_point": "5(b)"},
    {"practices": [RBI], "art5_exception": "imminent_threat", "deployer_public_authority": True},
    {"annex_iii_point": "7(d)", "art_6_3_condition": "b", "deepfake": True},
    {"subject": "gpai_model", "training_compute_flop": 3e25, "eu_business_users": 20_000},
    {"practices": ["social_scoring"]},
]


@pytest.mark.parametrize("answers", SAMPLES)
def test_result_has_the_contract_keys_and_is_json(answers):
    result = eu_result(**answers)
    assert set(result) == RESULT_KEYS
    assert json.loads(json.dumps(result)) == result
    assert result["tier"] in {"prohibited", "high", "limited", "minimal"}
    assert result["conformity_procedure"] in PROCEDURES
    assert result["registration"] in {None, "art_49_1", "art_49_2", "national"}


@pytest.mark.parametrize("answers", SAMPLES)
def test_every_conclusion_names_its_legal_basis(answers):
    result = eu_result(**answers)
    assert result["reasons"]
    for found in result["reasons"]:
        assert set(found) == {"conclusion", "basis", "explanation"}
        assert found["basis"] and all(isinstance(b, str) for b in found["basis"])
        assert found["explanation"].strip()
    for code in result["obligations"]:
        assert code in OBLIGATIONS
        assert code in conclusions(result)


@pytest.mark.parametrize("answers", SAMPLES)
def test_obligations_are_sorted_by_article_number(answers):
    obligations = eu_result(**answers)["obligations"]
    assert obligations == sorted(obligations, key=lambda code: int(code.split("art")[1]))


def test_obligations_table_has_title_and_basis():
    for code, obligation in eu.OBLIGATIONS.items():
        assert code.startswith("eu.art") and OBLIGATIONS[code] == obligation
        assert obligation["title"] and obligation["basis"].startswith("Art. ")
    assert "eu.art54" not in OBLIGATIONS  # no provider location in the profile


def test_credit_scoring_through_the_public_entry_point():
    result = classify({"annex_iii_point": "5(b)", "as_of": "2026-03-01"})
    assert result["rulebooks"]["eu"] == eu.RULEBOOK == "2024/1689"
    assert "rulebook" not in result["eu"]  # named once, in `rulebooks`
    assert result["eu"]["tier"] == "high"
    assert result["eu"]["basis"] == ["Art. 6(2)", "Annex III 5(b)"]
    assert result["eu"]["obligations"] == sorted(
        [*HIGH_RISK_CORE, "eu.art27", "eu.art49"], key=lambda code: int(code[6:])
    )


# --- Configurable readings ------------------------------------------------------------------


def test_reach_is_no_longer_a_switch_that_could_mean_systemic_risk():
    assert not hasattr(eu, "REACH_MEANS_SYSTEMIC_RISK")
    result = eu_result(subject="gpai_model", eu_business_users=50_000)
    assert result["systemic_risk"] is False and result["designation_candidate"] is True


def test_annex_iii_procedure_can_win_over_annex_i(monkeypatch):
    monkeypatch.setattr(eu, "ANNEX_I_PROCEDURE_WINS", False)
    assert eu_result(annex_i_product=True, annex_iii_point="5(b)")["conformity_procedure"] == (
        "annex_vi"
    )
    assert eu_result(annex_i_product=True)["conformity_procedure"] == "sectoral"
