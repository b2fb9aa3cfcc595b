"""Browser journeys of the shell in a real Chromium: sign in, switch organisation, and a
job page that follows its job's progress by itself."""

import re

import pytest
from playwright.sync_api import expect

from aigov.accounts.models import Membership
from aigov.jobs.models import Job, JobStatus
from tests.e2e.steps import sign_in
from tests.factories import (
    AuthorityFactory,
    JobFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e


def test_sign_in_and_switch_from_operator_to_authority(live_server, page):
    operator = OrganizationFactory(name="Acme Robotics GmbH", slug="acme", country="DE")
    authority = AuthorityFactory(
        name="Bundesnetzagentur", slug="bnetza", authority_code="eu-msa-de", country="DE"
    )
    user = UserFactory(email="dana@acme.test")
    # Created first, so the operator is where Dana lands after signing in.
    MembershipFactory(user=user, organization=operator, role="admin")
    Membership.objects.create(user=user, organization=authority, role="reviewer")

    sign_in(page, live_server, "dana@acme.test")

    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Robotics GmbH")
    expect(page.get_by_role("heading", name="Operator details")).to_be_visible()
    expect(page.get_by_text("Authority code")).to_have_count(0)

    page.get_by_label("Organisation").select_option(label="Bundesnetzagentur (Reviewer)")
    page.get_by_role("button", name="Switch").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bundesnetzagentur")
    expect(page.get_by_role("heading", name="Authority details")).to_be_visible()
    expect(page.get_by_text("eu-msa-de").first).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You are now working in Bundesnetzagentur.")
    # A reviewer is no administrator: the navigation offers no API keys or audit log.
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Members")).to_be_visible()
    expect(navigation.get_by_role("link", name="API keys")).to_have_count(0)
    expect(navigation.get_by_role("link", name="Audit log")).to_have_count(0)


def test_job_page_follows_progress_until_the_job_finishes(live_server, page):
    operator = OrganizationFactory(name="Acme Robotics GmbH", slug="acme", country="DE")
    user = MembershipFactory(organization=operator, role="viewer").user
    job = JobFactory(organization=operator, status=JobStatus.RUNNING, progress=10)
    sign_in(page, live_server, user.email)
    expect(page.get_by_role("heading", name="Operator details")).to_be_visible()

    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "10")

    # The worker reports progress; htmx polling shows it without a reload.
    Job.objects.filter(pk=job.pk).update(progress=60, progress_message="Half way")
    expect(bar).to_have_attribute("value", "60")
    expect(page.get_by_text("Half way")).to_be_visible()

    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, progress=100)
    expect(page.locator("#job-progress .badge")).to_have_text("Succeeded")
    expect(bar).to_have_attribute("value", "100")
    expect(page.get_by_text(re.compile("Reload to see the latest progress"))).to_have_count(0)
