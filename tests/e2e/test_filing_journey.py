"""The filing journey in a real Chromium: a provider starts the EU high-risk registration
of a credit-scoring system, is shown every missing field at once, completes and submits
it; a reviewer of the German market surveillance authority finds it in the queue, starts
the review and accepts it; the public register shows it with its number; a reviewer of
another authority cannot open it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry.models import Filing
from tests.e2e.steps import eu_reviewers, sign_in
from tests.factories import AuthorityFactory, MembershipFactory, OrganizationFactory, make_system

pytestmark = pytest.mark.e2e


def test_a_filing_from_draft_to_the_public_register(live_server, page, browser):
    operator = OrganizationFactory(name="Acme Credit GmbH", slug="acme-credit", country="DE")
    MembershipFactory(organization=operator, role="editor", user__email="lena@acme-credit.test")
    system = make_system(
        operator,
        name="CreditScore",
        trade_name="ScoreMate",
        profile={"annex_iii_point": "5(b)"},
    )
    eu_reviewers()

    # The provider starts the filing its classification calls for.
    sign_in(page, live_server, "lena@acme-credit.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Credit GmbH")
    page.goto(f"{live_server.url}/filings/new/?system={system.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Filings for CreditScore")
    page.get_by_role("button", name=re.compile("Start: EU database registration")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("high-risk AI system")
    expect(page.get_by_label("Name, address and contact details of the provider")).to_have_value(
        "Acme Credit GmbH"
    )

    # Submitting too early lists every missing field at once, each linked to its field.
    page.get_by_role("button", name="Save and submit").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("listitem")).to_have_count(4)
    summary.get_by_role("link", name=re.compile("EU declaration of conformity")).click()
    declaration = page.get_by_label("EU declaration of conformity")
    expect(declaration).to_be_focused()
    assert Filing.objects.get().status == "draft"

    page.get_by_label("Information used by the system").fill(
        "Income, debts and payment history; gradient-boosted trees; a score out."
    )
    page.get_by_label("Germany", exact=True).check()
    page.get_by_label("Austria", exact=True).check()
    declaration.fill("https://acme-credit.example/doc.pdf")
    page.get_by_label("Electronic instructions for use").fill("https://acme-credit.example/ifu")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_role("status")).to_contain_text("Submitted to Bundesnetzagentur")
    expect(page.locator(".page-header .filing-status")).to_have_text("Submitted")
    filing = Filing.objects.get()

    # The German reviewer finds it in the queue, starts the review and accepts it.
    reviewer_context = browser.new_context()
    reviewer = reviewer_context.new_page()
    reviewer.set_default_timeout(10_000)
    sign_in(reviewer, live_server, "rita@bnetza.test")
    navigation = reviewer.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Review queue").click()
    row = reviewer.get_by_role("row", name=re.compile("CreditScore"))
    expect(row).to_contain_text("Acme Credit GmbH")
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link", name="CreditScore").click()
    expect(reviewer.get_by_role("heading", name="Submission 1 as sent")).to_be_visible()
    expect(reviewer.get_by_text("https://acme-credit.example/doc.pdf")).to_be_visible()
    reviewer.get_by_role("button", name="Start review").click()
    expect(reviewer.get_by_role("status")).to_contain_text("the filing is now “In review”")
    reviewer.get_by_role("button", name="Accept").click()
    number = f"EU-HR-{timezone.now().year}-000001"
    # The decision is confirmed on a page that says what it does.
    expect(reviewer.locator(".notice")).to_contain_text(
        f"Registers CreditScore as {number} and publishes it on the public register."
    )
    reviewer.get_by_role("button", name="Confirm: Accept").click()
    expect(reviewer.get_by_role("status")).to_contain_text(f"Accepted: registered as {number}.")
    reviewer_context.close()

    # The public register shows it to anyone, with its registration number.
    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(f"{live_server.url}/register/")
    # Filtered by the Annex III area of its use, like the Dutch algorithm register.
    visitor.get_by_label("Area of use").select_option(value="eu.5")
    visitor.get_by_role("button", name="Search").click()
    entry = visitor.get_by_role("row", name=re.compile(number))
    expect(entry).to_contain_text("Acme Credit GmbH")
    expect(entry).to_contain_text("Annex III 5. Access to essential")
    visitor.get_by_label("Area of use").select_option(value="eu.4")
    visitor.get_by_role("button", name="Search").click()
    expect(visitor.get_by_text("No entry matches")).to_be_visible()
    visitor.get_by_role("link", name="Show the whole register").click()
    entry = visitor.get_by_role("row", name=re.compile(number))
    entry.get_by_role("link", name="CreditScore").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(number)
    expect(visitor.get_by_text("ScoreMate")).to_be_visible()
    visitor_context.close()

    # A reviewer of another authority cannot open it.
    french_context = browser.new_context()
    french = french_context.new_page()
    french.set_default_timeout(10_000)
    sign_in(french, live_server, "remy@cnil.test")
    expect(french.get_by_role("heading", level=1)).to_have_text("CNIL")
    response = french.goto(f"{live_server.url}/queue/{filing.pk}/")
    assert response.status == 404
    expect(french.get_by_role("heading", level=1)).to_have_text("Page not found")
    french_context.close()


def test_a_deployer_registers_its_use_of_a_registered_system_by_its_number(
    live_server, page, browser
):
    """Annex VIII Section C: a city (deployer, FR) starts from its dashboard, names the
    provider's registration number and files with the French authority."""
    from registry.services import (
        filing_accept,
        filing_create,
        filing_start_review,
        filing_submit,
        filing_update,
    )
    from tests.registry.test_filings import actor_of

    provider = OrganizationFactory(name="Acme Credit GmbH", slug="acme-credit", country="DE")
    system = make_system(provider, name="CreditScore", profile={"annex_iii_point": "5(a)"})
    germany = AuthorityFactory(
        name="Bundesnetzagentur", slug="bnetza", authority_code="eu-msa-de", country="DE"
    )
    france = AuthorityFactory(name="CNIL", slug="cnil", authority_code="eu-msa-fr", country="FR")
    entry = filing_create(
        actor=actor_of(provider, "editor"), subject=system, filing_type="eu.high_risk"
    )
    entry = filing_update(
        actor=actor_of(provider, "editor"),
        filing=entry,
        data={
            "inputs_and_operating_logic": "Household data; rules and a score.",
            "member_states": ["DE", "FR"],
            "declaration_of_conformity": "https://acme-credit.example/doc.pdf",
            "instructions_for_use": "https://acme-credit.example/ifu",
        },
    )
    entry = filing_submit(actor=actor_of(provider, "editor"), filing=entry)
    rita = actor_of(germany, "reviewer")
    entry = filing_accept(actor=rita, filing=filing_start_review(actor=rita, filing=entry))
    city = OrganizationFactory(name="Ville de Lyon", slug="lyon", country="FR")
    MembershipFactory(organization=city, role="editor", user__email="amelie@lyon.test")
    MembershipFactory(organization=france, role="reviewer", user__email="remy@cnil.test")

    sign_in(page, live_server, "amelie@lyon.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ville de Lyon")
    page.get_by_role("link", name="Register its use (Annex VIII Section C)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register the use of a high-risk AI system"
    )
    number_field = page.get_by_label("Registration number of the provider's entry")
    number_field.fill("EU-HR-2026-999999")
    page.get_by_role("button", name="Find the system and start").click()
    expect(page.locator(".error-summary")).to_contain_text("No registered high-risk AI system")
    assert not Filing.objects.filter(organization=city).exists()

    page.get_by_label("Registration number of the provider's entry").fill(entry.registration_number)
    page.get_by_role("button", name="Find the system and start").click()
    expect(page.get_by_role("status")).to_contain_text("Started: your use of CreditScore")
    expect(page.get_by_label("Name, address and contact details of the deployer")).to_have_value(
        "Ville de Lyon"
    )
    page.get_by_label(re.compile("person submitting on behalf of the deployer")).fill(
        "Service numérique, 1 place de la Comédie, Lyon"
    )
    page.get_by_label(re.compile("fundamental rights impact assessment")).fill(
        "Risk of exclusion of applicants without records; every refusal is reviewed."
    )
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_role("status")).to_contain_text("Submitted to CNIL")
    expect(page.locator(".page-header")).to_contain_text(entry.registration_number)

    # The French reviewer finds it in the queue and registers it.
    reviewer_context = browser.new_context()
    reviewer = reviewer_context.new_page()
    reviewer.set_default_timeout(10_000)
    sign_in(reviewer, live_server, "remy@cnil.test")
    reviewer.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    row = reviewer.get_by_role("row", name=re.compile("CreditScore"))
    expect(row).to_contain_text("Ville de Lyon")
    row.get_by_role("link", name="CreditScore").click()
    reviewer.get_by_role("button", name="Start review").click()
    reviewer.get_by_role("button", name="Accept").click()
    reviewer.get_by_role("button", name="Confirm: Accept").click()
    expect(reviewer.get_by_role("status")).to_contain_text(
        f"Accepted: registered as EU-DEP-{timezone.now().year}-000001."
    )
    reviewer_context.close()
    assert Filing.objects.get(pk=entry.pk).status == "registered"
