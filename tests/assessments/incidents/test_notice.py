"""SB 53's imminent risk: the 24-hour notice the provider gives outside the platform (to
law enforcement / public safety) and records here, beside the 15-day report to Cal OES.
Each is its own clock, met by its own act (REGULATION.md, California SB 53)."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from aigov.audit.models import AuditEvent
from aigov.workflow import TransitionConflict
from assessments.incidents.deadlines import report_due
from assessments.incidents.models import IncidentEvent, IncidentReminder, IncidentReport
from assessments.incidents.selectors import incident_clocks, next_open_clock
from assessments.incidents.services import incident_record_notice, incident_report
from assessments.incidents.tasks import incidents_deadline_sweep
from tests.assessments.incidents.test_services import _actor
from tests.conftest import login, member
from tests.factories import make_incident

pytestmark = pytest.mark.django_db

COMPLETE = {"immediate_measures": "Model paused.", "persons_affected": 0, "internal_use": False}


def _imminent(owner, gpai, category="imminent_risk"):
    from assessments.incidents.services import incident_create

    aware = timezone.now() - timedelta(hours=2)
    return incident_create(
        actor=_actor(owner, "editor"),
        subject=gpai,
        regime="us_ca",
        category=category,
        title="Model gave synthesis steps",
        occurred_at=aware - timedelta(hours=1),
        aware_at=aware,
        what_happened="An agent run walked a user through a synthesis route.",
    )


def _clocks(incident):
    incident.refresh_from_db()
    return {c.key: c for c in incident_clocks(incident)}


def test_an_imminent_risk_has_a_24_hour_notice_and_a_15_day_report_to_cal_oes(owner, gpai):
    incident = _imminent(owner, gpai)
    clocks = _clocks(incident)
    assert list(clocks) == ["notice", "report"]
    notice, report = clocks["notice"], clocks["report"]
    assert notice.due_at == incident.aware_at + timedelta(hours=24)
    assert notice.label == (
        "Notice to an appropriate authority (law enforcement / public safety), not Cal OES"
    )
    assert "within 24 hours" in notice.basis and notice.audience == "provider"
    assert report.due_at == report_due("us_ca", "critical_safety_incident", incident.aware_at)
    assert report.label == "Report to the authority"
    assert "to Cal OES within 15 days of discovery" in report.basis
    assert "law enforcement" not in report.basis
    # The list shows the notice, the deadline running out first.
    assert next_open_clock(incident).key == "notice"
    # A critical safety incident without an imminent risk has the report only.
    other = _clocks(_imminent(owner, gpai, category="critical_safety_incident"))
    assert list(other) == ["report"] and other["report"].due_at == report.due_at


def test_a_complete_report_to_cal_oes_does_not_meet_the_notice(owner, gpai, cal_oes):
    incident = _imminent(owner, gpai)
    editor = _actor(owner, "editor")
    incident_report(actor=editor, incident=incident, stage="complete", **COMPLETE)
    assert [r.authority for r in incident.routes.all()] == [cal_oes]
    clocks = _clocks(incident)
    assert clocks["report"].met_at is not None
    assert clocks["notice"].met_at is None and clocks["notice"].is_open()
    assert next_open_clock(incident).key == "notice"


def test_recording_the_notice_meets_the_24_hour_clock_and_not_the_15_day_one(owner, gpai):
    incident = _imminent(owner, gpai)
    editor = _actor(owner, "editor")
    given = timezone.now() - timedelta(minutes=30)
    incident_record_notice(
        actor=editor, incident=incident, notice_to="  Sacramento County Sheriff ", notice_at=given
    )
    incident.refresh_from_db()
    assert (incident.notice_to, incident.notice_at) == ("Sacramento County Sheriff", given)
    clocks = _clocks(incident)
    assert clocks["notice"].met_at == given
    assert clocks["notice"].countdown(timezone.now()) == "met"
    assert clocks["report"].is_open()
    assert next_open_clock(incident).key == "report"
    # Written down in the same transaction: the timeline and the audit log.
    event = IncidentEvent.objects.get(incident=incident, transition="record_notice")
    assert event.reason == "Notified Sacramento County Sheriff"
    audited = AuditEvent.objects.get(action="incident.record_notice", object_id=str(incident.pk))
    assert audited.data["notice_to"] == "Sacramento County Sheriff"
    # Recorded once.
    with pytest.raises(ValidationError) as again:
        incident_record_notice(
            actor=editor, incident=incident, notice_to="Another agency", notice_at=given
        )
    assert set(again.value.message_dict) == {"notice_at"}


def test_a_notice_given_late_is_met_late(owner, gpai):
    incident = _imminent(owner, gpai)
    IncidentReport.objects.filter(pk=incident.pk).update(
        aware_at=incident.aware_at - timedelta(days=2),
        notice_due_at=incident.notice_due_at - timedelta(days=2),
    )
    incident.refresh_from_db()
    incident_record_notice(
        actor=_actor(owner, "editor"),
        incident=incident,
        notice_to="CHP",
        notice_at=timezone.now() - timedelta(hours=1),
    )
    assert _clocks(incident)["notice"].countdown(timezone.now()) == "met late"


@pytest.mark.parametrize(
    "notice_to,shift,field",
    [
        ("", timedelta(minutes=-10), "notice_to"),
        ("   ", timedelta(minutes=-10), "notice_to"),
        ("CHP", timedelta(hours=2), "notice_at"),  # in the future
        ("CHP", timedelta(hours=-5), "notice_at"),  # before awareness (2 hours ago)
    ],
)
def test_a_bad_notice_names_the_field_and_stores_nothing(owner, gpai, notice_to, shift, field):
    incident = _imminent(owner, gpai)
    with pytest.raises(ValidationError) as refused:
        incident_record_notice(
            actor=_actor(owner, "editor"),
            incident=incident,
            notice_to=notice_to,
            notice_at=timezone.now() + shift,
        )
    assert set(refused.value.message_dict) == {field}
    incident.refresh_from_db()
    assert incident.notice_at is None and incident.notice_to == ""
    assert not IncidentEvent.objects.filter(transition="record_notice").exists()


def test_only_an_imminent_risk_of_an_open_incident_takes_a_notice(owner, gpai, system):
    from django.core.exceptions import PermissionDenied

    editor = _actor(owner, "editor")
    given = timezone.now() - timedelta(minutes=5)
    other = _imminent(owner, gpai, category="critical_safety_incident")
    with pytest.raises(ValidationError) as refused:
        incident_record_notice(actor=editor, incident=other, notice_to="CHP", notice_at=given)
    assert set(refused.value.message_dict) == {"category"}
    with pytest.raises(PermissionDenied):
        incident_record_notice(
            actor=_actor(owner, "viewer"),
            incident=_imminent(owner, gpai),
            notice_to="CHP",
            notice_at=given,
        )
    closed = _imminent(owner, gpai)
    IncidentReport.objects.filter(pk=closed.pk).update(status="closed")
    closed.refresh_from_db()
    with pytest.raises(TransitionConflict):
        incident_record_notice(actor=editor, incident=closed, notice_to="CHP", notice_at=given)


def test_the_sweep_reminds_of_the_notice_and_stops_once_it_is_recorded(owner, gpai):
    member(owner, "editor", email="editor@owner.test")
    incident = _imminent(owner, gpai)
    assert incidents_deadline_sweep()["provider"] == 1  # 22 hours left: the 24 h reminder
    reminder = IncidentReminder.objects.get()
    assert (reminder.deadline, reminder.kind, reminder.due_at) == (
        "notice",
        "24h",
        incident.notice_due_at,
    )
    incident_record_notice(
        actor=_actor(owner, "editor"),
        incident=incident,
        notice_to="CHP",
        notice_at=timezone.now() - timedelta(minutes=5),
    )
    assert incidents_deadline_sweep(now=incident.notice_due_at + timedelta(hours=1)) == {
        "provider": 0,
        "authority": 0,
        "escalated": 0,
    }
    # The report's own reminders come before its own deadline.
    before_report = incident.report_due_at - timedelta(hours=30)
    assert incidents_deadline_sweep(now=before_report)["provider"] == 1
    assert IncidentReminder.objects.filter(deadline="report", kind="48h").exists()


def test_a_pending_notice_puts_the_incident_first_in_the_provider_list(owner, gpai, system):
    from tests.assessments.incidents.test_views import make_eu

    make_eu(owner, system)  # 10 days
    imminent = _imminent(owner, gpai)  # the notice: 22 hours; the report: 15 days
    page = _browser(owner, "viewer").get("/incidents/").content.decode()
    assert page.index(imminent.title) < page.index("Patient died")


# The API ----------------------------------------------------------------------------


def _api(api_client, organization, role):
    return login(api_client, member(organization, role), organization)


def test_the_api_records_the_notice_and_shows_both_clocks(api_client, owner, gpai, system):
    incident = _imminent(owner, gpai)
    client = _api(api_client, owner, "editor")
    url = f"/api/v1/incidents/{incident.pk}/"
    before = client.get(url).json()
    assert "record_notice" in before["actions"]
    clocks = {c["key"]: c for c in before["clocks"]}
    assert set(clocks) == {"notice", "report"}
    assert "within 24 hours" in clocks["notice"]["basis"]
    assert "15 days" in clocks["report"]["basis"]
    assert clocks["notice"]["met_at"] is None

    given = (timezone.now() - timedelta(minutes=20)).isoformat()
    recorded = client.post(
        url + "record-notice/", {"notice_to": "CHP", "notice_at": given}, format="json"
    )
    assert recorded.status_code == 200, recorded.content
    body = recorded.json()
    assert body["notice_to"] == "CHP" and body["notice_at"] is not None
    clocks = {c["key"]: c for c in body["clocks"]}
    assert clocks["notice"]["countdown"] == "met"
    assert clocks["report"]["met_at"] is None
    assert "record_notice" not in body["actions"]
    again = client.post(
        url + "record-notice/", {"notice_to": "CHP", "notice_at": given}, format="json"
    )
    assert again.status_code == 422 and "notice_at" in again.json()["errors"]
    # An EU incident calls for no such notice: not offered, and refused.
    eu = make_incident(owner)
    assert "record_notice" not in client.get(f"/api/v1/incidents/{eu.pk}/").json()["actions"]
    refused = client.post(
        f"/api/v1/incidents/{eu.pk}/record-notice/",
        {"notice_to": "CHP", "notice_at": given},
        format="json",
    )
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"category"}


@pytest.mark.parametrize(
    "body,field",
    [
        ({"notice_to": ""}, "notice_to"),
        ({"notice_to": "   "}, "notice_to"),
        ({"notice_to": "CHP", "shift": timedelta(hours=3)}, "notice_at"),
        ({"notice_to": "CHP", "shift": timedelta(hours=-6)}, "notice_at"),
        ({"notice_to": "CHP", "notice_at": "yesterday"}, "notice_at"),
        ({"notice_to": "CHP", "notice_at": None}, "notice_at"),
        ({"notice_to": "CHP", "surprise": 1}, "surprise"),
    ],
)
def test_a_bad_notice_is_a_problem_naming_the_field(api_client, owner, gpai, body, field):
    incident = _imminent(owner, gpai)
    body = dict(body)
    shift = body.pop("shift", timedelta(minutes=-10))
    body.setdefault("notice_at", (timezone.now() + shift).isoformat())
    client = _api(api_client, owner, "editor")
    response = client.post(f"/api/v1/incidents/{incident.pk}/record-notice/", body, format="json")
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    incident.refresh_from_db()
    assert incident.notice_at is None and incident.notice_to == ""


def test_another_tenants_incident_is_404_and_a_viewer_403(
    api_client, owner, stranger, gpai, cal_oes
):
    incident = _imminent(owner, gpai)
    incident_report(actor=_actor(owner, "editor"), incident=incident, stage="initial")
    url = f"/api/v1/incidents/{incident.pk}/record-notice/"
    body = {"notice_to": "CHP", "notice_at": (timezone.now() - timedelta(minutes=5)).isoformat()}
    theirs = _api(api_client.__class__(), stranger, "editor").post(url, body, format="json")
    assert theirs.status_code == 404
    viewer = _api(api_client.__class__(), owner, "viewer").post(url, body, format="json")
    assert viewer.status_code == 403
    # Cal OES sees the incident and its clocks; it does not record the provider's notice.
    oes = _api(api_client.__class__(), cal_oes, "reviewer")
    assert oes.post(url, body, format="json").status_code == 403
    assert {c["key"] for c in oes.get(f"/api/v1/incidents/{incident.pk}/").json()["clocks"]} == {
        "notice",
        "report",
    }
    incident.refresh_from_db()
    assert incident.notice_at is None


# The pages --------------------------------------------------------------------------


def _browser(organization, role):
    return login(Client(), member(organization, role), organization)


def _link(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found, pattern
    return found.group(1)


def test_a_provider_follows_the_list_to_the_incident_and_records_the_notice(owner, gpai):
    incident = _imminent(owner, gpai)
    client = _browser(owner, "editor")
    listed = client.get("/incidents/").content.decode()
    assert "Notice to an appropriate authority (law enforcement / public safety)" in listed
    detail_url = _link(listed, rf'<a href="(/incidents/[0-9a-f-]+/)">{incident.title}</a>')
    page = client.get(detail_url).content.decode()
    assert 'id="notice-title"' in page and "Not recorded yet" in page
    assert "to Cal OES within 15 days of discovery" in page  # the report's own clock
    action = _link(page, r'<form method="post" action="(/incidents/[0-9a-f-]+/notice/)"')

    local = "%Y-%m-%dT%H:%M"
    future = (timezone.now() + timedelta(hours=3)).strftime(local)
    empty = client.post(action, {"notice_to": "", "notice_at": future})
    assert empty.status_code == 200
    assert "Name the authority you notified." in empty.content.decode()
    ahead = client.post(action, {"notice_to": "CHP", "notice_at": future})
    assert ahead.status_code == 200
    assert "The notice cannot be in the future." in ahead.content.decode()
    incident.refresh_from_db()
    assert incident.notice_at is None

    given = (timezone.now() - timedelta(minutes=10)).strftime(local)
    done = client.post(action, {"notice_to": "Sacramento County Sheriff", "notice_at": given})
    assert done.status_code == 302 and done["Location"] == detail_url
    page = client.get(detail_url).content.decode()
    assert "Given to Sacramento County Sheriff" in page
    assert 'id="notice-title"' not in page  # recorded once
    notice_row = _link(page, r'(<tr class="clock clock--notice">.*?</tr>)')
    assert "<strong>met</strong>" in notice_row
    incident.refresh_from_db()
    assert incident.notice_to == "Sacramento County Sheriff"
    assert incident.notice_at is not None


def test_a_viewer_sees_the_clocks_but_no_notice_form(owner, gpai, system):
    incident = _imminent(owner, gpai)
    client = _browser(owner, "viewer")
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Notice to an appropriate authority" in page and 'id="notice-title"' not in page
    given = (timezone.now() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    posted = client.post(
        f"/incidents/{incident.pk}/notice/", {"notice_to": "CHP", "notice_at": given}
    )
    assert posted.status_code == 403
    from tests.assessments.incidents.test_views import make_eu

    eu = _browser(owner, "editor").get(f"/incidents/{make_eu(owner, system).pk}/")
    assert 'id="notice-title"' not in eu.content.decode()


def test_another_tenants_incident_page_and_notice_are_404(owner, stranger, gpai):
    incident = _imminent(owner, gpai)
    client = _browser(stranger, "editor")
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404
    given = (timezone.now() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    posted = client.post(
        f"/incidents/{incident.pk}/notice/", {"notice_to": "CHP", "notice_at": given}
    )
    assert posted.status_code == 404
    incident.refresh_from_db()
    assert incident.notice_at is None


# The data migration -------------------------------------------------------------------


def test_the_migration_splits_an_old_24_hour_report_clock_into_notice_and_report(owner, gpai):
    split = importlib.import_module(
        "assessments.incidents.migrations.0005_imminent_risk_notice_and_15_day_report"
    ).split
    aware = timezone.now() - timedelta(hours=3)
    old = make_incident(owner, regime="us_ca", category="imminent_risk", aware_at=aware)
    # As 0003 stored it: one clock, the report, 24 hours after awareness.
    IncidentReport.objects.filter(pk=old.pk).update(
        report_due_at=aware + timedelta(hours=24), notice_due_at=None
    )
    split(apps, None)
    old.refresh_from_db()
    assert old.notice_due_at == aware + timedelta(hours=24)
    assert old.report_due_at == report_due("us_ca", "imminent_risk", aware)
