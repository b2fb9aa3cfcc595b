"""Evidence of conformity assessments: checked by content (never by name or declared
type), refused or quarantined with a clear message and nothing reaching storage as
accepted evidence; metric results validated; versioned, never overwritten; served only
after the access check, as an attachment with nosniff; new evidence starts a new run."""

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from aigov.audit.models import AuditEvent
from assessments.conformity import evidence as content
from assessments.conformity.models import ChecklistRun, Evidence
from tests.conftest import login, member
from tests.factories import (
    AssessorFactory,
    AuthorityFactory,
    OrganizationFactory,
    make_assessment,
    make_evidence,
)

# --- Files, written by hand

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PDF_WITH_JAVASCRIPT = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"3 0 obj\n<< /S /JavaScript /JS (app.alert\\('hi'\\)) >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def pdf_with_hidden(dictionary: bytes, packed=None, filters=b"/FlateDecode") -> bytes:
    """A PDF whose active content sits in a compressed object stream."""
    packed = zlib.compress(dictionary) if packed is None else packed
    return (
        b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter "
        + filters
        + b" /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def endstream_inside(hidden: bytes) -> bytes:
    """A Flate stream whose first block is stored as it is, with "endstream" in it, and
    whose next block hides `hidden` compressed (hand-made: zlib header, stored block,
    raw deflate block, Adler-32)."""
    visible = b"(endstream)"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    rest = compressor.compress(hidden) + compressor.flush()
    stored = b"\x00" + struct.pack("<HH", len(visible), len(visible) ^ 0xFFFF) + visible
    return b"\x78\x01" + stored + rest + struct.pack(">I", zlib.adler32(visible + hidden))


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
WORD_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": WORD_TYPES, "word/document.xml": b"<w:document/>"})


def zip_bomb() -> bytes:
    """A 'document' whose one part unpacks from ~20 KB to 20 MiB of zeros."""
    return zipped({"[Content_Types].xml": WORD_TYPES, "word/document.xml": b"\0" * (20 << 20)})


# --- Fixtures and helpers


@pytest.fixture(autouse=True)
def _private_evidence(evidence_root):
    """Each test keeps its evidence in its own private folder."""


def stored(root: Path) -> dict[str, bytes]:
    """Every file in the evidence storage, by its path under the root."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def client_of(organization, role):
    return login(APIClient(), member(organization, role), organization)


@pytest.fixture
def assessment(owner):
    return make_assessment(owner, status="in_progress")


@pytest.fixture
def provider(owner):
    return client_of(owner, "editor")


def upload(client, assessment, name: str, data: bytes, declared="application/pdf", **fields):
    return client.post(
        f"/api/v1/assessments/{assessment.pk}/evidence/",
        {"file": SimpleUploadedFile(name, data, content_type=declared), **fields},
        format="multipart",
    )


def assert_refused(response, words: str):
    assert response.status_code in (400, 413, 422), response.content
    assert response["Content-Type"] == "application/problem+json"
    message = " ".join(response.json()["errors"]["file"])
    assert words in message, message


# --- Refused, quarantined or stored as what it is


@pytest.mark.django_db
def test_a_pdf_is_accepted_with_its_sha256_and_starts_a_checklist_run(
    provider, assessment, evidence_root
):
    response = upload(provider, assessment, "technical-documentation.pdf", PDF, title="Annex IV")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "accepted" and body["reason"] == ""
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (body["content_type"], body["size"], body["version"]) == ("application/pdf", len(PDF), 1)
    run = ChecklistRun.objects.get(assessment=assessment)
    assert body["checklist_run"] == str(run.pk) and run.job.kind == "conformity.checklist_run"
    files = stored(evidence_root)
    assert list(files.values()) == [PDF]
    assert next(iter(files)).startswith("accepted/")
    event = AuditEvent.objects.get(action="evidence.uploaded")
    assert event.data["sha256"] == body["sha256"] and event.object_id == body["id"]


@pytest.mark.django_db
def test_a_pdf_renamed_png_is_stored_and_served_as_a_pdf(provider, assessment):
    response = upload(provider, assessment, "diagram.png", PDF, declared="image/png")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["content_type"] == "application/pdf"
    assert body["original_filename"] == "diagram.png"
    assert "ends in .png, but the content is PDF" in body["reason"]
    download = provider.get(body["download"])
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="diagram-v1.pdf"' in download["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,data,words",
    [
        ("report.pdf", EXE, "Windows executable"),
        ("report.pdf", ELF, "Linux executable"),
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "script"),
        ("page.txt", b"<html><script>alert(1)</script></html>", "HTML or SVG"),
        ("blob.pdf", b"\x00\x01\x02garbage" * 20, "not recognised"),
        ("archive.docx", zipped({"readme.txt": b"hello"}), "zip archive, not a Word"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_programs_and_unknown_content_are_refused_and_nothing_is_stored(
    provider, assessment, evidence_root, name, data, words
):
    assert_refused(upload(provider, assessment, name, data), words)
    assert not Evidence.objects.exists()
    assert not ChecklistRun.objects.exists()
    assert stored(evidence_root) == {}


@pytest.mark.django_db
def test_a_zip_bomb_is_refused(provider, assessment, evidence_root):
    bomb = zip_bomb()
    assert len(bomb) < 100_000
    assert_refused(upload(provider, assessment, "report.docx", bomb), "zip bomb")
    assert not Evidence.objects.exists() and stored(evidence_root) == {}


@pytest.mark.django_db
def test_a_file_over_the_limit_is_413_and_nothing_is_stored(
    provider, assessment, evidence_root, settings
):
    settings.EVIDENCE_MAX_BYTES = 2048
    # Just over: refused by the service, after the body was read.
    response = upload(provider, assessment, "big.pdf", PDF + b"%" * 2048)
    assert response.status_code == 413
    assert_refused(response, "the limit is 2,048 bytes")
    # Far over: refused before anything reads the body.
    response = upload(provider, assessment, "huge.pdf", PDF + b"%" * 200_000)
    assert response.status_code == 413
    assert_refused(response, "the limit for the file is 2,048 bytes")
    assert not Evidence.objects.exists() and stored(evidence_root) == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,words",
    [
        (PDF_WITH_JAVASCRIPT, "JavaScript"),
        (
            pdf_with_hidden(b"<< /Type /Catalog /OpenAction << /S /Launch /F (calc.exe) >> >>"),
            "Launch",
        ),
        (pdf_with_hidden(b"<< /Names << /EmbeddedFiles 4 0 R >> >>"), "embedded files"),
        (pdf_with_hidden(b"<< /AA << /O << /S /J#61vaScript /J#53 (x) >> >> >>"), "JavaScript"),
        (PDF.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 5 0 R"), "encrypted"),
        # "endstream" inside the compressed bytes does not end the scan early.
        (pdf_with_hidden(b"", endstream_inside(b"<< /S /JavaScript >>" * 3)), "JavaScript"),
        # An object stream in an encoding the scan does not decode cannot pass unread.
        (pdf_with_hidden(b"", b'<~87cURD]i,"Ebo80~>', b"[/ASCII85Decode /FlateDecode]"), "ASCII85"),
        # Junk before the header: readers still open it as a PDF, so it is scanned as one.
        (b"junk\n" + PDF_WITH_JAVASCRIPT, "JavaScript"),
    ],
)
def test_a_pdf_with_active_content_is_quarantined_never_served(
    provider, assessment, evidence_root, data, words
):
    response = upload(provider, assessment, "manual.pdf", data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "quarantined"
    assert words in body["reason"]
    assert body["download"] is None and body["checklist_run"] is None
    assert not ChecklistRun.objects.exists()
    # Kept for inspection, apart from accepted evidence.
    files = stored(evidence_root)
    assert list(files.values()) == [data]
    assert all(path.startswith("quarantine/") for path in files)
    refused = provider.get(f"/api/v1/evidence/{body['id']}/download/")
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    assert "Quarantined evidence is not served" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="evidence.quarantined").count() == 1


def pdf_with_stream(dictionary: bytes, data: bytes, newline: bytes = b"\n") -> bytes:
    return (
        b"%PDF-1.5\n4 0 obj\n"
        + dictionary
        + b"\nstream"
        + newline
        + data
        + b"\nendstream\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def test_only_dictionaries_count_not_page_content(monkeypatch):
    hidden = zlib.compress(b"<< /S /JavaScript /JS (x) >>")
    # An object stream without /Type is still read as one (readers look at /First).
    untyped = pdf_with_stream(b"<< /N 1 /First 4 /Filter /FlateDecode >>", hidden)
    assert "JavaScript" in content.inspect(untyped).quarantine
    xfa = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /AcroForm << /XFA 9 0 R >>")
    assert "XFA form" in content.inspect(xfa).quarantine
    # A lone CR after `stream` is accepted by readers, and so by the scan.
    typed = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>"
    assert "JavaScript" in content.inspect(pdf_with_stream(typed, hidden, b"\r")).quarantine
    # Page content is drawing, not actions: a font resource named /JS in it is no script,
    # and however large it is decompressed, it is not scanned.
    monkeypatch.setattr(content, "PDF_MAX_SCANNED", 1000)
    drawing = zlib.compress(b"BT /JS 12 Tf (Risk management) Tj ET\n" * 200)
    page = pdf_with_stream(b"<< /Filter /FlateDecode >>", drawing)
    assert content.inspect(page) == content.Inspection(content.PDF)
    large = pdf_with_stream(typed, zlib.compress(b"<< /Type /Font >>" * 100))
    assert "too large" in content.inspect(large).quarantine


@pytest.mark.django_db
def test_office_documents_are_accepted_by_their_content_types():
    assert content.inspect(DOCX, "report.docx").content_type == content.DOCX
    macros = zipped({"[Content_Types].xml": WORD_TYPES, "word/vbaProject.bin": b"VBA"})
    assert "macros" in content.inspect(macros, "report.docx").quarantine


@pytest.mark.django_db
def test_text_images_and_data_are_told_apart_by_their_bytes():
    assert content.inspect(PNG, "a.png").content_type == content.PNG
    assert content.inspect(JPEG, "a.jpeg").content_type == content.JPEG
    assert content.inspect(b'{"a": 1}', "a.txt").content_type == content.JSON
    assert content.inspect(b"a,b\n1,2\n3,4\n", "a.csv").content_type == content.CSV
    assert content.inspect("Plain words, ünïcode.".encode(), "a.txt").content_type == content.TEXT
    assert content.inspect(PNG, "a.png").note == ""
    assert ".jpg" in content.inspect(PNG, "a.jpg").note


# --- Metric results


REFUSAL = {"name": "refusal_test", "questions": 300, "refused": 291, "rate": 0.97}


@pytest.mark.django_db
def test_a_refusal_test_result_is_metric_evidence(provider, assessment):
    url = f"/api/v1/assessments/{assessment.pk}/evidence/"
    response = provider.post(url, {"metric": REFUSAL}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["title"]) == ("metric", "accepted", "Refusal test")
    assert body["metric"] == REFUSAL
    expected = content.canonical(REFUSAL)
    assert body["sha256"] == hashlib.sha256(expected).hexdigest()
    download = provider.get(body["download"])
    assert download.content == expected
    assert download["Content-Type"] == "application/json"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "metric,field",
    [
        ({**REFUSAL, "rate": 0.5}, "metric.rate"),
        ({**REFUSAL, "rate": 1.2}, "metric.rate"),
        ({**REFUSAL, "refused": 301}, "metric.refused"),
        ({**REFUSAL, "questions": 0}, "metric.questions"),
        ({**REFUSAL, "questions": "300"}, "metric.questions"),
        ({**REFUSAL, "name": "vibes"}, "metric.name"),
        ({**REFUSAL, "extra": 1}, "metric.extra"),
        ([1, 2], "metric"),
    ],
)
def test_a_bad_metric_is_refused_naming_the_field(provider, assessment, metric, field):
    url = f"/api/v1/assessments/{assessment.pk}/evidence/"
    response = provider.post(url, {"metric": metric}, format="json")
    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"], response.json()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_file_or_a_metric_and_a_requirement_in_scope(provider, assessment):
    url = f"/api/v1/assessments/{assessment.pk}/evidence/"
    neither = provider.post(url, {"title": "Nothing"}, format="json")
    assert "file" in neither.json()["errors"]
    wrong = upload(provider, assessment, "a.pdf", PDF, requirement="cn.tc260.keywords")
    assert "requirement" in wrong.json()["errors"]
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_an_upload_larger_than_other_api_bodies_is_retried_safely(provider, assessment, settings):
    # Bigger than any other API body may be, and sent twice with one Idempotency-Key.
    big = PDF + b"%" * (settings.API_MAX_BODY_BYTES + 1024)
    url = f"/api/v1/assessments/{assessment.pk}/evidence/"
    body = {"file": SimpleUploadedFile("big.pdf", big)}
    first = provider.post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="upload-1")
    body = {"file": SimpleUploadedFile("big.pdf", big)}
    again = provider.post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="upload-1")
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json() and first.json()["size"] == len(big)
    assert Evidence.objects.count() == 1
    # A JSON body to the same route keeps the ordinary limit.
    padded = {"metric": {**REFUSAL, "notes": "x" * settings.API_MAX_BODY_BYTES}}
    assert provider.post(url, padded, format="json").status_code == 413


# --- Versions


@pytest.mark.django_db
def test_evidence_is_versioned_never_overwritten(provider, assessment, evidence_root):
    first = upload(provider, assessment, "risk.pdf", PDF, title="Risk plan", requirement="eu.art9")
    second_pdf = PDF.replace(b"/Count 0", b"/Count 0 /Producer (v2)")
    second = upload(
        provider, assessment, "risk-v2.pdf", second_pdf, title="Risk plan", requirement="eu.art9"
    )
    other = upload(provider, assessment, "risk.pdf", PDF, title="Risk plan")  # no requirement
    assert [first.json()["version"], second.json()["version"]] == [1, 2]
    assert other.json()["version"] == 1
    assert sorted(stored(evidence_root).values()) == sorted([PDF, second_pdf, PDF])
    assert provider.get(first.json()["download"]).content == PDF
    listed = provider.get(f"/api/v1/assessments/{assessment.pk}/evidence/").json()
    assert len(listed) == 3
    rows = provider.get(f"/api/v1/assessments/{assessment.pk}/requirements/").json()
    art9 = next(row for row in rows if row["code"] == "eu.art9")
    assert [(e["title"], e["version"]) for e in art9["evidence"]] == [
        ("Risk plan", 2),
        ("Risk plan", 1),
    ]
    found = provider.get("/api/v1/evidence/", {"requirement": "eu.art9"}).json()["results"]
    assert [e["version"] for e in found] == [2, 1]
    by_hash = {"sha256": hashlib.sha256(second_pdf).hexdigest().upper()}
    assert [e["id"] for e in provider.get("/api/v1/evidence/", by_hash).json()["results"]] == [
        second.json()["id"]
    ]
    # Each accepted upload started its own run; every run is kept.
    assert list(assessment.checklist_runs.values_list("number", flat=True)) == [3, 2, 1]


# --- Who sees, adds and downloads


@pytest.mark.django_db
def test_only_the_parties_see_or_download_evidence(owner, provider, assessment):
    body = upload(provider, assessment, "doc.pdf", PDF).json()
    evidence_url = f"/api/v1/assessments/{assessment.pk}/evidence/"
    for stranger in (
        client_of(OrganizationFactory(), "admin"),
        client_of(AssessorFactory(), "lead"),
        client_of(AuthorityFactory(), "supervisor"),
    ):
        assert stranger.get(evidence_url).status_code == 404
        assert stranger.get(body["download"]).status_code == 404
        assert stranger.get(f"/api/v1/evidence/{body['id']}/").status_code == 404
        assert upload(stranger, assessment, "x.pdf", PDF).status_code == 404
    # The assigned notified body reads and downloads, but does not add the provider's evidence.
    body_client = client_of(assessment.assessor_organization, "assessor")
    assert body_client.get(body["download"]).content == PDF
    assert upload(body_client, assessment, "x.pdf", PDF).status_code == 403
    assert upload(client_of(owner, "viewer"), assessment, "x.pdf", PDF).status_code == 403
    assert Evidence.objects.count() == 1


@pytest.mark.django_db
def test_no_evidence_once_the_assessment_is_closed(provider, assessment, evidence_root):
    assessment.status = "closed"
    assessment.save(update_fields=["status"])
    assert upload(provider, assessment, "late.pdf", PDF).status_code == 409
    assert stored(evidence_root) == {}


@pytest.mark.django_db
def test_downloads_are_attachments_that_are_not_sniffed(provider, assessment, evidence_root):
    body = upload(provider, assessment, "Prüfbericht.pdf", PDF).json()
    response = provider.get(body["download"])
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Pr%C3%BCfbericht-v1.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    # A stored file that changed since the upload is not served as that evidence.
    (path,) = [p for p in evidence_root.rglob("*") if p.is_file()]
    path.write_bytes(PDF + b"tampered")
    changed = provider.get(body["download"])
    assert changed.status_code == 409 and "SHA-256" in changed.json()["detail"]
    # A stored file that is gone is a conflict too, not a server error.
    path.unlink()
    missing = provider.get(body["download"])
    assert missing.status_code == 409 and "missing" in missing.json()["detail"]


@pytest.mark.django_db
def test_a_finding_cites_accepted_evidence_of_its_assessment(owner, provider, assessment):
    accepted = upload(provider, assessment, "plan.pdf", PDF).json()
    quarantined = upload(provider, assessment, "bad.pdf", PDF_WITH_JAVASCRIPT).json()
    elsewhere = make_evidence(owner)
    lead = client_of(assessment.assessor_organization, "lead")
    url = f"/api/v1/assessments/{assessment.pk}/findings/"
    finding = {"requirement": "eu.art9", "outcome": "conformant", "narrative": "Plan in place."}
    for n, cited in enumerate([[quarantined["id"]], [str(elsewhere.pk)], ["not-a-uuid"]]):
        response = lead.post(
            url, {**finding, "evidence": cited}, format="json", HTTP_IDEMPOTENCY_KEY=f"bad-{n}"
        )
        assert response.status_code == 422, response.content
        assert "evidence" in response.json()["errors"]
    response = lead.post(
        url, {**finding, "evidence": [accepted["id"]]}, format="json", HTTP_IDEMPOTENCY_KEY="ok"
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"] == [accepted["id"]]


# --- The assessment page


@pytest.mark.django_db
def test_the_provider_uploads_on_the_assessment_page(owner, assessment, evidence_root):
    from django.test import Client

    browser = login(Client(), member(owner, "editor"), owner)
    page = reverse("assessment_detail", args=[assessment.pk])
    action = reverse("assessment_action", args=[assessment.pk, "evidence"])

    refused = browser.post(
        action,
        {
            "title": "Operating manual",
            "requirement": "eu.art11",
            "file": SimpleUploadedFile("manual.pdf", EXE, content_type="application/pdf"),
        },
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "The document was not added" in html and "Windows executable" in html
    assert 'value="Operating manual"' in html  # what was typed is kept
    assert '<option value="eu.art11" selected>' in html
    assert stored(evidence_root) == {}

    pdf = SimpleUploadedFile("manual.pdf", PDF, content_type="application/pdf")
    done = browser.post(
        action, {"title": "Operating manual", "requirement": "eu.art11", "file": pdf}
    )
    assert done.status_code == 302
    html = browser.get(page).content.decode()
    assert "is accepted as version 1" in html
    # The requirement it is filed under names it.
    card = html[html.index('id="req-euart11"') :]
    card = card[: card.index("</div>")]
    assert "Evidence: " in card and "Operating manual</a> (version 1, accepted)" in card
    assert hashlib.sha256(PDF).hexdigest() in html
    evidence = Evidence.objects.get()
    download = browser.get(reverse("evidence_download", args=[evidence.pk]))
    assert download.content == PDF and download["X-Content-Type-Options"] == "nosniff"

    bad_pdf = SimpleUploadedFile("macro.pdf", PDF_WITH_JAVASCRIPT, content_type="application/pdf")
    browser.post(action, {"title": "Brochure", "file": bad_pdf})
    html = browser.get(page).content.decode()
    assert "message--warning" in html and "“Brochure” (version 1) is quarantined" in html
    quarantined = Evidence.objects.get(title="Brochure")
    assert reverse("evidence_download", args=[quarantined.pk]) not in html
    assert html.count(">Download<") == 1  # only the accepted manual
    assert browser.get(reverse("evidence_download", args=[quarantined.pk])).status_code == 302

    metric = reverse("assessment_action", args=[assessment.pk, "metric"])
    bad = browser.post(
        metric,
        {
            "metric-name": "refusal_test",
            "metric-questions": 300,
            "metric-refused": 291,
            "metric-rate": 0.5,
        },
    )
    assert bad.status_code == 400
    assert "Inconsistent with refused/questions" in bad.content.decode()
    assert 'value="300"' in bad.content.decode()

    stranger = login(Client(), member(OrganizationFactory(), "admin"))
    assert stranger.get(reverse("evidence_download", args=[evidence.pk])).status_code == 404


@pytest.mark.django_db
def test_the_page_stops_reading_a_file_over_the_limit(owner, assessment, evidence_root, settings):
    from django.test import Client

    settings.EVIDENCE_MAX_BYTES = 2048
    browser = login(Client(), member(owner, "editor"), owner)
    action = reverse("assessment_action", args=[assessment.pk, "evidence"])
    big = SimpleUploadedFile("big.pdf", PDF + b"%" * 300_000, content_type="application/pdf")
    response = browser.post(action, {"title": "Big", "file": big})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file is over the limit of 2,048 bytes." in html
    assert "This field is required" not in html and 'value="Big"' in html
    assert stored(evidence_root) == {} and not Evidence.objects.exists()
    # The CSRF check still holds on these forms.
    strict = login(Client(enforce_csrf_checks=True), member(owner, "editor"), owner)
    pdf = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    assert strict.post(action, {"file": pdf}).status_code == 403
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_assessor_reads_the_evidence_on_the_page_but_adds_none(provider, assessment):
    from django.test import Client

    body = upload(provider, assessment, "plan.pdf", PDF, title="Risk plan").json()
    lead = login(Client(), member(assessment.assessor_organization, "lead"))
    html = lead.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert "Risk plan" in html and body["sha256"] in html
    assert reverse("evidence_download", args=[body["id"]]) in html
    assert "Upload the document" not in html and "Record the test result" not in html
    refused = lead.post(
        reverse("assessment_action", args=[assessment.pk, "evidence"]),
        {"file": SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")},
    )
    assert refused.status_code == 403
    assert Evidence.objects.count() == 1
