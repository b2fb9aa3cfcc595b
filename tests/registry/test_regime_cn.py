"""CAC rulebook: which filings, whether a security assessment, which labels."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from registry.regimes import cn_cac as cn
from registry.regimes import cn_cac_filings
from registry.regimes.cn_cac_filings import FILING_TYPES
from tests.registry import make_profile

FILED_MODEL = "Beijing-WenXinYiYan-20230821"


def cn_result(**answers) -> dict:
    return cn.classify(make_profile(offered_in_china=True, **answers))


def reason_for(result: dict, conclusion: str) -> dict:
    return next(r for r in result["reasons"] if r["conclusion"] == conclusion)


@pytest.mark.parametrize(
    ("services", "public", "filed", "filings", "security", "labelling"),
    [
        (["recommendation"], True, None, ["algorithm"], False, []),
        (["recommendation"], False, None, [], False, []),
        (["deep_synthesis"], True, None, ["deep_synthesis"], False, ["explicit", "implicit"]),
        (["deep_synthesis"], False, None, [], False, ["explicit", "implicit"]),
        (["generative"], True, None, ["genai_filing"], True, ["explicit", "implicit"]),
        (["generative"], True, FILED_MODEL, ["genai_registration"], True, ["explicit", "implicit"]),
        (["generative"], False, None, [], False, ["explicit", "implicit"]),
        (["generative"], False, FILED_MODEL, [], False, ["explicit", "implicit"]),
        ([], True, None, [], False, []),
        (
            ["recommendation", "deep_synthesis", "generative"],
            True,
            None,
            ["algorithm", "deep_synthesis", "genai_filing"],
            True,
            ["explicit", "implicit"],
        ),
    ],
)
def test_filings_security_assessment_and_labelling(
    services, public, filed, filings, security, labelling
):
    result = cn_result(
        cn_service_types=services, public_opinion_or_mobilisation=public, uses_filed_model=filed
    )
    assert result["filings"] == filings
    assert result["security_assessment"] is security
    assert result["labelling"] == labelling


def test_nothing_applies_outside_china():
    result = cn.classify(
        make_profile(cn_service_types=["generative"], public_opinion_or_mobilisation=True)
    )
    assert result["filings"] == [] and result["labelling"] == []
    assert result["security_assessment"] is False
    (found,) = result["reasons"]
    assert found["conclusion"] == "not_applicable" and found["basis"] == cn.ALL_MEASURES


def test_registration_names_the_filed_model():
    result = cn_result(
        cn_service_types=["generative"],
        public_opinion_or_mobilisation=True,
        uses_filed_model=FILED_MODEL,
    )
    found = reason_for(result, "genai_registration")
    assert FILED_MODEL in found["explanation"]
    assert found["basis"] == [cn.GENAI_MEASURES_ART17]


@pytest.mark.parametrize(
    ("service", "filing", "measure"),
    [
        ("recommendation", "algorithm", cn.ALGORITHM_PROVISIONS),
        ("deep_synthesis", "deep_synthesis", cn.DEEP_SYNTHESIS_PROVISIONS),
        ("generative", "genai_filing", cn.GENAI_MEASURES_ART17),
    ],
)
def test_each_filing_names_its_measure(service, filing, measure):
    result = cn_result(cn_service_types=[service], public_opinion_or_mobilisation=True)
    assert reason_for(result, filing)["basis"] == [measure]


@pytest.mark.parametrize("service", ["deep_synthesis", "generative"])
def test_labelling_cites_the_labelling_measures(service):
    found = reason_for(cn_result(cn_service_types=[service]), "labelling")
    assert cn.LABELLING_MEASURES in found["basis"]
    assert "explicit" in found["explanation"] and "implicit" in found["explanation"]


def test_no_filing_is_explained():
    found = reason_for(cn_result(cn_service_types=["recommendation"]), "no_filing")
    assert "public-opinion" in found["explanation"]


def test_rulebook_names_the_measures_and_their_dates():
    for part in ("2022-03-01", "2023-01-10", "2023-08-15", "2025-09-01"):
        assert part in cn.RULEBOOK
    for name in ("algorithm-recommendation", "deep-synthesis", "genai", "labelling"):
        assert name in cn.RULEBOOK


def test_result_has_the_contract_keys_and_is_json():
    result = cn_result(cn_service_types=["generative"], public_opinion_or_mobilisation=True)
    assert set(result) == {"filings", "security_assessment", "labelling", "reasons"}
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result
    for found in result["reasons"]:
        assert found["basis"] and found["explanation"]


def test_security_assessment_for_registration_is_configurable(settings):
    """An unconfirmed reading, so a setting (CN_SECURITY_ASSESSMENT_FOR_REGISTRATION) that
    the classification reads with the others."""
    from registry.regimes import classify

    answers = {
        "offered_in_china": True,
        "cn_service_types": ["generative"],
        "public_opinion_or_mobilisation": True,
        "uses_filed_model": FILED_MODEL,
    }
    assert classify(answers)["cn"]["security_assessment"] is True
    settings.CN_SECURITY_ASSESSMENT_FOR_REGISTRATION = False
    result = classify(answers)["cn"]
    assert result["filings"] == ["genai_registration"]
    assert result["security_assessment"] is False


def test_the_algorithm_number_format_reads_as_the_code_makes_it():
    """README and the CAC module describe the number the code makes, as REGULATION.md now
    does (21 digits; only early summaries said 15)."""
    context = {"data": {"province": "BJ", "provider": "Lab", "algorithm_type": ""}}
    number = FILING_TYPES["cn.algorithm"].number(context, 7, date(2026, 3, 1))
    digits = re.fullmatch(r"网信算备(\d+)号", number)
    assert digits, number
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    for text in (readme, cn_cac_filings.__doc__):
        assert f"`网信算备` + {len(digits[1])} digits + `号`" in text
        assert "15 digits" not in text


@pytest.mark.parametrize(
    ("as_of", "filings", "later", "labelling_basis"),
    [
        # Before the Algorithmic Recommendation Provisions: nothing binds yet.
        (
            date(2022, 2, 28),
            [],
            [cn.ALGORITHM_PROVISIONS, cn.DEEP_SYNTHESIS_PROVISIONS, cn.GENAI_MEASURES_ART17],
            None,
        ),
        # Before the Generative AI Interim Measures: no generative-AI filing, and only the
        # Deep Synthesis Provisions ask for labels.
        (
            date(2023, 8, 14),
            ["algorithm", "deep_synthesis"],
            [cn.GENAI_MEASURES_ART17],
            [cn.DEEP_SYNTHESIS_PROVISIONS],
        ),
        (
            date(2023, 8, 15),
            ["algorithm", "deep_synthesis", "genai_filing"],
            [],
            [cn.DEEP_SYNTHESIS_PROVISIONS, cn.GENAI_MEASURES],
        ),
        (
            date(2025, 9, 1),
            ["algorithm", "deep_synthesis", "genai_filing"],
            [],
            [cn.DEEP_SYNTHESIS_PROVISIONS, cn.LABELLING_MEASURES, cn.GENAI_MEASURES],
        ),
    ],
)
def test_a_measure_binds_only_from_the_day_it_took_effect(as_of, filings, later, labelling_basis):
    result = cn.classify(
        make_profile(
            as_of=as_of,
            offered_in_china=True,
            public_opinion_or_mobilisation=True,
            cn_service_types=["recommendation", "deep_synthesis", "generative"],
        )
    )
    assert result["filings"] == filings
    not_yet = [r for r in result["reasons"] if r["conclusion"] == "not_yet_in_force"]
    assert [b for r in not_yet for b in r["basis"]] == later
    if labelling_basis is None:
        assert result["labelling"] == []
    else:
        assert sorted(reason_for(result, "labelling")["basis"]) == sorted(labelling_basis)
