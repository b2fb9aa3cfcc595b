"""Regulator figures in a real Chromium: the AI Office and a member-state authority each
sign in, click "Figures" from the dashboard and find, in the charts' data tables, the
numbers the API gives them; the AI Office's member-state view counts GPAI notifications
by the provider's country; a number leads to the list it counts."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import sign_in
from tests.factories import AuthorityFactory, MembershipFactory, OrganizationFactory
from tests.figures.data import MODEL_TYPES, SPEC, SYSTEM_TYPES, make_filing_row

pytestmark = pytest.mark.e2e


def _api_rows(page, live_server, code):
    response = page.request.get(f"{live_server.url}/api/v1/dashboard/{code}/")
    assert response.status == 200, response.text()
    return {row["key"]: row for row in response.json()["rows"]}


def _table_value(page, code, key):
    cell = page.locator(f"#figure-{code} tr[data-key='{key}'] td")
    return cell.inner_text().strip()


def _open_figures_from_the_dashboard(page, live_server, email, organisation):
    sign_in(page, live_server, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(organisation)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures")


def test_ai_office_and_member_state_authority_read_their_figures(live_server, page, browser):
    office = AuthorityFactory(
        name="European AI Office", slug="ai-office", authority_code="eu-ai-office", country="BE"
    )
    germany = AuthorityFactory(
        name="Bundesnetzagentur", slug="bnetza", authority_code="eu-msa-de", country="DE"
    )
    MembershipFactory(organization=office, role="reviewer", user__email="olga@ai-office.test")
    MembershipFactory(organization=germany, role="viewer", user__email="rita@bnetza.test")
    providers = {c: OrganizationFactory(country=c) for c in ("DE", "FR", "US")}
    notification = MODEL_TYPES.index("eu.gpai_notification")
    gpai = {**SPEC, "subject": "model", "type_index": notification, "compute": 2e25}
    high_risk = {**SPEC, "type_index": SYSTEM_TYPES.index("eu.high_risk")}
    for country, count in (("DE", 2), ("FR", 3), ("US", 1)):
        for _ in range(count):
            make_filing_row({**gpai, "country": country}, office, germany, providers)
    for status in ("submitted", "submitted", "in_review", "registered"):
        make_filing_row({**high_risk, "status": status}, germany, office, providers)

    # The AI Office: the member-state view of its GPAI notifications.
    _open_figures_from_the_dashboard(page, live_server, "olga@ai-office.test", "European AI Office")
    countries = _api_rows(page, live_server, "filings-by-country")
    assert {key: row["value"] for key, row in countries.items()} == {"DE": 2, "FR": 3, "US": 1}
    for key, row in countries.items():
        assert _table_value(page, "filings-by-country", key) == str(row["value"])
    section = page.locator("#figure-filings-by-country")
    expect(
        section.get_by_role("img", name="Filings by member state of the provider")
    ).to_be_visible()
    compute = _api_rows(page, live_server, "gpai-compute")
    assert compute["10^25"]["value"] == 6
    assert _table_value(page, "gpai-compute", "10^25") == "6"

    # A number leads to the list it counts.
    section.locator("table").get_by_role("link", name=re.compile("^France: 3")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.locator(".table-wrap tbody tr")).to_have_count(3)
    expect(page.get_by_text("Narrowed by the figure you came from")).to_be_visible()

    # A member-state authority sees only what is filed with it.
    page.get_by_role("button", name="Sign out").click()
    _open_figures_from_the_dashboard(page, live_server, "rita@bnetza.test", "Bundesnetzagentur")
    statuses = _api_rows(page, live_server, "filings-by-status")
    assert statuses["submitted"]["value"] == 2
    assert statuses["in_review"]["value"] == 1
    assert statuses["registered"]["value"] == 1
    for key, row in statuses.items():
        assert _table_value(page, "filings-by-status", key) == str(row["value"])
    assert _api_rows(page, live_server, "gpai-compute")["10^25"]["value"] == 0
    assert _table_value(page, "filings-by-country", "DE") == "4"
    expect(page.locator("#figure-filings-by-country tr[data-key='FR']")).to_have_count(0)
