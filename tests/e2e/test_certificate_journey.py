"""Issue 11's journey in a real Chromium: the lead assessor decides conformant and issues
the certificate from the dashboard, the provider downloads its PDF, a signed-out visitor
verifies it and checks the PDF, the lead suspends it and the visitor sees "Suspended" at once."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from aigov.documents.models import Document
from assessments.certificates.models import Certificate
from tests.conftest import private_storage
from tests.e2e.steps import (
    border_screening_at_nord,
    record_the_decision,
    sign_in,
    the_lead_opens_border_screening,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.e2e


def test_conformant_decision_to_a_certificate_the_public_sees_suspended(
    live_server, page, browser, settings, tmp_path
):
    settings.JOBS_RUN_IN_THREAD = True  # the PDF renders after the response, as in `make run`
    private_storage(settings, "documents", tmp_path / "documents")
    operator = border_screening_at_nord(["eu.art9"]).organization
    MembershipFactory(organization=operator, role="admin", user__email="ada@gridworks.test")

    # The lead decides and issues, starting from the dashboard.
    the_lead_opens_border_screening(page, live_server)
    record_the_decision(page, "conformant", "All requirements in scope are met.")
    page.get_by_role("link", name="Issue the certificate").click()
    page.get_by_role("button", name="Issue").click()
    expect(page.get_by_text(re.compile(r"Certificate .* issued\."))).to_be_visible()
    number = Certificate.objects.get().number
    expect(page.get_by_role("heading", name=number)).to_be_visible()

    # The provider finds it under Certificates and downloads its PDF.
    provider = browser.new_context(accept_downloads=True).new_page()
    sign_in(provider, live_server, "ada@gridworks.test")
    provider.get_by_role("navigation", name="Main").get_by_role("link", name="Certificates").click()
    provider.get_by_role("link", name=number).click()
    expect(provider.get_by_text("Valid", exact=True)).to_be_visible()
    provider.get_by_role("button", name="Certificate (PDF)").click()
    with provider.expect_download() as download:
        provider.get_by_role("link", name="Download the PDF").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == Document.objects.get().sha256

    # A signed-out visitor verifies it.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/register/")
    visitor.get_by_role("link", name="Verify a certificate").click()
    visitor.get_by_label("Certificate number").fill(number)
    visitor.get_by_role("button", name="Verify").click()
    expect(visitor.locator("[data-status]")).to_have_text("Valid")
    visitor.get_by_label("The PDF you were given").set_input_files(str(pdf))
    visitor.get_by_role("button", name="Check the PDF").click()
    expect(visitor.locator("[data-check]")).to_contain_text("Genuine")

    # The lead suspends it; the visitor sees it at once.
    suspend = page.locator("form").filter(has=page.get_by_role("button", name="Suspend"))
    suspend.get_by_label("Reasons").fill("Post-market data shows drift; under review.")
    suspend.get_by_role("button", name="Suspend").click()
    expect(page.get_by_text("Suspend: done.")).to_be_visible()
    visitor.goto(f"{live_server.url}/verify/{number}/")
    expect(visitor.locator("[data-status]")).to_have_text("Suspended")
    expect(visitor.get_by_text("Suspended: not in force")).to_be_visible()
