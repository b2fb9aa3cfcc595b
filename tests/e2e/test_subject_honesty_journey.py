"""The provider's wizard is honest and plausible, in a real Chromium, from the dashboard:
a system saved without answers is "Not classified yet" (never "Minimal risk"); 1e30 FLOP
on a model is refused with a message next to the field and the typed values kept; the
base model of a system is picked through the search box (htmx)."""

import pytest
from playwright.sync_api import expect

from registry.models import AISystem, GPAIModel
from tests.e2e.steps import sign_in
from tests.e2e.test_content_security_policy import RECORD_VIOLATIONS
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_model

pytestmark = pytest.mark.e2e


def test_draft_system_implausible_model_and_searched_base_model(live_server, page):
    operator = OrganizationFactory(name="Acme Models GmbH", slug="acme-models", country="DE")
    stranger = OrganizationFactory(name="Other Lab SA", slug="other-lab", country="FR")
    user = UserFactory(email="mara@acme-models.test")
    MembershipFactory(user=user, organization=operator, role="editor")
    frontier = make_model(operator, name="Frontier Alpha", version="2")
    make_model(operator, name="Small Tagger")
    make_model(stranger, name="Frontier Beta")

    page.add_init_script(RECORD_VIOLATIONS)  # the search's script and htmx under the CSP
    sign_in(page, live_server, "mara@acme-models.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Models GmbH")  # dashboard
    nav = page.get_by_role("navigation", name="Main")

    # 1. A system saved without answering any question concludes nothing.
    nav.get_by_role("link", name="AI systems").click()
    page.get_by_role("link", name="Register an AI system").click()
    page.get_by_label("Name", exact=True).fill("Draft Helper")
    page.get_by_label("Intended purpose").fill("Drafts replies to customer emails.")
    page.get_by_role("button", name="Save and continue to the questions").click()
    expect(page.get_by_role("status")).to_contain_text("“Draft Helper” is saved as a draft")
    expect(page.locator("#classification-panel")).to_contain_text("Not classified yet")
    nav.get_by_role("link", name="AI systems").click()
    row = page.get_by_role("row", name="Draft Helper")
    expect(row).to_contain_text("Not classified yet")
    expect(row).not_to_contain_text("Minimal risk")
    assert AISystem.objects.get(name="Draft Helper").classification == {}

    # 2. 1e30 FLOP is refused next to the field; what was typed stays.
    nav.get_by_role("link", name="GPAI models").click()
    page.get_by_role("link", name="Register a GPAI model").click()
    page.get_by_label("Name", exact=True).fill("Giant")
    page.get_by_label("Parameters").fill("7e10")
    page.get_by_label("Training compute (FLOP)").fill("1e30")
    page.get_by_role("button", name="Save and continue to the questions").click()
    expect(page.get_by_role("alert")).to_contain_text("more than 1e29")
    expect(page.locator("#id_training_compute_flop_error")).to_contain_text("check the exponent")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Giant")
    expect(page.get_by_label("Parameters")).to_have_value("7e10")
    expect(page.get_by_label("Training compute (FLOP)")).to_have_value("1e30")
    assert not GPAIModel.objects.filter(name="Giant").exists()

    # 3. The base model is found by searching, among the organisation's own models only.
    nav.get_by_role("link", name="AI systems").click()
    page.get_by_role("link", name="Register an AI system").click()
    page.get_by_label("Name", exact=True).fill("Support Bot")
    page.get_by_label("Intended purpose").fill("Answers customer questions.")
    search = page.get_by_label("Search by name or version")
    search.fill("front")
    search.press("Enter")  # searches; does not save the half-filled form
    choice = page.get_by_label("General-purpose AI model it builds on")
    expect(choice.locator("optgroup")).to_have_attribute("label", "Matching “front”")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register an AI system")
    assert not AISystem.objects.filter(name="Support Bot").exists()
    expect(choice.locator("option")).to_have_text(["None", "Frontier Alpha 2"])
    expect(page.locator("#id_gpai_model_status")).to_have_text("1 model matches “front”.")
    choice.select_option(label="Frontier Alpha 2")
    page.get_by_role("button", name="Save and continue to the questions").click()
    expect(page.get_by_role("status")).to_contain_text("“Support Bot” is saved as a draft")
    assert AISystem.objects.get(name="Support Bot").gpai_model == frontier
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("link", name="Frontier Alpha 2")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
