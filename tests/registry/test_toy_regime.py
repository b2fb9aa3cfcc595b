"""A jurisdiction is one module: registering a toy regime (tests/registry/toy_regime.py)
makes it part of the classification, the questionnaire, the result page and the filings
a subject needs, with no other file touched; unregistering removes it again."""

import pytest
from django.urls import reverse

from registry import regimes
from registry.models import AISystem
from registry.regimes import classify, filings_needed, relevant_questions
from registry.regimes.profile import DEFAULT_PROFILE, FIELDS
from tests.conftest import login, member
from tests.factories import make_system
from tests.registry import toy_regime
from tests.registry.test_views import html_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def toy():
    """The toy regime, registered for one test and removed after it."""
    regimes.register("toy", toy_regime)
    yield toy_regime
    regimes.unregister("toy")


@pytest.fixture
def editor(client, owner):
    user = member(owner, "editor")
    login(client, user, owner)
    return user


def test_a_registered_regime_classifies_and_asks_its_question(toy):
    result = classify({"offered_in_atlantis": True})
    assert result["toy"]["register"] is True
    assert result["rulebooks"]["toy"] == "toy-2026"
    assert "offered_in_atlantis" in relevant_questions({})
    assert "offered_in_atlantis" not in relevant_questions({"subject": "gpai_model"})
    assert "toy.registration" in [t.code for t in filings_needed(result, "ai_system")]
    not_offered = classify({})
    assert "toy.registration" not in [t.code for t in filings_needed(not_offered, "ai_system")]


def test_the_toy_regime_in_the_questionnaire_result_page_and_filings_needed(
    client, editor, owner, toy
):
    system = make_system(owner, profile={"practices": []})
    questionnaire = reverse("system_questionnaire", args=[system.pk])

    page = client.get(questionnaire)
    assert 'name="offered_in_atlantis"' in page.content.decode()
    assert "It is offered in Atlantis" in html_text(page)
    assert "Atlantis No register" in html_text(page)  # the live panel's line

    saved = client.post(questionnaire, {"offered_in_atlantis": "on", "action": "save"})
    assert saved.status_code == 302
    system = AISystem.objects.get(pk=system.pk)
    assert system.profile["offered_in_atlantis"] is True
    assert system.classification["toy"]["register"] is True

    detail = html_text(client.get(reverse("system_detail", args=[system.pk])))
    assert "Atlantis (Toy AI Register Act) Must register in Atlantis" in detail
    assert "Register entry Needed" in detail
    assert "Keep an Atlantis usage log (Toy AI Register Act §1)" in detail
    assert "Registration in Atlantis Toy AI Register Act §1 Offered in Atlantis." in detail
    assert "It is offered in Atlantis Yes" in detail  # among the answers that mattered
    assert "TOY toy-2026" in detail  # the rulebooks line

    needed = client.get(reverse("filing_new"), {"system": str(system.pk)})
    assert "Atlantis AI register entry Atlantis (Toy AI Register Act)" in html_text(needed)
    assert 'name="filing_type" value="toy.registration"' in needed.content.decode()


def test_unregistering_removes_the_regime_everywhere(client, editor, owner):
    regimes.register("toy", toy_regime)
    regimes.unregister("toy")
    assert "toy" not in classify({})
    assert "offered_in_atlantis" not in FIELDS and "offered_in_atlantis" not in DEFAULT_PROFILE
    assert "toy.registration" not in regimes.FILING_TYPES
    page = client.get(reverse("system_questionnaire", args=[make_system(owner).pk]))
    assert 'name="offered_in_atlantis"' not in page.content.decode()
