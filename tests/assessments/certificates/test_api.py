"""The certificate and declaration API: issuing, verbs with problem+json naming the
field, the public verification (live status, clean 404)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.certificates.models import Certificate, DeclarationOfConformity
from tests.conftest import login, member
from tests.factories import make_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_api(assessor):
    return login(APIClient(), member(assessor, "lead", email="lead@body.test"), assessor)


def _issue(lead_api, assessment):
    response = lead_api.post(
        reverse("api:certificate-list"), {"assessment": str(assessment.pk)}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_issue_then_suspend_is_seen_at_once_by_the_public(lead_api, decided):
    body = _issue(lead_api, decided)
    assert body["status"] == "valid"
    assert body["actions"] == ["suspend", "restrict", "withdraw"]
    public = APIClient()
    url = reverse("api:public-certificate", kwargs={"number": body["number"]})
    assert public.get(url).json()["status"] == "valid"
    suspend = reverse("api:certificate-suspend", kwargs={"pk": body["id"]})
    response = lead_api.post(suspend, {}, format="json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "reason" in response.json()["errors"]
    response = lead_api.post(suspend, {"reason": "Post-market data under review."}, format="json")
    assert response.status_code == 200, response.content
    record = public.get(url)
    assert record["Cache-Control"] == "no-store"
    record = record.json()
    assert record["status"] == "suspended" and record["status_since"]
    assert record["issuer"]["name"] == decided.assessor_organization.name
    assert record["holder"]["name"] == decided.organization.name
    assert record["scope"]["subject_version"] == decided.subject_version
    response = lead_api.post(
        reverse("api:certificate-withdraw", kwargs={"pk": body["id"]}),
        {"reason": "Nonconformity not corrected."},
        format="json",
    )
    assert response.status_code == 200
    assert public.get(url).json()["status"] == "withdrawn"
    events = lead_api.get(reverse("api:certificate-events", kwargs={"pk": body["id"]})).json()
    assert [e["transition"] for e in events] == ["issue", "suspend", "withdraw"]


def test_an_unknown_number_is_a_clean_404():
    response = APIClient().get(reverse("api:public-certificate", kwargs={"number": "NB-NOPE"}))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_bad_issue_input_names_the_field_and_stores_nothing(lead_api, decided):
    url = reverse("api:certificate-list")
    response = lead_api.post(
        url, {"assessment": str(decided.pk), "expires_on": "2099-01-01"}, format="json"
    )
    assert response.status_code == 422
    assert "expires_on" in response.json()["errors"]
    response = lead_api.post(url, {"assessment": str(decided.pk), "color": "red"}, format="json")
    assert response.status_code == 422 and "color" in response.json()["errors"]
    assert not Certificate.objects.exists()


def test_the_provider_drafts_edits_and_signs_its_declaration(owner, owner_api, lead_api, decided):
    certificate = _issue(lead_api, decided)
    response = owner_api.post(
        reverse("api:declaration-list"), {"ai_system": str(decided.ai_system_id)}, format="json"
    )
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["status"] == "draft" and draft["certificate"] == certificate["number"]
    assert certificate["number"] in draft["content"]["notified_body"]
    detail = reverse("api:declaration-detail", kwargs={"pk": draft["id"]})
    response = owner_api.patch(detail, {"content": {"colour": "x"}}, format="json")
    assert response.status_code == 422 and "content" in response.json()["errors"]
    response = owner_api.patch(
        detail, {"content": {"standards": "EN ISO/IEC 42001:2023"}}, format="json"
    )
    assert response.json()["content"]["standards"] == "EN ISO/IEC 42001:2023"
    sign = reverse("api:declaration-sign", kwargs={"pk": draft["id"]})
    response = owner_api.post(sign, {"signer_name": "Ada"}, format="json")
    assert response.status_code == 422
    assert {"signer_function", "place"} <= set(response.json()["errors"])
    response = owner_api.post(
        sign,
        {"signer_name": "Ada Example", "signer_function": "CEO", "place": "Berlin"},
        format="json",
    )
    assert response.status_code == 200, response.content
    signed = response.json()
    assert signed["status"] == "signed" and len(signed["sha256"]) == 64
    # Immutable once signed.
    response = owner_api.patch(detail, {"content": {"standards": "x"}}, format="json")
    assert response.status_code == 409
    assert DeclarationOfConformity.objects.get().content["standards"] == "EN ISO/IEC 42001:2023"


def test_a_declaration_for_a_system_not_high_risk_is_422(owner, owner_api):
    minimal = make_system(owner, profile={"interacts_with_persons": False})
    response = owner_api.post(
        reverse("api:declaration-list"), {"ai_system": str(minimal.pk)}, format="json"
    )
    assert response.status_code == 422
    assert "ai_system" in str(response.json()["errors"])
    assert not DeclarationOfConformity.objects.exists()
