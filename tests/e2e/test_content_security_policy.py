"""Under the Content-Security-Policy the pages still work in Chromium: Swagger UI renders
the API documentation, and htmx loads and polls, with no policy violation reported."""

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import sign_in
from tests.factories import AuthorityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording every CSP violation (event and console) while it is used."""
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.console_violations = console
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations") + page.console_violations


def test_swagger_ui_renders_under_the_policy(live_server, watched):
    response = watched.goto(f"{live_server.url}/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cross-origin-opener-policy"] == "unsafe-none"
    expect(watched.locator(".swagger-ui .info .title")).to_contain_text("aigov API")
    expect(watched.locator(".opblock").first).to_be_visible()
    watched.locator(".opblock-summary").first.click()
    expect(watched.locator(".opblock-body").first).to_be_visible()
    assert violations(watched) == []


def test_signed_in_htmx_pages_run_under_the_policy(live_server, watched):
    authority = AuthorityFactory(
        name="Bundesnetzagentur", slug="bnetza", authority_code="eu-msa-de", country="DE"
    )
    MembershipFactory(
        user=UserFactory(email="rita@bnetza.test"), organization=authority, role="supervisor"
    )
    sign_in(watched, live_server, "rita@bnetza.test")
    expect(watched.get_by_role("heading", level=1)).to_have_text("Bundesnetzagentur")
    # The dashboard's filing summary is loaded by htmx (hx-trigger="load").
    expect(watched.get_by_text("Open the review queue")).to_have_count(0, timeout=10_000)
    assert watched.evaluate("typeof htmx") == "object"
    assert violations(watched) == []
