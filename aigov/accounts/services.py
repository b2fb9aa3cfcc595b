"""Every write to organisations, users, memberships and API keys, each with its audit event."""

from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from aigov.accounts import keycache, ratelimit
from aigov.accounts.models import (
    ROLES_BY_KIND,
    ApiKey,
    ApiKeyScope,
    Membership,
    Organization,
    OrganizationKind,
    User,
)
from aigov.accounts.tokens import new_token
from aigov.audit.services import audit_record


def _require(actor, permission: str) -> None:
    if actor is not None and not actor.can(permission):
        raise PermissionDenied(f"Your role may not do this ({permission}).")


@transaction.atomic
def organization_create(
    *,
    name: str,
    kind: str,
    country: str,
    slug: str = "",
    authority_code: str | None = None,
    jurisdictions: list[str] | None = None,
    identification_number: str = "",
    identifiers: dict | None = None,
    assessor_type: str = "",
    address: str = "",
    contact_email: str = "",
) -> Organization:
    """Create a tenant (an operator's action from the command line, not a user's)."""
    organization = Organization(
        name=name,
        slug=slug or slugify(name)[:64],
        kind=kind,
        country=country.upper(),
        authority_code=authority_code or None,
        jurisdictions=jurisdictions or [],
        identification_number=identification_number,
        identifiers=identifiers or {},
        assessor_type=assessor_type,
        address=address,
        contact_email=contact_email,
    )
    organization.full_clean()
    organization.save(force_insert=True)
    audit_record(
        action="organization.created",
        organization=organization,
        obj=organization,
        data={"name": name, "kind": kind, "country": organization.country},
    )
    return organization


@transaction.atomic
def user_create(*, email: str, password: str | None, full_name: str = "") -> User:
    email = User.objects.normalize_email(email).lower()
    user = User(email=email, full_name=full_name)
    user.full_clean(exclude=["password"])
    if password:
        validate_password(password, user)
    user.set_password(password)  # None → unusable password
    user.save(force_insert=True)
    audit_record(action="user.created", user=user, obj=user, data={"email": email})
    return user


def _check_role(organization: Organization, role: str) -> None:
    allowed = ROLES_BY_KIND[OrganizationKind(organization.kind)]
    if role not in allowed:
        raise ValidationError(
            {
                "role": f"{role!r} is not a role of a {organization.kind} organisation "
                f"(roles: {', '.join(allowed)})."
            }
        )


@transaction.atomic
def membership_add(*, organization: Organization, user: User, role: str, actor=None) -> Membership:
    _require(actor, "members.manage")
    if actor is not None and actor.organization != organization:
        raise PermissionDenied("You can only add members to your own organisation.")
    _check_role(organization, role)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organization=organization, user=user, role=role)
    except IntegrityError:
        raise ValidationError({"user": f"{user.email} is already a member."}) from None
    audit_record(
        action="membership.added",
        actor=actor,
        organization=organization,
        obj=membership,
        data={"user": user.email, "role": role},
    )
    return membership


def _keep_an_administrator(membership: Membership, *, new_role: str | None) -> None:
    """Refuse to demote or remove the organisation's last administrator."""
    administrator = ROLES_BY_KIND[OrganizationKind(membership.organization.kind)][0]
    if membership.role != administrator or new_role == administrator:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organization=membership.organization, role=administrator)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            {
                "role": f"{membership.organization} needs at least one {administrator}; "
                "make someone else one first."
            }
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor=None) -> Membership:
    _require(actor, "members.manage")
    _check_role(membership.organization, role)
    if role == membership.role:
        return membership
    _keep_an_administrator(membership, new_role=role)
    old_role = membership.role
    updated = Membership.objects.filter(pk=membership.pk, role=old_role).update(role=role)
    if updated != 1:
        raise ValidationError({"role": "The membership changed meanwhile; reload and retry."})
    membership.role = role
    audit_record(
        action="membership.role_changed",
        actor=actor,
        organization=membership.organization,
        obj=membership,
        data={"user": membership.user.email, "from": old_role, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor=None) -> None:
    _require(actor, "members.manage")
    _keep_an_administrator(membership, new_role=None)
    audit_record(
        action="membership.removed",
        actor=actor,
        organization=membership.organization,
        obj=membership,
        data={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def api_key_create(
    *,
    organization: Organization,
    name: str,
    scope: str = ApiKeyScope.READ,
    expires_at: datetime | None = None,
    actor=None,
) -> tuple[ApiKey, str]:
    """Create a key; returns it with its token, which is never retrievable again."""
    _require(actor, "apikeys.manage")
    if scope not in ApiKeyScope.values:
        raise ValidationError({"scope": f"Scope must be one of {', '.join(ApiKeyScope.values)}."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    token, prefix, secret_hash = new_token()
    key = ApiKey(
        organization=organization,
        name=name,
        prefix=prefix,
        secret_hash=secret_hash,
        scope=scope,
        expires_at=expires_at,
        created_by=actor.user if actor is not None else None,
    )
    key.full_clean(exclude=["prefix", "secret_hash"])
    key.save(force_insert=True)
    audit_record(
        action="api_key.created",
        actor=actor,
        organization=organization,
        obj=key,
        data={
            "name": name,
            "scope": scope,
            "prefix": prefix,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return key, token


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor=None) -> ApiKey:
    """Revoke a key (compare-and-set: revoking twice changes nothing the second time)."""
    _require(actor, "apikeys.manage")
    now = timezone.now()
    if ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now) != 1:
        key.refresh_from_db()
        return key
    keycache.forget(key.prefix)  # other processes within API_KEY_CACHE_SECONDS
    key.revoked_at = now
    audit_record(
        action="api_key.revoked",
        actor=actor,
        organization=key.organization,
        obj=key,
        data={"name": key.name, "prefix": key.prefix},
    )
    return key


def _request_data(request) -> dict:
    return {
        "ip": ratelimit.client_address(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


def _home_organization(user: User) -> Organization | None:
    membership = Membership.objects.filter(user=user).order_by("created_at").first()
    return membership.organization if membership else None


@transaction.atomic
def auth_record_login(*, user: User, request) -> None:
    audit_record(
        action="auth.login",
        user=user,
        organization=_home_organization(user),
        obj=user,
        data=_request_data(request),
    )


@transaction.atomic
def auth_record_login_failed(*, email: str, request) -> None:
    """A failed sign-in; attributed to the account when the address is known."""
    user = User.objects.filter(email=email.lower()).first() if email else None
    audit_record(
        action="auth.login_failed",
        user=user,
        organization=_home_organization(user) if user else None,
        data={"email": email[:254], **_request_data(request)},
    )


@transaction.atomic
def auth_record_logout(*, user: User, request) -> None:
    audit_record(
        action="auth.logout",
        user=user,
        organization=_home_organization(user),
        obj=user,
        data=_request_data(request),
    )


@transaction.atomic
def auth_record_password_change(*, user: User, request) -> None:
    audit_record(
        action="auth.password_changed",
        user=user,
        organization=_home_organization(user),
        obj=user,
        data=_request_data(request),
    )


CONTACT_FIELDS = ("address", "contact_email", "phone")


@transaction.atomic
def organization_contact_update(*, actor, address: str, contact_email: str, phone: str):
    """Record the organisation's postal address and contact details, which its filings and
    declarations name it by; the audit event keeps what they were."""
    _require(actor, "organization.manage")
    organization = Organization.objects.select_for_update().get(pk=actor.organization.pk)
    given = {"address": address, "contact_email": contact_email, "phone": phone}
    changed = {}
    for name, value in given.items():
        value = value.strip()
        if getattr(organization, name) != value:
            changed[name] = [getattr(organization, name), value]
            setattr(organization, name, value)
    others = [f.name for f in Organization._meta.fields if f.name not in CONTACT_FIELDS]
    organization.clean_fields(exclude=others)
    if not changed:
        return organization
    organization.save(update_fields=list(changed))
    audit_record(action="organization.contact_changed", actor=actor, obj=organization, data=changed)
    return organization
