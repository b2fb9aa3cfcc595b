"""A lead assessor reviews in a real Chromium what an assessor posted (issue 10, item 5):
from the dashboard the lead opens the assignment, finds two proposed findings, returns
one with a reason and releases the other; only the released one reaches the provider,
and the decision, refused while a finding is proposed, goes through after the review."""

import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from assessments.conformity.models import ConformityAssessment
from tests.conftest import login
from tests.e2e.test_browser_shell import sign_in
from tests.factories import AssessorFactory, MembershipFactory, OrganizationFactory, make_system

pytestmark = pytest.mark.e2e

RELEASED = "The risk management plan names no review intervals."
RETURNED = "Data governance looks thin."


def test_a_lead_releases_one_proposed_finding_and_returns_another(live_server, page):
    operator = OrganizationFactory(name="Gridworks AG", slug="gridworks", country="DE")
    provider = MembershipFactory(organization=operator, role="editor").user
    system = make_system(
        operator,
        name="Border screening",
        profile={"annex_iii_point": "1(a)", "harmonised_standards": "none"},
    )
    body = AssessorFactory(name="Prüfstelle Nord", slug="pruefstelle-nord")
    MembershipFactory(organization=body, role="lead", user__email="lea@nord.test")
    assessor = MembershipFactory(organization=body, role="assessor").user
    assessment = ConformityAssessment.objects.create(
        organization=operator,
        procedure="annex_vii",
        ai_system=system,
        subject_version=1,
        subject_name=system.name,
        requirements=["eu.art9", "eu.art10"],
        assessor_organization=body,
        not_lodged_elsewhere=True,
        status="in_progress",
    )
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

    sign_in(page, live_server, "lea@nord.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assignments").click()
    page.get_by_role("link", name="Border screening").click()
    review = page.locator("#review")
    expect(review.get_by_role("heading")).to_have_text("Proposed findings awaiting review")

    # The decision waits for the review.
    page.locator("#id_decide-decision").select_option("not_conformant")
    page.locator("#id_decide-reason").fill("Gaps in the risk management.")
    page.get_by_role("button", name="Record the decision").click()
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

    page.locator("#id_decide-decision").select_option("not_conformant")
    page.locator("#id_decide-reason").fill("Gaps in the risk management.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("the assessment is now “Decided”")).to_be_visible()
