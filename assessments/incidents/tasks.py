"""The incident deadline sweep (beat), the reminder and escalation jobs it creates, and the
job that tells the other side of each step.

The sweep records each reminder as an `IncidentReminder` row whose unique constraint
(incident, deadline, due time, kind) makes it happen once however often the sweep runs,
and each escalation as an `IncidentEscalation` row, unique per (incident, authority); the
row, its audit event and its jobs are written in one transaction. Each job tells people
through `aigov.notifications.services.notify` (in the app and by email) under a key of
its own, so a job re-run after a killed worker tells nobody twice.
"""

from datetime import timedelta

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from aigov.accounts.models import Role
from aigov.accounts.permissions import members_in_roles, roles_with
from aigov.audit.services import audit_record
from aigov.jobs.services import job_create, job_handler
from aigov.notifications.services import notice_text, notify
from assessments.incidents.models import (
    IncidentEscalation,
    IncidentReminder,
    IncidentReport,
    IncidentStatus,
    ReminderKind,
)
from assessments.incidents.selectors import escalation_due_at, incident_clocks

# Before a deadline, the most urgent reminder whose time has come (48 h, 24 h, at it).
BEFORE = (
    (ReminderKind.DUE, timedelta(0)),
    (ReminderKind.BEFORE_24H, timedelta(hours=24)),
    (ReminderKind.BEFORE_48H, timedelta(hours=48)),
)
REMIND_KIND = "incidents.remind"
NOTIFY_KIND = "incidents.notify"
ESCALATE_KIND = "incidents.escalate"


def _due_reminder(due_at, now) -> str | None:
    for kind, ahead in BEFORE:
        if now >= due_at - ahead:
            return kind
    return None


def incidents_deadline_sweep(*, now=None) -> dict[str, int]:
    """Remind whoever must act before each running deadline (48 h, 24 h, at it), flag to
    the authorities a provider's deadline passed on a reported incident, and escalate to
    an authority's supervisors an incident it has not acknowledged in time."""
    now = now or timezone.now()
    counts = {"provider": 0, "authority": 0, "escalated": 0}
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
        escalate_at = escalation_due_at(incident)
        if escalate_at is not None and now >= escalate_at:
            for route in incident.routes.all():
                if _escalate(incident, route.authority, escalate_at, now):
                    counts["escalated"] += 1
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


def _escalate(incident, authority, due_at, now) -> bool:
    """Record the escalation to `authority`'s supervisors, its audit event and its job,
    once; False when it was recorded before."""
    try:
        with transaction.atomic():
            escalation = IncidentEscalation.objects.create(
                organization=incident.organization,
                incident=incident,
                authority=authority,
                due_at=due_at,
                created_at=now,
            )
            audit_record(
                action="incident.escalated",
                organization=authority,
                obj=incident,
                data={
                    "authority": authority.authority_code,
                    "authority_due_at": incident.authority_due_at,
                    "escalation_due_at": due_at,
                    "status": incident.status,
                },
            )
            job_create(
                organization=authority,
                kind=ESCALATE_KIND,
                params={"escalation": escalation.pk, "incident": str(incident.pk)},
            )
    except IntegrityError:
        return False
    return True


def _url(incident) -> str:
    return f"/incidents/{incident.pk}/"


@job_handler(REMIND_KIND, queue="notifications", title="Incident deadline reminder")
def remind_job(job, report_progress) -> dict:
    """Tell the people of the job's organisation who must act on the deadline."""
    reminder = (
        IncidentReminder.objects.select_related("incident", "incident__organization")
        .filter(pk=job.params["reminder"])
        .first()
    )
    if reminder is None:
        return {"sent": 0}
    permission = "incidents.report" if reminder.audience == "provider" else "incidents.triage"
    clock = next(
        (c for c in incident_clocks(reminder.incident) if c.key == reminder.deadline), None
    )
    context = {
        "reminder": reminder,
        "incident": reminder.incident,
        "clock": clock,
        "due_local": clock.due_local if clock else "",
    }
    sent = notify(
        key=f"incidents.reminder:{reminder.pk}:{job.organization_id}",
        organization=job.organization,
        users=members_in_roles(job.organization, roles_with(permission)),
        **notice_text("assessments/incidents/email/reminder", context),
        url=_url(reminder.incident),
    )
    return {"sent": sent}


@job_handler(NOTIFY_KIND, queue="notifications", title="Incident notification")
def notify_job(job, report_progress) -> dict:
    """Tell the other side about one step: a submitted stage to each routed authority's
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
    }
    sent = notify(
        key=f"job:{job.pk}",
        organization=job.organization,
        users=members_in_roles(job.organization, roles_with(permission)),
        **notice_text("assessments/incidents/email/notify", context),
        url=_url(incident),
    )
    return {"sent": sent}


@job_handler(ESCALATE_KIND, queue="notifications", title="Incident escalation to supervisors")
def escalate_job(job, report_progress) -> dict:
    """Tell the supervisors of the authority an unacknowledged incident was escalated to."""
    escalation = (
        IncidentEscalation.objects.select_related("incident", "incident__organization")
        .filter(pk=job.params["escalation"])
        .first()
    )
    if escalation is None:
        return {"sent": 0}
    incident = escalation.incident
    clock = next((c for c in incident_clocks(incident) if c.key == "authority"), None)
    context = {"incident": incident, "escalation": escalation, "clock": clock}
    sent = notify(
        key=f"incidents.escalation:{escalation.pk}",
        organization=job.organization,
        users=members_in_roles(job.organization, (Role.SUPERVISOR,)),
        **notice_text("assessments/incidents/email/escalation", context),
        url=_url(incident),
    )
    return {"sent": sent}


@shared_task(name="incidents.deadline_sweep")
def deadline_sweep() -> dict:
    return incidents_deadline_sweep()
