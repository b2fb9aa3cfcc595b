"""The compute sanity check and the Act's own words for each legal basis."""

import pytest

from registry.compute import compute_check
from registry.legal_text import text_for_basis


@pytest.mark.parametrize(
    "declared,flagged",
    [
        (6e23, False),  # exactly 6·N·D
        (5.9e24, False),  # just under 10x
        (6.1e24, True),  # over 10x
        (6.1e22, False),  # just over a tenth
        (5.9e22, True),  # under a tenth
    ],
)
def test_compute_gap_over_10x_is_flagged(declared, flagged):
    check = compute_check(parameters=10**10, training_tokens=10**13, declared_flop=declared)
    assert check.estimate_6nd == 6e23
    assert check.flagged is flagged
    assert ("gap over 10x" in check.explanation) is flagged


def test_compute_check_needs_both_parameters_and_tokens():
    check = compute_check(parameters=None, training_tokens=10**12, declared_flop=1e24)
    assert check.estimate_6nd is None and not check.flagged


@pytest.mark.parametrize(
    "basis,title,needle",
    [
        ("Art. 6(2)", "Article 6", "AI systems referred to in Annex III shall be considered"),
        ("Annex III 5(b)", "Annex III", "creditworthiness of natural persons"),
        ("Annex III 2", "Annex III", "Critical infrastructure"),
        ("Art. 5(1)(h)", "Article 5", "the targeted search for specific victims"),
        ("Art. 51(2)", "Article 51", "greater than 10"),
        ("Art. 50(4)", "Article 50", "deep fake"),
    ],
)
def test_basis_text_comes_from_the_regulation(basis, title, needle):
    text = text_for_basis(basis)
    assert text["title"].startswith(title)
    assert needle in text["text"]


def test_unknown_basis_has_no_text():
    assert text_for_basis("EO 14110 §4.2") is None
    assert text_for_basis("Art. 999") is None


@pytest.mark.parametrize(
    "basis,needle,longest",
    [
        ("Art. 3(63)", "general-purpose AI model", 1000),
        ("Art. 3(1)", "machine-based system", 1000),
        ("Annex XIII(f)", "10 000", 500),
        ("Annex VIII Section B", "Article 49(2)", 2000),
    ],
)
def test_definitions_annex_letters_and_sections_are_found(basis, needle, longest):
    text = text_for_basis(basis)["text"]
    assert needle in text and len(text) < longest
