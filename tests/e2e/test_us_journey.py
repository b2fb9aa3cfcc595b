"""A GPAI provider's US view in a real Chromium: from the dashboard it records its revenue,
says its frontier model is offered in California, and reads the SB 53 obligations on the
model's page, with the revoked EO 14110 shown as history, never as "required"."""

import pytest
from playwright.sync_api import expect

from registry.models import GPAIModel
from registry.services import subject_create
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_gpai_provider_sees_sb53_obligations_and_the_revoked_order_as_history(live_server, page):
    lab = OrganizationFactory(name="Lumen Frontier SAS", slug="lumen-frontier", country="FR")
    user = UserFactory(email="gaelle@lumen.test")
    MembershipFactory(user=user, organization=lab, role="admin")
    subject_create(
        model_class=GPAIModel,
        fields={"name": "Lumen-Ultra", "training_compute_flop": 3e26, "release": "api"},
        profile={},
        organization=lab,
    )

    sign_in(page, live_server, "gaelle@lumen.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lumen Frontier SAS")
    page.get_by_role("link", name="Change the revenue").click()
    page.get_by_label("Annual gross revenue, with affiliates (USD)").fill("2000000000")
    page.get_by_role("button", name="Save the revenue").click()
    expect(page.get_by_role("status")).to_contain_text("The revenue is saved")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="GPAI models").click()
    page.get_by_role("link", name="Lumen-Ultra").click()
    page.get_by_role("link", name="Change the answers").first.click()
    page.get_by_label("It is offered in California").check()
    panel = page.locator("#classification-panel")
    expect(panel).to_contain_text("Frontier model of a large frontier developer")
    page.get_by_role("button", name="Save and see the result").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Lumen-Ultra")
    california = page.locator("section[aria-labelledby='us-ca-title']")
    expect(california).to_contain_text("Frontier model of a large frontier developer")
    expect(california).to_contain_text("Publish a frontier AI framework")
    expect(california).to_contain_text("Transmit summaries of catastrophic-risk assessments")
    expect(california).to_contain_text("Publish a transparency report")
    expect(california).to_contain_text("Report critical safety incidents")
    expect(california).to_contain_text("Applies since 2026-01-01")
    us = page.locator("section[aria-labelledby='us-title']")
    expect(us).to_contain_text("Above the former EO 14110 reporting threshold (revoked 2025-01-20)")
    expect(us).not_to_contain_text("required on that date")
    expect(page.get_by_text("US report", exact=True)).to_have_count(0)

    # The filings SB 53 calls for are offered, the revoked US report is not.
    page.get_by_role("link", name="Filings this model needs").click()
    main = page.locator("main")
    expect(main).to_contain_text("Frontier AI framework (SB 53)")
    expect(main).to_contain_text("Quarterly summary of catastrophic-risk assessments")
    expect(main).to_contain_text("Transparency report for a new or substantially modified")
    expect(main).not_to_contain_text("dual-use foundation model")
