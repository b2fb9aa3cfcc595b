"""Recording, reporting in stages (hashed snapshots), routing and triage."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aigov.accounts.actor import Actor
from aigov.workflow import TransitionConflict
from assessments.incidents.deadlines import report_due
from assessments.incidents.models import IncidentReport, IncidentStatus
from assessments.incidents.services import incident_create, incident_report, incident_triage
from tests.conftest import member

pytestmark = pytest.mark.django_db


def _actor(organization, role):
    return Actor(organization=organization, role=role, user=member(organization, role))


def _eu_death(owner, subject, **overrides):
    aware = timezone.now() - timedelta(hours=1)
    facts = {
        "regime": "eu",
        "category": "death",
        "title": "Patient died after a triage error",
        "occurred_at": aware - timedelta(hours=3),
        "aware_at": aware,
        "member_states": ["DE"],
        "what_happened": "An emergency was ranked as routine.",
        **overrides,
    }
    return incident_create(actor=_actor(owner, "editor"), subject=subject, **facts)


def test_an_incomplete_initial_report_then_the_complete_one(owner, system, authority, msa_fr):
    incident = _eu_death(owner, system)
    assert incident.status == IncidentStatus.DRAFT
    provider = _actor(owner, "editor")
    first = incident_report(actor=provider, incident=incident, stage="initial")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED
    assert [r.authority for r in incident.routes.all()] == [authority]  # eu-msa-de only
    assert incident.authority_due_at is not None

    with pytest.raises(ValidationError) as missing:
        incident_report(actor=provider, incident=incident, stage="complete")
    assert set(missing.value.message_dict) == {
        "immediate_measures",
        "persons_affected",
        "not_altered",
    }
    second = incident_report(
        actor=provider,
        incident=incident,
        stage="complete",
        immediate_measures="Ranking switched off; manual triage.",
        persons_affected=1,
        not_altered=True,
        note="All facts now known.",
    )
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.COMPLETE
    assert (first.number, second.number) == (1, 2)
    # Each stage is the facts as sent, frozen: the first has no measures.
    first.refresh_from_db()
    assert first.data["immediate_measures"] == ""
    assert second.data["immediate_measures"] == "Ranking switched off; manual triage."
    canonical = json.dumps(
        {"incident": str(incident.pk), "number": 2, "stage": "complete", "data": second.data},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert second.sha256 == hashlib.sha256(canonical.encode()).hexdigest()


def test_an_incident_reaches_only_the_authorities_it_is_routed_to(owner, system, authority, msa_fr):
    incident = _eu_death(owner, system)
    german = _actor(authority, "reviewer")
    french = _actor(msa_fr, "reviewer")
    assert not IncidentReport.objects.visible_to(german).exists()  # drafts are never sent
    incident_report(actor=_actor(owner, "editor"), incident=incident, stage="initial")
    assert list(IncidentReport.objects.visible_to(german)) == [incident]
    assert not IncidentReport.objects.visible_to(french).exists()
    with pytest.raises(PermissionDenied):
        incident_triage(actor=french, incident=incident, verb="acknowledge")


def test_several_member_states_route_to_each_market_surveillance_authority(
    owner, system, authority, msa_fr
):
    incident = _eu_death(owner, system, member_states=["DE", "FR"])
    incident_report(actor=_actor(owner, "editor"), incident=incident, stage="initial")
    assert {r.authority.authority_code for r in incident.routes.all()} == {
        "eu-msa-de",
        "eu-msa-fr",
    }


def test_gpai_goes_to_the_ai_office_and_sb53_to_cal_oes(owner, gpai, ai_office, cal_oes):
    editor = _actor(owner, "editor")
    aware = timezone.now() - timedelta(hours=2)
    facts = {
        "title": "Weights exfiltrated",
        "occurred_at": aware,
        "aware_at": aware,
        "what_happened": "A checkpoint was copied out.",
    }
    gpai_incident = incident_create(
        actor=editor, subject=gpai, regime="eu_gpai", category="cyber_breach", **facts
    )
    incident_report(actor=editor, incident=gpai_incident, stage="initial")
    assert [r.authority for r in gpai_incident.routes.all()] == [ai_office]
    sb53 = incident_create(
        actor=editor, subject=gpai, regime="us_ca", category="imminent_risk", **facts
    )
    # The 24-hour notice is outside the platform; the report to Cal OES has 15 days.
    assert sb53.notice_due_at == aware + timedelta(hours=24)
    assert sb53.report_due_at == report_due("us_ca", "critical_safety_incident", aware)
    incident_report(actor=editor, incident=sb53, stage="initial")
    assert [r.authority for r in sb53.routes.all()] == [cal_oes]


def _sb53(owner, gpai, **overrides):
    aware = timezone.now() - timedelta(hours=1)
    facts = {
        "regime": "us_ca",
        "category": "critical_safety_incident",
        "title": "Model evaded its monitor",
        "occurred_at": aware,
        "aware_at": aware,
        "what_happened": "Deceptive tool use subverted a control.",
        **overrides,
    }
    return incident_create(actor=_actor(owner, "editor"), subject=gpai, **facts)


def test_an_sb53_complete_report_says_whether_internal_use_was_involved(owner, gpai, cal_oes):
    """SB 53's report content includes whether internal use was involved; the EU Art. 73
    attestation is not asked (REGULATION.md)."""
    incident = _sb53(owner, gpai)
    assert incident.internal_use is None
    provider = _actor(owner, "editor")
    facts = {"immediate_measures": "Model paused.", "persons_affected": 0}
    with pytest.raises(ValidationError) as missing:
        incident_report(actor=provider, incident=incident, stage="complete")
    assert set(missing.value.message_dict) == {
        "immediate_measures",
        "persons_affected",
        "internal_use",
    }
    # "No" is an answer, as 0 persons affected is.
    submission = incident_report(
        actor=provider, incident=incident, stage="complete", internal_use=False, **facts
    )
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.COMPLETE and incident.internal_use is False
    assert submission.data["internal_use"] is False
    assert "not_altered" not in submission.data  # an EU statement, not sent to Cal OES


def test_the_art73_attestation_is_asked_only_of_eu_incidents(owner, system, gpai, ai_office):
    """`not_altered` is EU AI Act Art. 73 (high-risk AI systems): not an SB 53 fact, nor
    one of the GPAI Code of Practice; `internal_use` is SB 53's alone."""
    with pytest.raises(ValidationError) as sb53:
        _sb53(owner, gpai, not_altered=True)
    assert set(sb53.value.message_dict) == {"not_altered"}
    with pytest.raises(ValidationError) as eu:
        _eu_death(owner, system, internal_use=True)
    assert set(eu.value.message_dict) == {"internal_use"}
    assert not IncidentReport.objects.exists()

    provider = _actor(owner, "editor")
    aware = timezone.now() - timedelta(hours=1)
    breach = incident_create(
        actor=provider,
        subject=gpai,
        regime="eu_gpai",
        category="cyber_breach",
        title="Weights copied out",
        occurred_at=aware,
        aware_at=aware,
        what_happened="A checkpoint left the cluster.",
    )
    incident_report(
        actor=provider,
        incident=breach,
        stage="complete",
        immediate_measures="Keys rotated.",
        persons_affected=0,
    )
    breach.refresh_from_db()
    assert breach.status == IncidentStatus.COMPLETE
    eu = _eu_death(owner, system, internal_use=None)  # None: not given
    with pytest.raises(ValidationError) as refused:
        incident_report(actor=provider, incident=eu, stage="initial", internal_use=False)
    assert set(refused.value.message_dict) == {"internal_use"}  # "no" is an answer
    eu.refresh_from_db()
    assert eu.status == IncidentStatus.DRAFT and eu.internal_use is None


def test_bad_facts_are_refused_naming_the_field(owner, system, gpai):
    with pytest.raises(ValidationError) as future:
        _eu_death(owner, system, aware_at=timezone.now() + timedelta(days=1))
    assert "aware_at" in future.value.message_dict
    with pytest.raises(ValidationError) as no_state:
        _eu_death(owner, system, member_states=[])
    assert "member_states" in no_state.value.message_dict
    with pytest.raises(ValidationError) as wrong_subject:
        _eu_death(owner, gpai)
    assert "gpai_model" in wrong_subject.value.message_dict
    with pytest.raises(ValidationError) as category:
        _eu_death(owner, system, category="cyber_breach")
    assert "category" in category.value.message_dict
    assert not IncidentReport.objects.exists()


def test_triage_acknowledge_request_information_answer_measures_close(owner, system, authority):
    incident = _eu_death(owner, system)
    provider = _actor(owner, "editor")
    regulator = _actor(authority, "reviewer")
    incident_report(
        actor=provider,
        incident=incident,
        stage="complete",
        immediate_measures="Switched off.",
        persons_affected=1,
        not_altered=True,
    )
    incident_triage(actor=regulator, incident=incident, verb="acknowledge")
    assert incident.status == IncidentStatus.ACKNOWLEDGED
    with pytest.raises(ValidationError):
        incident_triage(actor=regulator, incident=incident, verb="request_information")
    incident_triage(
        actor=regulator, incident=incident, verb="request_information", reason="Send the logs."
    )
    incident_report(actor=provider, incident=incident, stage="follow_up", note="Logs attached.")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.ACKNOWLEDGED  # back with the authority
    incident_triage(
        actor=regulator,
        incident=incident,
        verb="record_measures",
        reason="Corrective action: the ranking model withdrawn (Art. 73 follow-up).",
    )
    incident_triage(actor=regulator, incident=incident, verb="close", reason="Resolved.")
    assert incident.status == IncidentStatus.CLOSED
    with pytest.raises(TransitionConflict):
        incident_triage(actor=regulator, incident=incident, verb="acknowledge")
    assert [e.transition for e in incident.events.all()] == [
        "report_complete",
        "acknowledge",
        "request_information",
        "report_follow_up",
        "record_measures",
        "close",
    ]


def test_the_provider_cannot_triage_nor_an_authority_report(owner, system, authority):
    incident = _eu_death(owner, system)
    with pytest.raises(PermissionDenied):
        incident_report(actor=_actor(authority, "reviewer"), incident=incident, stage="initial")
    incident_report(actor=_actor(owner, "editor"), incident=incident, stage="initial")
    with pytest.raises(PermissionDenied):
        incident_triage(actor=_actor(owner, "admin"), incident=incident, verb="acknowledge")
    with pytest.raises(PermissionDenied):
        incident_report(actor=_actor(owner, "viewer"), incident=incident, stage="complete")


def test_each_step_is_emailed_to_the_other_side_once(owner, system, authority, msa_fr):
    from django.core import mail

    from aigov.jobs.models import Job
    from aigov.jobs.services import job_run

    member(owner, "editor", email="ida@owner.test")
    member(authority, "reviewer", email="rita@msa-de.test")
    member(msa_fr, "reviewer", email="remy@msa-fr.test")
    incident = _eu_death(owner, system)
    incident_report(actor=_actor(owner, "editor"), incident=incident, stage="initial")
    incident_triage(actor=_actor(authority, "reviewer"), incident=incident, verb="acknowledge")
    jobs = Job.objects.filter(kind="incidents.notify").order_by("created_at")
    assert [job.organization for job in jobs] == [authority, owner]
    for job in jobs:
        job_run(job.pk)
        job_run(job.pk)  # a redelivered message: harmless
    recipients = sorted(to for message in mail.outbox for to in message.to)
    assert "remy@msa-fr.test" not in recipients  # not routed to France
    assert "rita@msa-de.test" in recipients and "ida@owner.test" in recipients
    assert len(recipients) == len(set(recipients))
    subjects = {m.subject.split(" — ")[0] for m in mail.outbox}
    assert subjects == {
        f"Initial report from {owner.name}",
        f"{authority.name}: Acknowledge",
    }
    # The same notices are in each person's notification list, once, linking to the page.
    from aigov.notifications.models import Notification

    notices = Notification.objects.filter(url=f"/incidents/{incident.pk}/")
    told = sorted((n.recipient.email, n.organization_id) for n in notices)
    assert sorted(to for to, _ in told) == recipients
    assert ("ida@owner.test", owner.pk) in told and ("rita@msa-de.test", authority.pk) in told


@pytest.mark.parametrize(
    ("regime", "category", "fields", "why"),
    [
        # 10^25 FLOP is not above the EU presumption; 5 x 10^25 is, but not SB 53's 10^26.
        ("eu_gpai", "cyber_breach", {"training_compute_flop": 1e25}, "GPAI models with systemic"),
        ("us_ca", "critical_safety_incident", {"training_compute_flop": 5e25}, "not a frontier"),
    ],
)
def test_a_model_reports_only_under_a_law_that_binds_it(owner, regime, category, fields, why):
    from tests.factories import make_model

    model = make_model(owner, **fields)
    aware = timezone.now() - timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        incident_create(
            actor=_actor(owner, "editor"),
            subject=model,
            regime=regime,
            category=category,
            title="Weights exfiltrated",
            occurred_at=aware,
            aware_at=aware,
            what_happened="A checkpoint was copied out.",
        )
    assert why in refused.value.message_dict["regime"][0]
    assert not IncidentReport.objects.exists()
