"""Certificates (Art. 44, Annex VII): issuing one on a conformant decision, its
supplements and renewals, the issuer's suspend / restrict / withdraw / reinstate on the
workflow kernel, and the expiry sweep with its warnings to the provider.

Every function checks the actor, changes rows with a compare-and-set and writes its audit
event in the same transaction; notices go out through a Job once it commits.
"""

import re
import string
from datetime import date, timedelta
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from aigov.accounts.actor import Actor
from aigov.accounts.models import Role
from aigov.audit.services import audit_record
from aigov.exceptions import StateConflict
from aigov.jobs.services import job_create
from aigov.workflow import Moved, Workflow, timeline_entry
from assessments.certificates.models import (
    CERTIFICATE_TRANSITIONS,
    Certificate,
    CertificateEvent,
    CertificateNumbering,
    CertificateStatus,
    CertificateVerb,
    ValidityBasis,
    latest_expiry,
)
from assessments.conformity.models import (
    AssessmentStatus,
    ConformityAssessment,
    Decision,
    Procedure,
)

NOTIFY_KIND = "certificates.notify"
# Expiry warnings to the provider, in days before the expiry date (issue 11: 90 and 30).
WARNING_DAYS = (90, 30)
CONFORMANT = frozenset({Decision.CONFORMANT, Decision.CONFORMANT_WITH_CONDITIONS})

# A number format is a Python format string typed by a lead assessor, so it is held to
# what it needs: each field by name (no `{seq[0]}` or `{body.x}`, a 500), no conversion,
# and a short width (`{seq:2000000000d}` would build a 2 GB string). Field → its specs.
FORMAT_SPECS = {
    "body": re.compile(r"\d{0,2}"),
    "year": re.compile(r"\d{0,2}"),
    "seq": re.compile(r"(0?\d{1,2}d)?"),
}
FORMAT_HELP = "Use only {body}, {year} and {seq} (e.g. {seq:06d})."
# A number and the "-S12" of its supplements fit the column.
NUMBER_MAX = cast(int, Certificate._meta.get_field("number").max_length) - len("-S99")
FORMAT_MAX = cast(int, CertificateNumbering._meta.get_field("number_format").max_length)
# The largest sequence the counter holds (a PositiveIntegerField).
SEQUENCE_MAX = 2**31 - 1


class IssueKind:
    INITIAL = "initial"
    SUPPLEMENT = "supplement"
    RENEWAL = "renewal"
    ALL = (INITIAL, SUPPLEMENT, RENEWAL)


def _party(actor, certificate: Certificate, verb: str) -> str | None:
    if actor.organization.pk != certificate.issuer_id:
        return "Only the notified body that issued the certificate changes its status."
    return None


CERTIFICATE_WORKFLOW = Workflow(
    name="certificate",
    model=Certificate,
    transitions=CERTIFICATE_TRANSITIONS,
    party=_party,
    timeline=CertificateEvent,
    reason_required="Give the reasons; the provider and the authorities will read them.",
)


def validity_basis_of(assessment: ConformityAssessment) -> str:
    """Annex I product (5 years) or Annex III system (4 years), from the assessed system's
    questionnaire (Art. 6(1) / Art. 6(2)). A product with an Annex III use is covered by
    both limits of Art. 44(2), so the shorter binds."""
    system = assessment.ai_system
    profile = (system.profile if system is not None else {}) or {}
    only_annex_i = profile.get("annex_i_product") and not profile.get("annex_iii_point")
    return ValidityBasis.ANNEX_I if only_annex_i else ValidityBasis.ANNEX_III


def _body_of(issuer) -> str:
    """The body's number as digits: "NB 2409" and "2409" are the same NANDO number, and the
    format adds its own prefix; a body without one is named by its slug."""
    digits = re.search(r"\d+", issuer.identification_number)
    return digits.group(0) if digits else issuer.slug


def _next_number(issuer, year: int) -> str:
    """The issuer's next certificate number in its own format (locked, so two issues at
    the same moment never take the same sequence)."""
    CertificateNumbering.objects.get_or_create(organization=issuer)
    numbering = CertificateNumbering.objects.select_for_update().get(organization=issuer)
    numbering.last_sequence += 1
    numbering.save(update_fields=["last_sequence"])
    return numbering_format_apply(
        numbering.number_format, _body_of(issuer), year, numbering.last_sequence
    )


def _format_check(number_format: str) -> None:
    try:
        fields = [
            (name, conversion, spec)
            for _, name, spec, conversion in string.Formatter().parse(number_format)
            if name is not None
        ]
    except ValueError as exc:  # an unmatched brace
        raise ValidationError({"number_format": FORMAT_HELP}) from exc
    for name, conversion, spec in fields:
        pattern = FORMAT_SPECS.get(name)
        if pattern is None or conversion is not None or not pattern.fullmatch(spec or ""):
            raise ValidationError({"number_format": FORMAT_HELP})
    if "seq" not in {name for name, _, _ in fields}:
        raise ValidationError({"number_format": "Include {seq} so numbers never repeat."})


def numbering_format_apply(number_format: str, body: str, year: int, seq: int) -> str:
    """Apply a body's number format; a format that does not work, or a number too long to
    store, is a 400 naming it."""
    _format_check(number_format)
    number = number_format.format(body=body, year=year, seq=seq)
    if len(number) > NUMBER_MAX:
        raise ValidationError(
            {"number_format": f"Numbers in this format are longer than {NUMBER_MAX} characters."}
        )
    return number


@transaction.atomic
def numbering_set(*, actor, number_format: str) -> CertificateNumbering:
    """A notified body sets its own certificate number format."""
    if actor.kind != "assessor" or not actor.can("certificates.manage"):
        raise PermissionDenied("Only a notified body's lead assessor sets its numbering.")
    number_format = number_format.strip()
    if len(number_format) > FORMAT_MAX:
        raise ValidationError({"number_format": f"At most {FORMAT_MAX} characters."})
    # The longest number the format can give: the last year and sequence there can be.
    numbering_format_apply(number_format, _body_of(actor.organization), 9999, SEQUENCE_MAX)
    numbering, _ = CertificateNumbering.objects.get_or_create(organization=actor.organization)
    numbering.number_format = number_format
    numbering.save(update_fields=["number_format"])
    audit_record(
        action="certificate.numbering",
        actor=actor,
        object_type="certificates.certificatenumbering",
        object_id=str(actor.organization.pk),
        data={"number_format": numbering.number_format},
    )
    return numbering


def _check_issuer(actor, assessment: ConformityAssessment) -> None:
    if actor.kind != "assessor" or not actor.can("certificates.issue"):
        raise PermissionDenied("Only a notified body's lead assessor issues certificates.")
    if assessment.assessor_organization_id != actor.organization.pk:
        raise PermissionDenied("Only the notified body that assessed the system issues it.")


def _check_decision(assessment: ConformityAssessment) -> None:
    if assessment.procedure != Procedure.ANNEX_VII or assessment.ai_system_id is None:
        raise ValidationError(
            {"assessment": "Certificates are issued on an Annex VII assessment of an AI system."}
        )
    if assessment.status not in (AssessmentStatus.DECIDED, AssessmentStatus.CLOSED):
        raise StateConflict("The assessment has no decision yet.")
    if assessment.decision not in CONFORMANT:
        raise ValidationError({"assessment": "The decision was not conformant."})


def _previous(previous: Certificate | None, assessment, kind: str, actor) -> None:
    """A supplement or renewal names the certificate it extends or renews: the same
    system, from the same body."""
    if kind == IssueKind.INITIAL:
        if previous is not None:
            raise ValidationError({"previous": "A first certificate extends nothing."})
        return
    if previous is None:
        raise ValidationError({"previous": f"Name the certificate this {kind} builds on."})
    if previous.ai_system_id != assessment.ai_system_id or previous.issuer_id != (
        actor.organization.pk
    ):
        raise ValidationError({"previous": "A certificate of this system issued by you."})
    if kind == IssueKind.SUPPLEMENT and not previous.in_force:
        raise ValidationError({"previous": "Only a certificate in force can be supplemented."})
    if previous.supplements_id is not None:
        raise ValidationError({"previous": "Name the main certificate, not a supplement."})


def _expiry(issued_on: date, basis: str, expires_on: date | None) -> date:
    cap = latest_expiry(issued_on, basis)
    if expires_on is None:
        return cap
    if expires_on <= issued_on:
        raise ValidationError({"expires_on": "The expiry date must be after the issue date."})
    if expires_on > cap:
        years = {ValidityBasis.ANNEX_I: 5, ValidityBasis.ANNEX_III: 4}[ValidityBasis(basis)]
        raise ValidationError(
            {"expires_on": f"At most {years} years (Art. 44(2)): {cap.isoformat()} or earlier."}
        )
    return expires_on


@transaction.atomic
def certificate_issue(
    *,
    actor,
    assessment: ConformityAssessment,
    kind: str = IssueKind.INITIAL,
    previous: Certificate | None = None,
    expires_on: date | None = None,
    intended_purpose: str = "",
    conditions: str = "",
    today: date | None = None,
) -> Certificate:
    """Issue the certificate of a conformant Annex VII decision (or a supplement to one
    in force, or a renewal after re-assessment). One certificate per assessment."""
    _check_issuer(actor, assessment)
    if kind not in IssueKind.ALL:
        raise ValidationError({"kind": f"One of: {', '.join(IssueKind.ALL)}."})
    # Locked so two leads clicking at once issue one certificate.
    assessment = ConformityAssessment.objects.select_for_update().get(pk=assessment.pk)
    _check_decision(assessment)
    if Certificate.objects.filter(assessment=assessment).exists():
        raise StateConflict("A certificate was already issued on this assessment.")
    _previous(previous, assessment, kind, actor)
    system = assessment.ai_system
    assert system is not None  # _check_decision
    issued_on = today or timezone.localdate()
    basis = validity_basis_of(assessment)
    if kind == IssueKind.SUPPLEMENT:
        assert previous is not None
        # A supplement shares the certificate's validity (Annex VII point 4.7).
        basis, expiry = previous.validity_basis, previous.expires_on
        number = f"{previous.number}-S{previous.supplement_set.count() + 1}"
    else:
        expiry = _expiry(issued_on, basis, expires_on)
        number = _next_number(actor.organization, issued_on.year)
    conditions = (conditions or assessment.conditions).strip()
    if assessment.decision == Decision.CONFORMANT_WITH_CONDITIONS and not conditions:
        raise ValidationError({"conditions": "Name the conditions of the decision."})
    now = timezone.now()
    certificate = Certificate.objects.create(
        organization=assessment.organization,
        number=number,
        issuer=actor.organization,
        assessment=assessment,
        ai_system=system,
        supplements=previous if kind == IssueKind.SUPPLEMENT else None,
        renews=previous if kind == IssueKind.RENEWAL else None,
        subject_name=assessment.subject_name,
        subject_version=assessment.subject_version,
        intended_purpose=(intended_purpose or system.intended_purpose).strip(),
        conditions=conditions,
        validity_basis=basis,
        issued_on=issued_on,
        expires_on=expiry,
        issued_by=actor.user,
        status_changed_at=now,
        created_at=now,
        updated_at=now,
    )
    moved = Moved(
        verb="issue", from_status="", to_status=CertificateStatus.VALID, reason="", at=now
    )
    event = timeline_entry(CertificateEvent, actor, certificate, moved)
    audit_record(
        action="certificate.issue",
        actor=actor,
        obj=certificate,
        data={"number": number, "kind": kind, "expires_on": expiry.isoformat()},
    )
    _notify(certificate, event)
    return certificate


@transaction.atomic
def certificate_transition(
    *, actor, certificate: Certificate, verb: str, reason: str = "", restriction: str = ""
) -> Certificate:
    """Suspend, restrict, withdraw or reinstate a certificate, with reasons; a
    restriction names what the certificate still covers."""
    if verb not in CERTIFICATE_TRANSITIONS or verb == CertificateVerb.EXPIRE:
        raise ValidationError({"verb": "One of: suspend, restrict, withdraw, reinstate."})
    reason = CERTIFICATE_WORKFLOW.check(actor, certificate, verb, reason)
    restriction = restriction.strip()
    if verb == CertificateVerb.RESTRICT and not restriction:
        raise ValidationError({"restriction": "Name the conditions of the restriction."})
    now = timezone.now()
    changes: dict[str, Any] = {"status_reason": reason, "status_changed_at": now, "updated_at": now}
    if verb == CertificateVerb.RESTRICT:
        changes["restriction"] = restriction
    elif verb == CertificateVerb.REINSTATE:
        changes["restriction"] = ""
    CERTIFICATE_WORKFLOW.move(
        actor=actor,
        obj=certificate,
        verb=verb,
        reason=reason,
        changes=changes,
        audit_data={"reason": reason[:500], "restriction": restriction[:500] or None},
        now=now,
    )
    _notify(certificate, certificate.events.order_by("-created_at", "-id").first())
    return certificate


def _issuer_actor(certificate: Certificate) -> Actor:
    """The sweep acts as the issuing body (no user): expiry is its certificate's own date."""
    return Actor(organization=certificate.issuer, role=Role.LEAD, scopes=frozenset({"write"}))


def _notify(certificate: Certificate, event: CertificateEvent | None) -> None:
    """Tell the provider and the authorities of the system's filings, once committed."""
    if event is None:
        return
    job_create(
        organization=certificate.organization,
        kind=NOTIFY_KIND,
        params={"certificate": str(certificate.pk), "event": str(event.pk)},
    )


def certificates_expire(*, today: date | None = None) -> int:
    """End every certificate in force whose expiry date has come. Idempotent: a
    certificate already expired (or changed meanwhile) is left alone by the
    compare-and-set."""
    today = today or timezone.localdate()
    expired = 0
    due = Certificate.objects.filter(
        status__in=CERTIFICATE_TRANSITIONS[CertificateVerb.EXPIRE].sources,
        expires_on__lte=today,
    ).select_related("issuer")
    for certificate in due:
        try:
            with transaction.atomic():
                now = timezone.now()
                CERTIFICATE_WORKFLOW.move(
                    actor=_issuer_actor(certificate),
                    obj=certificate,
                    verb=CertificateVerb.EXPIRE,
                    reason=f"Reached its expiry date, {certificate.expires_on.isoformat()}.",
                    changes={"status_changed_at": now, "updated_at": now},
                    now=now,
                )
                _notify(certificate, certificate.events.order_by("-created_at", "-id").first())
        except StateConflict:
            continue  # changed by someone else since it was read: nothing to expire
        expired += 1
    return expired


def certificates_warn(*, today: date | None = None) -> int:
    """Warn the provider 90 and 30 days before a certificate in force expires, once
    each: the warning is recorded on the certificate with a compare-and-set."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + timedelta(days=max(WARNING_DAYS))
    due = Certificate.objects.filter(
        status__in=CERTIFICATE_TRANSITIONS[CertificateVerb.EXPIRE].sources,
        expires_on__gt=today,
        expires_on__lte=horizon,
    )
    for certificate in due:
        days_left = (certificate.expires_on - today).days
        reached = [days for days in WARNING_DAYS if days_left <= days]
        if not reached or min(reached) in certificate.warnings_sent:
            continue
        warning = min(reached)  # the nearest: never a 90-day notice 20 days before
        with transaction.atomic():
            won = Certificate.objects.filter(
                pk=certificate.pk, warnings_sent=certificate.warnings_sent
            ).update(warnings_sent=sorted({*certificate.warnings_sent, *reached}))
            if won != 1:
                continue
            job_create(
                organization=certificate.organization,
                kind=NOTIFY_KIND,
                params={"certificate": str(certificate.pk), "warning": warning},
            )
        sent += 1
    return sent
