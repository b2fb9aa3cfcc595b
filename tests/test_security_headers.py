"""Every HTML page carries a Content-Security-Policy and a Permissions-Policy; pages for a
signed-in user are never cached; no template holds inline script or style."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import login

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Self-contained on purpose, with its own policy (aigov.views.server_error).
INLINE_STYLE_ALLOWED = {"errors/500.html"}
# PDF templates (aigov/documents) are rendered by WeasyPrint on the server and never served
# as a page, so no Content-Security-Policy applies: their print CSS is inline.
PRINT_ONLY = "pdf/"
COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def assert_policies(response):
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/register/", "/api/v1/docs/", "/no-such-page/"])
def test_public_html_pages_carry_the_policies(client, path):
    response = client.get(path)
    assert response["Content-Type"].startswith("text/html")
    assert_policies(response)
    assert "no-store" not in response.get("Cache-Control", "") or path == "/login/"


@pytest.mark.django_db
def test_signed_in_pages_are_no_store(client, owner, owner_admin):
    login(client, owner_admin, owner)
    for path in ("/", "/members/", "/api-keys/", "/systems/", "/api/v1/docs/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_policies(response)
        assert "no-store" in response["Cache-Control"], path
    api = client.get("/api/v1/organizations/me/")
    assert "no-store" in api["Cache-Control"]


@pytest.mark.django_db
def test_the_api_docs_page_keeps_its_coop_and_loads_its_script_from_a_file(client):
    page = client.get("/api/v1/docs/")
    assert page["Cross-Origin-Opener-Policy"] == "unsafe-none"
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_500_page_has_its_own_strict_policy(rf):
    from aigov.views import server_error

    response = server_error(rf.get("/anything/"))
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
)
def test_no_template_has_inline_script_handlers_or_styles(template):
    text = COMMENTS.sub("", (TEMPLATES / template).read_text())
    assert not re.search(r"<script(?![^>]*\bsrc=)", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "on*= event handler"
    assert "javascript:" not in text and "hx-on" not in text
    if template not in INLINE_STYLE_ALLOWED and not template.startswith(PRINT_ONLY):
        assert not re.search(r"<style|\sstyle\s*=", text), "inline style"


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_styles_or_eval(client):
    html = client.get("/login/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
