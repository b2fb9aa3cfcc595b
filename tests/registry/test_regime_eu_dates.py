"""The EU AI Act as of a date: both texts, every dated rule around its application day."""

import datetime

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.regimes import classify, filings_needed, relevant_questions
from registry.regimes import eu_ai_act as eu
from registry.regimes.eu_ai_act_rulebook import OMNIBUS, ORIGINAL, RULES, Law, every_date
from tests.registry import make_profile
from tests.registry.test_classification_properties import profiles

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
# A law under which every date reads the original text, and one where every date reads
# the amended text: the rules of one text are tested without the switch between them.
ORIGINAL_ONLY = Law(omnibus_in_force_on=D(2100, 1, 1))
AMENDED_ONLY = Law(omnibus_in_force_on=D(2024, 8, 1))
LAWS = {ORIGINAL: ORIGINAL_ONLY, OMNIBUS: AMENDED_ONLY}

SYNTHETIC_ON_MARKET = {"generates_synthetic_content": True, "placed_on_market": "2026-05-01"}
# An Annex III use the provider assessed as not high-risk under Art. 6(3).
DEROGATED = {"annex_iii_point": "4(a)", "art_6_3_condition": "a"}
# (rule, answers, tier, {text: the day the tier's obligations apply from}).
DATED = [
    ("prohibitions", {"practices": ["social_scoring"]}, "prohibited",
     {ORIGINAL: D(2025, 2, 2), OMNIBUS: D(2025, 2, 2)}),
    ("prohibition_intimate_imagery", {"practices": ["non_consensual_intimate_imagery"]},
     "prohibited", {OMNIBUS: D(2026, 12, 2)}),
    ("gpai", {"subject": "gpai_model"}, "minimal",
     {ORIGINAL: D(2025, 8, 2), OMNIBUS: D(2025, 8, 2)}),
    ("gpai_legacy", {"subject": "gpai_model", "placed_on_market": "2025-08-01"}, "minimal",
     {ORIGINAL: D(2027, 8, 2), OMNIBUS: D(2027, 8, 2)}),
    ("transparency", {"interacts_with_persons": True}, "limited",
     {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2026, 8, 2)}),
    ("transparency_marking_legacy", SYNTHETIC_ON_MARKET, "limited",
     {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2026, 12, 2)}),
    ("high_risk_annex_iii", {"annex_iii_point": "5(b)"}, "high",
     {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2027, 12, 2)}),
    ("high_risk_annex_i", {"annex_i_product": True}, "high",
     {ORIGINAL: D(2027, 8, 2), OMNIBUS: D(2028, 8, 2)}),
    ("not_high_risk_annex_iii", DEROGATED, "minimal",
     {ORIGINAL: D(2026, 8, 2), OMNIBUS: D(2026, 8, 2)}),
]  # fmt: skip
CASES = [
    pytest.param(rule, answers, tier, text, start, id=f"{rule}-{text}")
    for rule, answers, tier, starts in DATED
    for text, start in starts.items()
]


def eu_on(answers: dict, as_of: datetime.date, law: Law) -> dict:
    return eu.classify(make_profile(**answers, as_of=as_of.isoformat()), law=law)


@pytest.mark.parametrize(("rule", "answers", "tier", "text", "start"), CASES)
@pytest.mark.parametrize(("offset", "binds"), [(-1, False), (0, True), (1, True)])
def test_each_dated_rule_binds_from_its_day_in_each_text(
    rule, answers, tier, text, start, offset, binds
):
    as_of = start + offset * ONE_DAY
    result = eu_on(answers, as_of, LAWS[text])
    assert result["rulebook"] == text
    assert result["tier"] == tier
    assert result["applies_from"] == start.isoformat()
    assert result["applies"] is binds
    entry = next(e for e in result["schedule"] if e["rule"] == rule)
    assert entry["applies"] is binds
    assert entry["basis"][: len(RULES[rule].basis)] == list(RULES[rule].basis)
    moved = text == OMNIBUS and start != RULES[rule].applies_from.get(ORIGINAL)
    if moved:  # a date the amendment set names the amendment
        assert any("Omnibus" in basis for basis in entry["basis"])
    dated = [r for r in result["reasons"] if r["conclusion"] == "applies_from"]
    assert any(f"{start.day} {start:%B %Y}" in r["explanation"] for r in dated)


def test_the_original_text_does_not_prohibit_intimate_imagery():
    result = eu_on({"practices": ["non_consensual_intimate_imagery"]}, D(2027, 1, 1), ORIGINAL_ONLY)
    assert result["tier"] == "minimal"
    note = next(r for r in result["reasons"] if r["conclusion"] == "not_yet_prohibited")
    assert "2 December 2026" in note["explanation"]


def test_marking_grace_only_for_systems_placed_before_august_2026():
    placed_after = {**SYNTHETIC_ON_MARKET, "placed_on_market": "2026-08-02"}
    assert eu_on(placed_after, D(2026, 9, 1), AMENDED_ONLY)["applies_from"] == "2026-08-02"
    assert eu_on(SYNTHETIC_ON_MARKET, D(2026, 9, 1), AMENDED_ONLY)["applies"] is False


def test_a_high_risk_system_also_lists_its_art50_date():
    result = eu_on({"annex_iii_point": "4(a)", "interacts_with_persons": True}, D(2026, 9, 1),
                   AMENDED_ONLY)  # fmt: skip
    assert result["applies_from"] == "2027-12-02"  # the tier's date, not Art. 50's
    assert [e["rule"] for e in result["schedule"]] == ["transparency", "high_risk_annex_iii"]
    assert [e["applies"] for e in result["schedule"]] == [True, False]


def test_a_high_risk_system_already_on_the_market_notes_art_111_2():
    result = eu_on({"annex_iii_point": "4(a)", "placed_on_market": "2026-01-01"}, D(2026, 9, 1),
                   ORIGINAL_ONLY)  # fmt: skip
    assert any(r["basis"] == ["Art. 111(2)"] for r in result["reasons"])


def test_the_text_switches_on_the_configured_entry_into_force():
    law = Law(omnibus_in_force_on=D(2026, 7, 20))
    before = eu_on({"annex_iii_point": "5(b)"}, D(2026, 7, 19), law)
    on = eu_on({"annex_iii_point": "5(b)"}, D(2026, 7, 20), law)
    assert (before["rulebook"], before["applies_from"]) == (ORIGINAL, "2026-08-02")
    assert (on["rulebook"], on["applies_from"]) == (OMNIBUS, "2027-12-02")
    assert "unconfirmed" in on["reasons"][0]["explanation"]


def test_the_registry_reads_the_entry_into_force_from_settings():
    profile = {"annex_iii_point": "5(b)", "as_of": "2026-07-25"}
    with override_settings(EU_OMNIBUS_IN_FORCE_ON=D(2026, 7, 24)):
        assert classify(profile)["rulebooks"]["eu"] == OMNIBUS
    with override_settings(EU_OMNIBUS_IN_FORCE_ON=D(2026, 7, 26)):
        assert classify(profile)["rulebooks"]["eu"] == ORIGINAL
    result = classify(profile, options={"law": AMENDED_ONLY})
    assert result["as_of"] == "2026-07-25" and result["eu"]["applies_from"] == "2027-12-02"


# --- Art. 6(3) registration switch (filing types follow the text of the day) ------------


@pytest.mark.parametrize(
    ("law", "registration", "filed"),
    [
        (ORIGINAL_ONLY._replace(omnibus_not_high_risk_registration=False), "art_49_2", True),
        (AMENDED_ONLY, "art_49_2", True),
        (AMENDED_ONLY._replace(omnibus_not_high_risk_registration=False), None, False),
    ],
)
def test_not_high_risk_registration_follows_the_text_and_its_switch(law, registration, filed):
    result = classify({**DEROGATED, "as_of": "2027-01-01"}, options={"law": law})
    assert result["eu"]["registration"] == registration
    assert "eu.art6" in result["eu"]["obligations"]  # the documented assessment stays
    codes = [t.code for t in filings_needed(result, "ai_system")]
    assert ("eu.not_high_risk" in codes) is filed


# --- Art. 6(3): the day the not-high-risk duties apply from --------------------------------

FOLLOWS = AMENDED_ONLY._replace(omnibus_not_high_risk_follows_annex_iii=True)
NOT_HIGH_RISK_BASIS = ["Art. 6(3)", "Art. 6(4)", "Art. 49(2)", "Art. 113"]


def not_high_risk_entry(result: dict) -> dict:
    return next(e for e in result["schedule"] if e["rule"].startswith("not_high_risk"))


@pytest.mark.parametrize(
    ("law", "start"),
    [(ORIGINAL_ONLY, "2026-08-02"), (AMENDED_ONLY, "2026-08-02"), (FOLLOWS, "2027-12-02")],
    ids=["original", "amended", "amended-follows-annex-iii"],
)
def test_a_not_high_risk_annex_iii_system_is_dated(law, start):
    result = eu_on(DEROGATED, D(2027, 1, 1), law)
    assert result["tier"] == "minimal" and "eu.art6" in result["obligations"]
    assert result["applies_from"] == start and result["applies"] is (start < "2027-01-01")
    entry = not_high_risk_entry(result)
    assert entry["title"] == "Annex III systems assessed as not high-risk"
    assert entry["basis"][:4] == NOT_HIGH_RISK_BASIS and entry["applies_from"] == start
    # The amended text's day is a reading, said to be one; the original text's is not.
    dated = next(r for r in result["reasons"] if r["basis"] == entry["basis"])
    assert ("unconfirmed" in dated["explanation"]) is (law is not ORIGINAL_ONLY)


def test_the_setting_only_moves_the_amended_texts_day():
    moved = eu_on(DEROGATED, D(2026, 9, 1), FOLLOWS)
    assert (moved["applies_from"], moved["applies"]) == ("2027-12-02", False)
    assert "Digital Omnibus on AI" in not_high_risk_entry(moved)["basis"]
    original = eu_on(DEROGATED, D(2026, 9, 1), ORIGINAL_ONLY._replace(
        omnibus_not_high_risk_follows_annex_iii=True))  # fmt: skip
    assert (original["applies_from"], original["applies"]) == ("2026-08-02", True)
    with override_settings(EU_OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III=True):
        from_settings = classify({**DEROGATED, "as_of": "2026-09-01"})["eu"]
    assert from_settings["applies_from"] == "2027-12-02"
    assert classify({**DEROGATED, "as_of": "2026-09-01"})["eu"]["applies_from"] == "2026-08-02"


def test_a_not_high_risk_system_with_art50_duties_lists_both_dates():
    answers = {**DEROGATED, "interacts_with_persons": True}
    result = eu_on(answers, D(2026, 9, 1), FOLLOWS)
    assert result["tier"] == "limited" and result["applies_from"] == "2026-08-02"  # Art. 50
    assert [e["rule"] for e in result["schedule"]] == [
        "transparency", "not_high_risk_annex_iii_deferred"
    ]  # fmt: skip


def test_without_registration_the_documented_assessment_is_still_dated():
    law = AMENDED_ONLY._replace(omnibus_not_high_risk_registration=False)
    result = eu_on(DEROGATED, D(2026, 9, 1), law)
    assert result["registration"] is None and result["applies_from"] == "2026-08-02"


def test_a_derogation_that_does_not_hold_is_dated_as_high_risk():
    profiling = eu_on({**DEROGATED, "profiles_natural_persons": True}, D(2026, 9, 1), FOLLOWS)
    annex_i = eu_on({**DEROGATED, "annex_i_product": True}, D(2026, 9, 1), FOLLOWS)
    for result in (profiling, annex_i):
        assert result["tier"] == "high"
        assert not [e for e in result["schedule"] if e["rule"].startswith("not_high_risk")]


# --- Properties -----------------------------------------------------------------------------

DAYS = st.dates(D(2024, 8, 1), D(2030, 12, 31))
SWITCH_DAYS = st.sampled_from([D(2026, 7, 31), D(2026, 9, 1), D(2027, 12, 3), D(2100, 1, 1)])


@settings(max_examples=200, deadline=None)
@given(profiles(), DAYS, DAYS, SWITCH_DAYS, st.none() | DAYS)
def test_moving_as_of_forward_never_makes_an_applicable_rule_inapplicable(
    profile, first, second, switch, placed
):
    earlier, later = sorted([first, second])
    law = Law(omnibus_in_force_on=switch)
    answers = {**profile, "placed_on_market": placed.isoformat() if placed else None}
    before = classify({**answers, "as_of": earlier.isoformat()}, options={"law": law})
    after = classify({**answers, "as_of": later.isoformat()}, options={"law": law})
    if before["rulebooks"]["eu"] != after["rulebooks"]["eu"]:
        return  # only within one text
    old, new = before["eu"], after["eu"]
    assert new["tier"] == old["tier"] and new["applies_from"] == old["applies_from"]
    assert new["applies"] >= old["applies"]
    binding = {e["rule"] for e in new["schedule"] if e["applies"]}
    assert {e["rule"] for e in old["schedule"] if e["applies"]} <= binding


def test_every_date_lists_each_application_day_once():
    assert every_date() == sorted(set(every_date()))
    assert D(2026, 12, 2) in every_date() and D(2028, 8, 2) in every_date()


# --- Art. 111(2): high-risk systems already on the market --------------------------------

# Annex III 4(a) (recruitment), placed on the market before 2 August 2026, read as of a day
# when both texts' Annex III date has passed.
LEGACY = {"annex_iii_point": "4(a)", "placed_on_market": "2026-01-01"}
LEGACY_AS_OF = D(2028, 1, 1)
HIGH_RISK_DUTIES = {"eu.art9", "eu.art43", "eu.art49"}


def eu_and_filings(answers: dict, as_of: datetime.date, law: Law) -> tuple[dict, list[str]]:
    result = classify({**answers, "as_of": as_of.isoformat()}, options={"law": law})
    return result["eu"], [t.code for t in filings_needed(result, "ai_system")]


@pytest.mark.parametrize("law", [ORIGINAL_ONLY, AMENDED_ONLY], ids=[ORIGINAL, OMNIBUS])
def test_a_high_risk_system_already_on_the_market_and_unchanged_is_not_caught(law):
    result, filings = eu_and_filings(LEGACY, LEGACY_AS_OF, law)
    assert result["tier"] == "high"  # still a high-risk use; Art. 111(2) keeps the rules off
    assert (result["applies"], result["applies_from"]) == (False, None)
    assert "eu.high_risk" not in filings
    assert result["registration"] is None and result["conformity_procedure"] is None
    assert not HIGH_RISK_DUTIES & set(result["obligations"])
    assert not [e for e in result["schedule"] if e["rule"].startswith("high_risk")]
    note = next(r for r in result["reasons"] if r["conclusion"] == "legacy_high_risk")
    assert note["basis"] == ["Art. 111(2)"]
    assert "significantly changed" in note["explanation"]
    assert "do not apply" in note["explanation"]


@pytest.mark.parametrize("changed", ["2026-09-01", "2026-08-02"])
@pytest.mark.parametrize("law", [ORIGINAL_ONLY, AMENDED_ONLY], ids=[ORIGINAL, OMNIBUS])
def test_a_significant_change_from_the_cutoff_brings_it_in_as_a_new_system(law, changed):
    answers = {**LEGACY, "significantly_changed_on": changed}
    result, filings = eu_and_filings(answers, LEGACY_AS_OF, law)
    new, _ = eu_and_filings({"annex_iii_point": "4(a)"}, LEGACY_AS_OF, law)
    assert result["applies"] is True and result["applies_from"] == new["applies_from"]
    assert result["obligations"] == new["obligations"]
    assert result["registration"] == "art_49_1" and "eu.high_risk" in filings
    note = next(r for r in result["reasons"] if r["conclusion"] == "legacy_high_risk")
    assert note["basis"] == ["Art. 111(2)"] and "significantly changed" in note["explanation"]


def test_a_change_before_the_cutoff_does_not_bring_it_in():
    answers = {**LEGACY, "significantly_changed_on": "2026-08-01"}
    result, filings = eu_and_filings(answers, LEGACY_AS_OF, ORIGINAL_ONLY)
    assert result["applies"] is False and "eu.high_risk" not in filings


@pytest.mark.parametrize("law", [ORIGINAL_ONLY, AMENDED_ONLY], ids=[ORIGINAL, OMNIBUS])
def test_one_intended_for_public_authorities_complies_by_august_2030(law):
    answers = {**LEGACY, "deployer_public_authority": True}
    result, filings = eu_and_filings(answers, LEGACY_AS_OF, law)
    assert (result["applies"], result["applies_from"]) == (False, "2030-08-02")
    assert set(result["obligations"]) >= HIGH_RISK_DUTIES  # due, from 2 August 2030
    assert "eu.high_risk" in filings
    entry = next(e for e in result["schedule"] if e["rule"] == "high_risk_legacy_public")
    assert entry["basis"] == ["Art. 111(2)"] and entry["applies_from"] == "2030-08-02"
    note = next(r for r in result["reasons"] if r["conclusion"] == "legacy_high_risk")
    assert "2 August 2030" in note["explanation"] and "public authorities" in note["explanation"]
    on_the_day, _ = eu_and_filings(answers, D(2030, 8, 2), law)
    assert on_the_day["applies"] is True


@pytest.mark.parametrize("law", [ORIGINAL_ONLY, AMENDED_ONLY], ids=[ORIGINAL, OMNIBUS])
def test_a_system_placed_from_the_cutoff_is_unchanged(law):
    answers = {**LEGACY, "placed_on_market": "2026-08-02"}
    result, filings = eu_and_filings(answers, LEGACY_AS_OF, law)
    new, _ = eu_and_filings({"annex_iii_point": "4(a)"}, LEGACY_AS_OF, law)
    assert result["applies"] is True and result["applies_from"] == new["applies_from"]
    assert result["obligations"] == new["obligations"] and "eu.high_risk" in filings
    assert not [r for r in result["reasons"] if r["conclusion"] == "legacy_high_risk"]


def test_under_the_amendment_the_cutoff_is_a_setting_marked_unconfirmed():
    placed_2027 = {**LEGACY, "placed_on_market": "2027-06-01"}  # before Annex III's new date
    kept, _ = eu_and_filings(placed_2027, LEGACY_AS_OF, AMENDED_ONLY)
    assert kept["applies"] is True  # default: 2 August 2026, as the text is written
    moved_law = AMENDED_ONLY._replace(omnibus_high_risk_legacy_cutoff_moves=True)
    moved, filings = eu_and_filings(placed_2027, LEGACY_AS_OF, moved_law)
    assert moved["applies"] is False and "eu.high_risk" not in filings
    note = next(r for r in moved["reasons"] if r["conclusion"] == "legacy_high_risk")
    assert "2 December 2027" in note["explanation"] and "unconfirmed" in note["explanation"]
    note = next(r for r in eu_and_filings(LEGACY, LEGACY_AS_OF, AMENDED_ONLY)[0]["reasons"]
                if r["conclusion"] == "legacy_high_risk")  # fmt: skip
    assert "unconfirmed" in note["explanation"]
    with override_settings(EU_OMNIBUS_HIGH_RISK_LEGACY_CUTOFF_MOVES=True):
        from_settings = classify({**placed_2027, "as_of": "2028-01-01"})["eu"]
    assert from_settings["applies"] is False


def test_the_significant_change_is_asked_only_of_a_high_risk_system_already_on_the_market():
    assert "significantly_changed_on" in relevant_questions(LEGACY)
    assert "significantly_changed_on" in relevant_questions(
        {"annex_i_product": True, "placed_on_market": "2026-01-01"}
    )
    assert "significantly_changed_on" not in relevant_questions({"annex_iii_point": "4(a)"})
    assert "significantly_changed_on" not in relevant_questions(
        {**LEGACY, "placed_on_market": "2029-01-01"}
    )
    assert "significantly_changed_on" not in relevant_questions(
        {"placed_on_market": "2026-01-01", "interacts_with_persons": True}
    )
