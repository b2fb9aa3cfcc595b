"""The kinds of PDF document, which apps register (the core imports no app).

A kind says which objects it documents and how: which of them an actor may see (its
model's `visible_to`), whether one can have a document now, what makes two renders "the
same version", the context of its template, the URL printed and encoded in its QR code,
and its file name. `Document.visibility_filter` follows each kind's `visible`, so a
document is seen exactly by those who see its object.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str
    template: str
    model: type[Model]
    # Whether the object can have a document now ("" = yes), else why not, in words.
    unavailable_reason: Callable[[Any], str]
    # Two renders with the same version string are the same document.
    version: Callable[[Any], str]
    # The template's context (beside `obj`, `kind`, `verification_url`, `qr_svg`).
    context: Callable[[Any], dict]
    verification_url: Callable[[Any], str]
    # The file name offered on download, without the language suffix and extension.
    filename: Callable[[Any], str]
    # The document's date (PDF metadata), fixed by the version so renders are identical.
    document_date: Callable[[Any], datetime]
    # The page of the object, to link back from a document.
    object_url: Callable[[Any], str] | None = None
    # Joins the context needs, so a render reads the object in one query.
    related: tuple[str, ...] = field(default_factory=tuple)

    def visible(self, actor) -> QuerySet:
        """The objects of this kind `actor` may see: the model's own rule."""
        return self.model.objects.select_related(*self.related).visible_to(actor)  # type: ignore[attr-defined]

    def load(self, pk) -> Any:
        """The object, without an access check: for the render job, whose request had one."""
        return self.model.objects.select_related(*self.related).get(pk=pk)  # type: ignore[attr-defined]


KINDS: dict[str, DocumentKind] = {}


def kind_register(kind: DocumentKind) -> DocumentKind:
    """Register a kind (from an app's `ready`); registering the same code again replaces it."""
    KINDS[kind.code] = kind
    return kind


def kind_get(code: str) -> DocumentKind:
    """The kind registered under `code`; LookupError when there is none."""
    try:
        return KINDS[code]
    except KeyError:
        raise LookupError(f"No document kind {code!r} is registered.") from None
