"""Input the API must refuse with a problem naming what is wrong, never a 500, and the
OpenAPI document's promises that Schemathesis found broken (tests/api/test_schemathesis.py)."""

import pytest
from rest_framework.test import APIClient

from registry.models import AISystem, GPAIModel
from tests.api.test_problems import assert_problem
from tests.factories import ApiKeyFactory, make_filing, make_model

JSON = "application/json"


def key_client(organization) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {ApiKeyFactory(organization=organization).token}"
    )
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/classify/", "/api/v1/systems/"])
@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 50 + b"]" * 50, id="deeper-than-the-limit"),
        pytest.param(b'{"profile":' + b"[" * 200_000 + b"]" * 200_000 + b"}", id="recursion"),
    ],
)
def test_json_nested_too_deep_is_a_400_problem(owner_api, url, body):
    response = owner_api.post(url, data=body, content_type=JSON)
    problem = assert_problem(response, 400)
    assert "nested" in problem["detail"]
    assert not AISystem.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/classify/", "/api/v1/systems/"])
def test_a_key_that_is_not_unicode_is_a_400_problem(owner_api, url):
    body = b'{"name": "x", "intended_purpose": "y", "profile": {"\\ud800": true}}'
    response = owner_api.post(url, data=body, content_type=JSON)
    problem = assert_problem(response, 400)
    assert "not valid Unicode" in problem["detail"] and "profile" in problem["detail"]
    assert not AISystem.objects.exists()


@pytest.mark.django_db
def test_a_value_that_is_not_unicode_is_a_400_problem(owner_api):
    body = b'{"name": "\\udfff", "intended_purpose": "y"}'
    response = owner_api.post("/api/v1/systems/", data=body, content_type=JSON)
    assert "`name`" in assert_problem(response, 400)["detail"]
    assert not AISystem.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["parameters", "training_tokens", "energy_kwh"])
def test_negative_model_counts_are_named(owner_api, field):
    response = owner_api.post("/api/v1/models/", {"name": "M", field: -1}, format="json")
    assert set(assert_problem(response, 422)["errors"]) == {field}
    assert not GPAIModel.objects.exists()


@pytest.mark.django_db
def test_unknown_keys_of_the_representative_are_named(owner_api):
    representative = {
        "name": "Rep GmbH",
        "address": "Hauptstr. 1, Berlin",
        "country": "DE",
        "email": "rep@example.test",
        "colour": "red",
    }
    response = owner_api.post(
        "/api/v1/systems/",
        {"name": "S", "intended_purpose": "p", "authorised_representative": representative},
        format="json",
    )
    assert set(assert_problem(response, 422)["errors"]) == {"authorised_representative.colour"}
    assert not AISystem.objects.exists()


@pytest.mark.django_db
def test_an_unknown_export_format_is_named(api_client):
    response = api_client.get("/api/v1/public/register/export/?format=xlsx")
    assert set(assert_problem(response, 422)["errors"]) == {"format"}


LISTS = [
    "/api/v1/systems/",
    "/api/v1/models/",
    "/api/v1/filings/",
    "/api/v1/api-keys/",
    "/api/v1/jobs/",
    "/api/v1/audit/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["abc", "0", "-1", "201", "1.5", ""])
def test_an_invalid_limit_is_named_on_every_paginated_list(owner_api, authority, limit):
    for url in LISTS:
        assert set(assert_problem(owner_api.get(url, {"limit": limit}), 422)["errors"]) == {
            "limit"
        }, url
    response = APIClient().get("/api/v1/public/register/", {"limit": limit})
    assert set(assert_problem(response, 422)["errors"]) == {"limit"}
    response = key_client(authority).get("/api/v1/queue/", {"limit": limit})
    assert set(assert_problem(response, 422)["errors"]) == {"limit"}


@pytest.mark.django_db
def test_a_valid_limit_still_pages(owner_api, owner):
    for _ in range(3):
        make_model(owner)
    body = owner_api.get("/api/v1/models/", {"limit": "2"}).json()
    assert len(body["results"]) == 2 and body["next"]
    assert len(owner_api.get("/api/v1/models/", {"limit": "200"}).json()["results"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024-02-30"])
def test_invalid_date_filters_are_named(api_client, value):
    for name in ("registered_after", "registered_before"):
        response = api_client.get("/api/v1/public/register/", {name: value})
        assert set(assert_problem(response, 422)["errors"]) == {name}


@pytest.mark.django_db
def test_assignee_me_with_an_api_key_is_named(authority):
    make_filing(authority)
    response = key_client(authority).get("/api/v1/queue/", {"assignee": "me"})
    assert set(assert_problem(response, 422)["errors"]) == {"assignee"}


@pytest.fixture
def openapi(api_client, db):
    return api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def test_every_operation_documents_its_problems(openapi):
    problem = {"$ref": "#/components/schemas/Problem"}
    assert set(openapi["components"]["schemas"]["Problem"]["required"]) >= {"status", "detail"}
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            public = path.startswith("/api/v1/public/")
            expected = set() if public else {"401", "403", "429"}
            if "{" in path:
                expected.add("404")
            if method in ("post", "put", "patch"):
                expected |= {"400", "409", "413", "415", "422"}
            if operation.get("parameters"):
                expected.add("422")
            assert expected <= set(responses), (method, path)
            for code in expected:
                assert responses[code]["content"] == {
                    "application/problem+json": {"schema": problem}
                }


def test_the_schema_says_what_can_be_null_or_empty(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["Filing"]["properties"]["assignee"]["nullable"] is True
    assert schemas["Submission"]["properties"]["submitted_by"]["nullable"] is True
    # "" for a model entered by hand: not a URI.
    assert "format" not in schemas["GPAIModel"]["properties"]["source_reference"]


def test_unpaginated_lists_are_documented_as_plain_arrays(openapi):
    for path in (
        "/api/v1/systems/{id}/versions/",
        "/api/v1/models/{id}/versions/",
        "/api/v1/filings/{id}/submissions/",
        "/api/v1/filings/{id}/events/",
        "/api/v1/public/register/gpai-systemic-risk/",
    ):
        operation = openapi["paths"][path]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema["type"] == "array", path
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        assert not names & {"limit", "cursor"}, path


def test_the_json_export_is_documented_as_an_array(openapi):
    operation = openapi["paths"]["/api/v1/public/register/export/"]["get"]
    content = operation["responses"]["200"]["content"]
    assert content["application/json"]["schema"]["type"] == "array"
    (format_parameter,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert format_parameter["schema"]["enum"] == ["csv", "json"]
