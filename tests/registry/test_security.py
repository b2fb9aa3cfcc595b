"""Security regressions of the registry: CSV injection, what an authority reads while a
filing is back with the provider, and assignment without email enumeration."""

import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from aigov.accounts.models import Organization
from aigov.audit.models import AuditEvent
from registry.exports import neutralise_cell
from registry.models import Filing
from registry.services import (
    filing_request_changes,
    filing_start_review,
    filing_submit,
    filing_update,
)
from tests.conftest import login, member
from tests.factories import OrganizationFactory
from tests.registry.test_filings import (  # noqa: F401 - fixtures
    COMPLETE_HIGH_RISK,
    actor_of,
    authorities,
    client_of,
    draft,
    provider,
    reviewer,
)
from tests.registry.test_public_register import body_of
from tests.registry.test_register_views import register


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body_of(response))))


@pytest.mark.parametrize(
    "value,written",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Acme = best", "Acme = best"),
        (None, ""),
        (42, "42"),
    ],
)
def test_formula_cells_are_neutralised(value, written):
    assert neutralise_cell(value) == written


@pytest.mark.django_db
def test_register_csv_neutralises_formulas_and_json_is_unchanged(owner):
    Organization.objects.filter(pk=owner.pk).update(name="=cmd|'/C calc'!A0")
    owner.refresh_from_db()
    entry = register(owner, "eu.high_risk")
    client = APIClient()
    rows = csv_rows(client.get("/api/v1/public/register/export/", {"format": "csv"}))
    assert [row["provider"] for row in rows] == ["'=cmd|'/C calc'!A0"]
    exported = json.loads(body_of(client.get("/api/v1/public/register/export/?format=json")))
    assert [item["provider"] for item in exported] == ["=cmd|'/C calc'!A0"]
    browser = client.get("/register/export.csv")
    assert [row["id"] for row in csv_rows(browser)] == [str(entry.pk)]
    assert csv_rows(browser)[0]["provider"].startswith("'=")


@pytest.mark.django_db
def test_queue_csv_neutralises_formulas(owner, provider, authorities, draft):  # noqa: F811
    Organization.objects.filter(pk=owner.pk).update(name="@SUM(1+1)*cmd")
    filing_submit(actor=provider, filing=draft)
    supervisor = client_of(authorities["eu-msa-de"], "supervisor")
    for url in ("/api/v1/queue/export/", "/queue/export.csv"):
        rows = csv_rows(supervisor.get(url))
        assert [row["provider"] for row in rows] == ["'@SUM(1+1)*cmd"]


@pytest.mark.django_db
def test_authority_reads_the_last_submission_not_unsubmitted_edits(
    draft,  # noqa: F811
    provider,  # noqa: F811
    reviewer,  # noqa: F811
    authorities,  # noqa: F811
):
    filing = filing_submit(actor=provider, filing=draft)
    submitted = filing.data["inputs_and_operating_logic"]
    filing = filing_start_review(actor=reviewer, filing=filing)
    filing = filing_request_changes(actor=reviewer, filing=filing, reason="Say more.")
    filing_update(
        actor=provider,
        filing=filing,
        data={**filing.data, "inputs_and_operating_logic": "UNSUBMITTED DRAFT TEXT"},
    )
    authority = authorities["eu-msa-de"]
    api = client_of(authority, "reviewer")
    detail = api.get(f"/api/v1/filings/{filing.pk}/")
    assert detail.status_code == 200
    assert detail.json()["data"]["inputs_and_operating_logic"] == submitted
    listed = api.get("/api/v1/filings/", {"status": "changes_requested"}).json()["results"]
    assert [row["data"]["inputs_and_operating_logic"] for row in listed] == [submitted]
    page = api.get(f"/filings/{filing.pk}/")
    assert page.status_code == 200
    assert submitted in page.content.decode()
    assert "UNSUBMITTED DRAFT TEXT" not in page.content.decode()
    assert "UNSUBMITTED DRAFT TEXT" not in detail.content.decode()
    # The provider still sees its own edits.
    own = client_of(filing.organization, "editor").get(f"/api/v1/filings/{filing.pk}/")
    assert own.json()["data"]["inputs_and_operating_logic"] == "UNSUBMITTED DRAFT TEXT"


@pytest.mark.django_db
def test_assign_answers_alike_for_unknown_and_foreign_addresses(
    draft,  # noqa: F811
    provider,  # noqa: F811
    authorities,  # noqa: F811
):
    filing = filing_submit(actor=provider, filing=draft)
    authority = authorities["eu-msa-de"]
    supervisor = client_of(authority, "supervisor")
    foreign = member(OrganizationFactory(), "admin", email="someone@elsewhere.test")
    url = f"/api/v1/filings/{filing.pk}/assign/"
    unknown = supervisor.post(url, {"assignee": "nobody@nowhere.test"}, format="json")
    other = supervisor.post(url, {"assignee": foreign.email}, format="json")
    assert unknown.status_code == other.status_code == 422
    assert unknown.json()["errors"] == other.json()["errors"]
    assert unknown.json()["detail"] == other.json()["detail"]


@pytest.mark.django_db
def test_a_no_op_assignment_writes_no_audit_event(
    draft,  # noqa: F811
    provider,  # noqa: F811
    authorities,  # noqa: F811
):
    filing = filing_submit(actor=provider, filing=draft)
    authority = authorities["eu-msa-de"]
    rita = member(authority, "reviewer", email="rita@bnetza.test")
    supervisor = login(APIClient(), member(authority, "supervisor"), authority)
    url = f"/api/v1/filings/{filing.pk}/assign/"
    assert supervisor.post(url, {"assignee": rita.email}, format="json").status_code == 200
    assigned = AuditEvent.objects.filter(action="filing.assign").count()
    again = supervisor.post(url, {"assignee": rita.email}, format="json")
    assert again.status_code == 200 and again.json()["assignee"] == rita.email
    assert AuditEvent.objects.filter(action="filing.assign").count() == assigned
    Filing.objects.get(pk=filing.pk)  # still there, unchanged
