"""The organisation's postal address and contact details: kept by its administrators from
the dashboard, and what new registrations and declarations name it by (Annex VIII A 1,
Annex V 2)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from aigov.audit.models import AuditEvent
from registry.services import filing_create
from tests.conftest import login, member
from tests.factories import MembershipFactory, OrganizationFactory, make_cn_system, make_system
from tests.registry.test_filings import actor_of

pytestmark = pytest.mark.django_db

ADDRESS = "Hauptstraße 5\n10115 Berlin\nGermany"
CONTACT = {"address": ADDRESS, "contact_email": "ai@acme.example", "phone": "+49 30 1234567"}


def test_an_administrator_records_the_address_from_the_dashboard(owner):
    client = login(Client(), member(owner, "admin"), owner)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Not recorded" in dashboard
    link = re.search(r'href="([^"]+)">Change the address and contact details', dashboard)
    assert link, "the dashboard links to the contact page"

    response = client.post(link.group(1), CONTACT)

    assert response.status_code == 302 and response.url == reverse("dashboard")
    owner.refresh_from_db()
    assert (owner.address, owner.contact_email, owner.phone) == (
        ADDRESS,
        "ai@acme.example",
        "+49 30 1234567",
    )
    page = client.get(response.url).content.decode()
    assert "10115 Berlin" in page and "ai@acme.example" in page
    event = AuditEvent.objects.get(action="organization.contact_changed")
    assert event.data["address"] == ["", ADDRESS]
    # Saving the same values again changes nothing and records nothing.
    client.post(link.group(1), CONTACT)
    assert AuditEvent.objects.filter(action="organization.contact_changed").count() == 1


def test_bad_input_names_the_field_and_stores_nothing(owner):
    client = login(Client(), member(owner, "admin"), owner)
    response = client.post(
        reverse("organization_contact"), {**CONTACT, "contact_email": "not an address"}
    )
    assert response.status_code == 422
    assert "Enter a valid email address" in response.content.decode()
    owner.refresh_from_db()
    assert owner.address == "" and owner.contact_email == ""
    assert not AuditEvent.objects.filter(action="organization.contact_changed").exists()


def test_only_an_administrator_of_the_active_organisation_may_change_it(owner):
    """A user who administers one organisation and edits in another changes neither from
    the other: the page acts on the active organisation, with that membership's role."""
    other = OrganizationFactory()
    user = member(owner, "admin")
    MembershipFactory(organization=other, user=user, role="editor")
    client = login(Client(), user, other)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Change the address and contact details" not in dashboard
    assert client.get(reverse("organization_contact")).status_code == 403
    assert client.post(reverse("organization_contact"), CONTACT).status_code == 403
    other.refresh_from_db()
    owner.refresh_from_db()
    assert other.address == "" and owner.address == ""


def test_new_filings_state_the_address(owner):
    owner.address, owner.contact_email = ADDRESS, "ai@acme.example"
    owner.save()
    editor = actor_of(owner, "editor")
    eu = filing_create(
        actor=editor,
        subject=make_system(owner, profile={"annex_iii_point": "5(b)"}),
        filing_type="eu.high_risk",
    )
    assert eu.data["provider"] == f"{owner.name}\n{ADDRESS}\nai@acme.example"
    # CAC asks for the legal name alone (主体名称).
    cn = filing_create(actor=editor, subject=make_cn_system(owner), filing_type="cn.genai_filing")
    assert cn.data["provider"] == owner.name


def test_the_api_reads_the_contact_details(owner, owner_api):
    owner.address, owner.contact_email = ADDRESS, "ai@acme.example"
    owner.save()
    organization = owner_api.get(reverse("api:organization-me")).json()["organization"]
    assert organization["address"] == ADDRESS
    assert organization["contact_email"] == "ai@acme.example"
    assert organization["phone"] == ""
