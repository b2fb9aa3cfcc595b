"""Escalation: an incident the authority has not acknowledged within its own period goes,
once, to that authority's supervisors (in the app and by email), with an audit event and
an entry on the incident page that only the authority sees."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from aigov.audit.models import AuditEvent
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from aigov.notifications.models import Notification
from assessments.incidents.models import IncidentEscalation
from assessments.incidents.selectors import escalation_due_at
from assessments.incidents.tasks import incidents_deadline_sweep
from tests.conftest import login, member
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(authority):
    return {
        "supervisor": member(authority, "supervisor", email="sven@msa.test"),
        "reviewer": member(authority, "reviewer", email="rita@msa.test"),
    }


def _unacknowledged(authority, due_in=timedelta(hours=-1)):
    """Reported to `authority`, whose own period ends `due_in` from now."""
    incident = make_incident(authority)
    incident.authority_due_at = timezone.now() + due_in
    incident.save(update_fields=["authority_due_at"])
    return incident


def _escalation_jobs():
    return Job.objects.filter(kind="incidents.escalate")


def test_escalated_once_to_the_supervisors_under_two_sweeps_and_a_rerun_job(
    authority, people, msa_fr
):
    incident = _unacknowledged(authority)
    assert incidents_deadline_sweep()["escalated"] == 1
    assert incidents_deadline_sweep()["escalated"] == 0  # the second sweep: nothing
    escalation = IncidentEscalation.objects.get()
    assert (escalation.incident, escalation.authority) == (incident, authority)
    assert escalation.due_at == incident.authority_due_at
    events = AuditEvent.objects.filter(action="incident.escalated")
    assert [(e.organization, e.object_id) for e in events] == [(authority, str(incident.pk))]

    job = _escalation_jobs().get()
    assert job.organization == authority
    job_run(job.pk)
    # The worker died after telling, before marking the job done: it runs again.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    job_run(job.pk)
    assert Job.objects.get(pk=job.pk).result == {"sent": 0}

    assert [m.to for m in mail.outbox] == [["sven@msa.test"]]  # the supervisor only
    assert mail.outbox[0].subject.startswith("Escalated to you: not acknowledged in time")
    assert "EU AI Act Art. 73" in mail.outbox[0].body
    notice = Notification.objects.get()
    assert (notice.recipient, notice.organization) == (people["supervisor"], authority)
    assert notice.url == f"/incidents/{incident.pk}/"
    assert _escalation_jobs().count() == 1


def test_not_escalated_before_its_time_nor_once_acknowledged_nor_a_draft(
    authority, owner, people, settings
):
    settings.INCIDENT_ESCALATE_AFTER_HOURS = 24
    waiting = _unacknowledged(authority, due_in=timedelta(hours=-2))
    assert escalation_due_at(waiting) == waiting.authority_due_at + timedelta(hours=24)
    assert incidents_deadline_sweep()["escalated"] == 0
    assert incidents_deadline_sweep(now=timezone.now() + timedelta(hours=23))["escalated"] == 1

    acknowledged = _unacknowledged(authority, due_in=timedelta(days=-3))
    acknowledged.status, acknowledged.acknowledged_at = "acknowledged", timezone.now()
    acknowledged.save(update_fields=["status", "acknowledged_at"])
    draft = make_incident(owner)
    assert escalation_due_at(acknowledged) is None and escalation_due_at(draft) is None
    incidents_deadline_sweep(now=timezone.now() + timedelta(days=30))
    assert list(IncidentEscalation.objects.values_list("incident", flat=True)) == [waiting.pk]


def test_where_the_law_gives_the_authority_no_period_a_setting_decides(ai_office, settings):
    member(ai_office, "supervisor", email="olga@ai-office.test")
    incident = make_incident(ai_office, regime="eu_gpai", category="other")
    assert incident.authority_due_at is None
    assert escalation_due_at(incident) is None  # by default: never
    assert incidents_deadline_sweep(now=timezone.now() + timedelta(days=90))["escalated"] == 0

    settings.INCIDENT_ESCALATE_UNCLOCKED_AFTER_HOURS = 72
    assert escalation_due_at(incident) == incident.reported_at + timedelta(hours=72)
    assert incidents_deadline_sweep(now=timezone.now() + timedelta(hours=73))["escalated"] == 1


def test_the_incident_page_shows_the_escalation_to_the_authority_only(authority, people):
    incident = _unacknowledged(authority)
    incidents_deadline_sweep()
    url = f"/incidents/{incident.pk}/"

    page = login(Client(), people["reviewer"], authority).get(url).content.decode()
    assert "Escalated to supervisor at" in page and authority.name in page
    provider = login(Client(), member(incident.organization, "editor"), incident.organization)
    assert "Escalated to supervisor" not in provider.get(url).content.decode()
