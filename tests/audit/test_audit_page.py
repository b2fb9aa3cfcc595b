"""The audit log page: actions in words, objects linked to their pages, and filters by
who, what, which object and when (a bad date is refused with a message)."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from aigov.accounts.actor import Actor
from registry.services import filing_create
from tests.conftest import login, member
from tests.factories import make_system


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def shown(response) -> list[str]:
    """The actions in words of the events the page lists."""
    return [row["label"] for row in response.context["rows"]]


@pytest.fixture
def admin_client(owner):
    return login(Client(), member(owner, "admin", email="ada@owner.test"), owner)


@pytest.mark.django_db
def test_actions_read_in_words_and_objects_link_to_their_pages(owner, admin_client):
    editor = member(owner, "editor", email="eddie@owner.test")
    system = make_system(owner, profile={"annex_iii_point": "5(b)"}, name="Scorer")
    filing = filing_create(
        actor=Actor(organization=owner, role="editor", user=editor),
        subject=system,
        filing_type="eu.high_risk",
    )
    page = admin_client.get("/audit/")
    body = page.content.decode()
    assert "Started a filing" in text(page)
    assert f'href="/filings/{filing.pk}/"' in body
    assert f'href="/systems/{system.pk}/"' in body

    assert shown(admin_client.get("/audit/", {"actor": "eddie@"})) == ["Started a filing"]
    one_object = shown(admin_client.get("/audit/", {"object": str(system.pk)}))
    assert one_object == ["Registered an AI system"]
    by_action = shown(admin_client.get("/audit/", {"action": "filing.created"}))
    assert by_action == ["Started a filing"]


@pytest.mark.django_db
def test_a_bad_date_range_is_refused_with_a_message(owner, admin_client):
    make_system(owner, name="New one")
    today = timezone.now().date()
    refused = admin_client.get("/audit/", {"since": str(today), "until": "2020-01-01"})
    assert "The end date is before the start date." in text(refused)
    assert "Enter a valid date." in text(admin_client.get("/audit/", {"since": "31/31/2026"}))
