"""Notices about filings, in the app and by email (`notify`). Sent from a job, so a lost
broker message loses no notice, under the job's key, so a re-run of the job adds no row
and mails nobody twice."""

from django.conf import settings
from django.urls import reverse

from aigov.accounts.models import Organization
from aigov.accounts.permissions import members_in_roles, roles_with
from aigov.notifications.services import notice_text, notify
from registry.models import Filing, FilingStatus
from registry.regimes import FILING_TYPES

# Who is told: the provider's people who file, the authority's people who review.
PROVIDER_ROLES = roles_with("filings.edit")
AUTHORITY_ROLES = roles_with("filings.review")


def send_filing_notification(params: dict, *, key: str) -> int:
    """Tell the other side of one transition, as it was when it happened (`params` of the
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
        told, roles, audience = authority, AUTHORITY_ROLES, "authority"
    else:
        told, roles, audience = filing.organization, PROVIDER_ROLES, "provider"
    context = {
        "filing": filing,
        "filing_type": FILING_TYPES[filing.filing_type],
        "authority": authority,
        "transition": params["transition"],
        "status_label": FilingStatus(to_status).label,
        "reason": params.get("reason", ""),
        "registration_number": params.get("registration_number"),
        "audience": audience,
    }
    return notify(
        key=key,
        organization=told,
        users=members_in_roles(told, roles),
        **notice_text("registry/email/filing", context),
        url=reverse("filing_detail", args=[filing.pk]),
    )


def send_deadline_digest(organization, audience: str, filing_ids: list[str], *, key: str) -> int:
    """One notice per person: the organisation's filings with a deadline near or past."""
    roles = AUTHORITY_ROLES if audience == "authority" else PROVIDER_ROLES
    filings = list(
        Filing.objects.filter(pk__in=filing_ids)
        .select_related("organization", "ai_system", "gpai_model")
        .order_by("decision_due_at", "filing_due_at")
    )
    if not filings:
        return 0
    context = {
        "organization": organization,
        "audience": audience,
        "filings": filings,
        "site_url": settings.SITE_URL,
    }
    return notify(
        key=key,
        organization=organization,
        users=members_in_roles(organization, roles),
        **notice_text("registry/email/deadline", context),
        # The authority works its queue; the provider its filings.
        url=reverse("queue" if audience == "authority" else "filing_list"),
    )
