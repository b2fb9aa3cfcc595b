"""A lead assessor reviews in a real Chromium what an assessor posted (issue 10, item 5):
from the dashboard the lead opens the assignment, finds two proposed findings, returns
one with a reason and releases the other; only the released one reaches the provider,
and the decision, refused while a finding is proposed, goes through after the review."""

import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from tests.conftest import login
from tests.e2e.steps import (
    border_screening_at_nord,
    record_the_decision,
    the_lead_opens_border_screening,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.e2e

RELEASED = "The risk management plan names no review intervals."
RETURNED = "Data governance looks thin."


def test_a_lead_releases_one_proposed_finding_and_returns_another(live_server, page):
    assessment = border_screening_at_nord(["eu.art9", "eu.art10"])
    operator, body = assessment.organization, assessment.assessor_organization
    provider = MembershipFactory(organization=operator, role="editor").user
    assessor = MembershipFactory(organization=body, role="assessor").user
    base = f"/api/v1/assessments/{assessment.pk}/"
    assessor_api = login(APIClient(), assessor, body)
    for key, requirement, narrative in (
        ("f1", "eu.art9", RELEASED),
        ("f2", "eu.art10", RETURNED),
    ):
        posted = assessor_api.post(
            base + "findings/",
            {"requirement": requirement, "outcome": "minor_nc", "narrative": narrative},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert posted.json()["status"] == "proposed"
    provider_api = login(APIClient(), provider, operator)
    assert provider_api.get(base + "findings/").json() == []

    the_lead_opens_border_screening(page, live_server)
    review = page.locator("#review")
    expect(review.get_by_role("heading")).to_have_text("Proposed findings awaiting review")

    # The decision waits for the review.
    record_the_decision(page, "not_conformant", "Gaps in the risk management.")
    expect(page.get_by_text(re.compile("Release or return the proposed findings"))).to_be_visible()

    returned = review.locator(".finding").filter(has_text=RETURNED)
    returned.get_by_role("button", name="Return to the assessor").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    returned = page.locator("#review .finding").filter(has_text=RETURNED)
    returned.get_by_label("Why it is returned").fill("Name the missing data sheets.")
    returned.get_by_role("button", name="Return to the assessor").click()
    expect(page.get_by_text("The finding is returned to the assessor.")).to_be_visible()
    reason = "Returned by the lead assessor: Name the missing data sheets."
    expect(page.get_by_text(reason)).to_be_visible()

    page.locator("#review .finding").filter(has_text=RELEASED).get_by_role(
        "button", name="Release to the provider"
    ).click()
    expect(page.get_by_text("The finding is released to the provider.")).to_be_visible()
    expect(page.locator("#review")).to_have_count(0)

    seen = [f["narrative"] for f in provider_api.get(base + "findings/").json()]
    assert seen == [RELEASED]

    record_the_decision(page, "not_conformant", "Gaps in the risk management.")
    expect(page.get_by_text("the assessment is now “Decided”")).to_be_visible()
