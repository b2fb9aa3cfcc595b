"""Conformity assessments over the API: a provider requests one, the notified body works
it (findings with Idempotency-Key, information requests, a decision), the provider
answers; internal control by the provider itself; who sees and does what."""

import threading

import pytest
from rest_framework.test import APIClient

from assessments.catalogues.catalogue import get as requirement_get
from assessments.conformity.models import ConformityAssessment, Finding
from assessments.conformity.services import requirements_in_scope
from tests.conftest import login, member, run_concurrently
from tests.factories import (
    AssessorFactory,
    AuthorityFactory,
    make_assessment,
    make_filing,
    make_system,
)

HIGH_RISK_NOTIFIED_BODY = {"annex_iii_point": "1(a)", "harmonised_standards": "none"}
HIGH_RISK_INTERNAL = {"annex_iii_point": "5(b)"}


def client_of(organization, role):
    return login(APIClient(), member(organization, role), organization)


def post(client, url, body=None, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, body or {}, format="json", **headers)


@pytest.fixture
def body(db):
    return AssessorFactory(name="TÜV Test", slug="tuv-test")


@pytest.fixture
def requested(owner, body):
    system = make_system(owner, profile=HIGH_RISK_NOTIFIED_BODY)
    response = post(
        client_of(owner, "editor"),
        "/api/v1/assessments/",
        {
            "procedure": "annex_vii",
            "ai_system": str(system.pk),
            "assessor_organization": "tuv-test",
            "not_lodged_elsewhere": True,
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def url(assessment, verb=""):
    return f"/api/v1/assessments/{assessment['id']}/" + (f"{verb}/" if verb else "")


@pytest.mark.django_db
def test_the_request_carries_the_requirements_in_scope(requested, owner):
    assert requested["status"] == "requested"
    assert requested["subject"]["kind"] == "ai_system"
    assert requested["assessor_organization"]["slug"] == "tuv-test"
    assert "eu.art9" in requested["requirements"]
    assert not any(code.startswith(("cn.", "us_ca.")) for code in requested["requirements"])
    rows = client_of(owner, "viewer").get(url(requested, "requirements")).json()
    assert [row["code"] for row in rows] == requested["requirements"]
    assert all(row["title"] and row["basis"] and row["findings"] == [] for row in rows)


@pytest.mark.django_db
def test_a_request_is_refused_with_the_field_named_and_nothing_stored(owner, body):
    system = make_system(owner, profile=HIGH_RISK_NOTIFIED_BODY)
    minimal = make_system(owner)
    client = client_of(owner, "editor")
    cases = [
        ({"procedure": "annex_vii", "ai_system": str(system.pk)}, "assessor_organization"),
        (
            {
                "procedure": "annex_vii",
                "ai_system": str(system.pk),
                "assessor_organization": "tuv-test",
            },
            "not_lodged_elsewhere",
        ),
        ({"procedure": "annex_vi", "ai_system": str(minimal.pk)}, "procedure"),
        ({"procedure": "annex_vi"}, "ai_system"),
        ({"procedure": "annex_vi", "ai_system": str(system.pk), "extra": 1}, "extra"),
    ]
    for payload, field in cases:
        response = post(client, "/api/v1/assessments/", payload)
        assert response.status_code in (400, 422), (payload, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"], (payload, response.json())
    assert not ConformityAssessment.objects.exists()


@pytest.mark.django_db
def test_one_open_annex_vii_application_per_version(requested, owner, body):
    again = {
        "procedure": "annex_vii",
        "ai_system": requested["subject"]["id"],
        "assessor_organization": AssessorFactory(slug="other-body").slug,
        "not_lodged_elsewhere": True,
    }
    response = post(client_of(owner, "editor"), "/api/v1/assessments/", again)
    assert response.status_code in (400, 422)
    assert "already open" in str(response.json()["errors"]["procedure"])

    # Once the first body declines, the application may go to another.
    declined = post(client_of(body, "lead"), url(requested, "decline"), {"reason": "No capacity."})
    assert declined.status_code == 200, declined.content
    assert post(client_of(owner, "editor"), "/api/v1/assessments/", again).status_code == 201


@pytest.mark.django_db
def test_the_assessor_sees_only_its_assignments_and_loses_them_when_it_declines(
    requested, owner, body
):
    lead = client_of(body, "lead")
    other = client_of(AssessorFactory(), "lead")
    assert [a["id"] for a in lead.get("/api/v1/assessments/").json()["results"]] == [
        requested["id"]
    ]
    assert other.get("/api/v1/assessments/").json()["results"] == []
    assert other.get(url(requested)).status_code == 404
    assert (
        post(lead, url(requested, "decline"), {"reason": "Conflict of interest."}).status_code
        == 200
    )
    assert lead.get(url(requested)).status_code == 404
    assert client_of(owner, "viewer").get(url(requested)).json()["status"] == "declined"


@pytest.mark.django_db
def test_the_whole_annex_vii_journey(requested, owner, body):
    lead, assessor = client_of(body, "lead"), client_of(body, "assessor")
    provider = client_of(owner, "editor")
    assert post(lead, url(requested, "accept")).json()["status"] == "accepted"
    assert post(assessor, url(requested, "start")).json()["actions"] == ["request_information"]

    finding_body = {
        "requirement": "eu.art9",
        "outcome": "minor_nc",
        "narrative": "The risk management plan has no review dates.",
    }
    missing_key = post(assessor, url(requested, "findings"), finding_body)
    assert missing_key.status_code == 428
    assert "Idempotency-Key" in missing_key.json()["detail"]
    out_of_scope = post(
        assessor, url(requested, "findings"), {**finding_body, "requirement": "cn.x"}, key="k0"
    )
    assert out_of_scope.status_code in (400, 422)
    assert "requirement" in out_of_scope.json()["errors"]
    finding = post(assessor, url(requested, "findings"), finding_body, key="k1").json()
    # An assessor proposes; the lead releases it to the provider (tests/…/test_lead_review.py).
    assert finding["status"] == "proposed"
    released = post(lead, f"/api/v1/findings/{finding['id']}/release/")
    assert released.json()["status"] == "open"

    # The provider may not decide; a conformant decision waits for the nonconformity.
    assert post(provider, url(requested, "decide"), {"decision": "conformant"}).status_code == 403
    early = post(lead, url(requested, "decide"), {"decision": "conformant", "reason": "Fine."})
    assert early.status_code in (400, 422)
    assert "decision" in early.json()["errors"]

    asked = post(lead, url(requested, "request-information"), {"reason": "Send the plan."})
    assert asked.json()["status"] == "information_requested"
    answered = post(provider, url(requested, "provide-information"), {"reason": "Attached v2."})
    assert answered.json()["status"] == "in_progress"

    finding_url = f"/api/v1/findings/{finding['id']}/"
    assert post(assessor, finding_url + "answer/", {"response": "x"}).status_code == 403
    fixed = post(provider, finding_url + "answer/", {"response": "Review dates added."})
    assert fixed.json()["status"] == "answered"
    assert post(assessor, finding_url + "close/").json()["status"] == "closed"

    # Only the lead records the decision (an assessor's role may not).
    assert (
        post(
            assessor, url(requested, "decide"), {"decision": "conformant", "reason": "ok"}
        ).status_code
        == 403
    )
    decided = post(lead, url(requested, "decide"), {"decision": "conformant", "reason": "All met."})
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "conformant"
    rows = provider.get(url(requested, "requirements")).json()
    art9 = next(row for row in rows if row["code"] == "eu.art9")
    assert [f["status"] for f in art9["findings"]] == ["closed"]
    timeline = ConformityAssessment.objects.get(pk=requested["id"]).events.values_list(
        "transition", flat=True
    )
    assert list(timeline) == [
        "accept",
        "start",
        "request_information",
        "provide_information",
        "decide",
    ]


@pytest.mark.django_db
def test_internal_control_is_carried_out_by_the_provider(owner):
    system = make_system(owner, profile=HIGH_RISK_INTERNAL)
    client = client_of(owner, "admin")
    created = post(
        client, "/api/v1/assessments/", {"procedure": "annex_vi", "ai_system": str(system.pk)}
    )
    assert created.status_code == 201, created.content
    assessment = created.json()
    assert assessment["status"] == "in_progress"
    assert assessment["assessor_organization"] is None
    body = {"requirement": "eu.art9", "outcome": "conformant", "narrative": "Plan reviewed."}
    assert post(client, url(assessment, "findings"), body, key="self-1").status_code == 201
    decided = post(client, url(assessment, "decide"), {"decision": "conformant", "reason": "Met."})
    assert decided.json()["status"] == "decided"


@pytest.mark.django_db
def test_an_authority_reads_assessments_of_what_was_filed_with_it_and_acts_on_none(
    requested, owner
):
    from registry.models import AISystem

    authority = AuthorityFactory()
    reader = client_of(authority, "supervisor")
    assert reader.get(url(requested)).status_code == 404
    system = AISystem.objects.get(pk=requested["subject"]["id"])
    make_filing(owner, status="submitted", ai_system=system, authority=authority)
    shown = reader.get(url(requested))
    assert shown.status_code == 200
    assert shown.json()["actions"] == []
    assert post(reader, url(requested, "accept")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_finding_posts_create_one_finding(owner, body):
    assessment = make_assessment(owner, assessor_organization=body, requirements=["eu.art9"])
    user = member(body, "assessor")
    finding_body = {"requirement": "eu.art9", "outcome": "observation", "narrative": "Noted."}
    statuses, barrier = [], threading.Barrier(20)

    def send():
        client = login(APIClient(), user, body)
        barrier.wait()
        response = post(
            client, f"/api/v1/assessments/{assessment.pk}/findings/", finding_body, key="same"
        )
        statuses.append(response.status_code)

    run_concurrently(*[send] * 20)
    assert Finding.objects.filter(assessment=assessment).count() == 1
    assert set(statuses) <= {201, 409}
    assert statuses.count(201) >= 1


def catalogue_of(code: str) -> str:
    return requirement_get(code).catalogue


def test_a_procedure_assesses_only_its_catalogues(owner):
    # High-risk (Annex III 1(a)) and talking to people (Art. 50): the conformity
    # assessment covers the high-risk requirements, not the transparency duty.
    system = make_system(
        owner,
        profile={
            "annex_iii_point": "1(a)",
            "harmonised_standards": "none",
            "interacts_with_persons": True,
        },
    )
    assert "eu.art50" in (system.classification["eu"]["obligations"])

    codes = requirements_in_scope(system.classification, "annex_vii")

    assert "eu.art9" in codes and "eu.annex_iv.2" in codes and "eu.art49" in codes
    assert not any(code.startswith("eu.art50") for code in codes)
    assert {catalogue_of(code) for code in codes} <= {"eu.high_risk", "eu.registration"}
