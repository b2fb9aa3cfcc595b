"""Organisations (the tenants), users, memberships with roles, and API keys."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from aigov.accounts.countries import COUNTRY_CODES


class TenantQuerySet(models.QuerySet):
    """The one place that decides which rows an actor may see.

    Models refine the rule by overriding `visibility_filter(actor)` on the model (for
    example, authorities see what was submitted to them); views never filter by
    organisation themselves.
    """

    def visible_to(self, actor):
        if not actor or actor.organization is None:
            return self.none()
        return self.filter(self.model.visibility_filter(actor))


class TenantModel(models.Model):
    """Base of every tenant-owned row: a non-null organisation and `visible_to(actor)`."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+", db_index=True
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def visibility_filter(cls, actor) -> Q:
        """Rows of the actor's own organisation. Override to widen for regulators."""
        return Q(organization=actor.organization)


class Created(models.Model):
    """Who created the row (null once that user is deleted) and when: the stamp of rows
    that are never edited, such as versions, jobs and keys."""

    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True


class Authored(Created):
    """`Created`, and when the row last changed, as NetBox's change-logged models carry
    them."""

    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class OrganizationKind(models.TextChoices):
    OPERATOR = "operator", "Operator (provider, deployer, representative)"
    AUTHORITY = "authority", "Authority (regulator)"
    ASSESSOR = "assessor", "Assessor (notified body, evaluator, red team)"


class AssessorType(models.TextChoices):
    """What an assessor organisation does (DESIGN.md §1): blank for other kinds."""

    NOTIFIED_BODY = "notified_body", "Notified body"
    EVALUATOR = "evaluator", "Evaluation institute"
    RED_TEAM = "red_team", "Red team"


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"
    SUPERVISOR = "supervisor", "Supervisor"
    REVIEWER = "reviewer", "Reviewer"
    LEAD = "lead", "Lead assessor"
    ASSESSOR = "assessor", "Assessor"


# Which roles exist in which kind of organisation (DESIGN.md §4); the first is the
# administrator of the organisation.
ROLES_BY_KIND = {
    OrganizationKind.OPERATOR: (Role.ADMIN, Role.EDITOR, Role.VIEWER),
    OrganizationKind.AUTHORITY: (Role.SUPERVISOR, Role.REVIEWER, Role.VIEWER),
    OrganizationKind.ASSESSOR: (Role.LEAD, Role.ASSESSOR),
}

# The role an API key acts with, by organisation kind and scope. Keys never administer.
API_KEY_ROLE: dict[tuple[str, str], str] = {
    (OrganizationKind.OPERATOR, "read"): Role.VIEWER,
    (OrganizationKind.OPERATOR, "write"): Role.EDITOR,
    (OrganizationKind.AUTHORITY, "read"): Role.VIEWER,
    (OrganizationKind.AUTHORITY, "write"): Role.REVIEWER,
    (OrganizationKind.ASSESSOR, "read"): Role.ASSESSOR,
    (OrganizationKind.ASSESSOR, "write"): Role.ASSESSOR,
}

IDENTIFIER_SCHEMES = {
    "vat": "EU VAT number",
    "euid": "European Unique Identifier (EUID)",
    "lei": "Legal Entity Identifier",
    "uscc": "Unified Social Credit Code (China)",
    "duns": "D-U-N-S number",
    "company_number": "National company register number",
}


def validate_country(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(f"{value!r} is not an ISO 3166-1 alpha-2 country code.")


def validate_identifiers(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Identifiers must be an object of scheme to value.")
    for scheme, identifier in value.items():
        if scheme not in IDENTIFIER_SCHEMES:
            known = ", ".join(sorted(IDENTIFIER_SCHEMES))
            raise ValidationError(f"Unknown identifier scheme {scheme!r} (known: {known}).")
        if not isinstance(identifier, str) or not identifier.strip():
            raise ValidationError(f"Identifier {scheme!r} must be a non-empty string.")


def validate_jurisdictions(value) -> None:
    """Jurisdictions are `EU`, a country code, or a country subdivision (`CN-BJ`)."""
    if not isinstance(value, list):
        raise ValidationError("Jurisdictions must be a list.")
    for code in value:
        country = code.split("-", 1)[0] if isinstance(code, str) else None
        if code != "EU" and country not in COUNTRY_CODES:
            raise ValidationError(f"{code!r} is not EU, a country code or a subdivision.")


class Organization(models.Model):
    """A tenant: an operator, an authority or an assessor."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=OrganizationKind.choices)
    country = models.CharField(max_length=2, validators=[validate_country])
    identifiers = models.JSONField(default=dict, blank=True, validators=[validate_identifiers])
    # Postal address and contact details, as registrations and declarations state them
    # (EU AI Act Annex VIII Section A point 1, Annex V point 2).
    address = models.CharField(max_length=500, blank=True)
    contact_email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Authorities only: the code that routes filings to them, and what they cover.
    authority_code = models.SlugField(max_length=32, unique=True, null=True, blank=True)
    jurisdictions = models.JSONField(default=list, blank=True, validators=[validate_jurisdictions])
    # Assessors only: notified-body (NANDO) or accreditation number.
    identification_number = models.CharField(max_length=64, blank=True)
    # Assessors only: a notified body, an evaluation institute (posts capability
    # evaluations of GPAI models) or a red team; blank when not stated.
    assessor_type = models.CharField(max_length=16, choices=AssessorType.choices, blank=True)
    # Operators only: annual gross revenue with affiliates, in USD (California SB 53's
    # large frontier developer test); a model's questionnaire may give its own figure.
    annual_revenue_usd = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="authority_code_only_for_authorities",
                condition=Q(authority_code__isnull=True) | Q(kind=OrganizationKind.AUTHORITY),
            ),
            models.CheckConstraint(
                name="assessor_type_only_for_assessors",
                condition=Q(assessor_type="") | Q(kind=OrganizationKind.ASSESSOR),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def contact_block(self) -> str:
        """Name, postal address and contact details, one per line, as registrations and
        declarations state them; the name alone until an administrator records the rest."""
        lines = [self.name, self.address, self.contact_email, self.phone]
        return "\n".join(line.strip() for line in lines if line and line.strip())

    def clean(self) -> None:
        if self.kind == OrganizationKind.AUTHORITY and not self.authority_code:
            raise ValidationError({"authority_code": "An authority needs an authority code."})
        if self.kind != OrganizationKind.AUTHORITY and self.authority_code:
            raise ValidationError({"authority_code": "Only authorities have an authority code."})
        if self.kind != OrganizationKind.ASSESSOR and self.assessor_type:
            raise ValidationError({"assessor_type": "Only assessors have an assessor type."})

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(ROLES_BY_KIND[OrganizationKind(self.kind)])


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    time_zone = models.CharField(max_length=64, default="UTC")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    def __str__(self) -> str:
        return self.full_name or self.email


class Membership(TenantModel):
    """A user's role in one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} of {self.organization_id}"


class ApiKeyScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiKeyQuerySet(TenantQuerySet):
    def active(self, now=None):
        """Keys that authenticate now: not revoked, not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiKey(TenantModel, Created):
    """A bearer credential of one organisation. Only a hash of the secret is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    # The public part of the token, used to find the row; the secret is hashed.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scope = models.CharField(max_length=8, choices=ApiKeyScope.choices, default=ApiKeyScope.READ)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()  # type: ignore[misc]  # narrows the base manager

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scopes(self) -> frozenset[str]:
        if self.scope == ApiKeyScope.WRITE:
            return frozenset({"read", "write"})
        return frozenset({"read"})

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"
