"""The honest import in a real Chromium: from the dashboard, upload the Epoch extract, read
the preview's counts (nothing written yet), confirm, watch the progress bar reach 100 %
while the job runs after the response (in a thread, as in `make run`), find the models
marked as imported, and hide them with the filter."""

import pytest
from playwright.sync_api import expect

from registry.models import GPAIModel
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_model

pytestmark = pytest.mark.e2e


def test_provider_previews_imports_and_hides_the_epoch_extract(
    live_server, page, settings, tmp_path
):
    settings.JOBS_RUN_IN_THREAD = True  # the embedded mode: jobs run after the response
    settings.MEDIA_ROOT = tmp_path
    operator = OrganizationFactory(name="Lumen Models BV", slug="lumen", country="NL")
    user = UserFactory(email="ines@lumen.test")
    MembershipFactory(user=user, organization=operator, role="editor")
    make_model(operator, name="Lumen-7B", parameters=7_000_000_000)

    sign_in(page, live_server, "ines@lumen.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="GPAI models").click()
    page.get_by_role("link", name="Import models from a CSV").click()
    page.get_by_label("CSV file").set_input_files(str(settings.EPOCH_DEMO_CSV))
    page.get_by_role("button", name="Upload and import").click()

    # The preview: counts before anything is written.
    expect(page.get_by_role("heading", level=1)).to_have_text("Import preview")
    # Create, update, leave unchanged, skip: polled in by htmx, without a reload.
    counts = page.locator("#import-preview-counts dd")
    expect(counts).to_have_text(["297 models", "0 models", "0 models", "1 row"])
    expect(page.get_by_text("same model name as row 124")).to_be_visible()
    assert GPAIModel.objects.filter(organization=operator).count() == 1

    page.get_by_role("button", name="Import 297 models").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of GPAI models")
    expect(page.locator("#job-progress-bar")).to_have_attribute("value", "100")
    expect(page.locator("#job-progress")).to_contain_text("Succeeded")
    expect(page.locator("#job-progress")).to_contain_text("File SHA-256")
    assert GPAIModel.objects.filter(organization=operator, imported_at__isnull=False).count() == 297

    # The list marks the imported reference data; the filter hides it.
    page.get_by_role("link", name="See your GPAI models").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("General-purpose AI models")
    expect(page.get_by_text("Imported · Epoch AI").first).to_be_visible()
    page.get_by_label("Hide imported reference data (e.g. Epoch AI)").check()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Lumen-7B")).to_be_visible()
    expect(page.get_by_text("Imported · Epoch AI")).to_have_count(0)
    expect(page.locator("tbody tr")).to_have_count(1)
