"""The requirement catalogues in a real Chromium: from the dashboard a provider opens
"Requirements", a catalogue, and reads an article's own words; then from its AI system's
page it opens the system's requirements checklist."""

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, make_system

pytestmark = pytest.mark.e2e


def test_requirements_from_the_nav_and_a_systems_checklist(live_server, page):
    operator = OrganizationFactory(name="Lendwise BV", slug="lendwise", country="NL")
    MembershipFactory(organization=operator, role="viewer", user__email="noor@lendwise.test")
    make_system(operator, name="Credit scorer", profile={"annex_iii_point": "5(b)"})

    sign_in(page, live_server, "noor@lendwise.test")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Requirements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Requirements")
    page.get_by_role("link", name="EU AI Act: high-risk AI systems").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("EU AI Act: high-risk AI systems")
    article = page.locator('[id="req-eu.art9"]')
    expect(article.get_by_text("How it is checked")).to_be_visible()
    words = article.get_by_text("A risk management system shall be established", exact=False)
    expect(words).to_be_hidden()  # folded until asked for
    article.get_by_text("The law's words: Art. 9").click()
    expect(words).to_be_visible()

    nav.get_by_role("link", name="AI systems").click()
    page.get_by_role("link", name="Credit scorer").click()
    page.get_by_role("link", name="Requirements checklist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Requirements checklist")
    fria = page.locator('[id="req-eu.art27"]')
    expect(fria).to_contain_text("Fundamental rights impact assessment")
    expect(page.locator('[id="req-eu.annex_iv.2"]')).to_contain_text("Annex IV point 2")
    expect(page.locator('[id="req-eu.art53.1.a"]')).to_have_count(0)
    page.get_by_role("link", name="EU AI Act: high-risk AI systems").click()
    expect(page).to_have_url(f"{live_server.url}/catalogues/eu.high_risk/")
