"""EU declarations of conformity (Art. 47, Annex V): drafted from what is registered,
edited while a draft, signed by the provider's admin (then immutable, with the SHA-256 of
what was signed), and superseded by the next signed version.
"""

import hashlib
import json
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from aigov.audit.services import audit_record
from aigov.exceptions import StateConflict
from assessments.certificates.annex_v import ANNEX_V_ITEMS, ANNEX_V_KEYS
from assessments.certificates.models import (
    Certificate,
    CertificateStatus,
    DeclarationOfConformity,
    DeclarationStatus,
)
from registry.models import AISystem

SOLE_RESPONSIBILITY = (
    "This EU declaration of conformity is issued under the sole responsibility of the provider."
)
CONFORMITY = (
    "The AI system described above is in conformity with Regulation (EU) 2024/1689 "
    "(Artificial Intelligence Act)."
)
DATA_PROTECTION = (
    "Where the AI system processes personal data, it complies with Regulations (EU) "
    "2016/679 and (EU) 2018/1725 and Directive (EU) 2016/680."
)
SIGNATURE_FIELDS = ("signer_name", "signer_function", "signed_for", "place")
FIELD_MAX = 200
TEXT_MAX = 5000


def _check(actor, permission: str, system: AISystem) -> None:
    if actor.kind != "operator" or not actor.can(permission):
        raise PermissionDenied(f"Your role may not do this ({permission}).")
    if system.organization_id != actor.organization.pk:
        raise PermissionDenied("Only the provider declares its own system.")


def needs_declaration(system: AISystem) -> bool:
    """Whether the provider draws up an EU declaration of conformity for the system: a
    high-risk AI system (Art. 47(1)), as its stored classification says."""
    return (system.classification.get("eu") or {}).get("tier") == "high"


def certificate_in_force(system: AISystem) -> Certificate | None:
    """The system's newest certificate in force (a main certificate, not a supplement)."""
    return (
        Certificate.objects.filter(
            ai_system=system,
            supplements__isnull=True,
            status__in=[CertificateStatus.VALID, CertificateStatus.RESTRICTED],
        )
        .select_related("issuer", "assessment")
        .order_by("-issued_on", "-created_at")
        .first()
    )


def notified_body_text(certificate: Certificate) -> str:
    """Annex V point 7 from a certificate: body, number, procedure, certificate."""
    issuer = certificate.issuer
    body = issuer.name + (
        f", notified body No {issuer.identification_number}" if issuer.identification_number else ""
    )
    return (
        f"{body}. Procedure: assessment of the quality management system and of the "
        f"technical documentation (Annex VII). Certificate {certificate.number}, issued "
        f"{certificate.issued_on.isoformat()}, valid until {certificate.expires_on.isoformat()}."
    )


def drafted_content(system: AISystem) -> tuple[dict, Certificate | None]:
    """Annex V points 1 to 7 from the registered data; the provider completes the rest."""
    organization = system.organization
    reference = system.trade_name or system.name
    identification = f"{system.name}" + (f", version {system.version}" if system.version else "")
    identification += f". Trade name {reference}; platform reference {system.pk}."
    # Annex V point 2: name and address (the country until an address is recorded).
    provider = [organization.contact_block]
    if not organization.address:
        provider.append(f"Country: {organization.country}")
    representative = system.authorised_representative or {}
    if representative.get("name"):
        provider.append(
            "Authorised representative: "
            + ", ".join(v for v in (representative.get("name"), representative.get("address")) if v)
        )
    certificate = certificate_in_force(system)
    standards = {"full": "Harmonised standards applied in full: ", "partial": "In part: "}
    content = {
        "system_identification": identification,
        "provider": "\n".join(provider),
        "sole_responsibility": SOLE_RESPONSIBILITY,
        "conformity": CONFORMITY,
        "data_protection": DATA_PROTECTION,
        "standards": standards.get((system.profile or {}).get("harmonised_standards", ""), ""),
        "notified_body": notified_body_text(certificate) if certificate else "",
    }
    return content, certificate


@transaction.atomic
def declaration_draft(*, actor, ai_system: AISystem) -> DeclarationOfConformity:
    """Start the next version of the system's declaration from its registered data, or
    answer the draft already open."""
    _check(actor, "declarations.edit", ai_system)
    locked = AISystem.objects.select_for_update().get(pk=ai_system.pk)  # one at a time
    if not needs_declaration(locked):
        raise ValidationError(
            {
                "ai_system": "An EU declaration of conformity is drawn up for a high-risk AI "
                "system (Art. 47); this system is not classified high-risk under the EU AI Act."
            }
        )
    existing = ai_system.declarations.filter(status=DeclarationStatus.DRAFT).first()
    if existing is not None:
        return existing
    latest = ai_system.declarations.aggregate(last=Max("version"))["last"] or 0
    signed = ai_system.declarations.filter(status=DeclarationStatus.SIGNED).first()
    content, certificate = drafted_content(ai_system)
    now = timezone.now()
    try:
        declaration = DeclarationOfConformity.objects.create(
            organization=ai_system.organization,
            ai_system=ai_system,
            subject_version=ai_system.version_number,
            version=latest + 1,
            content=content,
            certificate=certificate,
            signed_for=ai_system.organization.name,
            supersedes=signed,
            created_by=actor.user,
            created_at=now,
            updated_at=now,
        )
    except IntegrityError as exc:  # a concurrent draft won
        raise StateConflict("A draft of this declaration was just started.") from exc
    audit_record(
        action="declaration.draft",
        actor=actor,
        obj=declaration,
        data={"version": declaration.version, "system": str(ai_system.pk)},
    )
    return declaration


def _clean_content(content: dict) -> dict:
    errors = {}
    unknown = set(content) - set(ANNEX_V_KEYS)
    for key in sorted(unknown):
        errors[f"content.{key}"] = f"Not an Annex V item; use: {', '.join(ANNEX_V_KEYS)}."
    cleaned = {}
    for key in ANNEX_V_KEYS:
        value = content.get(key, "")
        if not isinstance(value, str):
            errors[f"content.{key}"] = "Text."
        elif len(value) > TEXT_MAX:
            errors[f"content.{key}"] = f"At most {TEXT_MAX} characters."
        else:
            cleaned[key] = value.strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def declaration_update(
    *, actor, declaration: DeclarationOfConformity, content: dict, fields: dict | None = None
) -> DeclarationOfConformity:
    """Change a draft's Annex V items (and who it is signed for, where); a signed
    declaration never changes."""
    _check(actor, "declarations.edit", declaration.ai_system)
    cleaned = _clean_content({**declaration.content, **content})
    signature = {}
    for name, value in (fields or {}).items():
        if name not in ("signed_for", "place"):
            raise ValidationError({name: "Not a field of the draft."})
        if not isinstance(value, str) or len(value) > FIELD_MAX:
            raise ValidationError({name: f"Text of at most {FIELD_MAX} characters."})
        signature[name] = value.strip()
    won = DeclarationOfConformity.objects.filter(
        pk=declaration.pk, status=DeclarationStatus.DRAFT
    ).update(content=cleaned, updated_at=timezone.now(), **signature)
    if won != 1:
        raise StateConflict("A signed declaration cannot change; draft a new version.")
    audit_record(
        action="declaration.update",
        actor=actor,
        obj=declaration,
        data={"items": sorted(k for k in cleaned if cleaned[k] != declaration.content.get(k))},
    )
    declaration.refresh_from_db()
    return declaration


def signed_payload(declaration: DeclarationOfConformity) -> dict:
    """What a signature covers: every Annex V item, including point 8."""
    return {
        "system": str(declaration.ai_system_id),
        "subject_version": declaration.subject_version,
        "version": declaration.version,
        "content": declaration.content,
        "certificate": declaration.certificate.number if declaration.certificate else None,
        "signer": str(declaration.signer_id) if declaration.signer_id else None,
        "signer_name": declaration.signer_name,
        "signer_function": declaration.signer_function,
        "signed_for": declaration.signed_for,
        "place": declaration.place,
        "signed_on": declaration.signed_on.isoformat() if declaration.signed_on else None,
    }


def payload_sha256(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def declaration_sign(
    *,
    actor,
    declaration: DeclarationOfConformity,
    signer_name: str,
    signer_function: str,
    place: str,
    signed_for: str = "",
    signed_on: date | None = None,
) -> DeclarationOfConformity:
    """Sign a draft (Annex V point 8): the signer is the signed-in user, who gives the
    name and function printed; the version it supersedes becomes superseded."""
    _check(actor, "declarations.sign", declaration.ai_system)
    if actor.user is None:
        raise PermissionDenied("A person signs a declaration, not an API key.")
    values = {
        "signer_name": signer_name,
        "signer_function": signer_function,
        "place": place,
        "signed_for": signed_for or declaration.signed_for,
    }
    errors = {
        name: "Required." if not value.strip() else f"At most {FIELD_MAX} characters."
        for name, value in values.items()
        if not value.strip() or len(value) > FIELD_MAX
    }
    for item in ANNEX_V_ITEMS:
        if item.required and not (declaration.content.get(item.key) or "").strip():
            errors[f"content.{item.key}"] = f"Annex V point {item.point} is required."
    if declaration.certificate_id and not (declaration.content.get("notified_body") or ""):
        errors["content.notified_body"] = "Name the notified body and its certificate."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    declaration.signer = actor.user
    declaration.signed_on = signed_on or timezone.localdate()
    for name, value in values.items():
        setattr(declaration, name, value.strip())
    digest = payload_sha256(signed_payload(declaration))
    won = DeclarationOfConformity.objects.filter(
        pk=declaration.pk, status=DeclarationStatus.DRAFT
    ).update(
        status=DeclarationStatus.SIGNED,
        signer=actor.user,
        signed_on=declaration.signed_on,
        signed_at=now,
        sha256=digest,
        updated_at=now,
        **{name: value.strip() for name, value in values.items()},
    )
    if won != 1:
        raise StateConflict("This declaration was already signed.")
    superseded = 0
    if declaration.supersedes_id:
        superseded = DeclarationOfConformity.objects.filter(
            pk=declaration.supersedes_id, status=DeclarationStatus.SIGNED
        ).update(status=DeclarationStatus.SUPERSEDED, updated_at=now)
    audit_record(
        action="declaration.sign",
        actor=actor,
        obj=declaration,
        data={"version": declaration.version, "sha256": digest, "superseded": bool(superseded)},
    )
    declaration.refresh_from_db()
    return declaration


def declaration_verify(declaration: DeclarationOfConformity) -> bool:
    """Whether the signed content still hashes to what was recorded when signed."""
    return bool(declaration.sha256) and payload_sha256(signed_payload(declaration)) == (
        declaration.sha256
    )
