"""The incident figures count what was reported to the authority, by category and by
stage, equal to a direct count, and each number opens the list that holds it."""

import pytest
from django.urls import reverse

from tests.conftest import login, member
from tests.factories import AuthorityFactory, make_incident

pytestmark = pytest.mark.django_db


def _rows(client, code):
    response = client.get(reverse("api:figure-detail", kwargs={"code": code}))
    assert response.status_code == 200, response.content
    return {row["key"]: row for row in response.json()["rows"]}


def test_incident_figures_count_only_what_was_routed_here(client, authority, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    routed_here = (("death", "reported"), ("death", "acknowledged"), ("health", "closed"))
    for category, status in routed_here:
        make_incident(authority, category=category, status=status)
    elsewhere = AuthorityFactory()
    for _ in range(3):
        make_incident(elsewhere, category="death", status="reported")
    login(client, member(authority, "reviewer"), authority)

    by_category = _rows(client, "incidents-by-category")
    assert by_category["eu:death"]["value"] == 2
    assert by_category["eu:health"]["value"] == 1
    total = sum(row["value"] for row in by_category.values())
    assert total == 3
    by_stage = _rows(client, "incidents-by-stage")
    assert "draft" not in by_stage
    assert (by_stage["reported"]["value"], by_stage["closed"]["value"]) == (1, 1)

    page = client.get(by_category["eu:death"]["page_url"]).content.decode()
    assert page.count('href="/incidents/') - page.count('href="/incidents/new') >= 2
    listed = client.get(by_category["eu:death"]["url"]).json()["results"]
    assert len(listed) == 2
