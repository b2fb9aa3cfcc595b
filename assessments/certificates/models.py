"""Certificates and declarations of conformity (DESIGN.md §8, issue 11).

A `Certificate` is the notified body's Union technical documentation assessment
certificate (EU AI Act Art. 44, Annex VII), issued on a conformant Annex VII decision;
its holder (the tenant) is the provider and its issuer the assessor organisation. A
`DeclarationOfConformity` is the provider's EU declaration (Art. 47, Annex V): drafted
from the registered data, immutable once signed, superseded by a new version.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from aigov.accounts.models import Authored, TenantModel
from aigov.workflow import TimelineEvent
from aigov.workflow import Transition as WorkflowTransition
from assessments.conformity.models import ConformityAssessment
from registry.models import AISystem, Filing


class ValidityBasis(models.TextChoices):
    """What the certified system is, which caps the certificate's validity (Art. 44(2))."""

    ANNEX_III = "annex_iii", "High-risk under Annex III (at most 4 years)"
    ANNEX_I = "annex_i", "Product covered by Annex I legislation (at most 5 years)"


# Art. 44(2): "valid for the period they indicate, which shall not exceed five years for
# AI systems covered by Annex I, and four years for AI systems covered by Annex III".
MAX_VALIDITY_YEARS = {ValidityBasis.ANNEX_III: 4, ValidityBasis.ANNEX_I: 5}


def latest_expiry(issued_on: date, basis: str) -> date:
    """The last day a certificate issued on `issued_on` may be valid under `basis`.

    Whole calendar years; a certificate issued on 29 February ends on 28 February of a
    year without one (never a day past the cap)."""
    years = MAX_VALIDITY_YEARS[ValidityBasis(basis)]
    try:
        return issued_on.replace(year=issued_on.year + years)
    except ValueError:  # 29 February → a common year
        return issued_on.replace(year=issued_on.year + years, day=28)


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    SUSPENDED = "suspended", "Suspended"
    RESTRICTED = "restricted", "Restricted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


class CertificateVerb(models.TextChoices):
    SUSPEND = "suspend", "Suspend"
    RESTRICT = "restrict", "Restrict"
    WITHDRAW = "withdraw", "Withdraw"
    REINSTATE = "reinstate", "Reinstate"
    EXPIRE = "expire", "Expire"


_S, _V = CertificateStatus, CertificateVerb
_ISSUER = frozenset({"assessor"})
_IN_FORCE = frozenset({_S.VALID, _S.SUSPENDED, _S.RESTRICTED})
# Statuses in which a certificate still counts (a suspended one may be reinstated).
IN_FORCE = _IN_FORCE


def _rule(verb, sources, target, by, permission, needs_reason=True) -> WorkflowTransition:
    label = dict(CertificateVerb.choices)[verb]
    return WorkflowTransition(label, frozenset(sources), target, by, permission, needs_reason)


# The certificate workflow (Art. 44(3)): the issuing body suspends, restricts or withdraws
# with reasons, and reinstates once the provider has taken corrective action; the expiry
# sweep ends a certificate on its date. Only the issuer acts (the party check in
# services.py); "expire" is the system's, run by the sweep as the issuer.
CERTIFICATE_TRANSITIONS: dict[str, WorkflowTransition] = {
    _V.SUSPEND: _rule(
        _V.SUSPEND, {_S.VALID, _S.RESTRICTED}, _S.SUSPENDED, _ISSUER, "certificates.manage"
    ),
    _V.RESTRICT: _rule(_V.RESTRICT, {_S.VALID}, _S.RESTRICTED, _ISSUER, "certificates.manage"),
    _V.WITHDRAW: _rule(_V.WITHDRAW, _IN_FORCE, _S.WITHDRAWN, _ISSUER, "certificates.manage"),
    _V.REINSTATE: _rule(
        _V.REINSTATE, {_S.SUSPENDED, _S.RESTRICTED}, _S.VALID, _ISSUER, "certificates.manage"
    ),
    _V.EXPIRE: _rule(_V.EXPIRE, _IN_FORCE, _S.EXPIRED, _ISSUER, "certificates.manage", False),
}
# Verbs a person uses from the page or the API (expiry is the sweep's).
MANUAL_VERBS = (_V.SUSPEND, _V.RESTRICT, _V.WITHDRAW, _V.REINSTATE)


class CertificateNumbering(models.Model):
    """A notified body's own certificate number format and its running sequence.

    `number_format` is a Python format string over `body` (the body's identification
    number), `year` and `seq`; a body without a row uses `DEFAULT_NUMBER_FORMAT`."""

    DEFAULT_NUMBER_FORMAT = "NB{body}-AIA-{year}-{seq:06d}"

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    number_format = models.CharField(max_length=100, default=DEFAULT_NUMBER_FORMAT)
    last_sequence = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.number_format


class Certificate(TenantModel):
    """One Annex VII certificate, or a supplement to one (`supplements`): the
    organisation is the holder (the provider), `issuer` the notified body.

    A supplement extends a certificate to a changed version of the system and shares its
    validity; a renewal (`renews`) is a new certificate after re-assessment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=100, unique=True)
    issuer = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        ConformityAssessment, on_delete=models.PROTECT, related_name="certificates"
    )
    ai_system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="certificates")
    supplements = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supplement_set"
    )
    renews = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewed_by"
    )
    # Scope: what exactly is certified, as it was when issued.
    subject_name = models.CharField(max_length=200)
    subject_version = models.PositiveIntegerField()
    intended_purpose = models.TextField()
    conditions = models.TextField(blank=True)
    validity_basis = models.CharField(max_length=16, choices=ValidityBasis.choices)
    issued_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    # The latest status change's reason, and what a restriction allows.
    status_reason = models.TextField(blank=True)
    restriction = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Which expiry warnings (days before, e.g. 90 and 30) have been sent, once each.
    warnings_sent = models.JSONField(default=list, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-created_at"]
        indexes = [models.Index(fields=["status", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def in_force(self) -> bool:
        return self.status in _IN_FORCE

    @classmethod
    def visibility_filter(cls, actor):
        """The holder and the issuer see it; an authority sees certificates of systems
        filed with it (Art. 44(3)-style notices). The public verifies by number only,
        through `selectors.certificate_for_verification`."""
        if actor.kind == "operator":
            return models.Q(organization=actor.organization)
        if actor.kind == "assessor":
            return models.Q(issuer=actor.organization)
        return models.Q(ai_system__in=Filing.objects.visible_to(actor).values("ai_system"))


class CertificateEvent(TimelineEvent):
    """The certificate's timeline: issue, each status change with its reason."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    timeline_of = "certificate"

    class Meta(TimelineEvent.Meta):
        pass

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(certificate__in=Certificate.objects.visible_to(actor).values("pk"))


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    SUPERSEDED = "superseded", "Superseded"


class DeclarationOfConformity(TenantModel, Authored):
    """The provider's EU declaration of conformity for one version of a high-risk system
    (Art. 47, Annex V). `content` holds every Annex V item, drafted from the registered
    data; once signed nothing changes (a new version supersedes it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ai_system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="declarations")
    subject_version = models.PositiveIntegerField()
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    # Annex V points 1 to 7 by key (see services), editable while a draft.
    content = models.JSONField(default=dict)
    # Annex V point 7: the notified body's certificate, where one was issued.
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, null=True, blank=True, related_name="declarations"
    )
    # Annex V point 8: who signed, in which function, for whom, where and when.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(max_length=200, blank=True)
    signer_function = models.CharField(max_length=200, blank=True)
    signed_for = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 of the signed content (canonical JSON), recorded when signed.
    sha256 = models.CharField(max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["ai_system", "version"], name="one_declaration_version"
            ),
            # One draft at a time per system: the next version is drafted from it.
            models.UniqueConstraint(
                fields=["ai_system"],
                condition=models.Q(status="draft"),
                name="one_draft_declaration_per_system",
            ),
        ]

    def __str__(self) -> str:
        return f"EU declaration of conformity v{self.version}: {self.ai_system}"

    @classmethod
    def visibility_filter(cls, actor):
        """The provider sees its declarations; an authority those of systems filed with
        it, once signed; a notified body those naming a certificate it issued."""
        if actor.kind == "operator":
            return models.Q(organization=actor.organization)
        signed = ~models.Q(status=DeclarationStatus.DRAFT)
        if actor.kind == "assessor":
            return signed & models.Q(certificate__issuer=actor.organization)
        filed = Filing.objects.visible_to(actor).values("ai_system")
        return signed & models.Q(ai_system__in=filed)
