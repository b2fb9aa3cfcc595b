"""Evidence in a real Chromium: from the dashboard a provider opens its assessment,
tries an executable named like a PDF (refused next to the field, the title it typed
kept), then uploads the technical documentation as a PDF and sees it accepted with its
SHA-256, as version 1, with a new checklist run started."""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.assessments.conformity.test_evidence import EXE, PDF
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, make_assessment

pytestmark = pytest.mark.e2e


def test_a_provider_uploads_technical_documentation(live_server, page, evidence_root, tmp_path):
    operator = OrganizationFactory(name="Gridworks AG", slug="gridworks", country="DE")
    MembershipFactory(organization=operator, role="editor", user__email="ines@gridworks.test")
    assessment = make_assessment(operator, status="in_progress")
    executable = tmp_path / "setup.pdf"
    executable.write_bytes(EXE)
    document = tmp_path / "technical-documentation.pdf"
    document.write_bytes(PDF)

    sign_in(page, live_server, "ines@gridworks.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name=assessment.subject_name).click()
    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("heading", name="Evidence")).to_be_visible()
    expect(evidence).to_contain_text("No evidence yet.")

    evidence.locator("#id_title").fill("Technical documentation (Annex IV)")
    evidence.locator("#id_requirement").select_option("eu.art11")
    evidence.locator("#id_file").set_input_files(str(executable))
    evidence.get_by_role("button", name="Upload the document").click()
    expect(page.locator(".error-summary")).to_contain_text("The document was not added")
    expect(page.locator("#id_file_error")).to_contain_text("Windows executable")
    expect(page.locator("#id_title")).to_have_value("Technical documentation (Annex IV)")
    expect(page.locator("#id_requirement")).to_have_value("eu.art11")
    assert not evidence_root.exists() or not any(evidence_root.rglob("*.*"))

    page.locator("#id_file").set_input_files(str(document))
    page.get_by_role("button", name="Upload the document").click()
    expect(page.get_by_text("is accepted as version 1")).to_be_visible()
    expect(page.get_by_text("A new checklist run has started.")).to_be_visible()
    row = page.locator("#evidence tbody tr").first
    expect(row).to_contain_text("Technical documentation (Annex IV)")
    expect(row.locator(".evidence-status")).to_have_text("Accepted")
    expect(row.locator("code.sha")).to_have_text(hashlib.sha256(PDF).hexdigest())
    expect(page.locator("#checklist-run")).to_contain_text("Run 1")
    with page.expect_download() as downloaded:
        row.get_by_role("link", name="Download").click()
    assert downloaded.value.suggested_filename == "technical-documentation-v1.pdf"
    assert Path(downloaded.value.path()).read_bytes() == PDF
