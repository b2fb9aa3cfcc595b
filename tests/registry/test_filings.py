"""The filing workflow: every transition from the table, refusals, submissions and diffs,
routing, numbering, deadlines, the queue and notifications."""

import html
import re
import threading
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from aigov import clock
from aigov.accounts.actor import Actor
from aigov.accounts.models import Membership
from aigov.audit.models import AuditEvent
from aigov.jobs.models import Job
from aigov.jobs.services import job_run
from aigov.notifications.models import Notification
from registry.models import FILING_TRANSITIONS, Filing, FilingEvent, FilingStatus, Submission
from registry.notifications import send_filing_notification
from registry.regimes import FILING_TYPES
from registry.regimes.cn_cac_filings import decision_due as cn_decision_due
from registry.services import (
    filing_accept,
    filing_create,
    filing_start_review,
    filing_submit,
    filing_update,
)
from registry.services.filings import filing_context
from tests.conftest import login, member, run_concurrently
from tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    make_cn_system,
    make_model,
    make_system,
)

BEIJING = ZoneInfo("Asia/Shanghai")
COMPLETE_HIGH_RISK = {
    "inputs_and_operating_logic": "Bureau data; gradient-boosted trees; a 0-1000 score.",
    "member_states": ["DE", "AT"],
    "declaration_of_conformity": "https://owner.example/doc.pdf",
    "instructions_for_use": "https://owner.example/ifu.pdf",
}


@pytest.fixture
def authorities(db):
    codes = {
        "eu-msa-de": ("Bundesnetzagentur", "DE", ["DE"]),
        "eu-msa-fr": ("CNIL", "FR", ["FR"]),
        "eu-ai-office": ("European AI Office", "BE", ["EU"]),
        "cn-cac": ("CAC", "CN", ["CN"]),
        "cn-cac-bj": ("Beijing CAC", "CN", ["CN-BJ"]),
        "us-bis": ("BIS", "US", ["US"]),
    }
    return {
        code: AuthorityFactory(
            name=name, slug=code, authority_code=code, country=country, jurisdictions=jurisdictions
        )
        for code, (name, country, jurisdictions) in codes.items()
    }


def actor_of(organization, role):
    return Actor(organization=organization, role=role, user=member(organization, role))


def client_of(organization, role):
    user = member(organization, role)
    return login(APIClient(), user, organization)


@pytest.fixture
def provider(owner):
    return actor_of(owner, "editor")


@pytest.fixture
def reviewer(authorities):
    return actor_of(authorities["eu-msa-de"], "reviewer")


@pytest.fixture
def draft(owner, provider, authorities):
    system = make_system(owner, profile={"annex_iii_point": "5(b)"}, trade_name="Scorer")
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    filing.data.update(COMPLETE_HIGH_RISK)
    filing.save(update_fields=["data"])
    return filing


def in_status(filing, status):
    Filing.objects.filter(pk=filing.pk).update(status=status, authority=filing.authority)
    filing.refresh_from_db()
    return filing


# Who may attempt each transition, as (kind, role), for the table-driven walk.
SIDE = {
    verb: ("operator", "admin") if rule.by == {"operator"} else ("authority", "supervisor")
    for verb, rule in FILING_TRANSITIONS.items()
}


@pytest.mark.django_db
@pytest.mark.parametrize("status", FilingStatus.values)
@pytest.mark.parametrize("verb", list(FILING_TRANSITIONS))
def test_every_transition_from_every_status(status, verb, draft, owner, authorities):
    rule = FILING_TRANSITIONS[verb]
    Filing.objects.filter(pk=draft.pk).update(status=status, authority=authorities["eu-msa-de"])
    kind, role = SIDE[verb]
    client = client_of(owner if kind == "operator" else authorities["eu-msa-de"], role)
    before = Filing.objects.filter(pk=draft.pk).values().get()
    response = client.post(
        f"/api/v1/filings/{draft.pk}/{verb.replace('_', '-')}/",
        {"reason": "Because."},
        format="json",
    )
    if status == "draft" and kind == "authority":
        assert response.status_code == 404  # authorities never see drafts
    elif status in rule.sources:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == rule.target
        assert FilingEvent.objects.filter(filing=draft, transition=verb).count() == 1
    else:
        assert response.status_code == 409, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert Filing.objects.filter(pk=draft.pk).values().get() == before
        assert not FilingEvent.objects.filter(filing=draft).exists()


@pytest.mark.django_db
def test_submitting_lists_every_missing_field_at_once_and_stores_nothing(owner, authorities):
    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    client = client_of(owner, "editor")
    created = client.post(
        "/api/v1/filings/",
        {"filing_type": "eu.high_risk", "ai_system": str(system.pk)},
        format="json",
    )
    assert created.status_code == 201, created.content
    filing_id = created.json()["id"]
    assert created.json()["data"]["provider"] == owner.name  # prefilled
    response = client.post(f"/api/v1/filings/{filing_id}/submit/", {}, format="json")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "inputs_and_operating_logic",
        "member_states",
        "declaration_of_conformity",
        "instructions_for_use",
    }
    assert Filing.objects.get(pk=filing_id).status == "draft"
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_invalid_values_are_refused_on_save(draft, owner):
    client = client_of(owner, "editor")
    response = client.patch(
        f"/api/v1/filings/{draft.pk}/",
        {
            "data": {
                "member_states": ["XX"],
                "declaration_of_conformity": "not a url",
                "colour": "red",
            }
        },
        format="json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "member_states",
        "declaration_of_conformity",
        "colour",
    }


@pytest.mark.django_db
def test_a_list_where_a_choice_is_asked_is_refused_not_a_server_error(draft, owner):
    client = client_of(owner, "editor")
    response = client.patch(
        f"/api/v1/filings/{draft.pk}/",
        {"data": {"status": ["on_market"], "member_states": [["DE"]]}},
        format="json",
    )
    assert response.status_code == 422, response.content
    assert set(response.json()["errors"]) == {"status", "member_states"}
    draft.refresh_from_db()
    assert draft.data.get("status") != ["on_market"]


@pytest.mark.django_db
def test_full_journey_with_resubmission_diff_and_number(draft, provider, reviewer):
    filing = filing_submit(actor=provider, filing=draft)
    assert filing.authority.authority_code == "eu-msa-de"
    first = filing.submissions.get()
    assert first.number == 1 and len(first.sha256) == 64 and first.diff == {}
    filing = filing_start_review(actor=reviewer, filing=filing)
    client = client_of(reviewer.organization, "reviewer")
    response = client.post(
        f"/api/v1/filings/{filing.pk}/request-changes/",
        {"reason": "Describe the inputs."},
        format="json",
    )
    assert response.json()["status"] == "changes_requested"
    provider_client = client_of(draft.organization, "editor")
    provider_client.patch(
        f"/api/v1/filings/{filing.pk}/",
        {"data": {"inputs_and_operating_logic": "Bureau data and income."}},
        format="json",
    )
    assert provider_client.post(f"/api/v1/filings/{filing.pk}/submit/").status_code == 200
    submissions = client.get(f"/api/v1/filings/{filing.pk}/submissions/").json()
    assert [s["number"] for s in submissions] == [2, 1]
    assert submissions[0]["diff"] == {
        "inputs_and_operating_logic": {
            "before": COMPLETE_HIGH_RISK["inputs_and_operating_logic"],
            "after": "Bureau data and income.",
        }
    }
    filing.refresh_from_db()
    filing = filing_start_review(actor=reviewer, filing=filing)
    filing = filing_accept(actor=reviewer, filing=filing)
    year = timezone.now().year
    assert filing.status == "registered"
    assert filing.registration_number == f"EU-HR-{year}-000001"
    assert filing.public_data["trade_name"] == "Scorer"
    events = provider_client.get(f"/api/v1/filings/{filing.pk}/events/").json()
    assert [e["transition"] for e in events] == [
        "submit",
        "start_review",
        "request_changes",
        "submit",
        "start_review",
        "accept",
    ]


@pytest.mark.django_db
def test_the_submission_snapshot_never_changes(draft, provider):
    filing = filing_submit(actor=provider, filing=draft)
    submission = filing.submissions.get()
    Filing.objects.filter(pk=filing.pk).update(status="changes_requested")
    filing.refresh_from_db()
    from registry.services import filing_update

    filing_update(actor=provider, filing=filing, data={"trade_name": "Renamed"})
    submission.refresh_from_db()
    assert submission.data["trade_name"] == "Scorer"


@pytest.mark.django_db
def test_reasons_are_required_for_refusals(draft, provider, authorities):
    filing = filing_submit(actor=provider, filing=draft)
    client = client_of(authorities["eu-msa-de"], "reviewer")
    client.post(f"/api/v1/filings/{filing.pk}/start-review/")
    response = client.post(f"/api/v1/filings/{filing.pk}/reject/", {}, format="json")
    assert response.status_code == 422 and "reason" in response.json()["errors"]
    assert Filing.objects.get(pk=filing.pk).status == "in_review"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_leave_one_decision(owner, authorities):
    provider = actor_of(owner, "editor")
    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    Filing.objects.filter(pk=filing.pk).update(data={**filing.data, **COMPLETE_HIGH_RISK})
    filing.refresh_from_db()
    filing = filing_submit(actor=provider, filing=filing)
    reviewers = [actor_of(authorities["eu-msa-de"], "reviewer") for _ in range(2)]
    filing = filing_start_review(actor=reviewers[0], filing=filing)
    outcomes, barrier = [], threading.Barrier(2)

    def accept(reviewer):
        try:
            stale = Filing.objects.get(pk=filing.pk)
            barrier.wait()
            filing_accept(actor=reviewer, filing=stale)
            outcomes.append("accepted")
        except Exception as exc:
            outcomes.append(type(exc).__name__)

    run_concurrently(lambda: accept(reviewers[0]), lambda: accept(reviewers[1]))
    assert sorted(outcomes) == ["TransitionConflict", "accepted"]
    assert FilingEvent.objects.filter(filing_id=filing.pk, transition="accept").count() == 1
    assert AuditEvent.objects.filter(action="filing.accept", object_id=str(filing.pk)).count() == 1
    assert Filing.objects.get(pk=filing.pk).registration_number.endswith("-000001")


@pytest.mark.django_db
def test_filing_types_follow_the_classification(owner, provider):
    chatbot = make_system(owner, profile={"interacts_with_persons": True})
    with pytest.raises(Exception, match="not required"):
        filing_create(actor=provider, subject=chatbot, filing_type="eu.high_risk")


@pytest.mark.django_db
def test_routing_uses_the_representatives_member_state_for_non_eu_providers(authorities):
    us_provider = OrganizationFactory(country="US")
    actor = actor_of(us_provider, "editor")
    system = make_system(
        us_provider,
        profile={"annex_iii_point": "4(a)"},
        authorised_representative={
            "name": "Rep SARL",
            "address": "1 rue X, Paris",
            "country": "FR",
            "email": "r@x.fr",
        },
    )
    filing = filing_create(actor=actor, subject=system, filing_type="eu.high_risk")
    assert "Rep SARL" in filing.data["authorised_representative"]
    Filing.objects.filter(pk=filing.pk).update(data={**filing.data, **COMPLETE_HIGH_RISK})
    filing.refresh_from_db()
    assert filing_submit(actor=actor, filing=filing).authority.authority_code == "eu-msa-fr"


@pytest.mark.django_db
def test_gpai_notification_goes_to_the_ai_office_due_two_weeks_after_the_threshold(
    owner, provider, authorities
):
    model = make_model(owner, training_compute_flop=3e25)
    filing = filing_create(actor=provider, subject=model, filing_type="eu.gpai_notification")
    client = client_of(owner, "editor")
    response = client.patch(
        f"/api/v1/filings/{filing.pk}/", {"data": {"threshold_met_on": "2026-11-20"}}, format="json"
    ).json()
    assert response["filing_due_at"].startswith("2026-12-04")
    filing.refresh_from_db()
    filing = filing_submit(actor=provider, filing=filing)
    assert filing.authority.authority_code == "eu-ai-office"
    office = actor_of(authorities["eu-ai-office"], "reviewer")
    filing = filing_accept(actor=office, filing=filing_start_review(actor=office, filing=filing))
    assert filing.registration_number.startswith("EU-GPAI-")
    assert "training_compute_flop" not in filing.public_data  # not public


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("placed", "threshold_met", "due"),
    [
        # Art. 111(3): a model placed before 2 August 2025 complies by 2 August 2027.
        (date(2025, 1, 1), "2024-03-01", date(2027, 8, 2)),
        # The GPAI chapter applies from 2 August 2025 (Art. 113(b)).
        (date(2025, 9, 1), "2025-06-01", date(2025, 8, 2)),
        (date(2025, 9, 1), "2025-07-25", date(2025, 8, 8)),
    ],
)
def test_a_gpai_notification_is_never_due_before_the_gpai_chapter_applies_to_the_model(
    owner, provider, placed, threshold_met, due
):
    """Two weeks from the threshold (Art. 52(1)), but not before the model's GPAI
    obligations apply: a threshold met earlier is not overdue from the start."""
    model = make_model(owner, training_compute_flop=2e25, eu_placement_date=placed)
    filing = filing_create(actor=provider, subject=model, filing_type="eu.gpai_notification")
    filing = filing_update(actor=provider, filing=filing, data={"threshold_met_on": threshold_met})
    assert filing.filing_due_at == clock.end_of_day(due, regime="eu")


@pytest.mark.django_db
def test_cac_filing_passes_provincial_then_national_review(owner, provider, authorities):
    filing = filing_submit(actor=provider, filing=cac_genai_draft(owner, provider))
    assert filing.authority.authority_code == "cn-cac-bj"
    provincial = actor_of(authorities["cn-cac-bj"], "reviewer")
    filing = filing_accept(
        actor=provincial, filing=filing_start_review(actor=provincial, filing=filing)
    )
    assert (filing.status, filing.authority.authority_code) == ("submitted", "cn-cac")
    national = actor_of(authorities["cn-cac"], "reviewer")
    filing = filing_accept(
        actor=national, filing=filing_start_review(actor=national, filing=filing)
    )
    today = timezone.now().astimezone(BEIJING).date()  # CAC numbers carry the Beijing date
    assert filing.registration_number == f"Beijing-WenXinYiYan-{today:%Y%m%d}"
    # The provincial office still sees the filing it passed on, but can no longer decide.
    provincial_client = client_of(authorities["cn-cac-bj"], "viewer")
    assert provincial_client.get(f"/api/v1/filings/{filing.pk}/").status_code == 200


@pytest.mark.django_db
def test_cac_keyword_library_minimum(owner, provider, authorities):
    system = make_cn_system(owner)
    filing = filing_create(actor=provider, subject=system, filing_type="cn.genai_filing")
    client = client_of(owner, "editor")
    response = client.patch(
        f"/api/v1/filings/{filing.pk}/", {"data": {"keyword_count": 500}}, format="json"
    )
    assert response.status_code == 422 and "keyword_count" in response.json()["errors"]


def beijing_end(day) -> datetime:
    """The last instant of a day in Beijing: when a CAC deadline falls."""
    return datetime.combine(day, time.max, tzinfo=BEIJING).astimezone(UTC)


@pytest.mark.django_db
def test_cac_decision_is_due_30_working_days_later(settings):
    settings.CN_PUBLIC_HOLIDAYS = []
    # 15:00 UTC is 23:00 on Friday in Beijing; 30 working days later is Friday 8 January,
    # and the deadline is the end of that day in Beijing.
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert cn_decision_due(friday) == beijing_end(date(2027, 1, 8))


@pytest.mark.django_db
def test_cac_holidays_are_configurable(settings):
    settings.CN_PUBLIC_HOLIDAYS = [date(2027, 1, 1)]
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert cn_decision_due(friday) == beijing_end(date(2027, 1, 11))


GENAI_DATA = {
    "province": "BJ",
    "model_name": "Wen Xin Yi Yan",
    "functions": "Chat",
    "application_domain": "General",
    "service_mode": "App",
    "security_self_assessment": "https://x.cn/sa",
    "service_agreement": "https://x.cn/a",
    "training_data": "Web text",
    "compute": "1e24 FLOP",
    "annotation_rules": "https://x.cn/r",
    "keyword_count": 12000,
    "generation_test_set": "https://x.cn/g",
    "refusal_test_set": "https://x.cn/f",
}


def cac_genai_draft(owner, provider):
    system = make_cn_system(owner, name="Wen Xin")
    filing = filing_create(actor=provider, subject=system, filing_type="cn.genai_filing")
    Filing.objects.filter(pk=filing.pk).update(data={**filing.data, **GENAI_DATA})
    filing.refresh_from_db()
    return filing


def at(moment):
    """The services' clock stopped at `moment`."""
    return mock.patch("registry.services.filings.timezone.now", return_value=moment)


@pytest.mark.django_db
def test_a_cac_number_carries_the_beijing_date_of_the_decision(owner, provider, authorities):
    filing = filing_submit(actor=provider, filing=cac_genai_draft(owner, provider))
    provincial = actor_of(authorities["cn-cac-bj"], "reviewer")
    filing = filing_accept(
        actor=provincial, filing=filing_start_review(actor=provincial, filing=filing)
    )
    national = actor_of(authorities["cn-cac"], "reviewer")
    filing = filing_start_review(actor=national, filing=filing)
    with at(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)):  # Monday 07:30 in Beijing
        filing = filing_accept(actor=national, filing=filing)
    assert filing.registration_number == "Beijing-WenXinYiYan-20261130"


@pytest.mark.django_db
@pytest.mark.parametrize("restarts", [False, True])
def test_the_national_stage_keeps_or_restarts_the_decision_clock(
    settings, owner, provider, authorities, restarts
):
    settings.CN_NATIONAL_STAGE_RESTARTS_CLOCK = restarts
    with at(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)):  # Monday 30 November in Beijing
        filing = filing_submit(actor=provider, filing=cac_genai_draft(owner, provider))
    assert filing.decision_due_at == cn_decision_due(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    provincial = actor_of(authorities["cn-cac-bj"], "reviewer")
    filing = filing_start_review(actor=provincial, filing=filing)
    with at(datetime(2026, 12, 10, 2, 0, tzinfo=UTC)):  # Thursday 10 December in Beijing
        filing = filing_accept(actor=provincial, filing=filing)
    national_start = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    expected = cn_decision_due(national_start if restarts else filing.submitted_at)
    assert filing.decision_due_at == expected

    page = login(Client(), member(owner, "viewer"), owner).get(f"/filings/{filing.pk}/")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())))
    if restarts:
        assert (
            "The national review's 30 working days (unconfirmed for generative-AI services: "
            "the algorithm filing's period, by default) run from 2026-12-10 (Beijing time)."
        ) in text
    else:
        assert (
            "The clock started at the provincial submission on 2026-11-30 (Beijing time) "
            "and is not restarted at the national review." in text
        )


@pytest.mark.django_db
def test_the_genai_decision_period_is_a_setting(settings, owner, provider, authorities):
    """REGULATION.md gives CAC's 30 working days for algorithm filings only: generative-AI
    filings take them by default, CN_GENAI_DECISION_WORKING_DAYS otherwise, and say so."""
    settings.CN_PUBLIC_HOLIDAYS = []
    settings.CN_GENAI_DECISION_WORKING_DAYS = 20
    monday = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # Monday 30 November in Beijing
    with at(monday):
        filing = filing_submit(actor=provider, filing=cac_genai_draft(owner, provider))
    # 20 working days after Monday 30 November: Monday 28 December, end of day in Beijing.
    assert filing.decision_due_at == beijing_end(date(2026, 12, 28))
    assert cn_decision_due(monday) == beijing_end(date(2027, 1, 11))  # algorithm filings: 30
    page = login(Client(), member(owner, "viewer"), owner).get(f"/filings/{filing.pk}/")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())))
    assert "The 20 working days (unconfirmed for generative-AI services" in text


@pytest.mark.django_db
def test_an_algorithm_filing_is_due_10_working_days_after_the_service_started(
    owner, provider, authorities
):
    system = make_cn_system(owner, "recommendation")
    filing = filing_create(actor=provider, subject=system, filing_type="cn.algorithm")
    assert filing.filing_due_at is None  # the service has not started
    client = client_of(owner, "editor")
    response = client.patch(
        f"/api/v1/filings/{filing.pk}/",
        {"data": {"service_started_on": "2026-09-28"}},  # a Monday, before National Day
        format="json",
    )
    assert response.status_code == 200
    # Tue 29, Wed 30 Sep, then the holiday week, Thu 8, Fri 9, Sat 10 (worked), Mon 12 ...
    filing.refresh_from_db()
    assert filing.filing_due_at == beijing_end(date(2026, 10, 16))
    page = login(Client(), member(owner, "viewer"), owner).get(f"/filings/{filing.pk}/")
    assert "2026-10-16 (Beijing time)" in page.content.decode()


@pytest.mark.django_db
def test_queue_filters_sorts_assigns_and_exports(owner, provider, authorities):
    authority = authorities["eu-msa-de"]
    filings = []
    for _ in range(3):
        system = make_system(owner, profile={"annex_iii_point": "5(b)"})
        filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
        Filing.objects.filter(pk=filing.pk).update(data={**filing.data, **COMPLETE_HIGH_RISK})
        filing.refresh_from_db()
        filings.append(filing_submit(actor=provider, filing=filing))
    now = timezone.now()
    for index, filing in enumerate(filings):  # due in 2 days, overdue by 1 day, in 1 day
        Filing.objects.filter(pk=filing.pk).update(
            decision_due_at=now + timedelta(days=[2, -1, 1][index])
        )
    supervisor = client_of(authority, "supervisor")
    rows = supervisor.get("/api/v1/queue/").json()["results"]
    assert [r["id"] for r in rows] == [str(filings[i].pk) for i in (1, 2, 0)]
    overdue = supervisor.get("/api/v1/queue/", {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in overdue] == [str(filings[1].pk)] and overdue[0]["overdue"]
    reviewer_user = member(authority, "reviewer", email="rita@bnetza.test")
    response = supervisor.post(
        f"/api/v1/filings/{filings[0].pk}/assign/", {"assignee": "rita@bnetza.test"}, format="json"
    )
    assert response.json()["assignee"] == "rita@bnetza.test"
    rita = login(APIClient(), reviewer_user, authority)
    mine = rita.get("/api/v1/queue/", {"assignee": "me"}).json()["results"]
    assert [r["id"] for r in mine] == [str(filings[0].pk)]
    stranger = member(OrganizationFactory(), "admin", email="x@else.test")
    response = supervisor.post(
        f"/api/v1/filings/{filings[0].pk}/assign/", {"assignee": stranger.email}, format="json"
    )
    assert response.status_code == 422
    export = supervisor.get("/api/v1/queue/export/", {"overdue": "true"})
    assert export["Content-Type"].startswith("text/csv")
    lines = b"".join(export.streaming_content).decode().strip().splitlines()
    assert lines[0].startswith("id,filing_type,provider") and len(lines) == 2
    assert client_of(owner, "admin").get("/api/v1/queue/").status_code == 403


@pytest.mark.django_db
def test_every_decision_emails_the_provider(draft, provider, reviewer):
    filing = filing_submit(actor=provider, filing=draft)
    filing = filing_start_review(actor=reviewer, filing=filing)
    filing = filing_accept(actor=reviewer, filing=filing)
    jobs = Job.objects.filter(kind="registry.notify_filing").order_by("created_at")
    assert [j.params["transition"] for j in jobs] == ["submit", "start_review", "accept"]
    for job in jobs:  # sent only after the filing is registered, as a slow queue would
        job_run(job.pk)
    subjects = [message.subject for message in mail.outbox]
    assert any("new filing to review" in s for s in subjects)
    # Each email tells of its own transition, not of the state when it went out.
    assert any(s.endswith(": in review") for s in subjects), subjects
    registered = [m for m in mail.outbox if "registered as" in m.subject]
    assert len({m.subject for m in registered}) == 1
    assert registered and filing.registration_number in registered[0].body
    providers = set(
        Membership.objects.filter(
            organization=draft.organization, role__in=["admin", "editor"]
        ).values_list("user__email", flat=True)
    )
    assert registered[0].to and set(registered[0].to) <= providers
    # The same notice is in the app, linking to the filing.
    in_app = Notification.objects.filter(recipient__email=registered[0].to[0])
    assert [n.url for n in in_app if "registered as" in n.title] == [f"/filings/{filing.pk}/"]
    last = jobs.last()  # the job run again (a retry): nobody is told twice
    assert send_filing_notification(last.params, key=f"job:{last.pk}") == 0
    assert Notification.objects.filter(recipient__email=registered[0].to[0]).count() == len(in_app)


@pytest.mark.django_db
def test_daily_sweep_reminds_of_overdue_decisions_and_near_filing_deadlines(
    draft, provider, authorities
):
    from registry.services import filings_deadline_sweep

    filing = filing_submit(actor=provider, filing=draft)
    Filing.objects.filter(pk=filing.pk).update(decision_due_at=timezone.now() - timedelta(hours=1))
    model = make_model(draft.organization, training_compute_flop=3e25)
    notification = filing_create(actor=provider, subject=model, filing_type="eu.gpai_notification")
    Filing.objects.filter(pk=notification.pk).update(
        filing_due_at=timezone.now() + timedelta(days=1)
    )
    member(authorities["eu-msa-de"], "supervisor", email="boss@bnetza.test")
    assert filings_deadline_sweep() == {"authority": 1, "operator": 1}
    assert filings_deadline_sweep() == {"authority": 0, "operator": 0}  # once a day
    for job in Job.objects.filter(kind="registry.deadline_digest"):
        job_run(job.pk)
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("past the decision deadline" in s for s in subjects)
    assert any("due soon" in s for s in subjects)
    overdue_mail = next(m for m in mail.outbox if "boss@bnetza.test" in m.to)
    assert str(filing.pk) in overdue_mail.body
    assert Notification.objects.get(recipient__email="boss@bnetza.test").url == "/queue/"


# --- Art. 49(4) and Annex VIII A 12

SECTION_A_NON_PUBLIC = [
    "provider",
    "submitter",
    "authorised_representative",
    "trade_name",
    "intended_purpose",
    "status",
    "member_states",
]


@pytest.mark.django_db
def test_art_49_4_section_a_asks_only_points_1_to_10_without_6_8_and_9(
    owner, provider, authorities
):
    """Law enforcement (Annex III 6(d)): the secure section takes Section A points 1-5, 7
    and 10 only; instructions for use (point 12) and the rest are not asked, nor taken."""
    system = make_system(
        owner,
        profile={"annex_iii_point": "6(d)"},
        trade_name="Recidiva",
        member_states=["DE"],
        market_status="in_service",
    )
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    assert filing.non_public
    specs = FILING_TYPES["eu.high_risk"].fields_for(filing_context(filing))
    assert [spec.name for spec in specs] == SECTION_A_NON_PUBLIC
    assert all(spec.basis.endswith("; Art. 49(4)(a)") for spec in specs)
    assert set(filing.data) <= set(SECTION_A_NON_PUBLIC)

    with pytest.raises(ValidationError) as refused:
        filing_update(
            actor=provider,
            filing=filing,
            data={"instructions_for_use": "https://owner.example/ifu.pdf"},
        )
    assert set(refused.value.message_dict) == {"instructions_for_use"}

    submitted = filing_submit(actor=provider, filing=filing)
    assert submitted.status == "submitted"
    assert set(submitted.submissions.get().data) <= set(SECTION_A_NON_PUBLIC)


@pytest.mark.django_db
def test_art_49_4_section_b_leaves_out_the_art_6_3_condition_and_grounds(owner, provider):
    system = make_system(owner, profile={"annex_iii_point": "7(c)", "art_6_3_condition": "d"})
    filing = filing_create(actor=provider, subject=system, filing_type="eu.not_high_risk")
    names = [s.name for s in FILING_TYPES["eu.not_high_risk"].fields_for(filing_context(filing))]
    assert filing.non_public
    assert names == SECTION_A_NON_PUBLIC  # B 1-5, 8, 9: the same names as A 1-5, 7, 10


@pytest.mark.django_db
def test_instructions_for_use_are_required_for_point_1_outside_law_enforcement(owner, provider):
    """Annex VIII A 12 leaves them out only in law enforcement and migration: emotion
    recognition (Annex III 1(c)) sold to retailers still provides them."""
    system = make_system(owner, profile={"annex_iii_point": "1(c)"})
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    assert not filing.non_public
    with pytest.raises(ValidationError) as missing:
        filing_submit(actor=provider, filing=filing)
    assert "instructions_for_use" in missing.value.message_dict
