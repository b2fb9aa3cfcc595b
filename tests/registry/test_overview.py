"""The provider's overview on its dashboard: its systems by tier (linked to the filtered
list), its models with systemic risk, the dates EU obligations start; only its own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login, member
from tests.factories import make_model, make_system

pytestmark = pytest.mark.django_db

HIGH_RISK = {"annex_iii_point": "5(b)"}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_overview_counts_own_systems_by_tier_and_links_each_tier(client, owner, stranger):
    make_system(owner, profile=HIGH_RISK)
    make_system(owner, profile=HIGH_RISK)
    make_system(owner, profile={"interacts_with_persons": True})
    make_system(owner)  # no answers: not classified yet
    make_model(owner, training_compute_flop=3e25)
    make_system(stranger, profile=HIGH_RISK)
    login(client, member(owner, "viewer"), owner)

    response = client.get(reverse("subject_summary"))

    text = text_of(response)
    assert "4 AI systems by EU risk tier" in text
    assert "High-risk 2" in text and "Not classified yet 1" in text
    assert f'href="{reverse("system_list")}?tier=high"' in response.content.decode()
    assert "1 with systemic risk" in text
    # Annex III duties bind later than today (the dated rulebook): the date is listed.
    assert re.search(r"\d{1,2} \w+ 20\d\d: obligations start for [1-9]", text)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f'hx-get="{reverse("subject_summary")}"' in dashboard


def test_the_overview_keeps_a_constant_query_count(client, owner):
    login(client, member(owner, "viewer"), owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("subject_summary")).status_code == 200
        return len(captured)

    make_system(owner, profile=HIGH_RISK)
    few = queries()
    for _ in range(6):
        make_system(owner, profile=HIGH_RISK)
        make_model(owner, training_compute_flop=3e25)
    assert queries() == few
