from functools import cache

from aigov.accounts.actor import memberships_of
from aigov.notifications.selectors import with_unread_notifications


def actor(request):
    """The actor, the user's organisations for the switcher and the unread notifications
    of the active one for the navigation. Both come from one query, made when the page
    header first asks (every signed-in page shows the switcher or the organisation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"actor": None, "memberships": [], "unread_notifications": 0}
    current = getattr(request, "actor", None)

    @cache
    def memberships():
        return list(with_unread_notifications(memberships_of(user)).order_by("organization__name"))

    def unread_notifications() -> int:
        if not current:
            return 0
        return next(
            (
                m.unread_notifications
                for m in memberships()
                if m.organization_id == current.organization.pk
            ),
            0,
        )

    return {
        "actor": current if current else None,
        "memberships": memberships,
        "unread_notifications": unread_notifications,
    }
