"""The public register shows only registered entries and only their public fields, for
every filing type; no login needed."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from registry.models import Filing, FilingStatus
from registry.regimes import FILING_TYPES
from tests.registry.test_register_views import SECRET, register


def body_of(response):
    """The body as text; a streamed body is read once and kept."""
    if not hasattr(response, "_body_text"):
        if hasattr(response, "streaming_content"):
            response._body_text = b"".join(response.streaming_content).decode()
        else:
            response._body_text = response.content.decode()
    return response._body_text


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(FILING_TYPES))
def test_only_public_fields_of_registered_filings_are_shown(code, owner):
    filing_type = FILING_TYPES[code]
    entry = register(owner, code, provider_entry_public=False)
    assert entry.status == "registered"
    client = APIClient()
    listing = client.get("/api/v1/public/register/", {"limit": 200})
    detail = client.get(f"/api/v1/public/register/{entry.pk}/")
    csv_export = client.get("/api/v1/public/register/export/", {"format": "csv"})
    json_export = client.get("/api/v1/public/register/export/", {"format": "json"})
    systemic = client.get("/api/v1/public/register/gpai-systemic-risk/")
    for response in (listing, csv_export, json_export, systemic):
        assert response.status_code == 200
        assert SECRET not in body_of(response) and "secret-value" not in body_of(response)
        assert "987654321" not in body_of(response)
    if not filing_type.publishable:
        assert detail.status_code == 404
        assert str(entry.pk) not in body_of(listing) + body_of(json_export)
        return
    assert detail.status_code == 200
    shown = detail.json()
    assert shown["registration_number"] == entry.registration_number
    assert set(shown["public_fields"]) == set(filing_type.public_fields)
    assert str(entry.pk) in body_of(listing) and entry.registration_number in body_of(csv_export)
    exported = json.loads(body_of(json_export))
    assert [e["id"] for e in exported] == [str(entry.pk)]
    if code == "eu.gpai_notification":
        assert [e["id"] for e in systemic.json()] == [str(entry.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in FilingStatus.values if s != "registered"])
def test_filings_that_are_not_registered_never_appear(status, owner):
    for code in FILING_TYPES:
        register(owner, code, status=status, accept=False, provider_entry_public=False)
    client = APIClient()
    assert client.get("/api/v1/public/register/").json()["results"] == []
    assert (
        json.loads(body_of(client.get("/api/v1/public/register/export/", {"format": "json"}))) == []
    )
    for filing in Filing.objects.all():
        assert client.get(f"/api/v1/public/register/{filing.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_non_public_section_never_appears(owner):
    hidden = register(owner, "eu.high_risk", non_public=True)
    assert hidden.status == "registered"
    client = APIClient()
    assert client.get("/api/v1/public/register/").json()["results"] == []
    assert client.get(f"/api/v1/public/register/{hidden.pk}/").status_code == 404


@pytest.mark.django_db
def test_search_and_filters(owner):
    scorer = register(owner, "eu.high_risk")
    Filing.objects.filter(pk=scorer.pk).update(search_document="EU-HR creditworthiness scorer")
    other = register(owner, "cn.algorithm")
    client = APIClient()
    found = client.get("/api/v1/public/register/", {"q": "creditworthiness"}).json()["results"]
    assert [e["id"] for e in found] == [str(scorer.pk)]
    by_regime = client.get("/api/v1/public/register/", {"regime": "cn"}).json()["results"]
    assert [e["id"] for e in by_regime] == [str(other.pk)]
    assert (
        client.get("/api/v1/public/register/", {"q": "nothing-like-this"}).json()["results"] == []
    )


@pytest.mark.django_db
def test_the_register_needs_no_login_and_ignores_credentials(owner):
    register(owner, "eu.high_risk")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer aigov_bad_token")
    assert client.get("/api/v1/public/register/").status_code == 200
    assert client.post("/api/v1/public/register/", {}, format="json").status_code == 405


@pytest.mark.django_db
def test_the_list_pages_by_cursor_in_constant_queries(owner):
    entries = [register(owner, "eu.high_risk") for _ in range(5)]
    client = APIClient()

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/public/register/", {"limit": limit})
        assert len(response.json()["results"]) == limit
        return len(captured)

    assert queries(1) == queries(5)
    seen, url = [], "/api/v1/public/register/?limit=2"
    while url:
        page = client.get(url).json()
        seen += [entry["id"] for entry in page["results"]]
        url = page["next"]
    newest_first = sorted(entries, key=lambda e: (e.registered_at, e.pk), reverse=True)
    assert seen == [str(entry.pk) for entry in newest_first]
