"""Systems, models and the classification preview over the API."""

import pytest
from rest_framework.test import APIClient

from aigov.audit.models import AuditEvent
from registry.models import AISystem, GPAIModel, SubjectVersion
from tests.conftest import login, member
from tests.factories import OrganizationFactory, make_model, make_system

CREDIT_SCORING = {
    "name": "Aurora Score",
    "version": "1.0",
    "intended_purpose": "Evaluates the creditworthiness of consumers applying for loans.",
    "market_status": "on_market",
    "member_states": ["DE", "AT"],
    "profile": {"annex_iii_point": "5(b)", "profiles_natural_persons": True},
}


@pytest.mark.django_db
def test_a_credit_scoring_system_is_high_risk_under_annex_iii_5b(owner_api, owner):
    response = owner_api.post("/api/v1/systems/", CREDIT_SCORING, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    eu = body["classification"]["eu"]
    assert eu["tier"] == "high"
    assert eu["basis"] == ["Art. 6(2)", "Annex III 5(b)"]
    assert eu["registration"] == "art_49_1" and "eu.art9" in eu["obligations"]
    # Read today, after the Omnibus entered into force (EU_OMNIBUS_IN_FORCE_ON, 2026-07-31).
    assert body["classification"]["rulebooks"]["eu"] == "2024/1689+omnibus-2026"
    system = AISystem.objects.get(pk=body["id"])
    assert system.organization == owner and system.version_number == 1
    assert AuditEvent.objects.filter(action="ai_system.created", object_id=str(system.pk)).exists()


@pytest.mark.django_db
def test_a_substantial_modification_starts_a_new_version_and_keeps_the_old(owner_api):
    created = owner_api.post("/api/v1/systems/", CREDIT_SCORING, format="json").json()
    url = f"/api/v1/systems/{created['id']}/"
    minor = owner_api.patch(url, {"trade_name": "Aurora"}, format="json")
    assert minor.status_code == 200 and minor.json()["version_number"] == 1
    changed = owner_api.patch(
        url,
        {
            "intended_purpose": "Also sets credit limits.",
            "substantial_modification": True,
            "modification_reason": "New purpose: credit limits.",
        },
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["version_number"] == 2
    versions = owner_api.get(url + "versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[1]["data"]["intended_purpose"] == CREDIT_SCORING["intended_purpose"]
    assert versions[1]["data"]["trade_name"] == "Aurora"
    assert versions[0]["reason"] == "New purpose: credit limits."


@pytest.mark.django_db
def test_substantial_modification_needs_a_reason(owner_api, owner):
    system = make_system(owner)
    response = owner_api.patch(
        f"/api/v1/systems/{system.pk}/", {"substantial_modification": True}, format="json"
    )
    assert response.status_code == 422
    assert "modification_reason" in response.json()["errors"]
    assert SubjectVersion.objects.filter(subject_id=system.pk).count() == 1


@pytest.mark.django_db
def test_invalid_profile_names_every_bad_field_and_stores_nothing(owner_api):
    bad = {
        **CREDIT_SCORING,
        "profile": {
            "annex_iii_point": "9(z)",
            "practices": ["mind_reading"],
            "training_compute_flop": "lots",
        },
    }
    response = owner_api.post("/api/v1/systems/", bad, format="json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"profile.annex_iii_point", "profile.practices", "profile.training_compute_flop"} <= set(
        errors
    )
    assert not AISystem.objects.exists()


@pytest.mark.django_db
def test_missing_required_fields_are_named(owner_api):
    response = owner_api.post("/api/v1/systems/", {"member_states": "DE"}, format="json")
    assert response.status_code == 422
    assert {"name", "intended_purpose", "member_states"} <= set(response.json()["errors"])


@pytest.mark.django_db
def test_providers_outside_the_eu_name_their_representative(db):
    us_provider = OrganizationFactory(country="US")
    client = login(APIClient(), member(us_provider, "admin"), us_provider)
    response = client.post("/api/v1/systems/", CREDIT_SCORING, format="json")
    assert response.status_code == 422
    assert "authorised_representative" in response.json()["errors"]
    with_rep = {
        **CREDIT_SCORING,
        "authorised_representative": {
            "name": "EU Rep BV",
            "address": "Keizersgracht 1, Amsterdam",
            "country": "NL",
            "email": "rep@example.eu",
        },
    }
    assert client.post("/api/v1/systems/", with_rep, format="json").status_code == 201


@pytest.mark.django_db
def test_a_non_eu_provider_offering_only_outside_the_union_needs_no_representative(db):
    """Art. 22 asks for one only before making a high-risk system available on the Union
    market: a Chinese provider's system offered only in China is registered without."""
    cn_provider = OrganizationFactory(country="CN")
    client = login(APIClient(), member(cn_provider, "admin"), cn_provider)
    china_only = {
        **CREDIT_SCORING,
        "member_states": [],
        "profile": {**CREDIT_SCORING["profile"], "offered_in_china": True},
    }
    response = client.post("/api/v1/systems/", china_only, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["classification"]["eu"]["tier"] == "high"
    # Offered in the Union later: now the representative is required, and the reason named.
    refused = client.patch(
        f"/api/v1/systems/{response.json()['id']}/", {"member_states": ["FR"]}, format="json"
    )
    assert refused.status_code == 422
    assert "Art. 22(1)" in refused.json()["errors"]["authorised_representative"][0]
    assert AISystem.objects.get().member_states == []


@pytest.mark.django_db
def test_a_limited_risk_system_of_a_non_eu_provider_needs_no_representative(db):
    us_provider = OrganizationFactory(country="US")
    client = login(APIClient(), member(us_provider, "admin"), us_provider)
    chatbot = {**CREDIT_SCORING, "profile": {"interacts_with_persons": True}}
    response = client.post("/api/v1/systems/", chatbot, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["classification"]["eu"]["tier"] == "limited"


@pytest.mark.parametrize(
    ("fields", "required"),
    [
        # Art. 54(1): placed on the Union market by a non-EU provider.
        ({"release": "api", "eu_placement_date": "2025-09-01"}, True),
        # Art. 54(6): free and open-source without systemic risk is exempt ...
        ({"release": "open_weights", "eu_placement_date": "2025-09-01"}, False),
        # ... but not with systemic risk (Art. 51(2) compute presumption).
        (
            {
                "release": "open_weights",
                "eu_placement_date": "2025-09-01",
                "training_compute_flop": 3e25,
            },
            True,
        ),
        # Not on the Union market: Art. 54 does not reach it.
        ({"release": "api", "training_compute_flop": 3e25}, False),
    ],
)
@pytest.mark.django_db
def test_gpai_representative_follows_art_54(db, fields, required):
    us_provider = OrganizationFactory(country="US")
    client = login(APIClient(), member(us_provider, "admin"), us_provider)
    response = client.post("/api/v1/models/", {"name": "Frontier", **fields}, format="json")
    if required:
        assert response.status_code == 422
        assert "Art. 54(1)" in response.json()["errors"]["authorised_representative"][0]
        assert not GPAIModel.objects.exists()
    else:
        assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_a_system_cannot_build_on_another_organisations_model(owner_api, stranger):
    foreign = make_model(stranger)
    response = owner_api.post(
        "/api/v1/systems/", {**CREDIT_SCORING, "gpai_model": str(foreign.pk)}, format="json"
    )
    assert response.status_code == 422 and "gpai_model" in response.json()["errors"]


@pytest.mark.django_db
def test_viewers_read_but_cannot_register(owner):
    client = login(APIClient(), member(owner, "viewer"), owner)
    assert client.post("/api/v1/systems/", CREDIT_SCORING, format="json").status_code == 403
    assert client.get("/api/v1/systems/").status_code == 200


@pytest.mark.django_db
def test_list_filters_by_tier_and_search(owner_api, owner):
    make_system(owner, name="Scorer", profile={"annex_iii_point": "5(b)"})
    make_system(owner, name="Chat helper", profile={"interacts_with_persons": True})
    high = owner_api.get("/api/v1/systems/", {"tier": "high"}).json()["results"]
    assert [s["name"] for s in high] == ["Scorer"]
    found = owner_api.get("/api/v1/systems/", {"q": "chat"}).json()["results"]
    assert [s["name"] for s in found] == ["Chat helper"]
    assert found[0]["classification"]["eu"]["tier"] == "limited"


@pytest.mark.django_db
def test_model_compute_is_checked_and_classified(owner_api):
    response = owner_api.post(
        "/api/v1/models/",
        {
            "name": "Frontier-1",
            "parameters": 10**11,
            "training_tokens": 10**13,
            "training_compute_flop": 6.1e25 * 10,
            "release": "api",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["compute_check"]["flagged"] is True
    assert body["classification"]["eu"]["systemic_risk"] is True
    # EO 14110 was revoked on 2025-01-20: today the threshold is history, not a duty.
    us = body["classification"]["us"]
    assert (us["above_threshold"], us["in_force"], us["compute_report_required"]) == (
        True,
        False,
        False,
    )
    assert body["classification"]["us_ca"]["frontier_model"] is True
    assert "eu.art55" in body["classification"]["eu"]["obligations"]


@pytest.mark.django_db
def test_model_filters(owner_api, owner):
    make_model(owner, name="Big", training_compute_flop=2e25)
    make_model(owner, name="Small", training_compute_flop=1e22)
    rows = owner_api.get("/api/v1/models/", {"systemic_risk": "true"}).json()["results"]
    assert [m["name"] for m in rows] == ["Big"]
    rows = owner_api.get("/api/v1/models/", {"min_compute": "1e23"}).json()["results"]
    assert [m["name"] for m in rows] == ["Big"]


@pytest.mark.django_db
def test_classify_previews_without_storing(owner_api):
    response = owner_api.post("/api/v1/classify/", {"annex_iii_point": "5(b)"}, format="json")
    assert response.status_code == 200
    assert response.json()["eu"]["tier"] == "high"
    assert not AISystem.objects.exists() and not GPAIModel.objects.exists()


@pytest.mark.django_db
def test_classify_names_each_bad_field(owner_api):
    response = owner_api.post(
        "/api/v1/classify/",
        {"subject": "robot", "harmonised_standards": "some", "eu_business_users": -1},
        format="json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {"subject", "harmonised_standards", "eu_business_users"} <= set(
        response.json()["errors"]
    )


@pytest.mark.django_db
def test_classify_needs_authentication_but_no_subjects(authority):
    assert APIClient().post("/api/v1/classify/", {}, format="json").status_code == 401
    client = login(APIClient(), member(authority, "viewer"), authority)
    assert client.post("/api/v1/classify/", {}, format="json").status_code == 200


@pytest.mark.django_db
def test_member_states_must_be_eu_member_states(owner_api):
    response = owner_api.post(
        "/api/v1/systems/", {**CREDIT_SCORING, "member_states": ["DE", "US"]}, format="json"
    )
    assert response.status_code == 422
    assert "US" in response.json()["errors"]["member_states"][0]
    assert not AISystem.objects.exists()
