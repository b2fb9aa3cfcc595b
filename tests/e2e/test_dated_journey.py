"""The law as of a date, in a real Chromium: from the dashboard the provider opens a
high-risk system and reads when its obligations apply, and under which text of the Act."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_system

pytestmark = pytest.mark.e2e


def test_provider_sees_when_the_obligations_apply(live_server, page):
    operator = OrganizationFactory(name="Acme Hiring GmbH", slug="acme-hiring", country="DE")
    user = UserFactory(email="jon@acme-hiring.test")
    MembershipFactory(user=user, organization=operator, role="viewer")
    system = make_system(operator, name="CV Ranker", profile={"annex_iii_point": "4(a)"})
    start = datetime.date.fromisoformat(system.classification["eu"]["applies_from"])
    days = (start - datetime.datetime.now(datetime.UTC).date()).days

    sign_in(page, live_server, "jon@acme-hiring.test")
    page.get_by_role("region", name="Your systems and models").get_by_role(
        "link", name="AI systems", exact=True
    ).click()
    page.get_by_role("link", name="CV Ranker").click()

    result = page.locator("section.result")
    expect(result.locator(".result__tier")).to_have_text("High-risk")
    expect(result).to_contain_text(f"Applies from {start.day} {start:%B %Y}")
    expect(result).to_contain_text(f"in {days} days")
    expect(result).to_contain_text("as amended by the Digital Omnibus")
    expect(result.get_by_text("unconfirmed", exact=True).first).to_be_visible()
    expect(page.get_by_role("heading", name="Classification history")).to_be_visible()
