"""The requirement catalogues: every obligation the classification can return has
entries; every EU entry quotes the committed Act verbatim; the requirements that apply to
real classifications; the automated requirements and the checklist's checks agree."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from assessments.catalogues.catalogue import (
    all_requirements,
    catalogue_get,
    catalogues,
    get,
    requirements_for,
)
from assessments.conformity.checklist import CHECKS
from registry.regimes import classify
from registry.regimes.cn_cac import FILINGS, GENAI_REGISTRATION, LABELS
from registry.regimes.eu_ai_act_obligations import OBLIGATION_RULES
from registry.regimes.eu_ai_act_rulebook import OMNIBUS, ORIGINAL
from registry.regimes.eu_ai_act_tables import OBLIGATIONS as EU_OBLIGATIONS
from registry.regimes.us_ca_sb53 import OBLIGATIONS as US_CA_OBLIGATIONS
from tests.factories import make_system
from tests.registry.test_classification_properties import PROPERTY_SETTINGS, profiles

ABOVE_1E26 = 10**26 + 1


def codes(classification: dict) -> list[str]:
    return [r.code for r in requirements_for(classification)]


# Every code or conclusion the classification can return that brings duties in, with a
# minimal classification that returns it.
EU_CODES = sorted(set(EU_OBLIGATIONS) | set(OBLIGATION_RULES))
US_CA_CODES = sorted(US_CA_OBLIGATIONS)
CN_FILINGS = sorted({rule["filing"] for rule in FILINGS.values()} | {GENAI_REGISTRATION["filing"]})


def returned(regime: str, key: str, value) -> dict:
    return {regime: {key: value}}


CLASSIFICATION_CODES = [
    *((code, returned("eu", "obligations", [code])) for code in EU_CODES),
    *((code, returned("us_ca", "obligations", [code])) for code in US_CA_CODES),
    *((filing, returned("cn", "filings", [filing])) for filing in CN_FILINGS),
    ("security_assessment", returned("cn", "security_assessment", True)),
    ("labelling", returned("cn", "labelling", list(LABELS))),
]


@pytest.mark.parametrize(("code", "classification"), CLASSIFICATION_CODES)
def test_every_obligation_the_classification_returns_has_catalogue_entries(code, classification):
    found = requirements_for(classification)
    assert found, f"no catalogue entry for {code}"
    (regime,) = classification
    assert {r.regime for r in found} == {regime}


@pytest.mark.parametrize("label", LABELS)
def test_each_label_has_its_requirement(label):
    assert codes(returned("cn", "labelling", [label])) == [f"cn.labelling.{label}"]


def test_every_entry_is_brought_in_by_something_the_classification_returns():
    known = {code for code, _ in CLASSIFICATION_CODES}
    assert {r.obligation for r in all_requirements()} <= known
    by_code = dict(CLASSIFICATION_CODES)
    for requirement in all_requirements():
        classification = by_code[requirement.obligation]
        assert requirement in requirements_for(classification), requirement.code


def _committed_law() -> str:
    """The Act's articles and annexes as committed in the repository's data/ directory."""
    directory = Path(settings.EU_AI_ACT_DATA_DIR)
    assert directory.resolve() == (Path(settings.BASE_DIR) / "data" / "eu-ai-act").resolve()
    rows = [
        *json.loads((directory / "ai-act-articles.json").read_text()),
        *json.loads((directory / "ai-act-annexes.json").read_text()),
    ]
    return "\n".join(row["content"] for row in rows)


def test_every_eu_entry_is_the_acts_own_words():
    law = _committed_law()
    eu = [r for r in all_requirements() if r.regime == "eu"]
    assert len(eu) >= 40
    for requirement in eu:
        assert requirement.text, requirement.code
        for passage in requirement.text.split("\n\n"):
            assert len(passage) > 40, requirement.code
            assert passage in law, f"{requirement.code}: not verbatim in the committed Act"
        assert "Official Journal" in requirement.text_source


def test_entries_without_the_laws_text_say_so_rather_than_invent_it():
    others = [r for r in all_requirements() if r.regime != "eu"]
    assert others
    for requirement in others:
        assert requirement.text == ""
        assert "not in the repository" in requirement.text_source
        assert requirement.summary and requirement.quality in ("T", "S", "U")


@pytest.fixture
def law_copy(tmp_path, settings):
    """The committed law texts copied elsewhere, with `EU_AI_ACT_DATA_DIR` pointing there."""
    from registry import legal_text

    for name in ("ai-act-articles.json", "ai-act-annexes.json"):
        shutil.copy(Path(settings.EU_AI_ACT_DATA_DIR) / name, tmp_path / name)
    settings.EU_AI_ACT_DATA_DIR = tmp_path
    legal_text._articles.cache_clear()
    legal_text._annexes.cache_clear()
    yield tmp_path
    legal_text._articles.cache_clear()
    legal_text._annexes.cache_clear()


def test_the_words_are_read_at_run_time_from_the_data_directory(law_copy):
    path = law_copy / "ai-act-articles.json"
    articles = json.loads(path.read_text())
    art9 = next(row for row in articles if row["article"] == 9)
    art9["content"] = "1. A consolidated wording read from the configured directory."
    path.write_text(json.dumps(articles))
    assert get("eu.art9").text == art9["content"]


def test_the_nine_annex_iv_headings_quote_their_point():
    for number in range(1, 10):
        requirement = get(f"eu.annex_iv.{number}")
        assert requirement.text.startswith(f"{number}. ")
        assert requirement.catalogue == "eu.high_risk" and requirement.check == "evidence"
    assert "risk management system in accordance with Article 9" in get("eu.annex_iv.5").text
    assert get("eu.annex_xi.1").text.startswith("Section 1 Information to be provided by all")
    assert get("eu.annex_xi.2").text.startswith("Section 2 Additional information")
    assert "Section 2" not in get("eu.annex_xi.1").text


@pytest.mark.django_db
def test_a_high_risk_system(owner):
    system = make_system(owner, profile={"annex_iii_point": "1(a)", "harmonised_standards": "none"})
    found = codes(system.classification)
    for code in (
        "eu.art9", "eu.art10", "eu.art11", "eu.art12", "eu.art13", "eu.art14", "eu.art15",
        "eu.art17", "eu.art43", "eu.art47", "eu.art48", "eu.art72", "eu.art73", "eu.art49",
        *(f"eu.annex_iv.{n}" for n in range(1, 10)),
    ):  # fmt: skip
        assert code in found, code
    assert not [c for c in found if c.startswith(("eu.art53", "eu.art55", "cn.", "us_ca."))]
    assert get("eu.art9").text.startswith("1. A risk management system shall be established")


def test_a_gpai_model_with_systemic_risk_even_with_open_weights():
    classification = classify(
        {"subject": "gpai_model", "training_compute_flop": ABOVE_1E26, "open_weights": True}
    )
    found = codes(classification)
    assert {
        "eu.art52", "eu.art53.1.a", "eu.art53.1.b", "eu.art53.1.c", "eu.art53.1.d",
        "eu.annex_xi.1", "eu.annex_xi.2", "eu.annex_xii",
        "eu.art55.1.a", "eu.art55.1.b", "eu.art55.1.c", "eu.art55.1.d",
    } <= set(found)  # fmt: skip
    assert "eu.art9" not in found


def test_open_weights_without_systemic_risk_keep_only_copyright_and_training_summary():
    classification = classify(
        {"subject": "gpai_model", "training_compute_flop": 10**24, "open_weights": True}
    )
    assert [c for c in codes(classification) if c.startswith("eu.")] == [
        "eu.art53.1.c",
        "eu.art53.1.d",
    ]
    closed = classify({"subject": "gpai_model", "training_compute_flop": 10**24})
    assert {"eu.art53.1.a", "eu.art53.1.b", "eu.annex_xi.1", "eu.annex_xii"} <= set(codes(closed))
    assert "eu.annex_xi.2" not in codes(closed)


def test_a_cac_generative_ai_service():
    profile = {
        "subject": "ai_system",
        "offered_in_china": True,
        "public_opinion_or_mobilisation": True,
        "cn_service_types": ["generative"],
    }
    found = codes(classify(profile))
    cn = [c for c in found if c.startswith("cn.")]
    assert "cn.tc260.keywords" in cn and "cn.genai.filing" in cn
    assert {"cn.labelling.explicit", "cn.labelling.implicit"} <= set(cn)
    assert len([c for c in cn if c.startswith("cn.tc260.")]) == 13
    assert "cn.genai.registration" not in cn
    app = codes(classify({**profile, "uses_filed_model": "Beijing-WenXinYiYan-20230821"}))
    assert "cn.genai.registration" in app and "cn.genai.filing" not in app
    keywords = get("cn.tc260.keywords")
    assert (keywords.minimum, keywords.quality, keywords.check) == (10_000, "T", "automated")
    assert keywords.limit == "at least 10,000 keywords"


def test_cac_minimums_carry_their_source_quality_and_the_unconfirmed_ones_are_settings(settings):
    security = catalogue_get("cn.genai_security").requirements
    assert all(r.limit for r in security)
    assert {r.quality for r in security} == {"T", "S", "U"}
    assert get("cn.tc260.refusal_rate").limit == "at least 95%"
    assert get("cn.tc260.must_answer_refusal_rate").limit == "at most 5%"
    unconfirmed = [r.code for r in security if r.quality == "U"]
    assert unconfirmed == [
        "cn.tc260.corpus_pass_rate",
        "cn.tc260.generated_sample",
        "cn.tc260.generated_pass_rate",
    ]
    assert get("cn.tc260.corpus_pass_rate").minimum == 96
    settings.CN_TC260_CORPUS_PASS_RATE = 97
    assert get("cn.tc260.corpus_pass_rate").minimum == 97


def test_a_large_frontier_developer_under_sb53():
    profile = {
        "subject": "gpai_model",
        "training_compute_flop": ABOVE_1E26,
        "offered_in_california": True,
        "annual_revenue_usd": 600_000_000,
        "as_of": "2026-06-01",
    }
    found = [c for c in codes(classify(profile)) if c.startswith("us_ca.")]
    assert found == [
        "us_ca.framework",
        "us_ca.transparency_report",
        "us_ca.risk_summaries",
        "us_ca.incidents",
    ]
    small = classify({**profile, "annual_revenue_usd": 400_000_000})
    assert [c for c in codes(small) if c.startswith("us_ca.")] == [
        "us_ca.transparency_report",
        "us_ca.incidents",
    ]


def test_transparency_follows_the_paragraphs_the_classification_cites():
    chatbot = classify({"subject": "ai_system", "interacts_with_persons": True})
    assert [c for c in codes(chatbot) if c.startswith("eu.art50")] == ["eu.art50.1"]
    deepfake = classify({"subject": "ai_system", "deepfake": True, "emotion_recognition": True})
    assert [c for c in codes(deepfake) if c.startswith("eu.art50")] == ["eu.art50.3", "eu.art50.4"]


def test_a_not_high_risk_annex_iii_system_documents_its_assessment_and_registers():
    profile = {"subject": "ai_system", "annex_iii_point": "4(a)", "art_6_3_condition": "a"}
    found = codes(classify(profile))
    assert "eu.art6" in found and "eu.art49" in found and "eu.art9" not in found


def test_catalogues_serve_the_dated_rulebooks_they_were_written_for():
    before = classify({"subject": "ai_system", "annex_iii_point": "5(b)", "as_of": "2025-06-01"})
    after = classify({"subject": "ai_system", "annex_iii_point": "5(b)", "as_of": "2027-06-01"})
    assert (before["rulebooks"]["eu"], after["rulebooks"]["eu"]) == (ORIGINAL, OMNIBUS)
    assert "eu.art9" in codes(before) and "eu.art9" in codes(after)
    unknown = {**after, "rulebooks": {**after["rulebooks"], "eu": "1999/1"}}
    assert not [c for c in codes(unknown) if c.startswith("eu.")]
    high_risk = catalogue_get("eu.high_risk")
    assert high_risk.serves == (ORIGINAL, OMNIBUS)
    assert high_risk.in_force_from == date(2024, 8, 1)


def test_automated_requirements_and_checklist_checks_agree():
    automated = {r.code for r in all_requirements() if r.check == "automated"}
    assert automated == set(CHECKS)
    assert automated == {
        "eu.art49",
        "eu.art53.1.a",
        "cn.tc260.keywords",
        "cn.tc260.refusal_questions",
        "cn.tc260.refusal_rate",
        "cn.tc260.must_answer_questions",
        "cn.tc260.must_answer_refusal_rate",
        "us_ca.framework",
    }


def test_lookups():
    assert [c.code for c in catalogues()] == [
        "eu.high_risk", "eu.gpai", "eu.gpai_systemic", "eu.transparency", "eu.registration",
        "eu.deployer", "cn.genai_security", "cn.filings", "cn.labelling", "us_ca.sb53",
    ]  # fmt: skip
    every = [r.code for r in all_requirements()]
    assert len(every) == len(set(every))
    assert get("eu.art53.1.a").basis == "Art. 53(1)(a)"
    with pytest.raises(LookupError):
        get("eu.art999")
    with pytest.raises(KeyError):
        catalogue_get("nowhere")


def _brought_in(result: dict) -> set[str]:
    """What a classification returns that brings duties in (obligations, CAC conclusions)."""
    cn = result["cn"]
    return {
        *result["eu"]["obligations"],
        *result["us_ca"]["obligations"],
        *cn["filings"],
        *(["security_assessment"] if cn["security_assessment"] else []),
        *(["labelling"] if cn["labelling"] else []),
    }


@PROPERTY_SETTINGS
@given(
    profiles(),
    st.booleans(),
    st.none() | st.sampled_from([500_000_000, 500_000_001]),
    st.sampled_from(["2025-06-01", "2026-09-01", "2028-01-01"]),
)
def test_for_any_profile_each_returned_obligation_brings_its_requirements(
    profile, california, revenue, as_of
):
    result = classify(
        {
            **profile,
            "offered_in_california": california,
            "annual_revenue_usd": revenue,
            "as_of": as_of,
        }
    )
    found = requirements_for(result)
    brought_in = _brought_in(result)
    assert {r.obligation for r in found} == brought_in
