"""Stored classifications as of a date: the sweep that keeps tier badges current, the
Commission designation by the AI Office, and what the provider's pages say about dates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from aigov.audit.models import AuditEvent
from registry.models import Filing, GPAIModel, SubjectEvent, SubjectVersion
from registry.regimes import classify
from registry.services import model_designate, model_profile, subjects_reclassify_due
from registry.tasks import reclassify_due
from tests.conftest import login, member
from tests.factories import AuthorityFactory, make_model, make_system

D = datetime.date


def read_as_of(subject, day: str) -> None:
    """Store the subject's classification as it was read on `day`."""
    profile = {**subject.profile, "as_of": day}
    if isinstance(subject, GPAIModel):
        profile = {**model_profile(subject, subject.profile), "as_of": day}
    subject.classification = classify(profile)
    subject.save(update_fields=["classification"])


# --- The re-classification sweep --------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_rereads_a_subject_when_a_rule_began_to_apply(owner):
    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    read_as_of(system, "2026-07-01")  # original text: Annex III from 2 August 2026
    unchanged = make_system(owner, profile={})
    read_as_of(unchanged, "2026-07-01")
    before = unchanged.classification

    report = subjects_reclassify_due(today=D(2026, 8, 3))

    system.refresh_from_db()
    eu = system.classification["eu"]
    assert system.classification["as_of"] == "2026-08-03"
    # The amended text entered into force on 31 July 2026 (default): Annex III moved.
    # An unchanged result under the other text is not written (below).
    assert system.classification["rulebooks"]["eu"] == "2024/1689+omnibus-2026"
    assert (eu["applies_from"], eu["applies"]) == ("2027-12-02", False)
    version = SubjectVersion.objects.get(subject_id=system.pk)
    assert version.classification == system.classification
    event = SubjectEvent.objects.get(subject_id=system.pk)
    assert event.kind == "reclassified" and "2027-12-02" in event.summary
    audit = AuditEvent.objects.get(action="ai_system.reclassified", object_id=str(system.pk))
    assert audit.data["rulebook"] == ["2024/1689", "2024/1689+omnibus-2026"]
    # A minimal system's result is the same under both texts: not written.
    unchanged.refresh_from_db()
    assert unchanged.classification == before
    assert not SubjectEvent.objects.filter(subject_id=unchanged.pk).exists()
    assert report == {"checked": 2, "changed": 1}


@pytest.mark.django_db
def test_the_sweep_is_safe_to_run_twice(owner):
    system = make_system(owner, profile={"practices": ["non_consensual_intimate_imagery"]})
    read_as_of(system, "2026-12-01")  # prohibited by the amended text, from 2 December
    assert system.classification["eu"]["applies"] is False

    first = subjects_reclassify_due(today=D(2026, 12, 2))
    second = subjects_reclassify_due(today=D(2026, 12, 2))

    system.refresh_from_db()
    assert system.classification["eu"]["applies"] is True
    assert first["changed"] == 1 and second == {"checked": 0, "changed": 0}
    assert SubjectEvent.objects.filter(subject_id=system.pk).count() == 1


@pytest.mark.django_db
def test_the_sweep_rereads_a_result_of_other_code_or_settings(owner, settings):
    """A result stored by an older engine (here: before Art. 6(3) systems were dated) is
    read again though no rule began to apply since; one the engine agrees with is noted."""
    derogated = make_system(owner, profile={"annex_iii_point": "4(a)", "art_6_3_condition": "a"})
    read_as_of(derogated, "2026-12-02")
    stale = derogated.classification
    stale["engine"] = "1-olderdigest0"
    stale["eu"] |= {"applies_from": None, "applies": False, "schedule": []}
    derogated.save(update_fields=["classification"])
    minimal = make_system(owner, profile={"interacts_with_persons": False})
    read_as_of(minimal, "2026-12-02")
    minimal.classification["engine"] = "1-olderdigest0"
    minimal.save(update_fields=["classification"])

    report = subjects_reclassify_due(today=D(2026, 12, 3))

    derogated.refresh_from_db()
    assert derogated.classification["eu"]["applies_from"] == "2026-08-02"
    assert derogated.classification["engine"] != "1-olderdigest0"
    assert SubjectEvent.objects.filter(subject_id=derogated.pk, kind="reclassified").count() == 1
    # The minimal system's result is the same: not re-classified, its engine noted.
    minimal.refresh_from_db()
    assert minimal.classification["engine"] == derogated.classification["engine"]
    assert not SubjectEvent.objects.filter(subject_id=minimal.pk).exists()
    assert report == {"checked": 2, "changed": 1}
    assert subjects_reclassify_due(today=D(2026, 12, 3)) == {"checked": 0, "changed": 0}
    # A setting the regimes read changes the engine: every stored result is read again.
    settings.EU_OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III = True
    again = subjects_reclassify_due(today=D(2026, 12, 3))
    derogated.refresh_from_db()
    assert again == {"checked": 2, "changed": 1}
    assert derogated.classification["eu"]["applies_from"] == "2027-12-02"


@pytest.mark.django_db
def test_the_beat_task_is_scheduled_and_runs_the_sweep(owner, settings):
    assert settings.CELERY_BEAT_SCHEDULE["reclassify-due"]["task"] == "registry.reclassify_due"
    system = make_system(owner, profile={"interacts_with_persons": True})
    # Stored before results had a date: no as_of, no applies_from.
    undated = ("applies", "applies_from", "schedule", "designation_candidate")
    eu = {k: v for k, v in system.classification["eu"].items() if k not in undated}
    system.classification = {"eu": eu, "cn": {}, "us": {}, "rulebooks": {}}
    system.save(update_fields=["classification"])
    assert reclassify_due.apply().get()["changed"] == 1
    system.refresh_from_db()
    assert system.classification["as_of"]


# --- The Commission designation (Art. 52(4)) -------------------------------------------


@pytest.fixture
def ai_office(db):
    return AuthorityFactory(name="AI Office", slug="eu-ai-office", authority_code="eu-ai-office")


@pytest.fixture
def reach_model(owner, ai_office):
    """A model with 20,000 EU business users, below the compute threshold, notified."""
    model = make_model(owner, eu_business_users=20_000, training_compute_flop=1e24)
    Filing.objects.create(
        organization=owner,
        filing_type="eu.gpai_notification",
        regime="eu",
        gpai_model=model,
        status="submitted",
        authority=ai_office,
    )
    return model


def office_actor(ai_office, role="supervisor"):
    from aigov.accounts.actor import Actor

    user = member(ai_office, role, email=f"{role}@office.test")
    return Actor(organization=ai_office, user=user, role=role)


@pytest.mark.django_db
def test_reach_alone_is_a_candidate_until_the_ai_office_designates(reach_model, ai_office):
    assert reach_model.classification["eu"]["systemic_risk"] is False
    assert reach_model.classification["eu"]["designation_candidate"] is True

    model = model_designate(
        model=reach_model, actor=office_actor(ai_office), reason="Reach and capabilities."
    )

    eu = model.classification["eu"]
    assert eu["systemic_risk"] is True and eu["designation_candidate"] is False
    assert "eu.art55" in eu["obligations"]
    assert model_profile(model, model.profile)["commission_designated"] is True
    assert SubjectEvent.objects.get(subject_id=model.pk).kind == "designated"
    audit = AuditEvent.objects.get(action="gpai_model.designated")
    assert audit.organization == ai_office and audit.data["systemic_risk"] == [False, True]
    with pytest.raises(ValidationError):  # compare-and-set: once only
        model_designate(model=model, actor=office_actor(ai_office, "reviewer"), reason="Again")


@pytest.mark.django_db
def test_only_the_ai_office_designates(reach_model, authority):
    from aigov.accounts.actor import Actor

    other = Actor(organization=authority, user=member(authority, "supervisor"), role="supervisor")
    with pytest.raises(PermissionDenied):
        model_designate(model=reach_model, actor=other, reason="Not ours")
    reach_model.refresh_from_db()
    assert reach_model.designated_at is None


@pytest.mark.django_db
def test_the_ai_office_designates_over_the_api(reach_model, ai_office, owner_api):
    from rest_framework.test import APIClient

    filing = Filing.objects.get(gpai_model=reach_model)
    office = login(APIClient(), member(ai_office, "reviewer"), ai_office)
    url = f"/api/v1/filings/{filing.pk}/designate-systemic-risk/"
    assert office.post(url, {}, format="json").status_code == 422  # the reason is required
    response = office.post(url, {"reason": "Annex XIII(f) reach."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["systemic_risk"] is True
    # The provider cannot designate its own model, and sees the result.
    assert owner_api.post(url, {"reason": "x"}, format="json").status_code == 403
    body = owner_api.get(f"/api/v1/models/{reach_model.pk}/").json()
    assert body["classification"]["eu"]["systemic_risk"] is True
    assert body["designated_at"] and body["designation_reason"] == "Annex XIII(f) reach."
    changed = owner_api.patch(
        f"/api/v1/models/{reach_model.pk}/", {"designated_at": None}, format="json"
    )
    reach_model.refresh_from_db()
    assert changed.status_code in (200, 422) and reach_model.designated_at is not None


@pytest.mark.django_db
def test_the_ai_office_designates_from_its_review_page(reach_model, ai_office, owner):
    filing = Filing.objects.get(gpai_model=reach_model)
    office = login(Client(), member(ai_office, "reviewer"), ai_office)
    page = office.get(f"/queue/{filing.pk}/").content.decode()
    assert "Designation candidate" in page and "Designate as a model with systemic risk" in page
    response = office.post(f"/queue/{filing.pk}/designate/", {"reason": ""})
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    response = office.post(f"/queue/{filing.pk}/designate/", {"reason": "High reach."})
    assert response.status_code == 302
    provider = login(Client(), member(owner, "viewer"), owner)
    page = provider.get(f"/models/{reach_model.pk}/").content.decode()
    assert "GPAI model with systemic risk" in page
    assert "Designated by the Commission" in page and "High reach." in page


# --- What the provider's pages say --------------------------------------------------------


@pytest.mark.django_db
def test_the_result_page_says_applies_from_with_a_countdown_and_the_text(owner):
    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    page = login(Client(), member(owner, "viewer"), owner).get(f"/systems/{system.pk}/")
    html = page.content.decode()
    start = datetime.date.fromisoformat(system.classification["eu"]["applies_from"])
    days = (start - datetime.datetime.now(datetime.UTC).date()).days
    assert f"Applies from {start.day} {start:%B %Y}" in html
    assert f"in {days} days" in html
    assert "as amended by the Digital Omnibus" in html or "original text" in html
    assert "unconfirmed" in html


@pytest.mark.django_db
def test_the_result_page_dates_a_system_assessed_as_not_high_risk(owner):
    system = make_system(owner, profile={"annex_iii_point": "4(a)", "art_6_3_condition": "a"})
    html = login(Client(), member(owner, "viewer"), owner).get(f"/systems/{system.pk}/")
    html = html.content.decode()
    # Its Art. 6(4) and 49(2) duties apply from the Annex III day of the original text.
    assert "Applies from 2 August 2026" in html
    assert "No EU obligations apply to this tier" not in html
    assert "Annex III systems assessed as not high-risk" in html


@pytest.mark.django_db
def test_a_model_reads_its_placing_on_the_market_from_its_eu_placement_date(owner):
    model = make_model(owner, eu_placement_date=D(2025, 3, 1))
    assert model.classification["eu"]["applies_from"] == "2027-08-02"  # Art. 111(3)
    newer = make_model(owner, eu_placement_date=D(2025, 9, 1))
    assert newer.classification["eu"]["applies_from"] == "2025-08-02"


@pytest.mark.django_db
def test_the_wizard_asks_the_placing_date_and_public_interest_text(owner):
    system = make_system(owner)
    client = login(Client(), member(owner, "editor"), owner)
    url = f"/systems/{system.pk}/questionnaire/"
    html = client.get(url).content.decode()
    assert "first placed on the EU market" in html and "matters of public interest" in html
    answers = {"public_interest_text": "on", "placed_on_market": "2026-05-01", "action": "save"}
    assert client.post(url, answers).status_code == 302
    system.refresh_from_db()
    assert system.profile["placed_on_market"] == "2026-05-01"
    assert system.classification["eu"]["tier"] == "limited"
    assert "Art. 50(4)" in system.classification["eu"]["basis"]
    # The wizard's live panel says when the transparency duties bind.
    days = (datetime.datetime.now(datetime.UTC).date() - D(2026, 8, 2)).days
    html = client.get(url).content.decode()
    assert "Applies from 2 August 2026" in html
    assert (f"in {-days} days" if days < 0 else f"{days} days ago") in html


@pytest.mark.django_db
def test_classify_api_reads_the_law_as_of_the_given_date(owner_api):
    body = owner_api.post(
        "/api/v1/classify/", {"annex_iii_point": "5(b)", "as_of": "2026-03-01"}, format="json"
    ).json()
    assert body["as_of"] == "2026-03-01" and body["rulebooks"]["eu"] == "2024/1689"
    assert body["eu"]["applies_from"] == "2026-08-02" and body["eu"]["applies"] is False
    bad = owner_api.post("/api/v1/classify/", {"as_of": "1 March"}, format="json")
    assert bad.status_code == 422 and "as_of" in bad.json()["errors"]


@pytest.mark.django_db
def test_the_wizard_asks_a_legacy_high_risk_system_when_its_design_last_changed(owner):
    system = make_system(
        owner, profile={"annex_iii_point": "4(a)", "placed_on_market": "2026-01-01"}
    )
    client = login(Client(), member(owner, "editor"), owner)
    url = f"/systems/{system.pk}/questionnaire/"
    assert "When was its design last significantly changed?" in client.get(url).content.decode()
    eu = system.classification["eu"]
    assert (eu["applies"], eu["registration"]) == (False, None)  # Art. 111(2): not caught
    page = client.get(f"/systems/{system.pk}/").content.decode()
    assert "Art. 111(2)" in page and "significantly changed" in page
    answers = {
        "annex_iii_point": "4(a)",
        "placed_on_market": "2026-01-01",
        "significantly_changed_on": "2026-09-01",
        "action": "save",
    }
    assert client.post(url, answers).status_code == 302
    system.refresh_from_db()
    assert system.profile["significantly_changed_on"] == "2026-09-01"
    assert system.classification["eu"]["registration"] == "art_49_1"
