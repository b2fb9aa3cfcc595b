"""Stored responses for the `Idempotency-Key` header."""

from django.db import models
from django.utils import timezone

from aigov.accounts.models import TenantModel


class IdempotencyRecord(TenantModel):
    """The response to one POST with one Idempotency-Key, kept 24 hours per organisation,
    sealed."""

    # The SHA-256 of the Idempotency-Key; the body is sealed with a key derived from the
    # Idempotency-Key itself (aigov.api.idempotency), so the row alone reveals nothing.
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    response_status = models.PositiveSmallIntegerField()
    response_content_type = models.CharField(max_length=100)
    response_body = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="idempotency_key_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.response_status}"
