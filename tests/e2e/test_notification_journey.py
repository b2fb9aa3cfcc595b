"""Notifications in a real Chromium: the German authority acknowledged a provider's
serious incident and then asked for information; from the dashboard the provider sees
two unread notifications in the navigation, opens the newest, lands on the incident's
page, and the count drops to one."""

import re

import pytest
from playwright.sync_api import expect

from aigov.accounts.actor import Actor
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from assessments.incidents.models import IncidentReport
from assessments.incidents.services import incident_report, incident_triage
from tests.e2e.steps import sign_in
from tests.factories import AuthorityFactory, MembershipFactory, OrganizationFactory, make_incident

pytestmark = pytest.mark.e2e


def test_the_provider_opens_a_notification_and_lands_on_the_incident(live_server, page):
    operator = OrganizationFactory(name="Medica AI GmbH", slug="medica", country="DE")
    ida = MembershipFactory(organization=operator, role="editor", user__email="ida@medica.test")
    germany = AuthorityFactory(
        name="Bundesnetzagentur", slug="bnetza", authority_code="eu-msa-de", country="DE"
    )
    rita = MembershipFactory(organization=germany, role="reviewer", user__email="rita@bnetza.test")
    incident = make_incident(operator, title="Patient died after a triage error")
    provider = Actor(organization=operator, role="editor", user=ida.user)
    regulator = Actor(organization=germany, role="reviewer", user=rita.user)
    incident_report(actor=provider, incident=incident, stage="initial")
    incident = IncidentReport.objects.get(pk=incident.pk)
    incident_triage(actor=regulator, incident=incident, verb="acknowledge")
    incident_triage(
        actor=regulator,
        incident=incident,
        verb="request_information",
        reason="Send the triage logs of that night.",
    )
    for job in Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at"):
        job_run(job.pk)  # what a worker does

    sign_in(page, live_server, "ida@medica.test")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name=re.compile(r"Notifications \(2\)"))).to_be_visible()
    nav.get_by_role("link", name=re.compile("Notifications")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator(".notification--unread")).to_have_count(2)
    newest = page.locator(".notification").first
    expect(newest).to_contain_text("Request information")
    expect(newest).to_contain_text("Send the triage logs of that night.")
    newest.get_by_role("button", name=re.compile("Request information")).click()

    expect(page).to_have_url(f"{live_server.url}/incidents/{incident.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patient died after a triage error")
    expect(page.locator("#incident-status")).to_have_text("Information requested")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name=re.compile(r"Notifications \(1\)"))).to_be_visible()

    nav.get_by_role("link", name=re.compile("Notifications")).click()
    expect(page.locator(".notification--unread")).to_have_count(1)
    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_text("Marked 1 notification read.")).to_be_visible()
    expect(page.locator(".notification--unread")).to_have_count(0)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications")
    ).to_be_visible()
