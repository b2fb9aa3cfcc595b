"""Evaluations in a real Chromium: from the dashboard an evaluation institute's assessor
posts an evaluation of a provider's GPAI model with a real Inspect log (written by
inspect_ai with its mock model); the log is read and its metrics shown. The provider then
finds it on its model's page, from its own dashboard."""

import pytest
from playwright.sync_api import expect

from tests.assessments.evaluations.inspect_logs import MODEL, TASK, write_inspect_log
from tests.e2e.steps import sign_in
from tests.factories import EvaluatorFactory, MembershipFactory, OrganizationFactory, make_model

pytestmark = pytest.mark.e2e


def test_an_evaluator_posts_an_inspect_log_and_the_provider_sees_it(
    live_server, page, tmp_path, evidence_root
):
    provider = OrganizationFactory(name="Lumen Models SAS", slug="lumen", country="FR")
    MembershipFactory(organization=provider, role="admin", user__email="gaelle@lumen.test")
    model = make_model(provider, name="Lumen Large", version="2")
    institute = EvaluatorFactory(name="Frontier Evaluation Institute", slug="fei", country="GB")
    MembershipFactory(organization=institute, role="assessor", user__email="eve@fei.test")
    log = write_inspect_log(tmp_path / "logs", "eval")

    sign_in(page, live_server, "eve@fei.test")
    block = page.locator("section", has=page.get_by_role("heading", name="Capability evaluations"))
    block.get_by_role("link", name="Post an evaluation").click()
    expect(page.get_by_role("heading", name="Post an evaluation")).to_be_visible()
    page.get_by_label("GPAI model ID").fill(str(model.pk))
    page.get_by_label("Domain").select_option("cbrn")
    page.get_by_label("Post-mitigation").check()
    page.locator("#id_framework").select_option("anthropic_rsp")
    page.locator("#id_level").select_option("asl-2")
    page.get_by_label("Result, in one line").fill("Below the ASL-3 CBRN threshold.")
    page.get_by_label("Summary").fill("Two-sample smoke run of the uplift task, with Inspect.")
    page.locator("#id_log").set_input_files(str(log))
    page.get_by_role("button", name="Post the evaluation").click()

    expect(page.get_by_text("The evaluation is posted.")).to_be_visible()
    expect(page.locator("#log-task")).to_have_text(TASK)
    expect(page.locator("#log-model")).to_have_text(MODEL)
    expect(page.locator("#log-samples")).to_have_text("2 of 2 completed")
    metrics = page.locator("#metrics")
    accuracy = metrics.get_by_role("row", name="includes includes accuracy 0.5", exact=True)
    expect(accuracy).to_be_visible()
    expect(page.get_by_text("ASL-2")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "gaelle@lumen.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="GPAI models").click()
    page.get_by_role("link", name="Lumen Large").first.click()
    panel = page.locator("section", has=page.get_by_role("heading", name="Evaluations"))
    expect(panel).to_contain_text("Below the ASL-3 CBRN threshold.")
    expect(panel).to_contain_text("Frontier Evaluation Institute")
    panel.get_by_role("link", name="Chemical, biological, radiological and nuclear (CBRN)").click()
    expect(page.locator("#metrics")).to_contain_text("accuracy")
    expect(page.locator("#log-samples")).to_have_text("2 of 2 completed")
