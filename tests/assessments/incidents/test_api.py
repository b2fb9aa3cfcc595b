"""`/api/v1/incidents/`: create, report in stages, triage; problem+json naming the field;
an incident reaches only the authorities it is routed to; constant list queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.incidents.models import IncidentReport, IncidentSubmission
from tests.conftest import login, member
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _client(api_client, organization, role):
    return login(api_client, member(organization, role), organization)


def _body(system, **overrides):
    aware = timezone.now() - timedelta(hours=1)
    return {
        "regime": "eu",
        "category": "death",
        "ai_system": str(system.pk),
        "title": "Patient died after a triage error",
        "occurred_at": (aware - timedelta(hours=2)).isoformat(),
        "aware_at": aware.isoformat(),
        "member_states": ["DE"],
        "what_happened": "An emergency was ranked as routine.",
        **overrides,
    }


def test_the_provider_reports_and_the_routed_authority_acknowledges(
    api_client, owner, system, authority, msa_fr
):
    client = _client(api_client, owner, "editor")
    created = client.post("/api/v1/incidents/", _body(system), format="json")
    assert created.status_code == 201, created.content
    incident = created.json()
    assert incident["status"] == "draft"
    report = next(c for c in incident["clocks"] if c["key"] == "report")
    assert report["countdown"] == "10 days left"
    assert report["due_local"].endswith("23:59 (Brussels time)")
    assert "Art. 73(4)" in report["basis"]

    url = f"/api/v1/incidents/{incident['id']}/"
    initial = client.post(url + "reports/", {"stage": "initial"}, format="json")
    assert initial.status_code == 201, initial.content
    assert len(initial.json()["sha256"]) == 64
    incomplete = client.post(url + "reports/", {"stage": "complete"}, format="json")
    assert incomplete.status_code == 422
    assert incomplete["Content-Type"] == "application/problem+json"
    assert "immediate_measures" in incomplete.json()["errors"]
    complete = client.post(
        url + "reports/",
        {
            "stage": "complete",
            "immediate_measures": "Switched off.",
            "persons_affected": 1,
            "not_altered": True,
        },
        format="json",
    )
    assert complete.status_code == 201, complete.content
    assert [s["stage"] for s in client.get(url + "reports/").json()] == ["initial", "complete"]

    french = _client(api_client.__class__(), msa_fr, "reviewer")
    assert french.get(url).status_code == 404
    assert french.post(url + "acknowledge/", {}, format="json").status_code == 404
    assert french.get("/api/v1/incidents/").json()["results"] == []

    german = _client(api_client.__class__(), authority, "reviewer")
    listed = german.get("/api/v1/incidents/").json()["results"]
    assert [i["id"] for i in listed] == [incident["id"]]
    assert listed[0]["actions"] == [
        "acknowledge",
        "request_information",
        "record_measures",
        "close",
    ]
    acknowledged = german.post(url + "acknowledge/", {}, format="json")
    assert acknowledged.status_code == 200, acknowledged.content
    assert acknowledged.json()["status"] == "acknowledged"
    again = german.post(url + "acknowledge/", {}, format="json")
    assert again.status_code == 409
    no_reason = german.post(url + "close/", {}, format="json")
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["errors"]


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"category": "cyber_breach"}, "category"),
        ({"aware_at": (timezone.now() + timedelta(days=2)).isoformat()}, "aware_at"),
        ({"member_states": ["XX"]}, "member_states"),
        ({"member_states": []}, "member_states"),
        ({"regime": "cn"}, "regime"),
        ({"persons_affected": -1}, "persons_affected"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field_and_stores_nothing(
    api_client, owner, system, overrides, field
):
    client = _client(api_client, owner, "editor")
    response = client.post("/api/v1/incidents/", _body(system, **overrides), format="json")
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not IncidentReport.objects.exists()


def test_an_sb53_incident_states_internal_use_and_not_the_eu_attestation(
    api_client, owner, system, gpai, cal_oes
):
    client = _client(api_client, owner, "editor")
    body = _body(system, regime="us_ca", category="critical_safety_incident")
    del body["ai_system"], body["member_states"]
    body["gpai_model"] = str(gpai.pk)
    for field, value in (("not_altered", True), ("internal_use", "maybe")):
        refused = client.post("/api/v1/incidents/", {**body, field: value}, format="json")
        assert refused.status_code == 422, refused.content
        assert refused["Content-Type"] == "application/problem+json"
        assert set(refused.json()["errors"]) == {field}
    assert not IncidentReport.objects.exists()
    eu = client.post("/api/v1/incidents/", _body(system, internal_use=False), format="json")
    assert eu.status_code == 422 and set(eu.json()["errors"]) == {"internal_use"}

    created = client.post("/api/v1/incidents/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["internal_use"] is None
    url = f"/api/v1/incidents/{created.json()['id']}/reports/"
    facts = {"stage": "complete", "immediate_measures": "Model paused.", "persons_affected": 0}
    incomplete = client.post(url, facts, format="json")
    assert incomplete.status_code == 422
    assert set(incomplete.json()["errors"]) == {"internal_use"}
    complete = client.post(url, {**facts, "internal_use": True}, format="json")
    assert complete.status_code == 201, complete.content
    assert complete.json()["data"]["internal_use"] is True
    assert "not_altered" not in complete.json()["data"]


def test_another_providers_system_cannot_be_named(api_client, owner, stranger):
    from tests.factories import make_system

    theirs = make_system(stranger)
    client = _client(api_client, owner, "editor")
    response = client.post("/api/v1/incidents/", _body(theirs), format="json")
    assert response.status_code == 422
    assert "ai_system" in response.json()["errors"]


def test_submitted_stages_cannot_be_changed_through_the_api(api_client, owner, system, authority):
    client = _client(api_client, owner, "editor")
    incident = client.post("/api/v1/incidents/", _body(system), format="json").json()
    url = f"/api/v1/incidents/{incident['id']}/reports/"
    client.post(url, {"stage": "initial"}, format="json")
    submission = IncidentSubmission.objects.get()
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url, {}, format="json").status_code == 405
    assert IncidentSubmission.objects.get().sha256 == submission.sha256


def test_the_authority_list_has_a_constant_query_count(api_client, authority):
    client = _client(api_client, authority, "reviewer")
    make_incident(authority)
    client.get("/api/v1/incidents/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/incidents/")
    for _ in range(4):
        make_incident(authority)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/api/v1/incidents/")
    assert len(response.json()["results"]) == 5
    assert len(five) == len(one)


def test_a_regime_that_does_not_bind_the_subject_is_422_and_nothing_stored(api_client, owner):
    """Art. 73 binds providers of high-risk systems: an EU report of a minimal-risk system
    (or one not classified yet) names the regime and stores nothing."""
    from tests.factories import make_system

    minimal = make_system(owner, profile={"interacts_with_persons": False})
    unanswered = make_system(owner)
    client = _client(api_client, owner, "editor")
    for subject in (minimal, unanswered):
        response = client.post("/api/v1/incidents/", _body(subject), format="json")
        assert response.status_code == 422
        assert "not classified high-risk" in str(response.json()["errors"]["regime"])
    assert not IncidentReport.objects.exists()
