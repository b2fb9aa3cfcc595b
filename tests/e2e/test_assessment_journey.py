"""A notified-body assessment in a real Chromium: from the dashboard a provider opens its
high-risk system and requests an Annex VII assessment; the notified body accepts it and
posts a minor nonconformity over the API (with an Idempotency-Key); the provider uploads
its technical documentation (which starts the automated checks, followed live) and
answers the finding in the browser; the body closes it and decides conformant; the
provider sees the decision."""

import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from aigov.jobs.models import Job
from aigov.jobs.services import job_run
from tests.assessments.conformity.test_evidence import PDF
from tests.conftest import login
from tests.e2e.steps import sign_in
from tests.factories import AssessorFactory, MembershipFactory, OrganizationFactory, make_system

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("evidence_root")]  # a private store


def test_an_annex_vii_assessment_from_request_to_decision(live_server, page, tmp_path):
    operator = OrganizationFactory(name="Gridworks AG", slug="gridworks", country="DE")
    MembershipFactory(organization=operator, role="editor", user__email="ines@gridworks.test")
    make_system(
        operator,
        name="Grid balancer",
        profile={"annex_iii_point": "2", "annex_i_product": False},
    )
    system = make_system(
        operator,
        name="Border screening",
        profile={"annex_iii_point": "1(a)", "harmonised_standards": "none"},
    )
    body = AssessorFactory(name="Prüfstelle Nord", slug="pruefstelle-nord")
    lead = MembershipFactory(organization=body, role="lead", user__email="lea@nord.test").user
    api = login(APIClient(), lead, body)

    sign_in(page, live_server, "ines@gridworks.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="AI systems").click()
    page.get_by_role("link", name="Border screening").click()
    page.get_by_role("link", name="Request a conformity assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a conformity assessment")
    page.get_by_label("Assessment by a notified body (EU AI Act Annex VII)").check()
    page.get_by_role("combobox", name=re.compile("Notified body")).select_option(
        label="Prüfstelle Nord"
    )
    page.get_by_role("button", name="Request the assessment").click()
    expect(page.locator(".error-summary")).to_contain_text("not been lodged")
    page.get_by_label(re.compile("has not been lodged with any other notified body")).check()
    page.get_by_role("button", name="Request the assessment").click()
    expect(page.get_by_text("Requested from Prüfstelle Nord")).to_be_visible()
    expect(page.locator(".assessment-status").first).to_have_text("Requested")

    # The notified body works it over the API.
    assessment = api.get("/api/v1/assessments/").json()["results"][0]
    assert assessment["subject"]["id"] == str(system.pk)
    base = f"/api/v1/assessments/{assessment['id']}/"
    assert api.post(base + "accept/", {}, format="json").status_code == 200
    assert api.post(base + "start/", {}, format="json").status_code == 200
    finding = api.post(
        base + "findings/",
        {
            "requirement": "eu.art9",
            "outcome": "minor_nc",
            "narrative": "The risk management plan names no review intervals.",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="finding-1",
    ).json()

    # The provider finds the nonconformity from its assessments list, runs the automated
    # checks (a worker picks the job up; the page follows its progress) and answers it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name="Border screening").click()
    # It uploads its technical documentation, which starts a checklist run.
    document = tmp_path / "technical-documentation.pdf"
    document.write_bytes(PDF)
    evidence = page.locator("#evidence")
    evidence.locator("#id_title").fill("Technical documentation (Annex IV)")
    evidence.locator("#id_requirement").select_option("eu.art11")
    evidence.locator("#id_file").set_input_files(str(document))
    evidence.get_by_role("button", name="Upload the document").click()
    expect(page.get_by_text("is accepted as version 1")).to_be_visible()
    expect(page.get_by_text("A new checklist run has started.")).to_be_visible()
    expect(page.locator("#checklist-run")).to_contain_text("Run 1")
    job_run(Job.objects.get(kind="conformity.checklist_run").pk)
    results = page.locator("#checklist-run table")
    expect(results).to_contain_text("eu.art49")  # polled in without a reload
    expect(results).to_contain_text("Not registered yet: eu.high_risk.")
    expect(page.locator("#checklist-progress")).to_have_attribute("value", "100")
    expect(page.get_by_text("The risk management plan names no review intervals.")).to_be_visible()
    page.get_by_label("Corrective action").fill("Quarterly reviews added to the plan, v2.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is sent to the assessor.")).to_be_visible()

    closed = api.post(f"/api/v1/findings/{finding['id']}/close/", {}, format="json")
    assert closed.json()["status"] == "closed"
    decided = api.post(
        base + "decide/",
        {"decision": "conformant", "reason": "All requirements met."},
        format="json",
    )
    assert decided.status_code == 200, decided.content

    page.reload()
    expect(page.locator(".page-header")).to_contain_text("Decision: Conformant")
    expect(page.get_by_text("Quarterly reviews added to the plan, v2.")).to_be_visible()
