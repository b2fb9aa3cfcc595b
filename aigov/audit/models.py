"""The append-only, hash-chained audit log."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from aigov.accounts.models import TenantQuerySet

GENESIS_HASH = "0" * 64

# Rules by which apps share events about their objects beyond the organisation that
# recorded them (the registry: a filing's submissions and decisions with the authority
# reviewing it). Each takes the actor and gives a Q over events, or None for nothing;
# registered from the app's `ready()`, so the audit app imports no app.
AUDIT_SHARES: list[Callable[[Any], models.Q | None]] = []


def audit_share(rule: Callable[[Any], models.Q | None]) -> None:
    if rule not in AUDIT_SHARES:
        AUDIT_SHARES.append(rule)


class AuditEvent(models.Model):
    """One thing that happened, chained to the event before it by SHA-256.

    Not a TenantModel: sign-in failures for unknown addresses belong to no organisation,
    so `organization` may be null. Scoping still goes through `visible_to(actor)`.
    On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE of this table.
    """

    sequence = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=True,
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_api_key = models.ForeignKey(
        "accounts.ApiKey", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["organization", "-sequence"], name="audit_org_seq")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    @classmethod
    def visibility_filter(cls, actor):
        """The organisation's own events, and those other apps share with the actor."""
        visible = models.Q(organization=actor.organization)
        for rule in AUDIT_SHARES:
            shared = rule(actor)
            if shared is not None:
                visible |= shared
        return visible

    def canonical(self) -> dict:
        """The fields the hash covers, in the form that is hashed."""
        return {
            "sequence": self.sequence,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "organization": str(self.organization_id) if self.organization_id else None,
            "actor_user": str(self.actor_user_id) if self.actor_user_id else None,
            "actor_api_key": str(self.actor_api_key_id) if self.actor_api_key_id else None,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "data": self.data,
        }
