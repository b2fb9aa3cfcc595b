"""What the PDFs show, and that they are archival (PDF/A), self-contained and the same
bytes for the same version."""

import io
import re

import pypdf
import pytest

from aigov.documents.kinds import kind_get
from aigov.documents.render import render_pdf
from assessments.certificates.annex_v import ANNEX_V_ITEMS
from assessments.certificates.documents import verification_url
from tests.documents.conftest import page_texts, pdf_text, qr_codes, shows


def _xmp(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def _assert_pdf_a(data: bytes) -> None:
    xmp = _xmp(data)
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    reader = pypdf.PdfReader(io.BytesIO(data))
    [intent] = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    # Every font is embedded (a font file in each descriptor), and it is the vendored family
    # (loaded by @font-face), never a system font.
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            font = descendant[0].get_object() if descendant else font
            descriptor = font["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            assert "+aigov-sans" in str(font["/BaseFont"])


@pytest.mark.django_db
def test_the_certificate_shows_its_scope_and_dates_on_two_pages(certificate, assessor, owner):
    rendered, _ = render_pdf(kind_get("certificate"), certificate, "en")
    assert rendered.pages == 2
    text = pdf_text(rendered.data)
    for expected in (
        "Union technical documentation assessment certificate",
        certificate.number,
        assessor.name,
        assessor.identification_number,
        owner.name,
        certificate.subject_name,
        certificate.intended_purpose,
        certificate.conditions,
        "High-risk under Annex III (at most 4 years)",
        "Assessment by a notified body (EU AI Act Annex VII)",
        "2 March 2026",  # issued
        "2 March 2030",  # expires: four years (Annex III)
        "Scope of certification",
    ):
        assert shows(text, expected), expected
    first, annex = page_texts(rendered.data)
    assert "Scope of certification" in annex and "Scope of certification" not in first
    assert "Page 1 of 2" in first and "Page 2 of 2" in annex
    _assert_pdf_a(rendered.data)


@pytest.mark.django_db
def test_every_page_carries_the_qr_code_and_the_verification_url(certificate):
    rendered, _ = render_pdf(kind_get("certificate"), certificate, "en")
    url = verification_url(certificate)
    assert url == f"https://aigov.example/verify/{certificate.number}/"
    for page, text in enumerate(page_texts(rendered.data)):
        assert shows(text, url)
        assert qr_codes(rendered.data, page) == [url]


@pytest.mark.django_db
def test_the_verification_url_quotes_the_number(certificate):
    certificate.number = "NB 0123/AIA 7"
    assert verification_url(certificate) == "https://aigov.example/verify/NB%200123%2FAIA%207/"


@pytest.mark.django_db
def test_the_declaration_shows_every_annex_v_item_and_the_signature(declaration):
    rendered, _ = render_pdf(kind_get("declaration"), declaration, "en")
    text = pdf_text(rendered.data)
    for item in ANNEX_V_ITEMS:
        assert shows(text, f"{item.point}. {item.label}"), item.label
        assert shows(text, declaration.content[item.key]), item.key
    for expected in (
        "EU declaration of conformity",
        "Berlin",
        "5 March 2026",
        "Erika Mustermann",
        "Managing director",
        declaration.signed_for,
        "Signed electronically by Erika Mustermann at 5 March 2026, 09:30 UTC",
        declaration.sha256,
    ):
        assert shows(text, expected), expected
    url = f"https://aigov.example/verify/declarations/{declaration.pk}/"
    assert shows(text, url) and qr_codes(rendered.data) == [url]
    _assert_pdf_a(rendered.data)


@pytest.mark.django_db
def test_the_filing_receipt_shows_the_registration(registered_filing, authority):
    rendered, _ = render_pdf(kind_get("filing_receipt"), registered_filing, "en")
    text = pdf_text(rendered.data)
    for expected in (
        "Filing receipt",
        "EU-HR-2026-000042",
        authority.name,
        registered_filing.ai_system.name,
        "1 April 2026, 08:15 UTC",
        "ab" * 32,
    ):
        assert shows(text, expected), expected
    # A public entry is verified on the public register.
    url = f"https://aigov.example/register/{registered_filing.pk}/"
    assert qr_codes(rendered.data) == [url] and shows(text, url)
    _assert_pdf_a(rendered.data)


@pytest.mark.django_db
def test_a_non_public_filing_is_verified_on_its_own_page(registered_filing):
    registered_filing.non_public = True
    registered_filing.save(update_fields=["non_public"])
    rendered, _ = render_pdf(kind_get("filing_receipt"), registered_filing, "en")
    assert qr_codes(rendered.data) == [f"https://aigov.example/filings/{registered_filing.pk}/"]


@pytest.mark.django_db
def test_the_same_version_renders_byte_identical(certificate):
    kind = kind_get("certificate")
    first, version = render_pdf(kind, certificate, "en")
    again, same_version = render_pdf(kind, certificate, "en")
    assert (again.data, same_version) == (first.data, version)
    # The dates in the metadata are the certificate's, not the moment of rendering.
    assert re.search(r"<xmp:CreateDate>2026-03-02T00:00:00Z</xmp:CreateDate>", _xmp(first.data))
