"""The Actor: who is acting, for which organisation, with which role and scopes.

Resolved once per request by `resolve_actor` from either a signed-in session (with the
organisation picked in the switcher) or an API key.
"""

from dataclasses import dataclass, field

from aigov.accounts.models import API_KEY_ROLE, ApiKey, Membership, Organization, User
from aigov.accounts.permissions import ROLE_PERMISSIONS, is_write

ACTIVE_ORGANIZATION_SESSION_KEY = "active_organization_id"


@dataclass(frozen=True)
class Actor:
    organization: Organization
    role: str
    user: User | None = None
    api_key: ApiKey | None = None
    scopes: frozenset[str] = field(default_factory=lambda: frozenset({"read", "write"}))

    def can(self, permission: str) -> bool:
        if permission not in ROLE_PERMISSIONS.get(self.role, frozenset()):
            return False
        return not is_write(permission) or "write" in self.scopes

    @property
    def kind(self) -> str:
        return self.organization.kind

    @property
    def label(self) -> str:
        if self.api_key is not None:
            return f"API key {self.api_key.name}"
        return str(self.user)


def actor_for_api_key(key: ApiKey) -> Actor:
    organization = key.organization
    return Actor(
        organization=organization,
        role=API_KEY_ROLE[(organization.kind, key.scope)],
        api_key=key,
        scopes=key.scopes,
    )


def memberships_of(user: User):
    return Membership.objects.filter(user=user).select_related("organization")


def actor_for_session(user: User, session) -> Actor | None:
    """The signed-in user's actor in the organisation picked in the switcher.

    Falls back to the user's first membership when none is picked, or when the picked one
    is gone (membership removed).
    """
    memberships = list(memberships_of(user).order_by("created_at"))
    if not memberships:
        return None
    picked = session.get(ACTIVE_ORGANIZATION_SESSION_KEY)
    membership = next((m for m in memberships if str(m.organization_id) == picked), None)
    if membership is None:
        membership = memberships[0]
    return Actor(organization=membership.organization, role=membership.role, user=user)


def resolve_actor(request) -> Actor | None:
    """The one function that turns a request into an Actor (or None)."""
    api_key = getattr(request, "auth", None)
    if isinstance(api_key, ApiKey):
        return actor_for_api_key(api_key)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return actor_for_session(user, request.session)
    return None
