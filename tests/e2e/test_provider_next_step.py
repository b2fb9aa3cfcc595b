"""The provider's next step, from the dashboard: the filings its classifications call for
and nobody started, started with one click, with their deadline; a link into another of
the user's organisations that offers to switch there; and a rename of a registered system,
which goes through a new version."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry.models import Filing
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, make_model
from tests.registry.test_register_views import register

pytestmark = pytest.mark.e2e


def test_the_dashboard_leads_to_the_gpai_notification_and_its_deadline(live_server, page):
    provider = OrganizationFactory(name="Frontier Labs SA", slug="frontier", country="FR")
    MembershipFactory(organization=provider, role="editor", user__email="ines@frontier.test")
    make_model(provider, name="Atlas-2", training_compute_flop=4e25)

    sign_in(page, live_server, "ines@frontier.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Frontier Labs SA")
    block = page.get_by_role("region", name="Filings needing action")
    expect(block).to_contain_text("Not started")
    expect(block).to_contain_text("within two weeks of meeting the threshold")
    block.get_by_role("link", name="See every filing to start").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Filings to start")
    row = page.get_by_role("row", name=re.compile("Atlas-2"))
    expect(row).to_contain_text("Art. 52")
    row.get_by_role("button", name=re.compile("Start: Notification")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notification")
    today = timezone.localdate()
    page.get_by_label("Date the threshold was met").fill(today.isoformat())
    page.get_by_role("button", name=re.compile("^Save")).first.click()

    # The deadline is two weeks from that day, on the filing and on the dashboard.
    expect(page.get_by_text("File by")).to_be_visible()
    filing = Filing.objects.get()
    assert filing.filing_due_at is not None
    assert (filing.filing_due_at.date() - today).days in (13, 14, 15)
    page.get_by_role("link", name="Dashboard").first.click()
    block = page.get_by_role("region", name="Filings needing action")
    expect(block).to_contain_text("Atlas-2: Notification of a general-purpose AI model")
    expect(block).to_contain_text("File by")
    expect(block).not_to_contain_text("Not started")


def test_a_link_into_another_organisation_offers_to_switch(live_server, page):
    first = OrganizationFactory(name="Acme Credit GmbH", slug="acme-credit", country="DE")
    second = OrganizationFactory(name="Acme Health GmbH", slug="acme-health", country="DE")
    membership = MembershipFactory(organization=first, role="editor", user__email="lena@acme.test")
    MembershipFactory(organization=second, role="viewer", user=membership.user)
    model = make_model(second, name="MedSum")

    sign_in(page, live_server, "lena@acme.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Credit GmbH")
    response = page.goto(f"{live_server.url}/models/{model.pk}/")

    assert response.status == 404
    expect(page.get_by_text("This belongs to Acme Health GmbH")).to_be_visible()
    page.get_by_role("button", name="Switch to Acme Health GmbH and open it").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MedSum")
    expect(page.get_by_role("status")).to_contain_text("You are now working in Acme Health GmbH")


def test_renaming_a_registered_system_goes_through_a_new_version(live_server, page):
    provider = OrganizationFactory(name="Acme Credit GmbH", slug="acme-credit", country="DE")
    MembershipFactory(organization=provider, role="editor", user__email="lena@acme.test")
    entry = register(provider, "eu.high_risk", name="CreditScore")

    sign_in(page, live_server, "lena@acme.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="AI systems").click()
    page.get_by_role("link", name="CreditScore").click()
    page.get_by_role("link", name="Edit details").first.click()
    page.get_by_label("Name", exact=True).fill("ScoreMax")
    page.get_by_role("button", name="Save changes").last.click()
    expect(page.locator(".error-summary")).to_contain_text("is on record with the authority")
    expect(page.get_by_label("Name", exact=True)).to_have_value("ScoreMax")

    page.get_by_label("This is a substantial modification").check()
    page.get_by_label("What was substantially modified").fill("New product name")
    page.get_by_role("button", name="Save changes").last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ScoreMax")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Filings").click()
    row = page.get_by_role("row", name=re.compile("ScoreMax"))
    expect(row).to_contain_text("registered as CreditScore")
    assert Filing.objects.get(pk=entry.pk).registered_subject == "CreditScore"
