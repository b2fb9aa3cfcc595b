"""Lead assessors review what assessors post before the decision (issue 10, item 5): an
assessor's finding is proposed, seen by the notified body only, until its lead releases
it to the provider or returns it with a reason; the decision waits for the review."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from aigov.audit.models import AuditEvent
from assessments.conformity.models import ConformityAssessment, Finding
from tests.conftest import login, member
from tests.factories import (
    AssessorFactory,
    AuthorityFactory,
    make_assessment,
    make_filing,
    make_system,
)

NARRATIVE = "The risk management plan has no review dates."


def api(organization, role):
    return login(APIClient(), member(organization, role), organization)


def browser(organization, role):
    return login(Client(), member(organization, role), organization)


def post(client, url, body=None, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, body or {}, format="json", **headers)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def body(db):
    return AssessorFactory(name="Notified Body Review", slug="nb-review")


@pytest.fixture
def assessment(owner, body):
    return make_assessment(owner, assessor_organization=body, requirements=["eu.art9", "eu.art10"])


def findings_url(assessment):
    return f"/api/v1/assessments/{assessment.pk}/findings/"


def propose(client, assessment, key="p1", outcome="minor_nc", requirement="eu.art9"):
    response = post(
        client,
        findings_url(assessment),
        {"requirement": requirement, "outcome": outcome, "narrative": NARRATIVE},
        key=key,
    )
    assert response.status_code == 201, response.content
    return response.json()


def provider_sees(client, assessment, finding_id) -> dict:
    """Where the provider could find the finding over the API, and whether it does."""
    detail = client.get(f"/api/v1/findings/{finding_id}/")
    listed = [f["id"] for f in client.get("/api/v1/findings/").json()["results"]]
    of_assessment = [f["id"] for f in client.get(findings_url(assessment)).json()]
    rows = client.get(f"/api/v1/assessments/{assessment.pk}/requirements/").json()
    in_requirements = [f["id"] for row in rows for f in row["findings"]]
    return {
        "detail": detail.status_code,
        "list": finding_id in listed,
        "assessment": finding_id in of_assessment,
        "requirements": finding_id in in_requirements,
    }


@pytest.mark.django_db
def test_an_assessors_finding_is_proposed_and_hidden_from_the_provider_until_released(
    owner, body, assessment
):
    assessor, lead = api(body, "assessor"), api(body, "lead")
    provider = api(owner, "admin")
    finding = propose(assessor, assessment)
    assert finding["status"] == "proposed"
    assert Finding.objects.get(pk=finding["id"]).status == "proposed"

    hidden = {"detail": 404, "list": False, "assessment": False, "requirements": False}
    assert provider_sees(provider, assessment, finding["id"]) == hidden
    # Nor can the provider answer what it cannot see.
    answer = post(provider, f"/api/v1/findings/{finding['id']}/answer/", {"response": "x"})
    assert answer.status_code == 404
    # The notified body sees it: its assessors and its lead.
    assert assessor.get(f"/api/v1/findings/{finding['id']}/").json()["status"] == "proposed"
    assert finding["id"] in [f["id"] for f in lead.get(findings_url(assessment)).json()]

    # Only the lead releases it.
    refused = post(assessor, f"/api/v1/findings/{finding['id']}/release/")
    assert refused.status_code == 403
    released = post(lead, f"/api/v1/findings/{finding['id']}/release/")
    assert released.status_code == 200, released.content
    assert released.json()["status"] == "open"
    assert released.json()["reviewed_at"]

    shown = {"detail": 200, "list": True, "assessment": True, "requirements": True}
    assert provider_sees(provider, assessment, finding["id"]) == shown
    again = post(lead, f"/api/v1/findings/{finding['id']}/release/")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    actions = AuditEvent.objects.filter(object_id=finding["id"]).values_list("action", flat=True)
    assert sorted(actions) == ["finding.proposed", "finding.released"]


@pytest.mark.django_db
def test_an_authority_does_not_see_a_proposed_finding_either(owner, body, assessment):
    authority = AuthorityFactory()
    make_filing(owner, status="submitted", ai_system=assessment.ai_system, authority=authority)
    finding = propose(api(body, "assessor"), assessment)
    reader = api(authority, "supervisor")
    assert reader.get(f"/api/v1/findings/{finding['id']}/").status_code == 404
    post(api(body, "lead"), f"/api/v1/findings/{finding['id']}/release/")
    assert reader.get(f"/api/v1/findings/{finding['id']}/").status_code == 200


@pytest.mark.django_db
def test_a_leads_finding_and_internal_control_are_released_at_once(owner, body, assessment):
    by_lead = propose(api(body, "lead"), assessment, key="lead-1")
    assert by_lead["status"] == "open"
    observation = propose(api(body, "lead"), assessment, key="lead-2", outcome="observation")
    assert observation["status"] == "closed"
    provider = api(owner, "admin")
    assert provider.get(f"/api/v1/findings/{by_lead['id']}/").status_code == 200

    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    created = post(
        provider, "/api/v1/assessments/", {"procedure": "annex_vi", "ai_system": str(system.pk)}
    )
    internal = ConformityAssessment.objects.get(pk=created.json()["id"])
    own = propose(api(owner, "editor"), internal, key="self-1", outcome="major_nc")
    assert own["status"] == "open"


@pytest.mark.django_db
def test_an_assessors_observation_is_released_closed(body, assessment):
    finding = propose(api(body, "assessor"), assessment, outcome="observation")
    assert finding["status"] == "proposed"
    released = post(api(body, "lead"), f"/api/v1/findings/{finding['id']}/release/")
    assert released.json()["status"] == "closed"


@pytest.mark.django_db
def test_the_lead_returns_a_finding_with_a_reason_and_the_assessor_posts_a_corrected_one(
    owner, body, assessment
):
    assessor, lead = api(body, "assessor"), api(body, "lead")
    finding = propose(assessor, assessment)
    return_url = f"/api/v1/findings/{finding['id']}/return/"
    missing = post(lead, return_url, {"reason": "  "})
    assert missing.status_code in (400, 422)
    assert "reason" in missing.json()["errors"]
    assert post(assessor, return_url, {"reason": "No."}).status_code == 403
    returned = post(lead, return_url, {"reason": "Cite the plan's section."})
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "Cite the plan's section."
    assert post(lead, f"/api/v1/findings/{finding['id']}/release/").status_code == 409

    # Never shown to the provider; the assessor sees why and posts a corrected finding.
    provider = api(owner, "admin")
    assert provider.get(f"/api/v1/findings/{finding['id']}/").status_code == 404
    seen = assessor.get(f"/api/v1/findings/{finding['id']}/").json()
    assert seen["return_reason"] == "Cite the plan's section."
    corrected = propose(assessor, assessment, key="p2")
    assert corrected["status"] == "proposed" and corrected["id"] != finding["id"]


@pytest.mark.django_db
def test_the_decision_is_refused_while_a_finding_is_proposed(owner, body, assessment):
    assessor, lead = api(body, "assessor"), api(body, "lead")
    first = propose(assessor, assessment, key="p1", outcome="observation")
    second = propose(assessor, assessment, key="p2", outcome="conformant", requirement="eu.art10")
    decide = f"/api/v1/assessments/{assessment.pk}/decide/"
    body_ = {"decision": "conformant", "reason": "All met."}

    refused = post(lead, decide, body_)
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    detail = refused.json()["detail"]
    assert first["id"] in detail and second["id"] in detail and "eu.art10" in detail
    assessment.refresh_from_db()
    assert assessment.status == "in_progress" and assessment.decision == ""

    post(lead, f"/api/v1/findings/{first['id']}/release/")
    still = post(lead, decide, body_)
    assert still.status_code == 409
    assert second["id"] in still.json()["detail"] and first["id"] not in still.json()["detail"]

    post(lead, f"/api/v1/findings/{second['id']}/return/", {"reason": "Not needed."})
    decided = post(lead, decide, body_)
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "decided"


@pytest.mark.django_db
def test_the_assessment_page_lists_proposed_findings_with_release_and_return_for_the_lead(
    owner, body, assessment
):
    detail = f"/assessments/{assessment.pk}/"
    assessor, lead = browser(body, "assessor"), browser(body, "lead")
    provider = browser(owner, "admin")
    recorded = assessor.post(
        f"/assessments/{assessment.pk}/finding/",
        {"requirement": "eu.art9", "outcome": "minor_nc", "narrative": NARRATIVE},
        follow=True,
    )
    assert "a lead assessor reviews it before the provider sees it" in text(recorded)
    finding = Finding.objects.get()
    assert finding.status == "proposed"

    as_assessor = text(assessor.get(detail))
    assert "Proposed findings awaiting review" in as_assessor and NARRATIVE in as_assessor
    assert "Release to the provider" not in as_assessor
    as_lead = text(lead.get(detail))
    assert "Release to the provider" in as_lead and "Return to the assessor" in as_lead
    page = provider.get(detail)
    assert page.status_code == 200
    assert NARRATIVE not in text(page) and "Proposed findings" not in text(page)
    assert provider.get(f"/findings/{finding.pk}/answer/").status_code in (404, 405)
    assert provider.post(f"/findings/{finding.pk}/answer/", {}).status_code == 404

    # The decision waits for the review, with the reason on the page.
    decided = lead.post(
        f"/assessments/{assessment.pk}/transition/",
        {"verb": "decide", "decide-decision": "not_conformant", "decide-reason": "Gaps."},
        follow=True,
    )
    assert "Release or return the proposed findings before the decision" in text(decided)

    # Returning needs a reason; the assessor may not review.
    empty = lead.post(f"/findings/{finding.pk}/return/", {f"{finding.pk}-reason": ""})
    assert empty.status_code == 400
    assert "This field is required" in text(empty)
    assert assessor.post(f"/findings/{finding.pk}/release/").status_code == 403
    released = lead.post(f"/findings/{finding.pk}/release/", follow=True)
    assert "The finding is released to the provider." in text(released)
    shown = text(provider.get(detail))
    assert NARRATIVE in shown and "Send the answer" in shown


@pytest.mark.django_db
def test_a_returned_finding_shows_the_reason_to_the_body_only(owner, body, assessment):
    detail = f"/assessments/{assessment.pk}/"
    finding = propose(api(body, "assessor"), assessment)
    lead = browser(body, "lead")
    returned = lead.post(
        f"/findings/{finding['id']}/return/",
        {f"{finding['id']}-reason": "Name the missing review dates."},
        follow=True,
    )
    assert "The finding is returned to the assessor." in text(returned)
    page = text(browser(body, "assessor").get(detail))
    assert "Returned by the lead assessor: Name the missing review dates." in page
    assert "Name the missing review dates." not in text(browser(owner, "admin").get(detail))
