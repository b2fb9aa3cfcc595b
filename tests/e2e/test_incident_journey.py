"""A serious incident in a real Chromium: from the dashboard a provider reports a death
caused by its system in Germany, sees the 10-day countdown with the due date in Brussels
time and the legal basis, submits an incomplete initial report, then the complete
report; the German market surveillance authority finds it in its incident queue and
acknowledges it; the French one does not see it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.steps import eu_reviewers, sign_in
from tests.factories import MembershipFactory, OrganizationFactory, make_system

pytestmark = pytest.mark.e2e


def test_a_death_related_incident_from_report_to_acknowledgement(live_server, page, browser):
    operator = OrganizationFactory(name="Medica AI GmbH", slug="medica", country="DE")
    MembershipFactory(organization=operator, role="editor", user__email="ida@medica.test")
    make_system(operator, name="Triage assistant", profile={"annex_iii_point": "5(d)"})
    eu_reviewers()

    sign_in(page, live_server, "ida@medica.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Incidents").click()
    page.get_by_role("link", name="Report a serious incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a serious incident")
    aware = timezone.now() - timedelta(minutes=2)  # the user's zone is UTC
    page.get_by_label("What kind of incident").select_option(
        label="Death of a person (Art. 3(49)(a))"
    )
    page.get_by_label("The AI system or GPAI model concerned").select_option(
        label="Triage assistant"
    )
    page.get_by_label("Short title").fill("Patient died after a triage error")
    page.get_by_label("When it occurred").fill(
        (aware - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("When you became aware of it").fill(aware.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Member state(s) where it occurred").select_option(label="Germany")
    page.get_by_label("What happened").fill("A chest-pain case was ranked as routine.")
    page.get_by_role("button", name="Save the draft").click()

    # The countdown: 10 days (Art. 73(4)), due at the end of the day in Brussels.
    expect(page.get_by_role("heading", level=1)).to_have_text("Patient died after a triage error")
    report_clock = page.locator("tr.clock--report")
    expect(report_clock).to_contain_text("10 days left")
    expect(report_clock).to_contain_text("23:59 (Brussels time)")
    expect(report_clock).to_contain_text("Art. 73(4)")

    # An incomplete initial report goes; the complete one needs every fact.
    page.get_by_role("button", name="Submit the initial report").click()
    expect(page.locator("#incident-status")).to_have_text("Initial report submitted")
    expect(page.locator(".stage-history")).to_contain_text("Initial report")
    page.get_by_role("button", name="Submit the complete report").click()
    expect(page.locator(".error-summary")).to_contain_text("immediate measures")
    page.get_by_label("Persons affected").fill("1")
    page.get_by_label("Immediate measures taken").fill("Ranking switched off; manual triage.")
    page.get_by_label(re.compile("has not been altered")).check()
    page.get_by_role("button", name="Submit the complete report").click()
    expect(page.locator("#incident-status")).to_have_text("Complete report submitted")
    expect(page.locator(".stage-history li")).to_have_count(2)
    expect(page.locator("tr.clock--report")).to_contain_text("met")

    # The German authority acknowledges it from its queue.
    reviewer = browser.new_context()
    regulator = reviewer.new_page()
    sign_in(regulator, live_server, "rita@bnetza.test")
    regulator.get_by_role("navigation", name="Main").get_by_role("link", name="Incidents").click()
    expect(regulator.get_by_role("heading", level=1)).to_have_text("Incident queue")
    regulator.get_by_role("link", name="Patient died after a triage error").click()
    expect(regulator.locator("tr.clock--authority")).to_contain_text("7 days")
    regulator.get_by_role("button", name="Acknowledge").click()
    expect(regulator.locator("#incident-status")).to_have_text("Acknowledged by the authority")
    reviewer.close()

    # The French authority's queue is empty.
    other = browser.new_context()
    french = other.new_page()
    sign_in(french, live_server, "remy@cnil.test")
    french.get_by_role("navigation", name="Main").get_by_role("link", name="Incidents").click()
    expect(french.get_by_text("No serious incidents have been reported to you.")).to_be_visible()
    other.close()

    # The provider sees the acknowledgement in the timeline.
    page.reload()
    expect(page.locator("#incident-status")).to_have_text("Acknowledged by the authority")
    expect(page.get_by_role("region", name="Timeline")).to_contain_text("Bundesnetzagentur")
