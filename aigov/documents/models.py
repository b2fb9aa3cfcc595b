"""Rendered PDF documents: one row per (kind, object, language, version), bytes stored
once under their SHA-256 (content addressed) in the private `documents` storage."""

import uuid

from django.db import models
from django.utils import timezone

from aigov.accounts.models import TenantModel
from aigov.documents.kinds import KINDS


class Document(TenantModel):
    """A PDF of one object (a certificate, a declaration, a filing receipt) as of one
    version, in one language. The organisation is the object's owner."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    object_id = models.UUIDField()
    language = models.CharField(max_length=16)
    version = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    page_count = models.PositiveSmallIntegerField()
    # The bytes' name in the `documents` storage (derived from the SHA-256).
    storage_name = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language", "version"], name="one_document_version"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="document_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.language} ({self.version})"

    @classmethod
    def visibility_filter(cls, actor):
        """A document is seen by exactly those who see its object: per kind, its objects
        visible to the actor, as subqueries of one query."""
        seen = models.Q(pk__in=[])
        for code, kind in KINDS.items():
            objects = kind.model.objects.visible_to(actor).values("pk")  # type: ignore[attr-defined]
            seen |= models.Q(kind=code, object_id__in=objects)
        return seen
