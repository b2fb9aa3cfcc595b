"""In-app notifications: one row per person and notice, beside the email of the same key."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from aigov.accounts.models import TenantModel


class Notification(TenantModel):
    """A notice to one person in one of their organisations; `read_at` once they opened it.

    Personal: nobody else sees it, not even a colleague or an administrator of the same
    organisation, and never through an API key (a key is nobody)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Who sent it and about what, e.g. "incidents.reminder:<id>:<org>": the same sender
    # re-run (a retried job, a second sweep) finds the row and adds none.
    key = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # The page of the object, a path on this site ("/incidents/<uuid>/").
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]
        indexes = [
            models.Index(
                fields=["recipient", "organization", "-created_at"], name="notification_list"
            ),
            # The unread count in the navigation of every page.
            models.Index(
                fields=["recipient", "organization"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @classmethod
    def visibility_filter(cls, actor):
        """The signed-in person's own, in the active organisation; nothing for a key."""
        if actor.user is None:
            return Q(pk__in=[])
        return Q(organization=actor.organization, recipient=actor.user)
