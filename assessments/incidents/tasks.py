"""The incident deadline sweep (beat) and the reminder job it creates.

The sweep records each reminder as an `IncidentReminder` row whose unique constraint
(incident, deadline, due time, kind) makes it happen once however often the sweep runs;
the row and its jobs are written in one transaction. Each job emails through the outbox
under its own key, so a job re-run after a killed worker mails nobody twice.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from aigov.accounts.models import Membership
from aigov.accounts.permissions import roles_with
from aigov.jobs.services import job_create, job_handler
from aigov.outbox.services import outbox_send
from assessments.incidents.models import (
    IncidentReminder,
    IncidentReport,
    IncidentStatus,
    ReminderKind,
)
from assessments.incidents.selectors import incident_clocks

# Before a deadline, the most urgent reminder whose time has come (48 h, 24 h, at it).
BEFORE = (
    (ReminderKind.DUE, timedelta(0)),
    (ReminderKind.BEFORE_24H, timedelta(hours=24)),
    (ReminderKind.BEFORE_48H, timedelta(hours=48)),
)
REMIND_KIND = "incidents.remind"


def _due_reminder(due_at, now) -> str | None:
    for kind, ahead in BEFORE:
        if now >= due_at - ahead:
            return kind
    return None


def incidents_deadline_sweep(*, now=None) -> dict[str, int]:
    """Remind whoever must act before each running deadline (48 h, 24 h, at it) and
    flag to the authorities a provider's deadline passed on a reported incident."""
    now = now or timezone.now()
    counts = {"provider": 0, "authority": 0}
    incidents = (
        IncidentReport.objects.exclude(status=IncidentStatus.CLOSED)
        .select_related("organization")
        .prefetch_related("routes__authority")
    )
    for incident in incidents:
        for item in incident_clocks(incident):
            if not item.is_open():
                continue
            kind = _due_reminder(item.due_at, now)
            if kind is None:
                continue
            wanted = [(kind, item.audience)]
            reported = incident.status != IncidentStatus.DRAFT
            if item.audience == "provider" and now > item.due_at and reported:
                wanted.append((ReminderKind.OVERDUE, "authority"))
            for reminder_kind, audience in wanted:
                if _remind(incident, item.key, item.due_at, reminder_kind, audience, now):
                    counts[audience] += 1
    return counts


def _remind(incident, deadline: str, due_at, kind: str, audience: str, now) -> bool:
    """Record the reminder and its jobs once; False when it was recorded before."""
    try:
        with transaction.atomic():
            reminder = IncidentReminder.objects.create(
                organization=incident.organization,
                incident=incident,
                deadline=deadline,
                due_at=due_at,
                kind=kind,
                audience=audience,
                created_at=now,
            )
            organizations = (
                [incident.organization]
                if audience == "provider"
                else [route.authority for route in incident.routes.all()]
            )
            for organization in organizations:
                job_create(
                    organization=organization,
                    kind=REMIND_KIND,
                    params={"reminder": reminder.pk, "incident": str(incident.pk)},
                )
    except IntegrityError:
        return False
    return True


@job_handler(REMIND_KIND, queue="notifications", title="Incident deadline reminder")
def remind_job(job, report_progress) -> dict:
    """Email the people of the job's organisation who must act on the deadline."""
    reminder = (
        IncidentReminder.objects.select_related("incident", "incident__organization")
        .filter(pk=job.params["reminder"])
        .first()
    )
    if reminder is None:
        return {"sent": 0}
    permission = "incidents.report" if reminder.audience == "provider" else "incidents.triage"
    recipients = _recipients(job.organization, permission)
    clock = next(
        (c for c in incident_clocks(reminder.incident) if c.key == reminder.deadline), None
    )
    context = {
        "reminder": reminder,
        "incident": reminder.incident,
        "clock": clock,
        "due_local": clock.due_local if clock else "",
        "url": f"{settings.SITE_URL}/incidents/{reminder.incident.pk}/",
    }
    subject = render_to_string("assessments/incidents/email/reminder_subject.txt", context)
    body = render_to_string("assessments/incidents/email/reminder_body.txt", context)
    sent = outbox_send(
        key=f"job:{job.pk}", messages=[(subject.strip(), body, to) for to in recipients]
    )
    return {"sent": sent}


NOTIFY_KIND = "incidents.notify"


def _recipients(organization, permission: str) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organization=organization, role__in=roles_with(permission), user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )


@job_handler(NOTIFY_KIND, queue="notifications", title="Incident notification")
def notify_job(job, report_progress) -> dict:
    """Email the other side about one step: a submitted stage to each routed authority's
    triage staff, a triage verb to the provider's reporters (as it was when it happened)."""
    incident = (
        IncidentReport.objects.select_related("organization")
        .filter(pk=job.params["incident"])
        .first()
    )
    if incident is None:
        return {"sent": 0}
    audience = job.params["audience"]
    permission = "incidents.triage" if audience == "authority" else "incidents.report"
    context = {
        "incident": incident,
        "label": job.params["label"],
        "reason": job.params.get("reason", ""),
        "audience": audience,
        "url": f"{settings.SITE_URL}/incidents/{incident.pk}/",
    }
    subject = render_to_string("assessments/incidents/email/notify_subject.txt", context)
    body = render_to_string("assessments/incidents/email/notify_body.txt", context)
    messages = [(subject.strip(), body, to) for to in _recipients(job.organization, permission)]
    return {"sent": outbox_send(key=f"job:{job.pk}", messages=messages)}


@shared_task(name="incidents.deadline_sweep")
def deadline_sweep() -> dict:
    return incidents_deadline_sweep()
