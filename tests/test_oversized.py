"""A browser form body over the request size limit (aigov/oversized.py) is answered with a
page that says what happened, never Django's bare 400; the API keeps its own 413
problem+json; bodies within the limit are untouched."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, FakePayload, encode_multipart
from django.urls import reverse

from aigov.api.middleware import MULTIPART_OVERHEAD
from aigov.oversized import size_text, upload_limit
from tests.factories import make_certificate

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
UPLOAD = f"multipart/form-data; boundary={BOUNDARY}"


def test_size_text_reads_like_a_browser_shows_sizes():
    assert size_text(999) == "999 bytes"
    assert size_text(48_200) == "48 kB"
    assert size_text(1_048_577) == "1.0 MB"


def test_an_oversized_sign_in_form_gets_the_413_page_not_a_bare_400(client):
    password = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = urlencode({"username": "a@b.test", "password": password})

    response = client.post(reverse("login"), body, content_type=FORM)

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "The form is too large" in page and "over the limit of 1.0 MB" in page


def test_a_form_within_the_limit_is_left_alone(client):
    response = client.post(reverse("login"), urlencode({"username": "a@b.test"}), content_type=FORM)

    assert response.status_code == 200  # the sign-in form again, with its own error


def test_the_api_keeps_its_problem_json_413(owner_api):
    body = '{"name": "' + "x" * settings.API_MAX_BODY_BYTES + '"}'

    response = owner_api.post("/api/v1/systems/", body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


def test_uploads_are_held_to_the_largest_file_the_site_takes(settings):
    settings.UPLOAD_MAX_BYTES, settings.EVIDENCE_MAX_BYTES = 2048, 4096
    assert upload_limit() == 4096 + MULTIPART_OVERHEAD


def test_an_anonymous_upload_declared_over_the_limit_gets_the_413_page_unread(client, owner):
    url = reverse("certificate_verify", args=[make_certificate(owner).number])
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("c.pdf", b"%PDF-1.7")})
    payload = FakePayload(body)

    response = client.generic(
        "POST", url, body, UPLOAD, CONTENT_LENGTH=str(upload_limit() + 1), **{"wsgi.input": payload}
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    largest = size_text(upload_limit() - MULTIPART_OVERHEAD)
    assert f"over the limit of {largest} for a file" in response.content.decode()
    assert not payload.read_started  # refused before anything read (or spooled) the body


def test_an_upload_within_the_limit_is_left_alone(client, owner):
    url = reverse("certificate_verify", args=[make_certificate(owner).number])
    pdf = SimpleUploadedFile("c.pdf", b"%PDF-1.7 not the certificate")

    response = client.post(url, {"file": pdf})

    assert response.status_code == 200
