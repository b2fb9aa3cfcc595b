"""The certificate sweep (beat): expiry on the certificate's date and the 90- and 30-day
warnings; and the job that emails each certificate event to the provider and to the
authorities the system is filed with (Art. 44(3)-style notices).

The sweep is idempotent: expiry is a compare-and-set, a warning is recorded on the
certificate before its job exists (same transaction), and each job tells people in the
app and by email (`aigov.notifications.notify`) under its own key, so a re-run tells
nobody twice.
"""

from celery import shared_task
from django.urls import reverse

from aigov.accounts.models import Membership
from aigov.accounts.permissions import roles_with
from aigov.jobs.services import job_handler
from aigov.notifications.services import notice_text, notify
from assessments.certificates.models import Certificate, CertificateEvent
from assessments.certificates.selectors import verification_url
from assessments.certificates.services.certificates import (
    NOTIFY_KIND,
    certificates_expire,
    certificates_warn,
)
from registry.models import Filing, FilingStatus


def _members(organization_ids, permission: str) -> dict:
    """Each organisation's active people whose role has `permission`."""
    found: dict = {}
    memberships = Membership.objects.filter(
        organization__in=organization_ids,
        role__in=roles_with(permission),
        user__is_active=True,
    ).select_related("organization", "user")
    for membership in memberships:
        found.setdefault(membership.organization, []).append(membership.user)
    return found


def authorities_of(certificate: Certificate) -> list:
    """The authorities the certified system is filed with (any filing past its draft)."""
    return list(
        Filing.objects.filter(ai_system=certificate.ai_system_id, authority__isnull=False)
        .exclude(status=FilingStatus.DRAFT)
        .values_list("authority", flat=True)
        .distinct()
    )


@job_handler(NOTIFY_KIND, queue="notifications", title="Certificate notice")
def notify_job(job, report_progress) -> dict:
    """Email one certificate event (issue or status change) to the provider and the
    authorities, or an expiry warning to the provider."""
    certificate = (
        Certificate.objects.select_related("organization", "issuer")
        .filter(pk=job.params["certificate"])
        .first()
    )
    if certificate is None:
        return {"sent": 0}
    event = None
    if "event" in job.params:
        event = CertificateEvent.objects.filter(pk=job.params["event"]).first()
    audiences = _members([certificate.organization_id], "declarations.edit")
    if event is not None:
        audiences.update(_members(authorities_of(certificate), "certificates.view"))
    context = {
        "certificate": certificate,
        "event": event,
        "warning": job.params.get("warning"),
        "verify_url": verification_url(certificate),
    }
    text = notice_text("certificates/email/notice", context)
    sent = 0
    for organization, users in audiences.items():
        sent += notify(
            key=f"job:{job.pk}:{organization.pk}",
            organization=organization,
            users=users,
            **text,
            url=reverse("certificate_detail", args=[certificate.pk]),
        )
    return {"sent": sent}


@shared_task(name="certificates.sweep")
def sweep() -> dict:
    return {"expired": certificates_expire(), "warned": certificates_warn()}
