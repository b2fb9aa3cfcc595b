"""Emails about filings. Sent from a job, so a lost broker message loses no email, and
through the outbox under the job's key, so a re-run of the job mails nobody twice."""

from django.conf import settings
from django.template.loader import render_to_string

from aigov.accounts.models import Membership, Organization
from aigov.accounts.permissions import roles_with
from aigov.outbox.services import outbox_send
from registry.models import Filing, FilingStatus
from registry.regimes import FILING_TYPES

# Who is told: the provider's people who file, the authority's people who review.
PROVIDER_ROLES = roles_with("filings.edit")
AUTHORITY_ROLES = roles_with("filings.review")


def _recipients(organization, roles) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organization=organization, role__in=roles, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )


def send_filing_notification(params: dict, *, key: str) -> int:
    """Send the emails for one transition, as it was when it happened (`params` of the
    job: filing, transition, to_status, reason, registration_number, authority)."""
    filing = (
        Filing.objects.select_related("organization", "ai_system", "gpai_model")
        .filter(pk=params["filing"])
        .first()
    )
    authority = Organization.objects.filter(pk=params["authority"]).first()
    if filing is None or authority is None:
        return 0
    to_status = params["to_status"]
    if to_status == FilingStatus.SUBMITTED:
        # A submission, or a stage passed on: the reviewing authority has work.
        recipients = _recipients(authority, AUTHORITY_ROLES)
        audience = "authority"
    else:
        recipients = _recipients(filing.organization, PROVIDER_ROLES)
        audience = "provider"
    if not recipients:
        return 0
    context = {
        "filing": filing,
        "filing_type": FILING_TYPES[filing.filing_type],
        "authority": authority,
        "transition": params["transition"],
        "status_label": FilingStatus(to_status).label,
        "reason": params.get("reason", ""),
        "registration_number": params.get("registration_number"),
        "audience": audience,
        "url": f"{settings.SITE_URL}/filings/{filing.pk}/",
    }
    subject = render_to_string("registry/email/filing_subject.txt", context).strip()
    body = render_to_string("registry/email/filing_body.txt", context)
    return outbox_send(key=key, messages=[(subject, body, to) for to in recipients])


def send_deadline_digest(organization, audience: str, filing_ids: list[str], *, key: str) -> int:
    """One email per person: the organisation's filings with a deadline near or past."""
    roles = AUTHORITY_ROLES if audience == "authority" else PROVIDER_ROLES
    recipients = _recipients(organization, roles)
    filings = list(
        Filing.objects.filter(pk__in=filing_ids)
        .select_related("organization", "ai_system", "gpai_model")
        .order_by("decision_due_at", "filing_due_at")
    )
    if not recipients or not filings:
        return 0
    context = {
        "organization": organization,
        "audience": audience,
        "filings": filings,
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string("registry/email/deadline_subject.txt", context).strip()
    body = render_to_string("registry/email/deadline_body.txt", context)
    return outbox_send(key=key, messages=[(subject, body, to) for to in recipients])
