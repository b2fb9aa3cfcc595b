"""The certificate sweep (beat): expiry on the certificate's date and the 90- and 30-day
warnings; and the job that emails each certificate event to the provider and to the
authorities the system is filed with (Art. 44(3)-style notices).

The sweep is idempotent: expiry is a compare-and-set, a warning is recorded on the
certificate before its job exists (same transaction), and each job mails through the
outbox under its own key, so a re-run mails nobody twice.
"""

from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string

from aigov.accounts.models import Membership
from aigov.accounts.permissions import roles_with
from aigov.jobs.services import job_handler
from aigov.outbox.services import outbox_send
from assessments.certificates.models import Certificate, CertificateEvent
from assessments.certificates.services.certificates import (
    NOTIFY_KIND,
    certificates_expire,
    certificates_warn,
)
from registry.models import Filing, FilingStatus


def _emails(organizations, permission: str) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organization__in=organizations,
                role__in=roles_with(permission),
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )


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
    recipients = _emails([certificate.organization_id], "declarations.edit")
    if event is not None:
        recipients += _emails(authorities_of(certificate), "certificates.view")
    context = {
        "certificate": certificate,
        "event": event,
        "warning": job.params.get("warning"),
        "url": f"{settings.SITE_URL}/certificates/{certificate.pk}/",
        "verify_url": f"{settings.SITE_URL}/verify/{certificate.number}/",
    }
    subject = render_to_string("certificates/email/notice_subject.txt", context)
    body = render_to_string("certificates/email/notice_body.txt", context)
    messages = [(subject.strip(), body, to) for to in sorted(set(recipients))]
    return {"sent": outbox_send(key=f"job:{job.pk}", messages=messages)}


@shared_task(name="certificates.sweep")
def sweep() -> dict:
    return {"expired": certificates_expire(), "warned": certificates_warn()}
