"""HTML to archival PDF with WeasyPrint: deterministic, self-contained, verifiable.

- PDF/A (`settings.DOCUMENTS_PDF_VARIANT`, PDF/A-3b by default) with the vendored DejaVu
  fonts embedded (`fonts/`, loaded by `@font-face` under a family name no system font has,
  so the output does not depend on the machine's fonts);
- deterministic: the PDF identifier and the metadata dates derive from the kind, object,
  language and version, so the same version renders byte-identical (content addressing
  then stores it once);
- a QR code of the verification URL (segno, inline SVG) and the URL as text on every page;
- rendered under `translation.override(language)`; templates use `{% translate %}`;
- nothing is fetched but the vendored fonts (no network, no other file).
"""

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from aigov.documents.kinds import DocumentKind

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# Where HarfBuzz's subsetter is missing, WeasyPrint subsets the fonts with fontTools, which
# stamps each font with the time it was saved unless SOURCE_DATE_EPOCH (the reproducible-
# builds convention) gives one: without it the same version would not render identical.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


class _VendoredOnly(URLFetcher):
    """Fetches only the vendored fonts and inline `data:` URLs; anything else (a link in
    user-entered text cannot be one, but belt and braces) is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("file:") and not url.startswith(FONT_DIR.as_uri() + "/"):
            raise ValueError(f"Documents may load only their vendored fonts, not {url}")
        return super().fetch(url, headers)


# One font configuration per process: WeasyPrint caches the parsed fonts in it.
_FONTS = FontConfiguration()


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    sha256: str


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG (one path; medium error correction)."""
    return segno.make(url, error="m").svg_inline(scale=1, border=0, omitsize=True)


def document_identifier(kind: str, object_id, language: str, version: str) -> bytes:
    """The PDF's fixed file identifier: 16 bytes derived from what the document is."""
    return hashlib.sha256(f"{kind}\n{object_id}\n{language}\n{version}".encode()).digest()[:16]


def html_to_pdf(html: str, *, identifier: bytes) -> RenderedPdf:
    """The archival PDF of `html` (a complete page from `templates/pdf/_base.html`)."""
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_VendoredOnly())
    laid_out = document.render(font_config=_FONTS)
    data = laid_out.write_pdf(pdf_variant=settings.DOCUMENTS_PDF_VARIANT, pdf_identifier=identifier)
    return RenderedPdf(data, len(laid_out.pages), hashlib.sha256(data).hexdigest())


def css_string(text: str) -> str:
    """`text` as a quoted CSS string for generated content (a newline is `\\A`)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    # Never "</style>" inside the style element, whatever the text holds.
    escaped = escaped.replace("<", "\\3C ")
    return f'"{escaped}"'


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_html(kind: DocumentKind, obj, language: str) -> str:
    """The kind's template for `obj` in `language`, as the HTML WeasyPrint lays out."""
    url = kind.verification_url(obj)
    with translation.override(language):
        footer = "\n".join((gettext("Verify this document"), url, str(kind.title)))
        context = {
            **kind.context(obj),
            "obj": obj,
            "kind": kind,
            "language": language,
            "version": kind.version(obj),
            "verification_url": url,
            "qr_svg": qr_svg(url),
            # Generated content of the page footer: a CSS string, so not HTML-escaped.
            "footer_css": mark_safe(css_string(footer)),  # noqa: S308
            "document_date": _pdf_date(kind.document_date(obj)),
            "font_dir": FONT_DIR.as_uri(),
        }
        return render_to_string(kind.template, context)


def render_pdf(kind: DocumentKind, obj, language: str) -> tuple[RenderedPdf, str]:
    """The PDF of `obj` as `kind` documents it, and the version it shows."""
    version = kind.version(obj)
    html = render_html(kind, obj, language)
    identifier = document_identifier(kind.code, obj.pk, language, version)
    return html_to_pdf(html, identifier=identifier), version
