"""API keys over the API: shown once, stored hashed, scoped, expirable, revocable."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from aigov.accounts.models import ApiKey
from aigov.audit.models import AuditEvent
from tests.conftest import login, member
from tests.factories import ApiKeyFactory


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.django_db
def test_created_key_is_shown_once_and_stored_hashed(owner_api, owner):
    response = owner_api.post("/api/v1/api-keys/", {"name": "ci", "scope": "write"}, format="json")
    assert response.status_code == 201
    token = response.json()["token"]
    key = ApiKey.objects.get(pk=response.json()["id"])
    assert token.startswith(f"aigov_{key.prefix}_")
    stored = " ".join(
        str(value) for value in ApiKey.objects.filter(pk=key.pk).values().get().values()
    )
    assert token.split("_", 2)[2] not in stored
    listed = owner_api.get("/api/v1/api-keys/").json()["results"]
    assert [row["id"] for row in listed] == [str(key.pk)] and "token" not in listed[0]
    assert "token" not in owner_api.get(f"/api/v1/api-keys/{key.pk}/").json()
    assert AuditEvent.objects.filter(action="api_key.created", object_id=str(key.pk)).exists()

    me = bearer(token).get("/api/v1/organizations/me/").json()
    assert me["organization"]["slug"] == "owner"
    assert (me["role"], me["scopes"], me["api_key"]) == ("editor", ["read", "write"], str(key.pk))


@pytest.mark.django_db
def test_use_records_last_used_time(owner):
    key = ApiKeyFactory(organization=owner)
    assert bearer(key.token).get("/api/v1/jobs/").status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.django_db
def test_revoked_and_expired_keys_are_refused(owner_api, owner):
    revoked = ApiKeyFactory(organization=owner)
    assert owner_api.post(f"/api/v1/api-keys/{revoked.pk}/revoke/").json()["status"] == "revoked"
    assert bearer(revoked.token).get("/api/v1/jobs/").status_code == 401
    assert AuditEvent.objects.filter(action="api_key.revoked", object_id=str(revoked.pk)).exists()

    expired = ApiKeyFactory(organization=owner, expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(expired.token).get("/api/v1/jobs/").status_code == 401


@pytest.mark.django_db
def test_a_read_key_cannot_write_and_no_key_can_manage_keys(owner):
    read = ApiKeyFactory(organization=owner, scope="read")
    write = ApiKeyFactory(organization=owner, scope="write")
    for key in (read, write):
        response = bearer(key.token).post("/api/v1/api-keys/", {"name": "x"}, format="json")
        assert response.status_code == 403
    assert ApiKey.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_administrators_manage_keys(owner, role):
    client = login(APIClient(), member(owner, role), owner)
    assert client.post("/api/v1/api-keys/", {"name": "x"}, format="json").status_code == 403
    assert client.get("/api/v1/api-keys/").status_code == 403


@pytest.mark.django_db
def test_expiry_must_be_in_the_future(owner_api):
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = owner_api.post("/api/v1/api-keys/", {"name": "x", "expires_at": past}, format="json")
    assert response.status_code == 422 and "expires_at" in response.json()["errors"]
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_organisation_comes_from_the_actor_never_the_payload(owner_api, owner, stranger):
    response = owner_api.post(
        "/api/v1/api-keys/", {"name": "x", "organization": str(stranger.pk)}, format="json"
    )
    assert response.status_code == 422 and "organization" in response.json()["errors"]
    assert not ApiKey.objects.filter(organization=stranger).exists()


@pytest.mark.django_db
def test_session_posts_need_csrf(owner, owner_admin):
    client = APIClient(enforce_csrf_checks=True)
    login(client, owner_admin, owner)
    response = client.post("/api/v1/api-keys/", {"name": "x"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
