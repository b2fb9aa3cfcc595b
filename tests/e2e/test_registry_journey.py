"""The provider's registry journey in a real Chromium: register a credit-scoring system
through the wizard, watch the live classification panel follow the answers (htmx), save,
and read the result with the EU AI Act's own text."""

import pytest
from playwright.sync_api import expect

from registry.models import AISystem, SubjectVersion
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_provider_registers_a_credit_scoring_system_through_the_wizard(live_server, page):
    operator = OrganizationFactory(name="Acme Credit GmbH", slug="acme-credit", country="DE")
    user = UserFactory(email="lena@acme-credit.test")
    MembershipFactory(user=user, organization=operator, role="editor")

    sign_in(page, live_server, "lena@acme-credit.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="AI systems").click()
    page.get_by_role("link", name="Register an AI system").click()

    # Step 1: the details.
    expect(page.get_by_role("heading", level=1)).to_have_text("Register an AI system")
    page.get_by_label("Name", exact=True).fill("CreditScore")
    page.get_by_label("Version (optional)").fill("1.0")
    page.get_by_label("Intended purpose").fill(
        "Evaluates the creditworthiness of consumers applying for a loan."
    )
    page.get_by_label("Market status").select_option(label="On the market")
    page.get_by_label("Germany").check()
    page.get_by_label("Austria").check()
    page.get_by_role("button", name="Save and continue to the questions").click()

    # Step 2: the questionnaire; the live panel shows what is saved so far: no conclusion
    # before any answer.
    expect(page.get_by_role("heading", level=1)).to_have_text("Classify CreditScore")
    expect(page.get_by_role("status")).to_contain_text("“CreditScore” is saved as a draft")
    panel = page.locator("#classification-panel")
    expect(panel).to_contain_text("Not classified yet")
    expect(page.get_by_text("Does the system pose no significant risk")).to_have_count(0)

    page.get_by_label("Annex III point").select_option("5(b)")

    # htmx posts the change: the panel and the questions follow, nothing is stored yet.
    expect(panel).to_contain_text("High-risk")
    expect(panel).to_contain_text("Annex III 5(b)")
    expect(page.get_by_text("Does the system pose no significant risk")).to_be_visible()
    expect(page.get_by_label("The system profiles natural persons")).to_be_visible()
    system = AISystem.objects.get(name="CreditScore")
    assert system.eu_tier is None and system.profile.get("annex_iii_point") is None
    assert SubjectVersion.objects.filter(subject_id=system.pk).count() == 1

    page.get_by_role("button", name="Save and see the result").click()

    # Step 3: the result, explained with the Act's own words.
    expect(page.get_by_role("heading", level=1)).to_contain_text("CreditScore")
    expect(page.locator(".result__tier")).to_have_text("High-risk")
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved")
    result = page.locator("section.result")
    expect(result.get_by_text("Annex III 5(b)").first).to_be_visible()
    summary = result.locator("summary", has_text="Annex III 5(b)")
    summary.click()
    expect(result.get_by_text("creditworthiness of natural persons").first).to_be_visible()
    expect(
        page.get_by_text("Internal control (Annex VI), without a notified body", exact=True)
    ).to_be_visible()
    system.refresh_from_db()
    assert system.eu_tier == "high" and system.profile["annex_iii_point"] == "5(b)"

    # The list shows the system with its tier.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="AI systems").click()
    row = page.get_by_role("row", name="CreditScore")
    expect(row).to_contain_text("High-risk")
    expect(row).to_contain_text("On the market")
