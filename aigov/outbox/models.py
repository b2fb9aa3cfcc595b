"""Outgoing email, one row per message, written before it is sent."""

from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """One email to one recipient; `sent_at` is set once it went out, so it goes out once."""

    # Who asked for it and to whom, e.g. "job:<uuid>:reviewer@authority.example": the
    # same sender re-run (a retried job) finds its rows and skips what was sent.
    key = models.CharField(max_length=300, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
