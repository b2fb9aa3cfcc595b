"""The PDF in the browser and over the API: asked for from the object's page or
`POST /api/v1/documents/`, downloaded after the access check; another tenant's document
is a 404 everywhere."""

import hashlib

import pytest
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from aigov.documents.models import Document
from aigov.jobs.models import Job
from aigov.jobs.services import job_run
from tests.conftest import login, member


def _rendered(client, kind, obj):
    """Ask for the PDF in the browser, run the job, and return the job page's answer."""
    response = client.post(
        reverse("document_request"), {"kind": kind, "object_id": obj.pk, "language": "en"}
    )
    job = Job.objects.get(kind="documents.render")
    assert response.status_code == 302 and response["Location"] == reverse(
        "job_detail", args=[job.pk]
    )
    job_run(job.pk)
    return client.get(reverse("job_detail", args=[job.pk]))


@pytest.mark.django_db
def test_the_receipt_button_leads_to_the_download(owner, registered_filing):
    client = login(Client(), member(owner, "viewer"), owner)
    page = client.get(reverse("filing_detail", args=[registered_filing.pk])).content.decode()
    assert "Receipt (PDF)" in page and reverse("document_request") in page

    job_page = _rendered(client, "filing_receipt", registered_filing).content.decode()
    document = Document.objects.get()
    download = reverse("document_download", args=[document.pk])
    assert "Download the PDF" in job_page and download in job_page

    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="receipt-eu-hr-2026-000042-en.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert hashlib.sha256(response.content).hexdigest() == document.sha256

    # Asked again: the stored document, no second job.
    again = client.post(
        reverse("document_request"),
        {"kind": "filing_receipt", "object_id": registered_filing.pk, "language": "en"},
    )
    assert again["Location"] == download and Job.objects.count() == 1


@pytest.mark.django_db
def test_no_receipt_button_before_registration(owner):
    from tests.factories import make_filing

    filing = make_filing(owner, status="submitted")
    client = login(Client(), member(owner), owner)
    page = client.get(reverse("filing_detail", args=[filing.pk])).content.decode()
    assert "Receipt (PDF)" not in page


@pytest.mark.django_db
def test_the_reviewing_authority_sees_the_receipt_and_a_stranger_does_not(
    owner, stranger, authority, registered_filing
):
    _rendered(login(Client(), member(owner), owner), "filing_receipt", registered_filing)
    document = Document.objects.get()
    download = reverse("document_download", args=[document.pk])

    regulator = login(Client(), member(authority, "viewer"), authority)
    assert regulator.get(download).status_code == 200

    other = login(Client(), member(stranger), stranger)
    assert other.get(download).status_code == 404
    asked = other.post(
        reverse("document_request"),
        {"kind": "filing_receipt", "object_id": registered_filing.pk, "language": "en"},
    )
    assert asked.status_code == 404

    api = login(APIClient(), member(stranger, "editor"), stranger)
    assert api.get(reverse("api:document-detail", args=[document.pk])).status_code == 404
    assert api.get(reverse("api:document-download", args=[document.pk])).status_code == 404
    assert api.get(reverse("api:document-list")).json()["results"] == []
    body = {"kind": "filing_receipt", "object_id": str(registered_filing.pk)}
    refused = api.post(reverse("api:document-list"), body, format="json")
    assert refused.status_code == 422 and "object_id" in refused.json()["errors"]


@pytest.mark.django_db
def test_a_tampered_file_is_not_served(owner, registered_filing):
    client = login(Client(), member(owner), owner)
    _rendered(client, "filing_receipt", registered_filing)
    document = Document.objects.get()
    with storages["documents"].open(document.storage_name, "wb") as stored:
        stored.write(b"%PDF-1.7 not what was rendered")
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 302  # back, with the reason; never the bytes
    api = login(APIClient(), member(owner), owner)
    answer = api.get(reverse("api:document-download", args=[document.pk]))
    assert answer.status_code == 409 and "SHA-256" in answer.json()["detail"]


@pytest.mark.django_db
def test_the_api_answers_a_job_then_the_document(owner, certificate):
    api = login(APIClient(), member(owner, "editor"), owner)
    body = {"kind": "certificate", "object_id": str(certificate.pk), "language": "en"}
    first = api.post(reverse("api:document-list"), body, format="json")
    assert first.status_code == 202 and first.json()["kind"] == "documents.render"
    job_run(first.json()["id"])

    second = api.post(reverse("api:document-list"), body, format="json")
    assert second.status_code == 200
    document = second.json()
    assert document["page_count"] == 2 and document["object_id"] == str(certificate.pk)
    listed = api.get(reverse("api:document-list"), {"kind": "certificate"}).json()["results"]
    assert [row["id"] for row in listed] == [document["id"]]
    download = api.get(document["download"])
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == document["sha256"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body,field",
    [
        ({"kind": "passport", "object_id": "00000000-0000-0000-0000-000000000000"}, "kind"),
        ({"kind": "certificate", "object_id": "not-a-uuid"}, "object_id"),
        ({"kind": "certificate"}, "object_id"),
        ({"kind": "certificate", "object_id": "CERT", "language": "xx"}, "language"),
        ({"kind": "certificate", "object_id": "CERT", "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(owner, certificate, body, field):
    api = login(APIClient(), member(owner, "editor"), owner)
    body = {k: str(certificate.pk) if v == "CERT" else v for k, v in body.items()}
    response = api.post(reverse("api:document-list"), body, format="json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_draft_declaration_has_no_pdf_yet(owner):
    from tests.factories import make_declaration

    draft = make_declaration(owner, signed=False)
    api = login(APIClient(), member(owner, "editor"), owner)
    body = {"kind": "declaration", "object_id": str(draft.pk)}
    response = api.post(reverse("api:document-list"), body, format="json")
    assert response.status_code == 422 and "signed" in response.json()["errors"]["object_id"][0]
