"""The read-only catalogue API: list, detail, the `regime` and `check` filters, problem
responses for bad filters and unknown codes, authentication, and the OpenAPI entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assessments.catalogues.catalogue import catalogues
from assessments.conformity.checklist import CHECKS
from tests.conftest import login, member
from tests.factories import ApiKeyFactory, AssessorFactory, AuthorityFactory

pytestmark = pytest.mark.django_db


def test_the_list_gives_every_catalogue_with_its_requirements(owner_api):
    response = owner_api.get("/api/v1/catalogues/")
    assert response.status_code == 200
    body = response.json()
    assert [c["code"] for c in body] == [c.code for c in catalogues()]
    high_risk = next(c for c in body if c["code"] == "eu.high_risk")
    assert high_risk["rulebook"] == "Regulation (EU) 2024/1689 (AI Act)"
    assert high_risk["in_force_from"] == "2024-08-01"
    art9 = next(r for r in high_risk["requirements"] if r["code"] == "eu.art9")
    assert art9["basis"] == "Art. 9" and art9["check"] == "evidence"
    assert art9["text"].startswith("1. A risk management system shall be established")
    keywords = next(
        r
        for c in body
        if c["code"] == "cn.genai_security"
        for r in c["requirements"]
        if r["code"] == "cn.tc260.keywords"
    )
    assert (keywords["minimum"], keywords["quality"], keywords["text"]) == (10000, "T", "")
    assert "not in the repository" in keywords["text_source"]


def test_filters_by_regime_and_by_check(owner_api):
    cn = owner_api.get("/api/v1/catalogues/?regime=cn").json()
    assert {c["regime"] for c in cn} == {"cn"}
    assert [c["code"] for c in cn] == ["cn.genai_security", "cn.filings", "cn.labelling"]
    automated = owner_api.get("/api/v1/catalogues/?check=automated").json()
    found = {r["code"] for c in automated for r in c["requirements"]}
    assert found == set(CHECKS)
    assert all(r["check"] == "automated" for c in automated for r in c["requirements"])
    both = owner_api.get("/api/v1/catalogues/?regime=us_ca&check=automated").json()
    assert [[r["code"] for r in c["requirements"]] for c in both] == [["us_ca.framework"]]


@pytest.mark.parametrize(("query", "field"), [("regime=mars", "regime"), ("check=vibes", "check")])
def test_a_bad_filter_is_a_problem_naming_the_field(owner_api, query, field):
    response = owner_api.get(f"/api/v1/catalogues/?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == [field]
    detail = owner_api.get(f"/api/v1/catalogues/eu.gpai/?{query}")
    if field == "check":
        assert detail.status_code == 422 and list(detail.json()["errors"]) == ["check"]
    else:  # the detail has no regime filter
        assert detail.status_code == 200


def test_detail_and_unknown_code(owner_api):
    body = owner_api.get("/api/v1/catalogues/eu.gpai/").json()
    assert body["code"] == "eu.gpai"
    codes = [r["code"] for r in body["requirements"]]
    assert codes[:2] == ["eu.art52", "eu.art53.1.a"] and "eu.annex_xii" in codes
    only = owner_api.get("/api/v1/catalogues/eu.gpai/?check=automated").json()
    assert [r["code"] for r in only["requirements"]] == ["eu.art53.1.a"]
    missing = owner_api.get("/api/v1/catalogues/eu.nothing/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_authentication_is_required_and_every_kind_may_read(owner):
    assert APIClient().get("/api/v1/catalogues/").status_code == 401
    for organization, role in (
        (AuthorityFactory(), "viewer"),
        (AssessorFactory(), "assessor"),
        (owner, "viewer"),
    ):
        client = login(APIClient(), member(organization, role), organization)
        assert client.get("/api/v1/catalogues/eu.high_risk/").status_code == 200
    key = ApiKeyFactory(organization=owner, scope="read")
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key.token}")
    assert client.get("/api/v1/catalogues/?regime=eu").status_code == 200


def test_the_list_reads_no_rows(owner_api):
    owner_api.get("/api/v1/catalogues/")  # the session and actor are loaded once
    with CaptureQueriesContext(connection) as everything:
        owner_api.get("/api/v1/catalogues/")
    with CaptureQueriesContext(connection) as filtered:
        owner_api.get("/api/v1/catalogues/?regime=eu&check=evidence")
    assert len(everything) == len(filtered)


def test_openapi_documents_the_routes_and_filters(owner_api):
    schema = owner_api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    listing = schema["paths"]["/api/v1/catalogues/"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"regime", "check"}
    assert "422" in listing["responses"] and "401" in listing["responses"]
    detail = schema["paths"]["/api/v1/catalogues/{code}/"]["get"]
    assert "404" in detail["responses"]
