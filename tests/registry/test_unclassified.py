"""A system saved before any question is answered concludes nothing: no tier is stored,
every page and the API say "Not classified yet", and nothing downstream (filings, the
re-classification sweep) treats it as minimal risk."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aigov.audit.models import AuditEvent
from registry.models import AISystem, SubjectVersion
from registry.services import filing_create, subject_update, subjects_reclassify_due
from tests.factories import make_model, make_system
from tests.registry.test_views import CREDIT_SCORING, html_text

pytestmark = pytest.mark.django_db


# --- The service


def test_a_system_created_without_answers_stores_no_conclusion(owner):
    system = make_system(owner, profile=None)

    assert system.classification == {} and system.profile == {}
    assert system.eu_tier is None and not system.is_classified
    version = SubjectVersion.objects.get(subject_id=system.pk)
    assert version.classification == {}
    created = AuditEvent.objects.get(action="ai_system.created", object_id=str(system.pk))
    assert created.data["eu_tier"] is None


def test_editing_the_details_of_an_unclassified_system_keeps_it_unclassified(owner, provider):
    system = make_system(owner, profile=None)

    edited = subject_update(subject=system, fields={"trade_name": "Draft"}, actor=provider)

    assert edited.trade_name == "Draft" and edited.classification == {}


def test_the_first_answers_classify_it_and_removing_them_all_unclassifies_it(owner, provider):
    system = make_system(owner, profile=None)

    answered = subject_update(
        subject=system, fields={}, profile={"annex_iii_point": "5(b)"}, actor=provider
    )
    assert answered.eu_tier == "high" and answered.is_classified

    cleared = subject_update(subject=answered, fields={}, profile={}, actor=provider)
    assert cleared.classification == {} and cleared.eu_tier is None


def test_a_gpai_model_is_classified_from_the_facts_of_its_record(owner):
    # The model's form asks the facts its GPAI result rests on (training compute).
    model = make_model(owner, training_compute_flop=3e25)

    assert model.is_classified and model.classification["eu"]["systemic_risk"] is True


def test_the_reclassification_sweep_leaves_unclassified_systems_alone(owner):
    system = make_system(owner, profile=None)

    result = subjects_reclassify_due(today=datetime.date(2027, 8, 3))

    system.refresh_from_db()
    assert system.classification == {}
    assert result["changed"] == 0


def test_no_filing_can_be_started_for_an_unclassified_system(owner, provider):
    system = make_system(owner, profile=None)

    with pytest.raises(ValidationError) as refused:
        filing_create(actor=provider, filing_type="eu.high_risk", subject=system)

    assert (
        "Answer the classification questions first" in refused.value.message_dict["filing_type"][0]
    )


# --- The pages


def test_the_wizard_saves_a_draft_and_every_page_says_not_classified_yet(client, editor):
    response = client.post(reverse("system_create"), CREDIT_SCORING, follow=True)

    system = AISystem.objects.get()
    text = html_text(response)
    assert f"“{system.name}” is saved as a draft" in text
    assert "is registered" not in text
    assert "Not classified yet" in text and "Minimal risk" not in text

    listing = client.get(reverse("system_list"))
    assert 'class="tier tier--none">Not classified yet</span>' in listing.content.decode()
    assert "tier--minimal" not in listing.content.decode()

    detail = html_text(client.get(reverse("system_detail", args=[system.pk])))
    assert "Not classified yet" in detail
    assert "no risk tier, obligation or filing is concluded" in detail
    assert "Minimal risk" not in detail and "Obligations" not in detail

    version = html_text(client.get(reverse("system_version", args=[system.pk, 1])))
    assert "Not classified yet" in version and "Minimal risk" not in version

    filings = html_text(client.get(reverse("filing_new") + f"?system={system.pk}"))
    assert "is not classified yet" in filings and "needs no filing" not in filings


def test_the_tier_filter_finds_the_systems_not_classified_yet(client, editor, owner, owner_api):
    make_system(owner, name="Draft system", profile=None)
    make_system(owner, name="Scorer", profile={"annex_iii_point": "5(b)"})

    high = html_text(client.get(reverse("system_list"), {"tier": "high"}))
    drafts = html_text(client.get(reverse("system_list"), {"tier": "none"}))

    assert "Scorer" in high and "Draft system" not in high
    assert "Draft system" in drafts and "Scorer" not in drafts
    listed = owner_api.get("/api/v1/systems/", {"tier": "none"}).json()["results"]
    assert [row["name"] for row in listed] == ["Draft system"]


def test_saving_the_questionnaire_classifies_the_draft(client, editor, owner):
    system = make_system(owner, profile=None)

    saved = client.post(
        reverse("system_questionnaire", args=[system.pk]),
        {"practices": [], "harmonised_standards": "none", "action": "save"},
        follow=True,
    )

    system.refresh_from_db()
    assert system.eu_tier == "minimal"
    assert "Minimal risk" in html_text(saved) and "Not classified yet" not in html_text(saved)


# --- The API


def test_the_api_does_not_claim_minimal_risk_for_a_system_without_answers(owner_api):
    body = {key: value for key, value in CREDIT_SCORING.items() if key != "url"}

    created = owner_api.post("/api/v1/systems/", body, format="json")

    assert created.status_code == 201, created.content
    assert created.json()["classified"] is False
    assert created.json()["classification"] == {}
    listed = owner_api.get("/api/v1/systems/").json()["results"][0]
    assert listed["classified"] is False and listed["classification"] == {}

    answered = owner_api.patch(
        f"/api/v1/systems/{created.json()['id']}/",
        {"profile": {"annex_iii_point": "5(b)"}},
        format="json",
    )
    assert answered.json()["classified"] is True
    assert answered.json()["classification"]["eu"]["tier"] == "high"


def test_an_empty_profile_answers_nothing(owner_api):
    body = {key: value for key, value in CREDIT_SCORING.items() if key != "url"}

    created = owner_api.post("/api/v1/systems/", {**body, "profile": {}}, format="json")

    assert created.json()["classified"] is False


def test_the_data_migration_unclassifies_systems_saved_without_answers(owner):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("registry.migrations.0013_unanswered_systems_unclassified")
    answered = make_system(owner, profile={"annex_iii_point": "5(b)"})
    old_draft = make_system(owner, profile={"practices": []})
    # As the wizard used to store a draft: no answers, yet "minimal".
    AISystem.objects.filter(pk=old_draft.pk).update(profile={"subject": "ai_system"})
    SubjectVersion.objects.filter(subject_id=old_draft.pk).update(
        data={**SubjectVersion.objects.get(subject_id=old_draft.pk).data, "profile": {}}
    )

    migration.unclassify_unanswered_systems(apps, None)

    old_draft.refresh_from_db()
    answered.refresh_from_db()
    assert old_draft.classification == {} and old_draft.profile == {}
    assert SubjectVersion.objects.get(subject_id=old_draft.pk).classification == {}
    assert answered.eu_tier == "high"
    assert SubjectVersion.objects.get(subject_id=answered.pk).classification["eu"]["tier"] == "high"


def test_the_assessment_request_page_does_not_conclude_for_a_draft(client, editor, owner):
    system = make_system(owner, profile=None)

    page = html_text(client.get(reverse("assessment_new") + f"?ai_system={system.pk}"))

    assert "is not classified yet" in page
    assert "calls for no conformity assessment procedure" not in page


def test_a_new_model_is_saved_as_a_draft_too(client, editor):
    response = client.post(
        reverse("model_create"),
        {"name": "Tiny", "compute_method": "declared", "release": "api"},
        follow=True,
    )

    text = html_text(response)
    assert "“Tiny” is saved as a draft" in text and "is registered" not in text
    assert "follows from its training compute and release" in text


def test_the_providers_action_lists_name_the_systems_to_classify(client, editor, owner):
    draft = make_system(owner, name="Draft Helper", profile=None)
    make_system(owner, name="Scorer", profile={"practices": []})

    summary = client.get(reverse("filing_summary"))
    to_start = client.get(reverse("filing_new"))

    questionnaire = reverse("system_questionnaire", args=[draft.pk])
    for response in (summary, to_start):
        assert "Not classified yet" in html_text(response)
        assert f'href="{questionnaire}">Classify Draft Helper' in response.content.decode()
        assert "Classify Scorer" not in html_text(response)
    assert "Every filing your systems and models need is started" not in html_text(to_start)
