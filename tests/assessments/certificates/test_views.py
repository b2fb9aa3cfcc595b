"""Certificate pages: issued from the assessment page, acted on from the certificate page,
the provider's declarations, and the public verification (no login, live status)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from aigov.web import PAGE_SIZE
from assessments.certificates.models import (
    Certificate,
    CertificateNumbering,
    DeclarationOfConformity,
)
from tests.conftest import login, member
from tests.factories import make_certificate, make_declaration, make_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(assessor):
    return login(Client(), member(assessor, "lead", email="lead@body.test"), assessor)


@pytest.fixture
def provider_client(owner, owner_admin):
    return login(Client(), owner_admin, owner)


def test_the_lead_issues_from_the_assessment_page_and_suspends(lead_client, decided):
    page = lead_client.get(reverse("assessment_detail", args=[decided.pk])).content.decode()
    issue_url = reverse("certificate_issue", args=[decided.pk])
    assert issue_url in page
    form = lead_client.get(issue_url)
    assert form.status_code == 200 and "at most until" in form.content.decode()
    response = lead_client.post(
        issue_url,
        {"kind": "initial", "intended_purpose": "Ranks emergency calls.", "conditions": ""},
    )
    certificate = Certificate.objects.get()
    assert response.url == reverse("certificate_detail", args=[certificate.pk])
    detail = lead_client.get(response.url).content.decode()
    assert "Suspend" in detail and certificate.number in detail
    # A suspension without reasons is refused next to the field.
    refused = lead_client.post(response.url, {"verb": "suspend", "suspend-reason": ""})
    assert refused.status_code == 200 and "Give the reasons" in refused.content.decode()
    lead_client.post(response.url, {"verb": "suspend", "suspend-reason": "Audit pending."})
    certificate.refresh_from_db()
    assert certificate.status == "suspended"
    public = Client().get(reverse("certificate_verify", args=[certificate.number]))
    assert public.status_code == 200 and 'data-status="suspended"' in public.content.decode()


def test_the_verification_page_is_public_and_an_unknown_number_is_a_404(owner):
    certificate = make_certificate(owner)
    anonymous = Client()
    start = anonymous.get(reverse("verify"), {"number": certificate.number})
    assert start.url == reverse("certificate_verify", args=[certificate.number])
    page = anonymous.get(start.url)
    assert page["Cache-Control"] == "no-store"
    assert certificate.subject_name in page.content.decode()
    assert anonymous.get(reverse("certificate_verify", args=["NB-UNKNOWN-1"])).status_code == 404
    assert reverse("verify") in anonymous.get(reverse("register")).content.decode()


def test_another_tenants_certificate_and_declaration_are_404(provider_client, stranger):
    theirs = make_certificate(stranger)
    assert provider_client.get(reverse("certificate_detail", args=[theirs.pk])).status_code == 404
    declaration = make_declaration(stranger)
    url = reverse("declaration_detail", args=[declaration.pk])
    assert provider_client.get(url).status_code == 404
    response = provider_client.post(url, {"action": "sign", "signer_name": "x"})
    assert response.status_code == 404
    response = provider_client.post(reverse("declaration_new"), {"ai_system": theirs.ai_system_id})
    assert response.status_code == 404
    assert not DeclarationOfConformity.objects.filter(organization__slug="owner").exists()


def test_the_provider_drafts_and_signs_from_the_certificates_page(provider_client, decided):
    listing = provider_client.get(reverse("certificate_list")).content.decode()
    assert reverse("declaration_new") in listing
    response = provider_client.post(reverse("declaration_new"), {"ai_system": decided.ai_system_id})
    declaration = DeclarationOfConformity.objects.get()
    assert response.url == reverse("declaration_detail", args=[declaration.pk])
    page = provider_client.get(response.url).content.decode()
    assert "Sign the declaration" in page and "1. AI system name" in page
    provider_client.post(
        response.url,
        {
            "action": "sign",
            "signer_name": "Ada Example",
            "signer_function": "CEO",
            "place": "Berlin",
            "confirm": "on",
        },
    )
    declaration.refresh_from_db()
    assert declaration.status == "signed"
    verify = Client().get(reverse("declaration_verify", args=[declaration.pk])).content.decode()
    assert declaration.sha256 in verify


def test_the_authority_dashboard_shows_the_bodies_notices(client, authority, decided, lead):
    from assessments.certificates.services import certificate_issue, certificate_transition

    certificate = certificate_issue(actor=lead, assessment=decided)
    certificate_transition(actor=lead, certificate=certificate, verb="suspend", reason="Audit")
    login(client, member(authority, "reviewer"), authority)
    assert reverse("certificate_summary") in client.get(reverse("dashboard")).content.decode()
    summary = client.get(reverse("certificate_summary")).content.decode()
    assert certificate.number in summary and "suspended" in summary
    figure = client.get(reverse("api:figure-detail", kwargs={"code": "certificates-by-status"}))
    assert figure.status_code == 200, figure.content
    rows = {row["key"]: row["value"] for row in figure.json()["rows"]}
    assert rows["suspended"] == 1 and rows["valid"] == 0


def test_the_declarations_are_paged_apart_from_the_certificates(provider_client, owner):
    names = [f"System {index:02d}" for index in range(PAGE_SIZE + 1)]
    for name in names:
        make_declaration(owner, ai_system=make_system(owner, name=name), signed=False)
    first = provider_client.get(reverse("certificate_list")).content.decode()
    url = reverse("certificate_list")
    second = provider_client.get(url, {"declarations_page": 2}).content.decode()

    def listed(page):  # the declarations' table links (the draft form lists every system)
        return re.findall(r'/declarations/[0-9a-f-]+/">(System \d+)</a>', page)

    assert listed(first) == names[:-1]
    assert "?declarations_page=2" in first and "Page 1 of 2" in first
    assert listed(second) == names[-1:]


def test_a_number_format_that_is_code_is_refused_next_to_the_field(lead_client, assessor):
    url = reverse("certificate_numbering")
    for number_format in ("{seq[0]}", "{body.nope}{seq}", "{seq:2000000000d}"):
        response = lead_client.post(url, {"number_format": number_format})
        assert response.status_code == 200
        assert "Use only {body}, {year} and {seq}" in response.content.decode()
    assert not CertificateNumbering.objects.filter(organization=assessor).exists()


def test_only_a_high_risk_system_gets_a_declaration(provider_client, owner, decided):
    """Art. 47(1): the provider draws up a declaration for each high-risk AI system; the
    draft form offers no other, and one named anyway is refused with nothing stored."""
    minimal = make_system(owner, name="Spam filter", profile={"interacts_with_persons": False})
    listing = provider_client.get(reverse("certificate_list")).content.decode()
    offered = re.findall(r'<option value="([0-9a-f-]+)">', listing)
    assert offered == [str(decided.ai_system_id)]

    response = provider_client.post(reverse("declaration_new"), {"ai_system": minimal.pk})

    assert response.url == reverse("certificate_list")
    assert not DeclarationOfConformity.objects.exists()
    page = provider_client.get(response.url).content.decode()
    assert "not classified high-risk" in page
