"""Fixtures of the PDF document tests: a private storage per test, objects of each kind,
and readers of what a PDF shows (its text, its XMP metadata, its QR code)."""

import io
import re
from datetime import UTC, datetime

import pypdf
import pypdfium2
import pytest
import zxingcpp

import assessments.certificates.documents  # noqa: F401 - registers certificate, declaration
from registry.models import Submission
from tests.conftest import private_storage
from tests.factories import make_certificate, make_declaration, make_filing


@pytest.fixture(autouse=True)
def documents_storage(settings, tmp_path):
    """Each test stores its PDFs in its own folder."""
    settings.SITE_URL = "https://aigov.example"
    return private_storage(settings, "documents", tmp_path / "documents")


@pytest.fixture
def certificate(owner, assessor):
    return make_certificate(owner, issuer=assessor)


@pytest.fixture
def declaration(owner):
    return make_declaration(owner)


@pytest.fixture
def registered_filing(owner, authority):
    """A registered EU high-risk filing of `owner`, reviewed by `authority`, public."""
    filing = make_filing(
        owner,
        status="registered",
        authority=authority,
        registration_number="EU-HR-2026-000042",
        registered_at=datetime(2026, 4, 1, 8, 15, tzinfo=UTC),
        submitted_at=datetime(2026, 3, 20, 10, 0, tzinfo=UTC),
        registered_provider=owner.name,
    )
    filing.registered_subject = filing.ai_system.name
    filing.save(update_fields=["registered_subject"])
    Submission.objects.create(
        organization=owner,
        filing=filing,
        number=1,
        data={"provider": owner.name},
        sha256="ab" * 32,
        subject_snapshot={"version": 1},
        submitted_at=datetime(2026, 3, 20, 10, 0, tzinfo=UTC),
    )
    return filing


def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace collapsed (table cells wrap lines anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def shows(text: str, expected: str) -> bool:
    """Whether the text shows `expected`; long values (a URL, a hash) wrap inside a table
    cell, so spaces are ignored."""
    return re.sub(r"\s+", "", expected) in re.sub(r"\s+", "", text)


def page_texts(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def qr_codes(data: bytes, page: int = 0) -> list[str]:
    """Every QR code on the page, decoded from a 200 dpi bitmap of it."""
    document = pypdfium2.PdfDocument(data)
    bitmap = document[page].render(scale=200 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(bitmap)]
