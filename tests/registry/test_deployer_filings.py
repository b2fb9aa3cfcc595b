"""Annex VIII Section C (Art. 49(3)): the deployer registers its use of a registered
high-risk AI system, found by the provider's registration number, with the authority of
the deployer's member state. The provider's entry is untouched and the provider never
sees the deployer's filing."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aigov.audit.models import AuditEvent
from registry.models import Filing
from registry.regimes import FILING_TYPES, filings_needed
from registry.services import filing_accept, filing_create, filing_start_review, filing_submit
from registry.services.filings import filing_update
from tests.conftest import login, member
from tests.factories import AuthorityFactory, OrganizationFactory, make_system
from tests.registry.test_filings import COMPLETE_HIGH_RISK, actor_of, client_of

pytestmark = pytest.mark.django_db

SECTION_C = {
    "submitter": "Dr. A. Weber, IT department, Stadt Lyon",
    "fria_summary": "Risks for applicants without credit history; human review of refusals.",
    "dpia_summary": "DPIA of 2026-03 under Art. 35 GDPR; no high residual risk.",
}


@pytest.fixture
def authorities(db):
    return {
        code: AuthorityFactory(name=name, slug=code, authority_code=code, country=country)
        for code, name, country in (
            ("eu-msa-de", "Bundesnetzagentur", "DE"),
            ("eu-msa-fr", "CNIL", "FR"),
        )
    }


@pytest.fixture
def deployer(db):
    return OrganizationFactory(name="Ville de Lyon", slug="lyon", country="FR")


def registered_high_risk(owner, authorities, *, profile=None, name="Scorer"):
    """The provider's (owner, DE) registered Section A entry."""
    provider = actor_of(owner, "editor")
    system = make_system(owner, profile=profile or {"annex_iii_point": "5(b)"}, name=name)
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    extra = {k: v for k, v in COMPLETE_HIGH_RISK.items() if k in filing_fields(filing)}
    filing = filing_update(actor=provider, filing=filing, data=extra)
    filing = filing_submit(actor=provider, filing=filing)
    reviewer = actor_of(authorities["eu-msa-de"], "reviewer")
    filing = filing_start_review(actor=reviewer, filing=filing)
    return filing_accept(actor=reviewer, filing=filing)


def filing_fields(filing):
    from registry.services.filings import filing_context

    return {s.name for s in FILING_TYPES[filing.filing_type].fields_for(filing_context(filing))}


def test_a_provider_is_no_longer_offered_section_c(owner):
    system = make_system(
        owner, profile={"annex_iii_point": "5(a)", "deployer_public_authority": True}
    )
    offered = {t.code for t in filings_needed(system.classification, "ai_system")}
    assert system.classification["eu"]["deployer_registration"] == "art_49_3"
    assert "eu.deployer" not in offered and "eu.high_risk" in offered
    with pytest.raises(ValidationError):
        filing_create(actor=actor_of(owner, "editor"), subject=system, filing_type="eu.deployer")


def test_the_providers_filing_page_says_deployers_file_section_c_themselves(client, owner):
    system = make_system(
        owner, profile={"annex_iii_point": "5(a)", "deployer_public_authority": True}
    )
    login(client, member(owner, "editor"), owner)
    page = client.get(f"{reverse('filing_new')}?system={system.pk}").content.decode()
    assert 'id="deployer-registration"' in page
    assert 'value="eu.deployer"' not in page and 'value="eu.high_risk"' in page


def test_the_deployer_files_section_c_for_its_use_routed_to_its_own_member_state(
    owner, authorities, deployer
):
    entry = registered_high_risk(owner, authorities)
    before = Filing.objects.values().get(pk=entry.pk)
    actor = actor_of(deployer, "editor")

    filing = filing_create(
        actor=actor, filing_type="eu.deployer", registration_number=f" {entry.registration_number} "
    )
    assert filing.organization == deployer and filing.provider_filing == entry
    assert filing.ai_system is None and not filing.non_public
    assert filing.data["deployer"] == "Ville de Lyon"
    assert filing.data["provider_entry_url"].endswith(f"/register/{entry.pk}/")

    filing = filing_update(actor=actor, filing=filing, data=SECTION_C)
    filing = filing_submit(actor=actor, filing=filing)
    # The deployer's member state (FR), not the provider's (DE).
    assert filing.authority.authority_code == "eu-msa-fr"

    cnil = actor_of(authorities["eu-msa-fr"], "reviewer")
    filing = filing_accept(actor=cnil, filing=filing_start_review(actor=cnil, filing=filing))
    assert filing.registration_number.startswith("EU-DEP-")
    assert filing.registered_subject == "Scorer"
    assert filing.registered_provider == owner.name
    assert filing.public_data["fria_summary"] == SECTION_C["fria_summary"]
    # The provider's entry is exactly as it was.
    assert Filing.objects.values().get(pk=entry.pk) == before
    assert AuditEvent.objects.filter(action="filing.created", object_id=str(filing.pk)).exists()


def test_a_wrong_or_unregistered_number_is_a_field_error_and_stores_nothing(
    owner, authorities, deployer
):
    actor = actor_of(deployer, "editor")
    draft_entry = filing_create(
        actor=actor_of(owner, "editor"),
        subject=make_system(owner, profile={"annex_iii_point": "4(a)"}),
        filing_type="eu.high_risk",
    )
    count = Filing.objects.count()
    for number in ("", "EU-HR-2026-999999", str(draft_entry.pk)):
        with pytest.raises(ValidationError) as refused:
            filing_create(actor=actor, filing_type="eu.deployer", registration_number=number)
        assert set(refused.value.message_dict) == {"registration_number"}
    assert Filing.objects.count() == count


def test_the_use_of_a_law_enforcement_system_goes_to_the_secure_section_with_points_1_to_3(
    owner, authorities, deployer
):
    entry = registered_high_risk(owner, authorities, profile={"annex_iii_point": "6(d)"})
    assert entry.non_public
    filing = filing_create(
        actor=actor_of(deployer, "editor"),
        filing_type="eu.deployer",
        registration_number=entry.registration_number,
    )
    assert filing.non_public
    assert filing_fields(filing) == {"deployer", "submitter", "provider_entry_url"}
    # The provider's entry is not on the public register: the URL is its secure page.
    assert filing.data["provider_entry_url"].endswith(f"/filings/{entry.pk}/")


def test_a_secure_section_number_cannot_be_guessed_from_the_public_sequence(
    owner, authorities, deployer
):
    """Art. 49(4): the secure section's entries are found by their number alone. A number
    counted on from the public entries' numbers names none, and reveals no provider."""
    public = registered_high_risk(owner, authorities, name="Credit scorer")
    secure = registered_high_risk(
        owner, authorities, profile={"annex_iii_point": "6(d)"}, name="Covert predictor"
    )
    sequence, random_part = secure.registration_number.rsplit("-", 1)
    assert not public.non_public and re.fullmatch(r"EU-HR-\d{4}-\d{6}", public.registration_number)
    assert re.fullmatch(r"EU-HR-\d{4}-\d{6}", sequence) and re.fullmatch(
        r"[A-Z2-7]{8}", random_part
    )
    actor = actor_of(deployer, "editor")
    count = Filing.objects.count()
    with pytest.raises(ValidationError) as refused:
        filing_create(actor=actor, filing_type="eu.deployer", registration_number=sequence)
    assert "Covert predictor" not in str(refused.value) and Filing.objects.count() == count
    use = filing_create(
        actor=actor, filing_type="eu.deployer", registration_number=secure.registration_number
    )
    assert use.provider_filing == secure and use.non_public


def test_one_open_registration_of_use_per_deployer(owner, authorities, deployer, stranger):
    entry = registered_high_risk(owner, authorities)
    filing_create(
        actor=actor_of(deployer, "editor"),
        filing_type="eu.deployer",
        registration_number=entry.registration_number,
    )
    with pytest.raises(ValidationError, match="already has an open registration"):
        filing_create(
            actor=actor_of(deployer, "editor"),
            filing_type="eu.deployer",
            registration_number=entry.registration_number,
        )
    # Another deployer of the same system registers its own use.
    other = filing_create(
        actor=actor_of(stranger, "editor"),
        filing_type="eu.deployer",
        registration_number=entry.registration_number,
    )
    assert other.organization == stranger


# --- API


def test_api_creates_section_c_by_registration_number(owner, authorities, deployer):
    entry = registered_high_risk(owner, authorities)
    client = client_of(deployer, "editor")

    wrong = client.post(
        "/api/v1/filings/",
        {"filing_type": "eu.deployer", "registration_number": "EU-HR-1999-000001"},
        format="json",
    )
    assert wrong.status_code == 422
    assert wrong["Content-Type"].startswith("application/problem+json")
    assert "registration_number" in wrong.json()["errors"]
    missing = client.post("/api/v1/filings/", {"filing_type": "eu.deployer"}, format="json")
    assert missing.status_code in (400, 422)
    assert "registration_number" in missing.json()["errors"]

    created = client.post(
        "/api/v1/filings/",
        {"filing_type": "eu.deployer", "registration_number": entry.registration_number},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["registered_entry"] == {
        "registration_number": entry.registration_number,
        "provider": owner.name,
        "subject": "Scorer",
    }
    assert body["subject"]["id"] is None  # the provider's record is not the deployer's
    filing_id = body["id"]
    assert (
        client.patch(
            f"/api/v1/filings/{filing_id}/", {"data": SECTION_C}, format="json"
        ).status_code
        == 200
    )
    submitted = client.post(f"/api/v1/filings/{filing_id}/submit/", {}, format="json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["authority"]["code"] == "eu-msa-fr"


def test_isolation_of_the_deployers_filing(owner, authorities, deployer, stranger):
    """The provider never sees the deployer's filing (draft or submitted); another
    authority neither; the deployer's authority sees it once submitted."""
    entry = registered_high_risk(owner, authorities)
    actor = actor_of(deployer, "editor")
    filing = filing_create(
        actor=actor, filing_type="eu.deployer", registration_number=entry.registration_number
    )
    provider_api = client_of(owner, "admin")
    cnil_api = client_of(authorities["eu-msa-fr"], "reviewer")
    bnetza_api = client_of(authorities["eu-msa-de"], "reviewer")
    url = f"/api/v1/filings/{filing.pk}/"

    assert client_of(deployer, "viewer").get(url).status_code == 200
    for client in (provider_api, cnil_api, bnetza_api, client_of(stranger, "admin")):
        assert client.get(url).status_code == 404
        ids = [row["id"] for row in client.get("/api/v1/filings/").json()["results"]]
        assert str(filing.pk) not in ids
    assert provider_api.patch(url, {"data": {"submitter": "x"}}, format="json").status_code == 404
    assert provider_api.post(f"{url}submit/", {}, format="json").status_code == 404

    filing = filing_update(actor=actor, filing=filing, data=SECTION_C)
    filing_submit(actor=actor, filing=filing)
    assert cnil_api.get(url).status_code == 200
    for client in (provider_api, bnetza_api):
        assert client.get(url).status_code == 404
    assert bnetza_api.post(f"{url}start-review/", {}, format="json").status_code == 404
    assert Filing.objects.get(pk=filing.pk).status == "submitted"


# --- Browser


def test_browser_journey_from_the_dashboard(client, owner, authorities, deployer):
    entry = registered_high_risk(owner, authorities)
    login(client, member(deployer, "editor"), deployer)

    dashboard = client.get(reverse("dashboard")).content.decode()
    start_url = reverse("filing_use_new")
    assert f'href="{start_url}"' in dashboard
    assert f'href="{start_url}"' in client.get(reverse("filing_list")).content.decode()
    page = client.get(start_url)
    assert page.status_code == 200 and 'name="registration_number"' in page.content.decode()

    wrong = client.post(start_url, {"registration_number": "EU-HR-2026-424242"})
    assert wrong.status_code == 400
    assert 'id="id_registration_number_error"' in wrong.content.decode()
    assert "No registered high-risk AI system" in wrong.content.decode()
    assert not Filing.objects.filter(organization=deployer).exists()

    started = client.post(start_url, {"registration_number": entry.registration_number})
    filing = Filing.objects.get(organization=deployer)
    assert started.status_code == 302
    assert started.url == reverse("filing_edit", args=[filing.pk])
    form = client.get(started.url).content.decode()
    for name in ("deployer", "submitter", "provider_entry_url", "fria_summary", "dpia_summary"):
        assert f'name="{name}"' in form
    detail = client.get(reverse("filing_detail", args=[filing.pk])).content.decode()
    assert entry.registration_number in detail and "Use of Scorer" in detail


def test_the_provider_cannot_open_the_deployers_filing_pages(client, owner, authorities, deployer):
    entry = registered_high_risk(owner, authorities)
    filing = filing_create(
        actor=actor_of(deployer, "editor"),
        filing_type="eu.deployer",
        registration_number=entry.registration_number,
    )
    login(client, member(owner, "admin"), owner)
    for name in ("filing_detail", "filing_edit"):
        assert client.get(reverse(name, args=[filing.pk])).status_code == 404
    assert "Use of Scorer" not in client.get(reverse("filing_list")).content.decode()


def test_authorities_cannot_start_section_c(client, authorities):
    authority = authorities["eu-msa-fr"]
    login(client, member(authority, "supervisor"), authority)
    assert client.get(reverse("filing_use_new")).status_code == 403
