from aigov.accounts.actor import memberships_of


def actor(request):
    """The actor and the user's organisations, for the navigation and the switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"actor": None, "memberships": []}
    current = getattr(request, "actor", None)
    return {
        "actor": current if current else None,
        "memberships": lambda: list(memberships_of(user).order_by("organization__name")),
    }
