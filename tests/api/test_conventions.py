"""Cross-cutting API behaviour: the caller's identity, the schema and docs, health, paging."""

import pytest
from rest_framework.test import APIClient

from aigov.accounts.services import membership_add
from tests.conftest import login, member
from tests.factories import JobFactory


@pytest.mark.django_db
def test_organizations_me_describes_the_session_actor(owner_api, owner):
    body = owner_api.get("/api/v1/organizations/me/").json()
    assert body["organization"]["id"] == str(owner.pk)
    assert body["role"] == "admin" and body["user"] == "admin@owner.test"


@pytest.mark.django_db
def test_the_organisation_switcher_decides_the_api_actor(owner, authority):
    user = member(owner, "viewer")
    membership_add(organization=authority, user=user, role="reviewer")
    client = login(APIClient(), user, authority)
    body = client.get("/api/v1/organizations/me/").json()
    assert body["organization"]["authority_code"] == "eu-msa-de" and body["role"] == "reviewer"


@pytest.mark.django_db
def test_user_without_membership_is_forbidden(db):
    from tests.factories import UserFactory

    client = APIClient()
    client.force_login(UserFactory())
    assert client.get("/api/v1/organizations/me/").status_code == 403


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(owner_api):
    schema = owner_api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/api-keys/",
        "/api/v1/jobs/{id}/",
        "/api/v1/audit/",
        "/api/v1/organizations/me/",
        "/api/v1/api-keys/{id}/revoke/",
    ):
        assert path in paths
    docs = owner_api.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower() and "https://" not in html


@pytest.mark.django_db
def test_cursor_pagination_walks_every_row_once(owner_api, owner):
    created = {str(JobFactory(organization=owner).pk) for _ in range(7)}
    seen, url = [], "/api/v1/jobs/?limit=3"
    while url:
        page = owner_api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == 7 and set(seen) == created


@pytest.mark.django_db
def test_limit_over_200_is_named_not_silently_capped(owner_api, owner):
    for _ in range(3):
        JobFactory(organization=owner)
    response = owner_api.get("/api/v1/jobs/?limit=100000")
    assert response.status_code == 422 and set(response.json()["errors"]) == {"limit"}
    assert len(owner_api.get("/api/v1/jobs/?limit=200").json()["results"]) == 3


def test_healthz_reports_an_unreachable_broker(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "error: ConnectionError"}
