"""The figures page: reached from the dashboard, a chart, a description and a data table
per figure with the numbers the API gives, each linked to its list; bad dates named."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from aigov.accounts.actor import Actor
from aigov.figures import FIGURES, default_window
from registry import figures as filing_figures
from tests.conftest import login, member
from tests.factories import AuthorityFactory, OrganizationFactory
from tests.figures.data import SPEC, make_filing_row


def _signed_in(client, organization, role):
    return login(client, member(organization, role), organization)


@pytest.mark.django_db
def test_authority_dashboard_and_nav_lead_to_the_figures(client, authority):
    _signed_in(client, authority, "viewer")
    page = client.get(reverse("dashboard")).content.decode()
    url = reverse("figures")
    assert f'href="{url}">Figures</a>' in page  # the nav
    assert f'<a href="{url}">See the figures</a>' in page  # the dashboard block


@pytest.mark.django_db
def test_operators_have_no_figures(client, owner):
    _signed_in(client, owner, "admin")
    assert reverse("figures") not in client.get(reverse("dashboard")).content.decode()
    assert client.get(reverse("figures")).status_code == 403


@pytest.mark.django_db
def test_each_figure_has_a_chart_description_table_and_downloads(client, authority, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    providers = {"DE": OrganizationFactory(country="DE")}
    for status in ("submitted", "submitted", "registered"):
        make_filing_row({**SPEC, "status": status}, authority, authority, providers)
    _signed_in(client, authority, "reviewer")
    response = client.get(reverse("figures"))
    assert response.status_code == 200
    page = response.content.decode()
    for code in FIGURES:
        section = page.split(f'id="figure-{code}"', 1)[1].split("</section>", 1)[0]
        assert "<svg" in section and f'aria-labelledby="figure-{code}-svgtitle' in section
        assert "<desc" in section and "<table" in section and "<caption>" in section
        assert f"/api/v1/dashboard/{code}/?since=" in section and "format=csv" in section
    status = page.split('id="figure-filings-by-status"', 1)[1].split("</section>", 1)[0]
    submitted = re.search(r'<tr data-key="submitted">.*?</tr>', status, re.S).group(0)
    assert (
        ">2</a>" in submitted and 'href="/queue/?status=submitted&amp;submitted_after=' in submitted
    )


@pytest.mark.django_db
def test_bad_dates_are_named_next_to_their_field(client, authority):
    _signed_in(client, authority, "viewer")
    page = client.get(reverse("figures"), {"since": "2026-13-01"}).content.decode()
    assert "There is a problem" in page
    assert 'id="window-since-error"' in page and "is not a date" in page
    assert "<svg" not in page


@pytest.mark.django_db
def test_sqlite_percentiles_match_postgresql(authority, monkeypatch):
    """The portable fallback (`make run` uses SQLite) interpolates as percentile_cont does."""
    providers = {"DE": OrganizationFactory(country="DE")}
    for hours in (5, 17, 30, 31, 200, 480, 1000):
        make_filing_row(
            {**SPEC, "status": "registered", "decision_after_hours": hours},
            authority,
            AuthorityFactory(),
            providers,
        )
    actor = Actor(organization=authority, role="viewer")
    window = default_window()
    on_postgresql = filing_figures.decision_times(actor, window)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert filing_figures.decision_times(actor, window) == on_postgresql
    assert on_postgresql[0].value == 7
