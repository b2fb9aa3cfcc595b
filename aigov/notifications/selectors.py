"""Reads of notifications: the unread counts the navigation shows."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from aigov.accounts.models import Membership
from aigov.notifications.models import Notification


def with_unread_notifications(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """`memberships`, each annotated `unread_notifications`: its user's unread notices in
    its organisation. One subquery on the partial index, inside the query the page header
    makes anyway, so the count adds no query to any page."""
    unread = (
        Notification.objects.filter(
            recipient=OuterRef("user"), organization=OuterRef("organization"), read_at__isnull=True
        )
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return memberships.annotate(
        unread_notifications=Coalesce(
            Subquery(unread, output_field=IntegerField()), Value(0), output_field=IntegerField()
        )
    )


def unread_count(actor) -> int:
    """How many of the actor's notifications (active organisation) are unread."""
    return Notification.objects.visible_to(actor).filter(read_at__isnull=True).count()
