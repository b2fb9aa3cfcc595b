"""The assessment pages: requesting from a system's page, the assessor's assignments,
acting on the page as the workflow allows, and who may see what."""

import re

import pytest
from django.test import Client

from assessments.conformity.models import ConformityAssessment, Finding
from tests.conftest import login, member
from tests.factories import AssessorFactory, AuthorityFactory, make_assessment, make_system

HIGH_RISK_NOTIFIED_BODY = {"annex_iii_point": "1(a)", "harmonised_standards": "none"}


def signed_in(organization, role):
    return login(Client(), member(organization, role), organization)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def body(db):
    return AssessorFactory(name="Notified Body One", slug="nb-one", identification_number="NB 9999")


@pytest.mark.django_db
def test_a_provider_requests_from_the_system_page_and_the_body_works_it(owner, body):
    system = make_system(owner, profile=HIGH_RISK_NOTIFIED_BODY, name="Grid controller")
    provider = signed_in(owner, "editor")
    page = provider.get(f"/systems/{system.pk}/")
    link = f"/assessments/new/?ai_system={system.pk}"
    assert link in page.content.decode()

    form = provider.get(link)
    assert "Assessment by a notified body (EU AI Act Annex VII)" in text(form)
    missing = provider.post(
        "/assessments/new/",
        {"ai_system": str(system.pk), "procedure": "annex_vii", "assessor_organization": body.pk},
    )
    assert missing.status_code == 400
    assert "has not been lodged with any other notified body" in text(missing)
    assert not ConformityAssessment.objects.exists()

    created = provider.post(
        "/assessments/new/",
        {
            "ai_system": str(system.pk),
            "procedure": "annex_vii",
            "assessor_organization": body.pk,
            "not_lodged_elsewhere": "on",
        },
        follow=True,
    )
    assert "Requested from Notified Body One" in text(created)
    assessment = ConformityAssessment.objects.get()

    lead = signed_in(body, "lead")
    assignments = text(lead.get("/assessments/"))
    assert "Assignments" in assignments and "Grid controller" in assignments
    detail = f"/assessments/{assessment.pk}/"
    action = f"/assessments/{assessment.pk}/transition/"
    assert "Accept" in text(lead.get(detail))
    lead.post(action, {"verb": "accept"})
    lead.post(action, {"verb": "start"})
    recorded = lead.post(
        f"/assessments/{assessment.pk}/finding/",
        {"requirement": "eu.art9", "outcome": "minor_nc", "narrative": "No review dates."},
        follow=True,
    )
    assert "The finding is recorded." in text(recorded)
    finding = Finding.objects.get()

    # The provider answers the nonconformity on the same page.
    page = text(provider.get(detail))
    assert "No review dates." in page and "Send the answer" in page
    provider.post(
        f"/findings/{finding.pk}/answer/", {f"{finding.pk}-response": "Review dates added."}
    )
    assert "Accept the corrective action" in text(lead.get(detail))
    lead.post(f"/findings/{finding.pk}/close/")

    empty_reason = lead.post(action, {"verb": "decide", "decide-decision": "conformant"})
    assert empty_reason.status_code == 400
    assert "Give a reason" in text(empty_reason)
    decided = lead.post(
        action,
        {"verb": "decide", "decide-decision": "conformant", "decide-reason": "All met."},
        follow=True,
    )
    assert "the assessment is now “Decided”" in text(decided)
    assert "Conformant" in text(provider.get("/assessments/"))


@pytest.mark.django_db
def test_other_organisations_get_404_and_authorities_read_only(owner, body):
    assessment = make_assessment(
        owner, status="requested", assessor_organization=body, requirements=["eu.art9"]
    )
    system = assessment.ai_system
    detail = f"/assessments/{assessment.pk}/"
    for stranger in (AssessorFactory(), AuthorityFactory()):
        client = signed_in(stranger, "lead" if stranger.kind == "assessor" else "supervisor")
        assert client.get(detail).status_code == 404
        assert client.post(detail + "transition/", {"verb": "accept"}).status_code == 404
        assert system.name not in text(client.get("/assessments/"))
    assert (
        signed_in(owner, "viewer").get("/assessments/new/?ai_system=" + str(system.pk)).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_checklist_runs_from_the_page_and_its_progress_is_polled(owner):
    from aigov.jobs.services import job_run
    from assessments.conformity.models import ChecklistRun
    from tests.factories import make_assessment

    assessment = make_assessment(owner)
    provider = signed_in(owner, "editor")
    started = provider.post(f"/assessments/{assessment.pk}/checklist/", follow=True)
    assert "The automated checks are running." in text(started)
    run = ChecklistRun.objects.get()
    progress = f"/checklist-runs/{run.pk}/progress/"
    assert provider.get(progress).status_code == 200  # still running: keep polling
    job_run(run.job_id)
    finished = provider.get(progress)
    assert finished.status_code == 286  # htmx: stop polling
    assert "Not registered yet" in text(finished)
    assert signed_in(AssessorFactory(), "lead").get(progress).status_code == 404
    assert (
        signed_in(owner, "viewer").post(f"/assessments/{assessment.pk}/checklist/").status_code
        == 403
    )
