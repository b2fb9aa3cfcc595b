"""The incident pages: the provider's list and form, the detail with its countdown and
stage history, and the authority's queue by urgency with its actions."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assessments.incidents.models import IncidentReport, IncidentStatus
from tests.conftest import login, member
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _browser(organization, role):
    return login(Client(), member(organization, role), organization)


def test_a_provider_reports_from_the_form_and_sees_the_countdown(owner, system, authority):
    client = _browser(owner, "editor")
    assert 'href="/incidents/"' in client.get("/").content.decode()
    page = client.get("/incidents/").content.decode()
    assert "Report a serious incident" in page
    aware = timezone.now() - timedelta(minutes=30)
    response = client.post(
        "/incidents/new/",
        {
            "category": "eu:death",
            "subject": f"ai_system:{system.pk}",
            "title": "Patient died after a triage error",
            "occurred_at": (aware - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "aware_at": aware.strftime("%Y-%m-%dT%H:%M"),
            "member_states": ["DE"],
            "what_happened": "An emergency was ranked as routine.",
        },
    )
    incident = IncidentReport.objects.get()
    assert response.status_code == 302
    detail = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "10 days left" in detail
    assert "(Brussels time)" in detail
    assert "Art. 73(4)" in detail
    assert "Submit the initial report" in detail

    facts = {"what_happened": "An emergency was ranked as routine."}
    reported = client.post(f"/incidents/{incident.pk}/report/", {"stage": "initial", **facts})
    assert reported.status_code == 302
    refused = client.post(f"/incidents/{incident.pk}/report/", {"stage": "complete", **facts})
    assert refused.status_code == 200
    assert "Describe the immediate measures taken." in refused.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED
    assert "Initial report" in client.get(f"/incidents/{incident.pk}/").content.decode()


def test_the_form_names_the_bad_field(owner, system):
    client = _browser(owner, "editor")
    response = client.post(
        "/incidents/new/",
        {
            "category": "eu:death",
            "subject": f"ai_system:{system.pk}",
            "title": "x",
            "occurred_at": "2026-01-01T10:00",
            "aware_at": "2026-01-01T10:00",
            "what_happened": "x",
        },
    )
    assert response.status_code == 200
    assert "Name the member state(s) where it occurred." in response.content.decode()
    assert not IncidentReport.objects.exists()


def test_the_form_refuses_a_law_that_does_not_bind_the_system(owner):
    from tests.factories import make_system

    minimal = make_system(owner, name="Spam filter", profile={"interacts_with_persons": False})
    client = _browser(owner, "editor")
    aware = timezone.now() - timedelta(minutes=30)
    response = client.post(
        "/incidents/new/",
        {
            "category": "eu:death",
            "subject": f"ai_system:{minimal.pk}",
            "title": "Wrong mail filtered",
            "occurred_at": (aware - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "aware_at": aware.strftime("%Y-%m-%dT%H:%M"),
            "member_states": ["DE"],
            "what_happened": "x",
        },
    )
    assert response.status_code == 200
    assert "Spam filter is not classified high-risk" in response.content.decode()
    assert not IncidentReport.objects.exists()


def test_the_authority_queue_puts_the_most_urgent_first_and_acknowledges(authority):
    later = make_incident(authority, title="Later")
    sooner = make_incident(authority, title="Sooner")
    done = make_incident(authority, title="Done", status="closed")
    now = timezone.now()
    IncidentReport.objects.filter(pk=later.pk).update(authority_due_at=now + timedelta(days=6))
    IncidentReport.objects.filter(pk=sooner.pk).update(authority_due_at=now + timedelta(days=1))
    client = _browser(authority, "reviewer")
    page = client.get("/incidents/").content.decode()
    assert "Incident queue" in page
    assert page.index("Sooner") < page.index("Later") < page.index(done.title)
    detail = client.get(f"/incidents/{sooner.pk}/").content.decode()
    assert ">Acknowledge</button>" in detail
    client.post(f"/incidents/{sooner.pk}/triage/", {"verb": "acknowledge"})
    sooner.refresh_from_db()
    assert sooner.status == IncidentStatus.ACKNOWLEDGED


def test_assessors_and_other_authorities_do_not_see_incidents(authority, assessor, msa_fr):
    incident = make_incident(authority)
    assert _browser(msa_fr, "reviewer").get(f"/incidents/{incident.pk}/").status_code == 404
    assert _browser(assessor, "lead").get("/incidents/").status_code == 403


def test_gpai_and_sb53_incidents_show_their_own_clocks(owner, gpai, ai_office, cal_oes):
    from assessments.incidents.services import incident_create, incident_report
    from tests.assessments.incidents.test_services import _actor

    editor = _actor(owner, "editor")
    aware = timezone.now() - timedelta(hours=1)
    facts = {
        "title": "Weights copied out",
        "occurred_at": aware,
        "aware_at": aware,
        "what_happened": "A checkpoint left the cluster.",
        "immediate_measures": "Keys rotated.",
        "persons_affected": 0,  # none: still an answer for the complete report
    }
    breach = incident_create(
        actor=editor, subject=gpai, regime="eu_gpai", category="cyber_breach", **facts
    )
    incident_report(actor=editor, incident=breach, stage="complete")
    client = _browser(owner, "viewer")
    page = client.get(f"/incidents/{breach.pk}/").content.decode()
    assert "Next update" in page and "updates every 4 weeks" in page
    assert 'id="report-title"' not in page  # a viewer reads; it does not report
    imminent = incident_create(
        actor=editor, subject=gpai, regime="us_ca", category="imminent_risk", **facts
    )
    page = client.get(f"/incidents/{imminent.pk}/").content.decode()
    assert "22 hours left" in page or "23 hours left" in page
    assert "(California time)" in page
    # The 24-hour notice goes to law enforcement / public safety, not Cal OES (SB 53).
    assert "Notice to an appropriate authority (law enforcement / public safety), not Cal OES" in (
        page
    )
    listed = client.get("/incidents/").content.decode()
    assert "Notice to an appropriate authority (law enforcement / public safety)" in listed


def test_the_new_incident_page_says_where_the_sb53_imminent_risk_notice_goes(owner):
    page = _browser(owner, "editor").get("/incidents/new/").content.decode()
    line = next(line for line in page.splitlines() if "Imminent risk of death" in line)
    assert "24 hours" in line
    assert "to an appropriate authority (law enforcement / public safety), not Cal OES" in line


def test_an_sb53_report_asks_about_internal_use_and_not_the_eu_attestation(
    owner, gpai, system, authority, cal_oes
):
    from assessments.incidents.services import incident_create
    from tests.assessments.incidents.test_services import _actor

    editor = _actor(owner, "editor")
    aware = timezone.now() - timedelta(hours=1)
    sb53 = incident_create(
        actor=editor,
        subject=gpai,
        regime="us_ca",
        category="critical_safety_incident",
        title="Model evaded its monitor",
        occurred_at=aware,
        aware_at=aware,
        what_happened="Deceptive tool use subverted a control.",
    )
    client = _browser(owner, "editor")
    page = client.get(f"/incidents/{sb53.pk}/").content.decode()
    assert 'name="internal_use"' in page and "Internal use involved" in page
    assert 'name="not_altered"' not in page and "System not altered" not in page
    eu = client.get(f"/incidents/{make_eu(owner, system).pk}/").content.decode()
    assert 'name="not_altered"' in eu and "System not altered" in eu
    assert 'name="internal_use"' not in eu and "Internal use involved" not in eu

    url = f"/incidents/{sb53.pk}/report/"
    facts = {"what_happened": "Deceptive tool use.", "immediate_measures": "Model paused."}
    refused = client.post(url, {"stage": "complete", "persons_affected": "0", **facts})
    assert refused.status_code == 200
    assert "Say whether internal use was involved (SB 53)." in refused.content.decode()
    # A ticked box the SB 53 form does not show is not passed on to the service.
    answered = client.post(
        url,
        {
            "stage": "complete",
            "persons_affected": "0",
            "internal_use": "false",
            "not_altered": "on",
            **facts,
        },
    )
    assert answered.status_code == 302
    sb53.refresh_from_db()
    assert sb53.status == IncidentStatus.COMPLETE
    assert sb53.internal_use is False and sb53.not_altered is False
    assert (
        "Internal use involved</dt><dd>No" in client.get(f"/incidents/{sb53.pk}/").content.decode()
    )


def make_eu(owner, system):
    from assessments.incidents.services import incident_create
    from tests.assessments.incidents.test_services import _actor

    aware = timezone.now() - timedelta(hours=1)
    return incident_create(
        actor=_actor(owner, "editor"),
        subject=system,
        regime="eu",
        category="death",
        title="Patient died",
        occurred_at=aware,
        aware_at=aware,
        member_states=["DE"],
        what_happened="An emergency was ranked as routine.",
    )
