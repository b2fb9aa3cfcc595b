"""A browser form body over the request size limit (aigov/oversized.py) is answered with a
page that says what happened, never Django's bare 400; the API keeps its own 413
problem+json; bodies within the limit are untouched."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse

from aigov.oversized import size_text

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


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
