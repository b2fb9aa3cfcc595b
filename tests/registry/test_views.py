"""The provider's browser journey through the registry: lists, the create/edit wizard
without JavaScript (and its htmx preview), result pages with the Act's text, versions,
the CSV import — and that roles and other tenants are kept out."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aigov import web
from aigov.audit.models import AuditEvent
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from registry.models import AISystem, GPAIModel, SubjectVersion
from registry.regimes import classify
from tests.conftest import login, member
from tests.factories import JobFactory, OrganizationFactory, make_model, make_system

pytestmark = pytest.mark.django_db

CREDIT_SCORING = {
    "name": "CreditScore",
    "version": "1.0",
    "trade_name": "ScoreMate",
    "intended_purpose": "Evaluates the creditworthiness of consumers applying for a loan.",
    "components_and_functions": "Gradient-boosted trees over the application data.",
    "inputs_and_operating_logic": "Income, debts and payment history in; a score out.",
    "market_status": "on_market",
    "member_states": ["DE", "AT"],
    "url": "https://example.org/scoremate",
}
CSV_HEADER = "Model,Domain,Organization,Parameters,Training compute (FLOP),Model accessibility,Link"
SMALL_CSV = (
    f"{CSV_HEADER}\n"
    "Frontier-X,Language,Lab,1e12,3e25,API access,https://example.org/x\n"
    "Tiny,Language,Lab,not-a-number,1e20,,\n"
)


@pytest.fixture
def editor(client, owner):
    """The owner's editor, signed in on `client`."""
    user = member(owner, "editor")
    login(client, user, owner)
    return user


def html_text(response) -> str:
    """The page's text with tags removed and white space collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def has_field(response, name: str) -> bool:
    return f'name="{name}"' in response.content.decode()


def state():
    """Everything a view could have written, to prove that it wrote nothing."""
    return (
        list(AISystem.objects.values_list("id", "name", "profile", "classification", "updated_at")),
        list(GPAIModel.objects.values_list("id", "name", "profile", "updated_at")),
        SubjectVersion.objects.count(),
        AuditEvent.objects.count(),
        Job.objects.count(),
    )


def create_system(client, **overrides):
    return client.post(reverse("system_create"), {**CREDIT_SCORING, **overrides})


# --- The wizard without JavaScript


def test_wizard_without_js_registers_a_credit_scoring_system_as_high_risk(client, editor):
    response = create_system(client)

    system = AISystem.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("system_questionnaire", args=[system.pk])
    assert sorted(system.member_states) == ["AT", "DE"]
    # Saved as a draft: no answer yet, so no conclusion is stored.
    assert system.classification == {} and system.eu_tier is None
    assert system.created_by == editor

    # Step 2 asks only what matters so far: no Annex III point, so no Art. 6(3) question.
    page = client.get(response.url)
    assert page.status_code == 200
    assert "is saved as a draft" in html_text(page) and "registered" not in html_text(page)
    assert "Not classified yet" in html_text(page) and "Minimal risk" not in html_text(page)
    assert has_field(page, "annex_iii_point") and has_field(page, "practices")
    assert not has_field(page, "art_6_3_condition")
    assert not has_field(page, "art5_exception")
    assert "<legend>Prohibited practices (Art. 5)</legend>" in page.content.decode()
    assert '<optgroup label="5. Access to essential private and public services' in (
        page.content.decode()
    )

    saved = client.post(
        reverse("system_questionnaire", args=[system.pk]),
        {"annex_iii_point": "5(b)", "harmonised_standards": "none", "action": "save"},
    )
    assert saved.status_code == 302
    assert saved.url == reverse("system_detail", args=[system.pk])
    system.refresh_from_db()
    assert system.eu_tier == "high"
    assert system.profile["annex_iii_point"] == "5(b)"

    detail = client.get(saved.url)
    text = html_text(detail)
    assert detail.status_code == 200
    assert 'class="tier tier--high tier--large">High-risk</span>' in detail.content.decode()
    assert "Annex III 5(b)" in text
    assert "<details" in detail.content.decode()
    assert "AI systems intended to be used to evaluate the creditworthiness of natural persons" in (
        text
    )
    assert "Internal control (Annex VI), without a notified body" in text
    assert "The provider registers the system in the EU database" in text
    assert "Risk management system" in text and "Fundamental rights impact assessment" in text
    assert "Article 9 — Risk management system" in text  # an obligation's own article
    assert "EO 14110 §4.2 concerned dual-use foundation models" in text
    assert "A compute report was required" not in text
    assert "Version 1" in text


def test_update_questions_shows_the_new_questions_and_stores_nothing(client, editor, owner):
    system = make_system(owner)
    before = state()

    response = client.post(
        reverse("system_questionnaire", args=[system.pk]),
        {
            "annex_iii_point": "5(b)",
            "offered_in_china": "on",
            "practices": ["realtime_remote_biometric_id_law_enforcement"],
            "action": "update",
        },
    )

    assert response.status_code == 200
    assert state() == before
    # The answers so far bring their follow-up questions, and the panel previews them.
    for name in ("art_6_3_condition", "profiles_natural_persons", "art5_exception"):
        assert has_field(response, name)
    for name in ("public_opinion_or_mobilisation", "cn_service_types"):
        assert has_field(response, name)
    assert not has_field(response, "uses_filed_model")  # only for a generative service
    assert 'value="5(b)" selected' in response.content.decode()
    assert "Prohibited" in html_text(response)
    assert "not saved yet" in html_text(response)


def test_dropping_an_answer_drops_the_questions_that_hung_on_it(client, editor, owner):
    system = make_system(owner, profile={"annex_iii_point": "5(b)", "art_6_3_condition": "a"})

    response = client.post(
        reverse("system_questionnaire", args=[system.pk]),
        # No Annex III point any more; the Art. 6(3) answer still posted is ignored.
        {"annex_iii_point": "", "art_6_3_condition": "a", "action": "save"},
    )

    assert response.status_code == 302
    system.refresh_from_db()
    assert system.profile["annex_iii_point"] is None
    assert "art_6_3_condition" not in system.profile
    assert system.eu_tier == "minimal"


def test_htmx_preview_returns_the_partial_and_stores_nothing(client, editor, owner):
    system = make_system(owner)
    before = state()

    response = client.post(
        reverse("system_questionnaire_preview", args=[system.pk]),
        {"annex_iii_point": "5(b)", "action": "save"},  # even "save" stores nothing here
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert state() == before
    assert "<html" not in body and "<form" not in body
    assert 'id="classification-panel" hx-swap-oob="innerHTML"' in body
    assert "High-risk" in body and "Annex III 5(b)" in body
    assert has_field(response, "art_6_3_condition")


def test_questionnaire_page_is_wired_for_htmx(client, editor, owner):
    system = make_system(owner)

    body = client.get(reverse("system_questionnaire", args=[system.pk])).content.decode()

    preview = reverse("system_questionnaire_preview", args=[system.pk])
    assert f'hx-post="{preview}"' in body and 'hx-trigger="change"' in body
    assert 'hx-target="#questionnaire-questions"' in body
    assert 'aria-live="polite"' in body
    assert 'name="action" value="update"' in body and 'name="action" value="save"' in body


def test_china_questions_lead_to_a_cac_filing(client, editor, owner):
    system = make_system(owner)
    url = reverse("system_questionnaire", args=[system.pk])

    update = client.post(
        url,
        {"offered_in_china": "on", "cn_service_types": ["generative"], "action": "update"},
    )
    assert has_field(update, "uses_filed_model")

    client.post(
        url,
        {
            "offered_in_china": "on",
            "public_opinion_or_mobilisation": "on",
            "cn_service_types": ["generative"],
            "action": "save",
        },
    )
    system.refresh_from_db()
    assert system.classification["cn"]["filings"] == ["genai_filing"]
    text = html_text(client.get(reverse("system_detail", args=[system.pk])))
    assert "Generative-AI filing (备案)" in text and "Security assessment Needed" in text


def test_a_prohibited_system_says_so_with_the_article_text(client, editor, owner):
    system = make_system(owner, profile={"practices": ["social_scoring"]})

    text = html_text(client.get(reverse("system_detail", args=[system.pk])))

    assert "Prohibited" in text and "Art. 5(1)(c)" in text
    assert "may not be placed on the market, put into service or used in the EU" in text
    assert "the evaluation or classification of natural persons or groups of persons" in text
    # The answers that led there are listed with their questions.
    assert "Social scoring leading to detrimental or unfavourable treatment" in text


# --- Details: errors, the representative, the model choice


def test_invalid_details_show_errors_next_to_the_fields_and_store_nothing(client, editor):
    before = state()

    response = create_system(client, name="", intended_purpose="", url="not a url")

    body = response.content.decode()
    assert response.status_code == 200
    assert state() == before
    assert "There is a problem" in body
    assert 'href="#id_name"' in body and 'href="#id_url"' in body
    assert 'id="id_name_error"' in body and 'id="id_intended_purpose_error"' in body
    assert 'id="id_url_error"' in body
    assert 'aria-invalid="true"' in body
    assert "ScoreMate" in body  # what was typed is kept


def test_a_duplicate_name_is_reported_on_the_name_field(client, editor, owner):
    make_system(owner, name="CreditScore")
    before = state()

    response = create_system(client)

    assert response.status_code == 200
    assert state() == before
    assert 'id="id_name_error"' in response.content.decode()
    assert "already has one called" in html_text(response)


def test_an_eu_organisation_is_not_asked_for_a_representative(client, editor):
    response = client.get(reverse("system_create"))

    assert not has_field(response, "rep_name")


def test_a_non_eu_provider_names_its_representative_once_the_law_requires_one(client):
    """Art. 22: required for a high-risk system made available on the Union market, which
    is known only once the questionnaire classifies it; the page says why."""
    organization = OrganizationFactory(name="Pacific AI Inc.", country="US")
    login(client, member(organization, "admin"), organization)
    form = client.get(reverse("system_create"))
    assert has_field(form, "rep_name")  # offered, not yet required
    assert "Not for a system or model offered only outside the EU" in html_text(form)

    created = create_system(client)
    assert created.status_code == 302
    system = AISystem.objects.get()
    assert system.authorised_representative == {}

    # Classified high-risk while offered in DE and AT: the answers are refused, and why.
    before = state()
    refused = client.post(
        reverse("system_questionnaire", args=[system.pk]),
        {"annex_iii_point": "5(b)", "harmonised_standards": "none", "action": "save"},
    )
    assert refused.status_code == 200
    assert state() == before
    assert "Name the authorised representative" in html_text(refused)
    assert "Art. 22(1)" in html_text(refused)

    # A system classified before this rule (stored as such): the details form now asks
    # for the representative, says why, and takes it.
    profile = {"subject": "ai_system", "annex_iii_point": "5(b)"}
    AISystem.objects.filter(pk=system.pk).update(profile=profile, classification=classify(profile))
    edit = client.get(reverse("system_edit", args=[system.pk]))
    assert "Required: Pacific AI Inc. is established outside the EU" in html_text(edit)
    missing = client.post(reverse("system_edit", args=[system.pk]), edit_data(system))
    assert missing.status_code == 200
    for name in ("rep_name", "rep_address", "rep_country", "rep_email"):
        assert f'id="id_{name}_error"' in missing.content.decode()

    representative = {
        "rep_name": "EU Rep GmbH",
        "rep_address": "Unter den Linden 1, Berlin",
        "rep_country": "DE",
        "rep_email": "rep@example.eu",
    }
    saved = client.post(
        reverse("system_edit", args=[system.pk]), edit_data(system, **representative)
    )
    assert saved.status_code == 302
    system.refresh_from_db()
    assert system.authorised_representative == {
        "name": "EU Rep GmbH",
        "address": "Unter den Linden 1, Berlin",
        "country": "DE",
        "email": "rep@example.eu",
    }
    assert system.eu_tier == "high"


def test_a_non_eu_provider_offering_only_in_china_is_not_asked_for_a_representative(client):
    organization = OrganizationFactory(name="Shanghai AI Co.", country="CN")
    login(client, member(organization, "admin"), organization)
    created = create_system(client, member_states=[])
    assert created.status_code == 302
    system = AISystem.objects.get()

    saved = client.post(
        reverse("system_questionnaire", args=[system.pk]),
        {
            "annex_iii_point": "5(b)",
            "harmonised_standards": "none",
            "offered_in_china": "on",
            "action": "save",
        },
    )

    assert saved.status_code == 302
    system.refresh_from_db()
    assert system.eu_tier == "high" and system.authorised_representative == {}


def test_only_own_models_can_be_chosen_as_the_gpai_model(client, editor, owner, stranger):
    mine = make_model(owner, name="Own LLM")
    theirs = make_model(stranger, name="Their LLM")

    form = client.get(reverse("system_create")).content.decode()
    assert "Own LLM" in form and "Their LLM" not in form

    refused = create_system(client, gpai_model=str(theirs.pk))
    assert refused.status_code == 200
    assert 'id="id_gpai_model_error"' in refused.content.decode()
    assert not AISystem.objects.exists()

    create_system(client, gpai_model=str(mine.pk))
    assert AISystem.objects.get().gpai_model == mine


# --- Editing and versions


def edit_data(system, **overrides):
    return {
        **CREDIT_SCORING,
        "name": system.name,
        "intended_purpose": system.intended_purpose,
        **overrides,
    }


def test_substantial_modification_starts_version_2_and_version_1_stays_readable(
    client, editor, owner
):
    system = make_system(owner, name="CreditScore", profile={"annex_iii_point": "5(b)"})
    url = reverse("system_edit", args=[system.pk])
    assert client.get(url).status_code == 200

    no_reason = client.post(url, edit_data(system, substantial_modification="on"))
    assert no_reason.status_code == 200
    assert 'id="id_modification_reason_error"' in no_reason.content.decode()
    assert SubjectVersion.objects.count() == 1

    response = client.post(
        url,
        edit_data(
            system,
            name="CreditScore Next",
            intended_purpose="Scores consumers and small businesses.",
            substantial_modification="on",
            modification_reason="New model and a new customer group.",
        ),
    )

    assert response.status_code == 302
    system.refresh_from_db()
    assert system.version_number == 2 and system.name == "CreditScore Next"
    assert SubjectVersion.objects.filter(subject_id=system.pk).count() == 2
    detail = html_text(client.get(reverse("system_detail", args=[system.pk])))
    assert "New model and a new customer group." in detail

    first = client.get(reverse("system_version", args=[system.pk, 1]))
    text = html_text(first)
    assert first.status_code == 200
    assert "An earlier version, kept as it was recorded" in text
    assert "Ranks loan applications." in text and "Scores consumers" not in text
    assert "High-risk" in text  # its classification as recorded
    second = html_text(client.get(reverse("system_version", args=[system.pk, 2])))
    assert "This is the current version" in second and "Scores consumers" in second
    assert client.get(reverse("system_version", args=[system.pk, 3])).status_code == 404


def test_a_minor_edit_updates_the_current_version(client, editor, owner):
    system = make_system(owner)

    response = client.post(
        reverse("system_edit", args=[system.pk]), edit_data(system, trade_name="Renamed")
    )

    assert response.status_code == 302
    system.refresh_from_db()
    assert system.trade_name == "Renamed" and system.version_number == 1
    assert SubjectVersion.objects.get(subject_id=system.pk).data["trade_name"] == "Renamed"


# --- GPAI models


def test_model_page_warns_about_a_compute_gap(client, editor, owner):
    flagged = make_model(owner, parameters=10**9, training_tokens=10**9, training_compute_flop=1e25)
    plausible = make_model(
        owner, parameters=10**9, training_tokens=10**12, training_compute_flop=6e21
    )

    warning = html_text(client.get(reverse("model_detail", args=[flagged.pk])))
    assert "Compute check: gap larger than 10x" in warning
    assert 'role="alert"' in client.get(reverse("model_detail", args=[flagged.pk])).content.decode()
    calm = html_text(client.get(reverse("model_detail", args=[plausible.pk])))
    assert "gap larger than 10x" not in calm
    assert "within 10x of the 6 x N x D estimate" in calm


def test_model_page_explains_systemic_risk_with_the_article_text(client, editor, owner):
    model = make_model(owner, name="Frontier", training_compute_flop=3e25, release="api")

    response = client.get(reverse("model_detail", args=[model.pk]))

    text = html_text(response)
    assert "Systemic risk (EU)" in text and "GPAI model with systemic risk" in text
    assert "Art. 51(2)" in text
    assert "shall be presumed to have high impact capabilities" in text
    assert "Notify the Commission within two weeks" in text  # eu.art52
    assert "A compute report was required" not in text
    assert "Not above the former EO 14110 reporting threshold (revoked 2025-01-20)." in text
    assert "Data: Epoch AI" not in text


def test_model_page_credits_epoch_ai_for_imported_rows(client, editor, owner):
    model = make_model(owner, source="epoch", source_reference="https://epoch.ai/data/frontier-x")

    response = client.get(reverse("model_detail", args=[model.pk]))

    assert "Data: Epoch AI, CC BY 4.0." in html_text(response)
    assert 'href="https://epoch.ai/data/frontier-x"' in response.content.decode()


def test_model_wizard_asks_only_the_china_questions(client, editor, owner):
    response = client.post(
        reverse("model_create"),
        {
            "name": "Owner LLM",
            "parameters": "7e10",
            "training_tokens": "1.5e13",
            "training_compute_flop": "6.3e24",
            "compute_method": "6ND",
            "release": "open_weights",
            "input_modalities": ["text", "code"],
            "output_modalities": ["text"],
        },
    )

    model = GPAIModel.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("model_questionnaire", args=[model.pk])
    assert model.parameters == 70_000_000_000 and model.training_tokens == 15 * 10**12
    questions = client.get(response.url)
    assert has_field(questions, "offered_in_china")
    assert not has_field(questions, "practices") and not has_field(questions, "annex_iii_point")
    assert "No systemic risk (EU)" in html_text(questions)

    client.post(
        response.url,
        {
            "offered_in_china": "on",
            "public_opinion_or_mobilisation": "on",
            "cn_service_types": ["generative"],
            "action": "save",
        },
    )
    model.refresh_from_db()
    assert model.classification["cn"]["filings"] == ["genai_filing"]
    # The record's facts stay the service's: compute and release come from the model.
    assert model.classification["eu"]["gpai"] is True
    assert "training_compute_flop" not in model.profile


def test_model_details_are_checked(client, editor):
    response = client.post(
        reverse("model_create"),
        {
            "name": "Bad",
            "parameters": "lots",
            "training_compute_flop": "-1",
            "release": "api",
            "compute_method": "declared",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert not GPAIModel.objects.exists()
    assert 'id="id_parameters_error"' in body and 'id="id_training_compute_flop_error"' in body


def test_model_edit_with_substantial_modification(client, editor, owner):
    model = make_model(owner, name="Owner LLM", training_compute_flop=1e24)

    response = client.post(
        reverse("model_edit", args=[model.pk]),
        {
            "name": "Owner LLM",
            "training_compute_flop": "2e25",
            "compute_method": "declared",
            "release": "api",
            "substantial_modification": "on",
            "modification_reason": "Trained further.",
        },
    )

    assert response.status_code == 302
    model.refresh_from_db()
    assert model.version_number == 2 and model.classification["eu"]["systemic_risk"] is True
    old = html_text(client.get(reverse("model_version", args=[model.pk, 1])))
    assert "1e24" in old and "No systemic risk presumed" in old


# --- Lists


def test_system_list_shows_tiers_and_filters_by_search_and_tier(client, editor, owner, stranger):
    make_system(owner, name="Loan ranker", profile={"annex_iii_point": "5(b)"})
    make_system(owner, name="Chat helper", profile={"interacts_with_persons": True})
    make_system(owner, name="Spam filter")
    make_system(stranger, name="Stranger's ranker", profile={"annex_iii_point": "5(b)"})

    everything = html_text(client.get(reverse("system_list")))
    assert "Loan ranker" in everything and "Chat helper" in everything
    assert "Stranger's ranker" not in everything
    assert "High-risk" in everything and "Limited risk (transparency)" in everything
    assert "Minimal risk" in everything
    assert "In service" in everything  # the market status in words

    high = html_text(client.get(reverse("system_list"), {"tier": "high"}))
    assert "Loan ranker" in high and "Chat helper" not in high and "Spam filter" not in high
    found = html_text(client.get(reverse("system_list"), {"q": "chat"}))
    assert "Chat helper" in found and "Loan ranker" not in found


def test_model_list_shows_badges(client, editor, owner):
    make_model(owner, name="Frontier", training_compute_flop=3e26)
    make_model(
        owner, name="Gappy", parameters=10**9, training_tokens=10**9, training_compute_flop=1e22
    )
    make_model(owner, name="Small", training_compute_flop=1e20)

    text = html_text(client.get(reverse("model_list")))
    # EO 14110 is revoked: a model above its threshold shows it as history, never as a report.
    assert "Systemic risk (EU)" in text and "US report" not in text
    assert "Former US threshold (revoked)" in text and "Frontier model (SB 53)" in text
    assert "Compute gap > 10x" in text
    assert "3e26" in text

    only = html_text(client.get(reverse("model_list"), {"systemic_risk": "on"}))
    assert "Frontier" in only and "Small" not in only


def test_list_pages_keep_the_filters_in_page_links(client, editor, owner, monkeypatch):
    for number in range(3):
        make_system(owner, name=f"Ranker {number}", profile={"annex_iii_point": "5(b)"})
    monkeypatch.setattr(
        "registry.views.subjects.paginate",
        lambda request, rows: web.paginate(request, rows, per_page=2),
    )

    body = client.get(reverse("system_list"), {"tier": "high"}).content.decode()

    assert "Page 1 of 2" in body
    assert 'href="?tier=high&amp;page=2"' in body


@pytest.mark.parametrize(
    "url_name,make",
    [
        ("system_list", lambda org, n: make_system(org, name=f"System {n}")),
        ("model_list", lambda org, n: make_model(org, name=f"Model {n}", parameters=10**9)),
    ],
)
def test_list_query_count_does_not_grow_with_the_page(client, editor, owner, url_name, make):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url_name)).status_code == 200
        return len(captured)

    for n in range(2):
        make(owner, n)
    few = queries()
    for n in range(2, 12):
        make(owner, n)
    assert queries() == few


# --- Import


def test_import_upload_starts_a_job_and_shows_its_page(client, editor, owner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assert client.get(reverse("model_import")).status_code == 200

    response = client.post(
        reverse("model_import"),
        {"file": SimpleUploadedFile("epoch.csv", SMALL_CSV.encode(), "text/csv")},
    )

    preview = Job.objects.get()
    assert preview.kind == "registry.import_preview" and preview.organization == owner
    assert response.status_code == 302
    assert response.url == reverse("job_detail", args=[preview.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "<progress" in page.content.decode()

    # Once the worker has run the preview, its page shows the counts and asks to confirm.
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    text = html_text(client.get(response.url))
    assert "Preview: nothing has been imported yet" in text
    assert "Create 1 model" in text and "Skip 1 row" in text
    assert not GPAIModel.objects.exists()
    response = client.post(reverse("model_import_confirm", args=[preview.pk]))
    job = Job.objects.get(kind="registry.import_models")
    assert response.url == reverse("job_detail", args=[job.pk])

    # Once the worker has run it, the job page shows the import result in words.
    assert job_run(job.pk) == JobStatus.SUCCEEDED
    text = html_text(client.get(response.url))
    assert "Import result" in text
    assert "Created 1" in text and "Skipped rows 1" in text
    assert "Systemic risk (EU) 1" in text and "Above 10^25 FLOP 1" in text
    assert "'Parameters' is not a number" in text
    assert "Data: Epoch AI, CC BY 4.0." in text


@pytest.mark.parametrize(
    "content,message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8"),
        (b"Model,Parameters,Training compute (FLOP)\x00\n", "binary"),
        (b"name,size\nx,1\n", "missing column"),
    ],
)
def test_an_invalid_upload_is_refused_on_the_form(
    client, editor, content, message, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path

    response = client.post(
        reverse("model_import"), {"file": SimpleUploadedFile("models.csv", content)}
    )

    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert message in html_text(response)
    assert not Job.objects.exists()


def test_job_page_of_another_kind_still_shows_raw_result(client, editor, owner):
    job = JobFactory(organization=owner, status=JobStatus.SUCCEEDED, result={"ok": True})

    body = client.get(reverse("job_detail", args=[job.pk])).content.decode()

    assert "Import result" not in body and "&quot;ok&quot;: true" in body


# --- Access


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    system = make_system(owner)
    for url in (reverse("system_list"), reverse("system_detail", args=[system.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_viewer_reads_but_cannot_create_edit_or_import(client, owner):
    login(client, member(owner, "viewer"), owner)
    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    model = make_model(owner)
    before = state()

    for url_name in ("system_list", "model_list"):
        assert client.get(reverse(url_name)).status_code == 200
    detail = client.get(reverse("system_detail", args=[system.pk]))
    assert detail.status_code == 200
    assert reverse("system_edit", args=[system.pk]) not in detail.content.decode()
    assert client.get(reverse("model_detail", args=[model.pk])).status_code == 200
    assert client.get(reverse("system_version", args=[system.pk, 1])).status_code == 200

    forbidden = [
        reverse("system_create"),
        reverse("model_create"),
        reverse("model_import"),
        reverse("system_edit", args=[system.pk]),
        reverse("model_edit", args=[model.pk]),
        reverse("system_questionnaire", args=[system.pk]),
        reverse("model_questionnaire", args=[model.pk]),
    ]
    for url in forbidden:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {**CREDIT_SCORING, "action": "save"}).status_code == 403, url
    preview = reverse("system_questionnaire_preview", args=[system.pk])
    assert client.post(preview, {"annex_iii_point": "1(a)"}).status_code == 403
    assert state() == before


def test_another_organisations_objects_answer_404_and_change_nothing(client, editor, stranger):
    system = make_system(stranger, profile={"annex_iii_point": "5(b)"})
    model = make_model(stranger)
    before = state()

    for url in (
        reverse("system_detail", args=[system.pk]),
        reverse("system_edit", args=[system.pk]),
        reverse("system_questionnaire", args=[system.pk]),
        reverse("system_version", args=[system.pk, 1]),
        reverse("model_detail", args=[model.pk]),
        reverse("model_edit", args=[model.pk]),
        reverse("model_questionnaire", args=[model.pk]),
        reverse("model_version", args=[model.pk, 1]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("system_edit", args=[system.pk]),
        reverse("system_questionnaire", args=[system.pk]),
        reverse("system_questionnaire_preview", args=[system.pk]),
        reverse("model_edit", args=[model.pk]),
        reverse("model_questionnaire", args=[model.pk]),
        reverse("model_questionnaire_preview", args=[model.pk]),
    ):
        data = {**CREDIT_SCORING, "annex_iii_point": "", "action": "save"}
        assert client.post(url, data).status_code == 404, url
    assert state() == before


def test_navigation_and_dashboard_lead_to_the_registry(client, editor):
    body = client.get(reverse("dashboard")).content.decode()

    assert f'href="{reverse("system_list")}"' in body
    assert f'href="{reverse("model_list")}"' in body
    assert "Your systems and models" in body
    assert f'href="{reverse("system_create")}"' in body
    current = client.get(reverse("system_list")).content.decode()
    assert f'<a href="{reverse("system_list")}" aria-current="page">AI systems</a>' in current
