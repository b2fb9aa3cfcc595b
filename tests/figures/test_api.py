"""The figures API: who may read it, the numbers and the lists behind them, exports with
the definition, the window's validation, the cache per authority and the query count."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from aigov.figures import FIGURES
from tests.conftest import login, member
from tests.factories import (
    ApiKeyFactory,
    AssessorFactory,
    AuthorityFactory,
    OrganizationFactory,
    make_assessment,
)
from tests.figures.data import COUNTRIES, SPEC, make_filing_row

# Rows whose value is not a count of the list behind it (a median, a share).
NOT_COUNTS = {"median_days", "p90_days", "share_in_time"}


def _client(organization, role=None):
    role = role or organization.roles[0]
    return login(APIClient(), member(organization, role), organization)


def _detail(code, **params):
    return reverse("api:figure-detail", kwargs={"code": code}), params


def _fill(authority, size: int, *, elsewhere=None):
    """`size` filings of varied kinds with `authority`, and assessments of some of them."""
    elsewhere = elsewhere or AuthorityFactory()
    providers = {country: OrganizationFactory(country=country) for country in COUNTRIES}
    kinds = [
        {"status": "submitted", "due_after_hours": 24 * 3},
        {"status": "in_review", "due_after_hours": 1, "submitted_days": 2},
        {"status": "registered", "area": "eu.5", "decision_after_hours": 30},
        {"status": "rejected", "decision_after_hours": 300, "due_after_hours": 100},
        {"subject": "model", "compute": 2e25, "status": "submitted"},
        {"subject": "model", "compute": 1e25, "status": "registered", "country": "US"},
        {"tier": "limited", "type_index": 3, "status": "changes_requested", "country": "FR"},
        {"status": "submitted", "submitted_days": 450},
    ]
    for index in range(size):
        make_filing_row({**SPEC, **kinds[index % len(kinds)]}, authority, elsewhere, providers)
    for _ in range(max(size // 4, 1)):
        make_assessment(authority, status="in_progress")


@pytest.fixture
def office(db):
    return AuthorityFactory(name="European AI Office", authority_code="eu-ai-office", country="BE")


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [OrganizationFactory, AssessorFactory])
def test_only_authorities_read_figures(factory):
    client = _client(factory())
    assert client.get(reverse("api:figure-list")).status_code == 403
    url, _ = _detail("filings-by-status")
    response = client.get(url)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.django_db
def test_the_list_gives_each_figure_its_definition_window_and_links(authority):
    response = _client(authority).get(reverse("api:figure-list"))
    assert response.status_code == 200
    body = response.json()
    codes = [item["code"] for item in body["results"]]
    assert codes == list(FIGURES)
    assert {"filings-by-status", "decision-times", "gpai-compute", "assessments-by-status"} <= set(
        codes
    )
    for item in body["results"]:
        assert item["definition"] and item["window_applies"]
        assert item["url"] == f"/api/v1/dashboard/{item['code']}/"
        assert item["page_url"] == f"/dashboard/figures/#figure-{item['code']}"
    assert set(body["window"]) == {"since", "until", "applies"}


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(FIGURES))
def test_every_number_links_to_the_list_that_holds_it(code, authority, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    _fill(authority, 12)
    _fill(AuthorityFactory(), 5)  # another authority's filings, never counted nor listed
    client = _client(authority)
    url, _ = _detail(code)
    body = client.get(url).json()
    assert body["code"] == code and body["definition"] == FIGURES[code].definition
    counted = [row for row in body["rows"] if row["key"] not in NOT_COUNTS and row["url"]]
    assert counted, body
    for row in counted:
        listed = client.get(f"{row['url']}&limit=200")
        assert listed.status_code == 200, (row, listed.content)
        results = listed.json()["results"]
        if code == "gpai-compute":  # models, each once; the list shows their filings
            subjects = {item["subject"]["id"] for item in results}
            assert len(subjects) == row["value"], row
        else:
            assert len(results) == row["value"], row
        assert row["page_url"].startswith(
            ("/queue/?", "/assessments/?", "/certificates/?", "/incidents/?")
        )


@pytest.mark.django_db
def test_figures_count_what_was_filed_with_this_authority(authority, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    _fill(authority, 8)
    _fill(AuthorityFactory(), 16)
    body = _client(authority).get(_detail("filings-by-status")[0]).json()
    values = {row["key"]: row["value"] for row in body["rows"]}
    # Of the 8 generated, one was submitted 450 days ago: outside the default window.
    assert sum(values.values()) == 7
    assert values["submitted"] == 2 and values["registered"] == 2


@pytest.mark.django_db
def test_exports_carry_the_definition(authority, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    _fill(authority, 8)
    client = _client(authority)
    url, _ = _detail("filings-by-status")
    response = client.get(url, {"format": "csv", "since": "2022-06-01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0] == [
        "key",
        "label",
        "value",
        "list_url",
        "figure",
        "since",
        "until",
        "definition",
    ]
    body = client.get(url, {"since": "2022-06-01"}).json()
    assert [line[0] for line in lines[1:]] == [row["key"] for row in body["rows"]]
    assert [int(line[2]) for line in lines[1:]] == [row["value"] for row in body["rows"]]
    assert {line[7] for line in lines[1:]} == {FIGURES["filings-by-status"].definition}
    assert {line[5] for line in lines[1:]} == {"2022-06-01"}

    exported = client.get(url, {"format": "json", "since": "2022-06-01"})
    assert "attachment" in exported["Content-Disposition"]
    assert json.loads(exported.content) == body
    assert body["window"]["since"] == "2022-06-01"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,field",
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2026-02-30"}, "until"),
        ({"since": "2026-05-01", "until": "2026-04-01"}, "since"),
        ({"since": "2000-01-01", "until": "2026-01-01"}, "since"),
        ({"format": "xlsx"}, "format"),
    ],
)
def test_a_bad_window_or_format_is_a_problem_naming_the_field(authority, params, field):
    """Like every bad query parameter of this API: 422 problem+json with the field named."""
    response = _client(authority).get(_detail("filings-by-status")[0], params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


@pytest.mark.django_db
def test_an_unknown_figure_is_a_404(authority):
    response = _client(authority).get(_detail("no-such-figure")[0])
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_the_cache_never_serves_one_authoritys_figures_to_another(authority, office, settings):
    settings.FIGURES_CACHE_SECONDS = 60
    _fill(authority, 8)
    _fill(office, 3)
    url, _ = _detail("filings-by-status")
    ours = _client(authority)
    theirs = _client(office)
    key = ApiKeyFactory(organization=office, scope="read")
    by_key = APIClient()
    by_key.credentials(HTTP_AUTHORIZATION=f"Bearer {key.token}")

    def total(client):
        return sum(row["value"] for row in client.get(url).json()["rows"])

    assert total(ours) == 7
    assert total(theirs) == 3  # same code, same window, just after: not our cached rows
    assert total(by_key) == 3
    _fill(authority, 1)
    assert total(ours) == 7  # served from the cache for FIGURES_CACHE_SECONDS
    assert total(theirs) == 3
    settings.FIGURES_CACHE_SECONDS = 0
    assert total(ours) == 8


@pytest.mark.django_db
@pytest.mark.parametrize("code", [None, *FIGURES])
def test_query_count_does_not_grow_with_the_data(code, authority, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    client = _client(authority)
    url = reverse("api:figure-list") if code is None else _detail(code)[0]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(captured)

    _fill(authority, 4)
    small = queries()
    _fill(authority, 40)
    assert queries() == small
