"""Public verification of a PDF: the one aigov issued matches, a tampered copy or a file
that is not a PDF does not (and nothing is stored); suspension shows at once."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from aigov.documents.kinds import kind_get
from aigov.documents.models import Document
from aigov.documents.services import document_render
from assessments.certificates.services import certificate_issue, certificate_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(decided, lead):
    certificate = certificate_issue(actor=lead, assessment=decided)
    document = document_render(
        kind=kind_get("certificate"), obj=certificate, language="en", job=None
    )
    with storages["documents"].open(document.storage_name) as stored:
        return certificate, stored.read()


def _check(number, data, name="certificate.pdf"):
    url = reverse("api:public-certificate-check", kwargs={"number": number})
    return APIClient().post(url, {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_the_issued_pdf_matches_and_a_tampered_one_does_not(issued):
    certificate, pdf = issued
    answer = _check(certificate.number, pdf).json()
    assert answer["matches"] is True and answer["status"] == "valid"
    tampered = pdf.replace(b"Ranks", b"Ranxs", 1) if b"Ranks" in pdf else pdf + b"\n%tampered"
    answer = _check(certificate.number, tampered).json()
    assert answer["matches"] is False and answer["issued_at"] is None


def test_not_a_pdf_is_refused_naming_the_field_and_nothing_is_stored(issued):
    certificate, _ = issued
    before = Document.objects.count()
    response = _check(certificate.number, b"GIF89a not a pdf", name="looks-like.pdf")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "file" in response.json()["errors"]
    response = APIClient().post(
        reverse("api:public-certificate-check", kwargs={"number": certificate.number}),
        {},
        format="multipart",
    )
    assert response.status_code == 422 and "file" in response.json()["errors"]
    assert Document.objects.count() == before
    assert _check("NB-NOT-ISSUED", b"%PDF-1.7").status_code == 404


def test_the_page_checks_an_upload_and_shows_a_suspension_at_once(issued, lead):
    certificate, pdf = issued
    visitor = Client()
    url = reverse("certificate_verify", args=[certificate.number])
    page = visitor.post(url, {"file": SimpleUploadedFile("c.pdf", pdf)}).content.decode()
    assert 'data-check="match"' in page
    page = visitor.post(url, {"file": SimpleUploadedFile("c.pdf", pdf + b"x")}).content.decode()
    assert 'data-check="mismatch"' in page
    certificate_transition(actor=lead, certificate=certificate, verb="suspend", reason="Audit")
    assert 'data-status="suspended"' in visitor.get(url).content.decode()
    certificate_transition(actor=lead, certificate=certificate, verb="withdraw", reason="Fraud")
    assert 'data-status="withdrawn"' in visitor.get(url).content.decode()
