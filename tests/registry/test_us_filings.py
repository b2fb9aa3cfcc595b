"""US filings as of today: SB 53 filings to Cal OES, the organisation's revenue, the revoked
EO 14110 report (no longer offered, old ones readable) and CAC filings of GPAI models."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from aigov import clock
from aigov.accounts.actor import Actor
from aigov.audit.models import AuditEvent
from registry.models import Filing, GPAIModel
from registry.regimes import FILING_TYPES, filings_needed, us_ca_sb53
from registry.regimes.us_ca_sb53_filings import (
    framework_due,
    risk_summary_due,
    transparency_report_due,
)
from registry.services import (
    filing_accept,
    filing_create,
    filing_start_review,
    filing_submit,
    filing_update,
    organization_revenue_update,
    subject_create,
)
from tests.conftest import login, member
from tests.factories import AuthorityFactory, OrganizationFactory
from tests.registry.test_views import html_text

pytestmark = pytest.mark.django_db

# GPAIModel.training_compute_flop is a float column: 10^26 + 1 would be stored as 10^26.
# The exact boundary is tested on the pure rule (test_regime_us_ca.py).
FRONTIER = 2 * 10**26
LARGE = 500_000_000 + 1
SB53 = {"us_ca.framework", "us_ca.transparency_report", "us_ca.risk_summary"}


def text_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def actor_of(organization, role):
    return Actor(organization=organization, role=role, user=member(organization, role))


def frontier_model(organization, *, compute=FRONTIER, **profile):
    return subject_create(
        model_class=GPAIModel,
        fields={
            "name": f"Frontier {GPAIModel.objects.count() + 1}",
            "training_compute_flop": compute,
        },
        profile={"offered_in_california": True, **profile},
        organization=organization,
    )


def us_ca_needed(model) -> set[str]:
    return {t.code for t in filings_needed(model.classification, "gpai_model")} & (
        SB53 | {"us.compute_report"}
    )


@pytest.fixture
def cal_oes(db):
    return AuthorityFactory(
        name="Cal OES", slug="us-ca-oes", authority_code="us-ca-oes", country="US",
        jurisdictions=["US-CA"],
    )  # fmt: skip


@pytest.fixture
def large_developer(db):
    return OrganizationFactory(
        name="Big Lab GmbH", slug="big-lab", country="DE", annual_revenue_usd=LARGE
    )


def test_a_large_frontier_developers_frontier_model_needs_the_three_sb53_filings(
    large_developer,
):
    model = frontier_model(large_developer)
    assert model.classification["us_ca"]["large_frontier_developer"] is True
    assert us_ca_needed(model) == SB53


@pytest.mark.parametrize(
    ("compute", "revenue", "needed"),
    [
        (10**26, LARGE, set()),
        (FRONTIER, 500_000_000, {"us_ca.transparency_report"}),
        (FRONTIER, 500_000_001, SB53),
        (FRONTIER, None, {"us_ca.transparency_report"}),
        (FRONTIER, LARGE, SB53),
    ],
)
def test_sb53_filings_follow_the_thresholds_exactly(compute, revenue, needed):
    organization = OrganizationFactory(country="DE", annual_revenue_usd=revenue)
    assert us_ca_needed(frontier_model(organization, compute=compute)) == needed


def test_the_answers_revenue_wins_over_the_organisations(large_developer):
    model = frontier_model(large_developer, annual_revenue_usd=500_000_000)
    assert model.classification["us_ca"]["large_frontier_developer"] is False
    assert model.profile["annual_revenue_usd"] == 500_000_000


def test_the_revenue_page_records_it_and_classifies_the_models_again(client):
    lab = OrganizationFactory(name="Lab", slug="lab", country="DE")
    model = frontier_model(lab)
    assert model.classification["us_ca"]["large_frontier_developer"] is False
    login(client, member(lab, "admin"), lab)

    dashboard = html_text(client.get(reverse("dashboard")))
    assert "Annual gross revenue Not recorded" in dashboard and "Change the revenue" in dashboard
    page = client.get(reverse("organization_revenue"))
    assert page.status_code == 200 and 'name="annual_revenue_usd"' in page.content.decode()

    refused = client.post(reverse("organization_revenue"), {"annual_revenue_usd": "-5"})
    assert refused.status_code == 200 and "greater than or equal to 0" in html_text(refused)
    lab.refresh_from_db()
    assert lab.annual_revenue_usd is None

    saved = client.post(reverse("organization_revenue"), {"annual_revenue_usd": str(LARGE)})
    assert saved.status_code == 302 and saved.url == reverse("dashboard")
    lab.refresh_from_db()
    model.refresh_from_db()
    assert lab.annual_revenue_usd == LARGE
    assert model.classification["us_ca"]["large_frontier_developer"] is True
    assert us_ca_needed(model) == SB53
    event = AuditEvent.objects.get(action="organization.revenue_changed")
    assert event.data == {"from": None, "to": LARGE, "models_reclassified": 1}
    assert f"USD {LARGE}" in html_text(client.get(reverse("dashboard")))
    detail = html_text(client.get(reverse("model_detail", args=[model.pk])))
    assert "Frontier model of a large frontier developer" in detail


def test_only_an_administrator_changes_the_revenue(client, owner):
    login(client, member(owner, "editor"), owner)
    assert (
        client.post(reverse("organization_revenue"), {"annual_revenue_usd": "1"}).status_code == 403
    )
    assert "Change the revenue" not in html_text(client.get(reverse("dashboard")))
    authority = AuthorityFactory()
    with pytest.raises(ValidationError):
        organization_revenue_update(actor=actor_of(authority, "supervisor"), annual_revenue_usd=1)


def entered(**data) -> dict:
    """A filing context holding only the dates the provider entered."""
    return {"data": data}


def ca_end(*day) -> datetime:
    """The end of a day in California, where SB 53 deadlines end."""
    return clock.end_of_day(date(*day), regime="us_ca")


def test_framework_and_transparency_report_due_dates():
    """Each deadline ends with its last day in California (aigov.clock)."""

    assert ca_end(2026, 1, 1) == datetime(2026, 1, 2, 7, 59, 59, 999999, tzinfo=UTC)  # PST
    assert framework_due(entered()) == ca_end(2026, 1, 1)
    assert framework_due(entered(last_reviewed_on="2026-03-01")) == ca_end(2027, 3, 1)
    assert framework_due(
        entered(last_reviewed_on="2026-03-01", material_modification_on="2026-05-10")
    ) == ca_end(2026, 6, 9)
    assert transparency_report_due(entered()) is None
    assert transparency_report_due(entered(deployment_date="2026-07-04")) == ca_end(2026, 7, 4)


def test_a_framework_is_due_a_year_after_its_last_review_or_publication():
    """A new framework is not overdue from the start, and a modification the last review
    already covered does not keep it overdue forever (REGULATION.md SB 53 framework)."""

    assert framework_due(entered(published_on="2026-03-01")) == ca_end(2027, 3, 1)
    assert framework_due(
        entered(published_on="2026-03-01", last_reviewed_on="2026-02-01")
    ) == ca_end(2027, 3, 1)
    assert framework_due(
        entered(material_modification_on="2026-02-01", last_reviewed_on="2026-06-01")
    ) == ca_end(2027, 6, 1)
    # A modification after the last review is published within 30 days of it.
    assert framework_due(
        entered(published_on="2026-03-01", material_modification_on="2026-03-20")
    ) == ca_end(2026, 4, 19)


def test_a_framework_with_no_date_is_due_when_the_regime_says_sb53_applies(monkeypatch):
    """The day SB 53 applies is written once, in the regime module."""
    monkeypatch.setattr(us_ca_sb53, "APPLIES_FROM", date(2026, 2, 1))
    assert framework_due(entered()) == ca_end(2026, 2, 1)


def complete(filing_type_code) -> dict:
    data = {}
    for spec in FILING_TYPES[filing_type_code].fields:
        if spec.kind == "date":
            data[spec.name] = "2026-04-01"
        elif spec.kind == "url":
            data[spec.name] = f"https://lab.example/{spec.name}"
        elif spec.kind == "choice":
            data[spec.name] = "BJ" if spec.name == "province" else spec.choices[0][0]
        elif spec.kind == "number":
            data[spec.name] = 20_000
        else:
            data[spec.name] = f"Text of {spec.name}"
    return data


def test_a_risk_summary_goes_to_cal_oes_with_its_due_date_and_is_never_public(
    large_developer, cal_oes
):
    model = frontier_model(large_developer)
    editor = actor_of(large_developer, "editor")
    filing = filing_create(actor=editor, subject=model, filing_type="us_ca.risk_summary")
    data = {**complete("us_ca.risk_summary"), "period_start": "2026-01-31"}
    data["period_end"] = "2026-04-30"
    data["agreed_interval_months"] = ""  # no schedule agreed: the statutory three months
    data["summary"] = "CONFIDENTIAL-SUMMARY"
    filing = filing_update(actor=editor, filing=filing, data=data)
    # Three months after the start; a shorter month keeps its last day.
    assert filing.filing_due_at == clock.end_of_day(date(2026, 4, 30), regime="us_ca")
    filing = filing_submit(actor=editor, filing=filing)
    assert filing.authority == cal_oes and filing.regime == "us_ca"
    reviewer = actor_of(cal_oes, "reviewer")
    filing = filing_accept(
        actor=reviewer, filing=filing_start_review(actor=reviewer, filing=filing)
    )
    assert filing.status == "registered"
    assert filing.registration_number.startswith("US-CA-RS-")

    api = APIClient()
    assert api.get(f"/api/v1/public/register/{filing.pk}/").status_code == 404
    for url in ("/api/v1/public/register/", "/api/v1/public/register/export/?format=json"):
        response = api.get(url)
        body = text_of(response)
        assert str(filing.pk) not in body and "CONFIDENTIAL-SUMMARY" not in body
    browser = Client()
    assert browser.get(reverse("register_entry", args=[filing.pk])).status_code == 404
    for name in ("register", "register_export_csv", "register_export_json"):
        response = browser.get(reverse(name))
        body = text_of(response)
        assert str(filing.pk) not in body and filing.registration_number not in body


def test_a_risk_summary_is_due_on_the_schedule_agreed_in_writing_with_cal_oes():
    """Every three months, or another schedule agreed in writing (REGULATION.md SB 53)."""
    assert risk_summary_due(entered()) is None
    assert risk_summary_due(entered(period_start="2026-01-31")) == ca_end(2026, 4, 30)
    empty = entered(period_start="2026-01-31", agreed_interval_months="")
    assert risk_summary_due(empty) == ca_end(2026, 4, 30)
    monthly = entered(period_start="2026-01-31", agreed_interval_months="1")
    assert risk_summary_due(monthly) == ca_end(2026, 2, 28)
    half_yearly = entered(period_start="2026-01-31", agreed_interval_months="6")
    assert risk_summary_due(half_yearly) == ca_end(2026, 7, 31)
    yearly = entered(period_start="2026-03-01", agreed_interval_months="12")
    assert risk_summary_due(yearly) == ca_end(2027, 3, 1)


def test_the_agreed_interval_sets_the_filings_due_date_and_a_bad_one_is_refused(
    large_developer, cal_oes
):
    model = frontier_model(large_developer)
    editor = actor_of(large_developer, "editor")
    filing = filing_create(actor=editor, subject=model, filing_type="us_ca.risk_summary")
    api = login(APIClient(), editor.user, large_developer)
    url = f"/api/v1/filings/{filing.pk}/"
    saved = api.patch(
        url, {"data": {"period_start": "2026-01-31", "agreed_interval_months": "2"}}, format="json"
    )
    assert saved.status_code == 200, saved.content
    filing.refresh_from_db()
    assert filing.filing_due_at == ca_end(2026, 3, 31)
    for bad in ("13", "0", 6, ["2"]):
        refused = api.patch(url, {"data": {"agreed_interval_months": bad}}, format="json")
        assert refused.status_code == 422, (bad, refused.content)
        assert refused["Content-Type"] == "application/problem+json"
        assert set(refused.json()["errors"]) == {"agreed_interval_months"}
        message = refused.json()["errors"]["agreed_interval_months"][0]
        assert message == f"Must be one of: {', '.join(str(n) for n in range(1, 13))}."
        filing.refresh_from_db()
        assert filing.data["agreed_interval_months"] == "2"
        assert filing.filing_due_at == ca_end(2026, 3, 31)
    cleared = api.patch(url, {"data": {"agreed_interval_months": ""}}, format="json")
    assert cleared.status_code == 200, cleared.content
    filing.refresh_from_db()
    assert filing.filing_due_at == ca_end(2026, 4, 30)  # back to the statutory three months


def test_the_risk_summary_form_asks_for_an_agreed_interval(client, large_developer, cal_oes):
    model = frontier_model(large_developer)
    editor = actor_of(large_developer, "editor")
    filing = filing_create(actor=editor, subject=model, filing_type="us_ca.risk_summary")
    login(client, editor.user, large_developer)
    page = client.get(reverse("filing_edit", args=[filing.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert '<select name="agreed_interval_months"' in body
    assert '<option value="6">Every 6 months</option>' in body
    text = html_text(page)
    assert "Agreed interval between summaries" in text
    assert "a schedule agreed in writing with Cal OES" in text
    saved = client.post(
        reverse("filing_edit", args=[filing.pk]),
        {"period_start": "2026-01-31", "agreed_interval_months": "1"},
    )
    assert saved.status_code == 302, html_text(saved)
    filing.refresh_from_db()
    assert filing.data["agreed_interval_months"] == "1"
    assert filing.filing_due_at == ca_end(2026, 2, 28)


def test_the_transparency_report_asks_large_developers_for_risk_summaries(large_developer, cal_oes):
    model = frontier_model(large_developer)
    editor = actor_of(large_developer, "editor")
    filing = filing_create(actor=editor, subject=model, filing_type="us_ca.transparency_report")
    data = complete("us_ca.transparency_report")
    del data["third_party_evaluators"]
    filing = filing_update(actor=editor, filing=filing, data=data)
    with pytest.raises(ValidationError) as refused:
        filing_submit(actor=editor, filing=filing)
    assert "third_party_evaluators" in refused.value.message_dict


def test_the_revoked_us_report_is_no_longer_offered_but_old_ones_stay_readable(client, owner):
    bis = AuthorityFactory(name="BIS", slug="us-bis", authority_code="us-bis", country="US")
    model = frontier_model(owner, compute=2 * 10**26)
    assert model.classification["us"]["above_threshold"] is True
    assert "us.compute_report" not in us_ca_needed(model)
    with pytest.raises(ValidationError):
        filing_create(
            actor=actor_of(owner, "editor"), subject=model, filing_type="us.compute_report"
        )
    # A report filed while the order was in force.
    old = Filing.objects.create(
        organization=owner,
        filing_type="us.compute_report",
        regime="us",
        status="submitted",
        authority=bis,
        gpai_model=model,
        data=complete("us.compute_report"),
    )
    login(client, member(owner, "editor"), owner)
    mine = client.get(reverse("filing_detail", args=[old.pk]))
    assert mine.status_code == 200 and "Report on a dual-use foundation model" in html_text(mine)
    login(client, member(bis, "reviewer"), bis)
    queue = html_text(client.get(reverse("queue")))
    assert model.name in queue
    assert client.get(reverse("queue_review", args=[old.pk])).status_code == 200
    api = login(APIClient(), member(bis, "reviewer", email="r2@bis.test"), bis)
    assert str(old.pk) in api.get("/api/v1/queue/").content.decode()


def test_a_gpai_model_offered_in_china_files_its_genai_filing_in_the_browser(client, owner):
    beijing = AuthorityFactory(slug="cn-cac-bj", authority_code="cn-cac-bj", country="CN")
    model = subject_create(
        model_class=GPAIModel,
        fields={"name": "Qilin", "training_compute_flop": 10**24},
        profile={
            "offered_in_china": True,
            "public_opinion_or_mobilisation": True,
            "cn_service_types": ["generative"],
        },
        organization=owner,
    )
    assert model.classification["cn"]["filings"] == ["genai_filing"]
    login(client, member(owner, "editor"), owner)
    offered = html_text(client.get(reverse("filing_new"), {"model": str(model.pk)}))
    assert "Generative-AI service filing" in offered
    started = client.post(
        reverse("filing_new"), {"model": str(model.pk), "filing_type": "cn.genai_filing"}
    )
    filing = Filing.objects.get(gpai_model=model, filing_type="cn.genai_filing")
    assert started.status_code == 302 and started.url == reverse("filing_edit", args=[filing.pk])
    assert filing.data["model_name"] == "Qilin"
    editor = actor_of(owner, "editor")
    filing = filing_update(actor=editor, filing=filing, data=complete("cn.genai_filing"))
    filing = filing_submit(actor=editor, filing=filing)
    assert filing.authority == beijing
