"""Every API error is RFC 9457 problem+json naming the issue — never HTML, never a trace."""

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from aigov.accounts.models import ApiKey

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    assert "Traceback" not in response.content.decode()
    return body


@pytest.mark.django_db
def test_malformed_json_is_400(owner_api):
    response = owner_api.post(
        "/api/v1/api-keys/", data=b'{"name": "ci", ', content_type="application/json"
    )
    body = assert_problem(response, 400)
    assert "JSON" in body["detail"]
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_wrong_content_type_is_415(owner_api):
    response = owner_api.post("/api/v1/api-keys/", data="name=ci", content_type="text/plain")
    body = assert_problem(response, 415)
    assert "text/plain" in body["detail"]


@pytest.mark.django_db
def test_fields_of_the_wrong_type_and_unknown_fields_are_named(owner_api):
    response = owner_api.post(
        "/api/v1/api-keys/",
        {"name": ["not", "a", "string"], "scope": 7, "expires_at": "soon", "colour": "red"},
        format="json",
    )
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"colour"}
    response = owner_api.post(
        "/api/v1/api-keys/", {"name": ["x"], "scope": 7, "expires_at": "soon"}, format="json"
    )
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"name", "scope", "expires_at"}
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
@override_settings(API_MAX_BODY_BYTES=2048)
def test_oversized_body_is_413(owner_api):
    payload = json.dumps({"name": "x" * 5000})
    response = owner_api.post("/api/v1/api-keys/", data=payload, content_type="application/json")
    body = assert_problem(response, 413)
    assert "2048" in body["detail"]
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_unauthenticated_is_401_with_challenge():
    response = APIClient().get("/api/v1/organizations/me/")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_bad_key_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer aigov_nothere_secret")
    assert_problem(api_client.get("/api/v1/organizations/me/"), 401)


@pytest.mark.django_db
def test_forbidden_is_403(owner):
    from tests.conftest import login, member

    client = login(APIClient(), member(owner, "viewer"), owner)
    assert_problem(client.get("/api/v1/audit/"), 403)


@pytest.mark.django_db
def test_unknown_route_is_404_problem(owner_api):
    assert_problem(owner_api.get("/api/v1/no-such-thing/"), 404)
    assert_problem(owner_api.get("/api/v1/jobs/not-a-uuid/"), 404)


@pytest.mark.django_db
def test_wrong_method_is_405(owner_api):
    body = assert_problem(owner_api.delete("/api/v1/organizations/me/"), 405)
    assert "DELETE" in body["detail"]


@pytest.mark.django_db
def test_invalid_cursor_is_named(owner_api):
    body = assert_problem(owner_api.get("/api/v1/jobs/", {"cursor": "garbage"}), 422)
    assert "cursor" in body["errors"]


@pytest.mark.django_db
def test_server_error_is_500_problem_without_trace(owner_api, monkeypatch):
    from aigov.accounts.api import views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.ActorSerializer, "to_representation", explode)
    owner_api.raise_request_exception = False
    response = owner_api.get("/api/v1/organizations/me/")
    body = assert_problem(response, 500)
    assert "secret internals" not in json.dumps(body)


@pytest.mark.django_db
def test_repeated_key_failures_are_rate_limited(api_client, settings):
    settings.AUTH_FAILURE_LIMIT = 3
    api_client.credentials(HTTP_AUTHORIZATION="Bearer aigov_nothere_secret")
    for _ in range(3):
        assert api_client.get("/api/v1/organizations/me/").status_code == 401
    response = api_client.get("/api/v1/organizations/me/")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
