"""Filings in the browser, without JavaScript: the provider starts a filing from a system,
fills in the generated form and submits it; the regulator works the queue and decides
from the review page. Tenants and authorities never see each other's filings."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aigov.accounts.actor import Actor
from aigov.audit.models import AuditEvent
from registry.models import Filing, FilingEvent, FilingStatus, Submission
from registry.services import (
    filing_create,
    filing_start_review,
    filing_submit,
    filing_update,
    subject_update,
)
from tests.conftest import login, member
from tests.factories import AuthorityFactory, make_cn_system, make_model, make_system

pytestmark = pytest.mark.django_db

COMPLETE_HIGH_RISK = {
    "inputs_and_operating_logic": "Bureau data; gradient-boosted trees; a 0-1000 score.",
    "member_states": ["DE", "AT"],
    "declaration_of_conformity": "https://owner.example/doc.pdf",
    "instructions_for_use": "https://owner.example/ifu.pdf",
}
MISSING_ON_START = {
    "inputs_and_operating_logic",
    "member_states",
    "declaration_of_conformity",
    "instructions_for_use",
}


@pytest.fixture
def system(owner):
    return make_system(owner, profile={"annex_iii_point": "5(b)"}, trade_name="ScoreMate")


def html_text(response) -> str:
    """The page's text with tags removed and white space collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text)).replace(" :", ":")


def signed_in(organization, role, **user_fields):
    from django.test import Client

    user = member(organization, role, **user_fields)
    return login(Client(), user, organization)


def submitted_filing(owner, provider, due_in=None, **system_fields):
    """A complete high-risk filing submitted to eu-msa-de, with its decision deadline."""
    system = make_system(owner, profile={"annex_iii_point": "5(b)"}, **system_fields)
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    Filing.objects.filter(pk=filing.pk).update(data={**filing.data, **COMPLETE_HIGH_RISK})
    filing.refresh_from_db()
    filing = filing_submit(actor=provider, filing=filing)
    if due_in is not None:
        Filing.objects.filter(pk=filing.pk).update(decision_due_at=timezone.now() + due_in)
        filing.refresh_from_db()
    return filing


def queue_names(response) -> list[str]:
    return re.findall(r'href="/queue/[0-9a-f-]+/">([^<]+)</a>', response.content.decode())


def stored_state():
    """Everything a submit could write, to prove that a refused one wrote nothing."""
    return (
        list(Filing.objects.values_list("id", "status", "data", "submitted_at", "authority")),
        Submission.objects.count(),
        FilingEvent.objects.count(),
        AuditEvent.objects.count(),
    )


# --- Starting a filing


def test_a_system_shows_the_filings_it_needs_and_start_opens_the_form(
    client, editor, owner, system, authorities
):
    new_url = f"{reverse('filing_new')}?system={system.pk}"
    page = client.get(new_url)
    assert page.status_code == 200
    text = html_text(page)
    assert "EU database registration of a high-risk AI system" in text
    assert "Art. 49(1), Annex VIII Section A" in text
    assert 'name="filing_type" value="eu.high_risk"' in page.content.decode()

    response = client.post(
        reverse("filing_new"), {"system": str(system.pk), "filing_type": "eu.high_risk"}
    )
    filing = Filing.objects.get(ai_system=system)
    assert response.status_code == 302
    assert response["Location"] == reverse("filing_edit", args=[filing.pk])
    assert filing.status == "draft" and filing.organization == owner
    assert filing.data["provider"] == owner.name  # prefilled from what aigov knows

    # Started once: the page now links to the open filing instead of offering Start.
    again = client.get(new_url)
    assert reverse("filing_detail", args=[filing.pk]) in again.content.decode()
    assert 'value="eu.high_risk"' not in again.content.decode()
    twice = client.post(
        reverse("filing_new"), {"system": str(system.pk), "filing_type": "eu.high_risk"}
    )
    assert twice.status_code == 400
    assert "already has an open filing" in html_text(twice)
    assert Filing.objects.filter(ai_system=system).count() == 1


def test_a_model_page_link_lists_the_gpai_notification(client, editor, owner):
    model = make_model(owner, name="Frontier", training_compute_flop=3e25)
    page = client.get(reverse("filing_new"), {"model": str(model.pk)})
    assert page.status_code == 200
    assert "Notification of a general-purpose AI model" in html_text(page)


def test_a_filing_the_classification_does_not_need_is_refused(client, editor, owner):
    chatbot = make_system(owner, profile={"interacts_with_persons": True})
    page = client.get(reverse("filing_new"), {"system": str(chatbot.pk)})
    assert "needs no filing" in html_text(page)
    response = client.post(
        reverse("filing_new"), {"system": str(chatbot.pk), "filing_type": "eu.high_risk"}
    )
    assert response.status_code == 400 and "not required" in html_text(response)
    assert not Filing.objects.exists()


def test_start_needs_an_own_subject_and_an_editor(client, owner, stranger, system):
    foreign = make_system(stranger, profile={"annex_iii_point": "5(b)"})
    editor = member(owner, "editor")
    login(client, editor, owner)
    assert client.get(reverse("filing_new"), {"system": str(foreign.pk)}).status_code == 404
    assert client.get(reverse("filing_new"), {"system": "not-a-uuid"}).status_code == 404
    response = client.post(
        reverse("filing_new"), {"system": str(foreign.pk), "filing_type": "eu.high_risk"}
    )
    assert response.status_code == 404

    viewer = signed_in(owner, "viewer")
    page = viewer.get(reverse("filing_new"), {"system": str(system.pk)})
    assert page.status_code == 200 and 'value="eu.high_risk"' not in page.content.decode()
    response = viewer.post(
        reverse("filing_new"), {"system": str(system.pk), "filing_type": "eu.high_risk"}
    )
    assert response.status_code == 403
    assert not Filing.objects.exists()


# --- The generated form


def test_the_form_is_generated_from_the_filing_types_fields(client, editor, system, provider):
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    page = client.get(reverse("filing_edit", args=[filing.pk]))
    body = page.content.decode()
    text = html_text(page)
    assert page.status_code == 200
    # Label, legal basis as hint, and the required / optional marker of each field.
    assert "Name, address and contact details of the provider (required)" in text
    assert "Legal basis: Annex VIII A 1." in text
    assert "URL for additional information (optional)" in text
    # Point 3 is required only for providers outside the EU; point 8 only after Annex VII.
    assert "authorised representative (optional)" in text
    assert "certificate, and the body's name or identification number (optional)" in text
    # Widgets follow the field kinds.
    assert re.search(r'<textarea[^>]+name="provider"', body)
    assert re.search(r'<select[^>]+name="status"', body)
    assert body.count('type="checkbox" name="member_states"') == 27
    assert re.search(r'<input type="url" name="declaration_of_conformity"', body)
    assert "<legend>Published on the public register</legend>" in body
    # Both buttons: save the draft, or save and submit.
    assert f'formaction="{reverse("filing_submit", args=[filing.pk])}"' in body


def test_dates_and_numbers_get_their_inputs(client, editor, owner, provider):
    model = make_model(owner, name="Frontier", training_compute_flop=3e25)
    filing = filing_create(actor=provider, subject=model, filing_type="eu.gpai_notification")
    body = client.get(reverse("filing_edit", args=[filing.pk])).content.decode()
    assert re.search(r'<input type="date" name="threshold_met_on"', body)
    assert re.search(r'<input type="number" name="training_compute_flop"[^>]*step="any"', body)
    assert "<legend>Seen only by the reviewing authority</legend>" in body

    response = client.post(
        reverse("filing_edit", args=[filing.pk]),
        {
            "from_form": "1",
            "provider": "Owner AI GmbH, Berlin",
            "model_name": "Frontier 1",
            "training_compute_flop": "3e25",
            "compute_method": "declared",
            "threshold_met_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.data["threshold_met_on"] == "2026-11-20"
    assert float(filing.data["training_compute_flop"]) == 3e25
    assert filing.filing_due_at.date().isoformat() == "2026-12-04"  # two weeks later
    page = html_text(client.get(reverse("filing_detail", args=[filing.pk])))
    assert "File by" in page and "4 December 2026" not in page  # a timestamp, not the date
    assert "20 November 2026" in page and "3e25" in page


def test_saving_a_draft_keeps_incomplete_values(client, editor, system, provider):
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    response = client.post(
        reverse("filing_edit", args=[filing.pk]),
        {
            "from_form": "1",
            "provider": "Owner AI GmbH\nBerlin",
            "trade_name": "ScoreMate",
            "intended_purpose": "Scores loans.",
            "status": "on_market",
            "member_states": ["DE", "FR"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("filing_detail", args=[filing.pk])
    filing.refresh_from_db()
    assert filing.status == "draft"
    assert filing.data["member_states"] == ["DE", "FR"]
    assert filing.data["provider"] == "Owner AI GmbH\nBerlin"


def test_invalid_values_are_shown_next_to_their_fields_and_not_saved(
    client, editor, system, provider
):
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    before = filing.data
    response = client.post(
        reverse("filing_edit", args=[filing.pk]),
        {"from_form": "1", "declaration_of_conformity": "not a url", "status": "sideways"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_declaration_of_conformity_error"' in body and 'id="id_status_error"' in body
    assert 'href="#id_declaration_of_conformity"' in body  # the summary links to the field
    filing.refresh_from_db()
    assert filing.data == before


# --- Submitting


def test_submit_with_missing_fields_shows_every_error_at_once_and_stores_nothing(
    client, editor, system, provider, authorities
):
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    before = stored_state()
    form = {
        "from_form": "1",
        "provider": filing.data["provider"],
        "trade_name": "ScoreMate",
        "intended_purpose": "Scores loans.",
        "status": "on_market",
        "url": "https://owner.example",
    }
    response = client.post(reverse("filing_submit", args=[filing.pk]), form)
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('class="error-summary"')
    summary = body[start : body.index("</ul>", start)]
    for name in MISSING_ON_START:
        anchor = f"#id_{name}_0" if name == "member_states" else f"#id_{name}"
        assert anchor in summary, name
        assert f'id="id_{name}_error"' in body, name  # and next to the field
    assert summary.count("<li>") == len(MISSING_ON_START)
    assert "Required to submit (Annex VIII A 11, Art. 47)." in body
    assert 'value="ScoreMate"' in body  # what was typed is kept on the page
    assert stored_state() == before


def test_submit_from_the_filing_page_checks_the_stored_draft(
    client, editor, system, provider, authorities
):
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    detail = client.get(reverse("filing_detail", args=[filing.pk]))
    assert f'action="{reverse("filing_submit", args=[filing.pk])}"' in detail.content.decode()
    before = stored_state()
    response = client.post(reverse("filing_submit", args=[filing.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(f'id="id_{name}_error"' in body for name in MISSING_ON_START)
    assert stored_state() == before


def test_submitting_a_complete_filing_sends_it_to_the_authority(
    client, editor, system, provider, authorities
):
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    form = {
        "from_form": "1",
        **{key: value for key, value in filing.data.items() if key != "member_states"},
        **COMPLETE_HIGH_RISK,
    }
    response = client.post(reverse("filing_submit", args=[filing.pk]), form, follow=True)
    filing.refresh_from_db()
    assert filing.status == "submitted"
    assert filing.authority == authorities["eu-msa-de"]
    assert filing.data["member_states"] == ["DE", "AT"]
    submission = filing.submissions.get()
    text = html_text(response)
    assert "Submitted to Bundesnetzagentur" in text
    assert submission.sha256 in text
    assert "Submit: Draft → Submitted" in text
    # No longer editable: the edit page sends the provider back to the filing.
    edit = client.get(reverse("filing_edit", args=[filing.pk]))
    assert edit.status_code == 302
    assert client.post(reverse("filing_edit", args=[filing.pk]), form).status_code == 409


def test_the_provider_list_shows_status_deadline_and_last_reason(
    client, editor, owner, provider, authorities
):
    submitted = submitted_filing(owner, provider, due_in=timedelta(days=-2), name="Late")
    reviewer = Actor(
        organization=authorities["eu-msa-de"],
        role="reviewer",
        user=member(authorities["eu-msa-de"], "reviewer"),
    )
    sent_back = submitted_filing(owner, provider, name="Back")
    filing_start_review(actor=reviewer, filing=sent_back)
    sent_back.refresh_from_db()
    from registry.services import filing_request_changes

    filing_request_changes(actor=reviewer, filing=sent_back, reason="Describe the inputs.")
    page = client.get(reverse("filing_list"))
    text = html_text(page)
    assert "Changes requested" in text and "Describe the inputs." in text
    assert "Bundesnetzagentur" in text
    row = page.content.decode().split(reverse("filing_detail", args=[submitted.pk]))[1]
    row = row.split("</tr>")[0]
    assert "Overdue" in row and "ago" in row
    only = html_text(client.get(reverse("filing_list"), {"status": "changes_requested"}))
    assert "Back" in only and "Late" not in only


def test_a_resubmission_shows_what_changed(client, editor, owner, provider, authorities):
    filing = submitted_filing(owner, provider, name="Scorer")
    reviewer_client = signed_in(authorities["eu-msa-de"], "reviewer")
    url = reverse("filing_transition", args=[filing.pk])
    reviewer_client.post(url, {"transition": "start_review"})
    reviewer_client.post(
        url, {"transition": "request_changes", "request_changes-reason": "Add income data."}
    )
    page = html_text(client.get(reverse("filing_detail", args=[filing.pk])))
    assert "Changes requested" in page and "Add income data." in page

    edit = client.get(reverse("filing_edit", args=[filing.pk]))
    assert "The authority asks for changes" in html_text(edit)
    form = {"from_form": "1", **Filing.objects.get(pk=filing.pk).data}
    form["inputs_and_operating_logic"] = "Bureau data and income."
    client.post(reverse("filing_submit", args=[filing.pk]), form)
    filing.refresh_from_db()
    assert filing.status == "submitted" and filing.submissions.count() == 2

    review = reviewer_client.get(reverse("queue_review", args=[filing.pk]))
    text = html_text(review)
    assert "Submission 2 as sent" in text
    assert "Changed since submission 1" in text
    assert "Bureau data; gradient-boosted trees; a 0-1000 score." in text  # before
    assert "Bureau data and income." in text  # after
    assert "Information used by the system (data, inputs) and its operating logic" in text


def test_the_review_page_shows_what_is_being_approved(owner, provider, authorities):
    owner.identifiers = {"vat": "DE123456789", "lei": "529900T8BM49AURSDO55"}
    owner.save(update_fields=["identifiers"])
    earlier = submitted_filing(owner, provider, name="Scorer")
    reviewer = signed_in(authorities["eu-msa-de"], "reviewer")
    Filing.objects.filter(pk=earlier.pk).update(status=FilingStatus.WITHDRAWN)
    filing = filing_create(actor=provider, subject=earlier.ai_system, filing_type="eu.high_risk")
    Filing.objects.filter(pk=filing.pk).update(data={**filing.data, **COMPLETE_HIGH_RISK})
    filing.refresh_from_db()
    filing = filing_submit(actor=provider, filing=filing)
    # The provider changes its answers while the review runs: the reviewer still sees
    # what was sent.
    subject_update(
        subject=earlier.ai_system, fields={}, profile={"annex_iii_point": "4(a)"}, actor=provider
    )

    text = html_text(reviewer.get(reverse("queue_review", args=[filing.pk])))

    assert "What you are approving" in text
    assert "AI system Scorer , version 1, as it was when submission 1 was sent" in text
    assert "EU VAT number DE123456789" in text and "Legal Entity Identifier" in text
    assert "EU AI Act classification High-risk" in text  # the tier, then its reasons
    assert "Annex III 5(b)" in text
    assert "Questionnaire answers as submitted" in text
    assert "Annex III 4(a)" not in text  # the later edit is not what is approved
    assert "Earlier filings of Scorer with you" in text and "Withdrawn" in text


# --- Isolation


def test_a_reviewer_of_another_authority_gets_404(owner, provider, authorities):
    filing = submitted_filing(owner, provider)
    french = signed_in(authorities["eu-msa-fr"], "supervisor")
    for name in ("queue_review", "filing_detail"):
        assert french.get(reverse(name, args=[filing.pk])).status_code == 404
    for name, data in (
        ("filing_transition", {"transition": "start_review"}),
        ("filing_assign", {"assignee": ""}),
    ):
        assert french.post(reverse(name, args=[filing.pk]), data).status_code == 404
    assert str(filing.pk) not in french.get(reverse("queue")).content.decode()
    assert Filing.objects.get(pk=filing.pk).status == "submitted"


def test_providers_never_see_another_organisations_filing(client, editor, stranger, authorities):
    other = Actor(organization=stranger, role="editor", user=member(stranger, "editor"))
    theirs = submitted_filing(stranger, other, name="Theirs")
    draft = filing_create(
        actor=other,
        subject=make_system(stranger, profile={"annex_iii_point": "5(b)"}),
        filing_type="eu.high_risk",
    )
    for filing in (theirs, draft):
        for name in ("filing_detail", "filing_edit"):
            assert client.get(reverse(name, args=[filing.pk])).status_code == 404
        assert client.post(reverse("filing_submit", args=[filing.pk])).status_code == 404
        response = client.post(
            reverse("filing_transition", args=[filing.pk]), {"transition": "withdraw"}
        )
        assert response.status_code == 404
    assert "Theirs" not in html_text(client.get(reverse("filing_list")))
    assert Filing.objects.get(pk=draft.pk).status == "draft"


def test_drafts_are_never_visible_to_authorities(owner, provider, system, authorities):
    draft = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    # Even a draft that names the authority (it was sent back and re-drafted) stays hidden.
    Filing.objects.filter(pk=draft.pk).update(authority=authorities["eu-msa-de"])
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    assert supervisor.get(reverse("queue_review", args=[draft.pk])).status_code == 404
    assert supervisor.get(reverse("filing_detail", args=[draft.pk])).status_code == 404
    listed = supervisor.get(reverse("queue"), {"status": "draft"})
    assert queue_names(listed) == []
    export = supervisor.get(reverse("queue_export"), {"status": "draft"})
    assert str(draft.pk) not in b"".join(export.streaming_content).decode()


# --- Query counts and dashboards


def test_list_query_counts_do_not_grow_with_the_page(client, editor, owner, provider, authorities):
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")

    def queries(http, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert http.get(url).status_code == 200
        return len(captured)

    for n in range(2):
        submitted_filing(owner, provider, due_in=timedelta(days=n))
    few = (queries(client, reverse("filing_list")), queries(supervisor, reverse("queue")))
    for n in range(2, 12):
        submitted_filing(owner, provider, due_in=timedelta(days=n))
    many = (queries(client, reverse("filing_list")), queries(supervisor, reverse("queue")))
    assert many == few


def test_dashboards_show_what_needs_action(client, editor, owner, provider, authorities):
    draft = filing_create(
        actor=provider,
        subject=make_system(owner, name="Drafty", profile={"annex_iii_point": "5(b)"}),
        filing_type="eu.high_risk",
    )
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Filings needing action" in dashboard
    assert f'hx-get="{reverse("filing_summary")}"' in dashboard
    summary = html_text(client.get(reverse("filing_summary")))
    assert "1 filing needs your action" in summary and "Drafty" in summary
    assert str(draft.pk) in client.get(reverse("filing_summary")).content.decode()

    submitted_filing(owner, provider, due_in=timedelta(days=-1), name="Late")
    submitted_filing(owner, provider, due_in=timedelta(days=3), name="Soon")
    submitted_filing(owner, provider, due_in=timedelta(days=30), name="Later")
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    assert "Queue: overdue and due soon" in supervisor.get(reverse("dashboard")).content.decode()
    text = html_text(supervisor.get(reverse("filing_summary")))
    assert "1 overdue · 1 due within 7 days · 3 waiting for a decision" in text
    assert "Late" in text and "Soon" in text and "Later" not in text


def test_navigation_links_filings_queue_and_register(client, editor, authorities):
    nav = client.get(reverse("dashboard")).content.decode().split("</nav>")[0]
    assert reverse("filing_list") in nav and reverse("register") in nav
    assert reverse("queue") not in nav
    supervisor = signed_in(authorities["eu-msa-de"], "reviewer")
    nav = supervisor.get(reverse("dashboard")).content.decode().split("</nav>")[0]
    assert reverse("queue") in nav and reverse("filing_list") not in nav


def test_statuses_are_shown_in_words(client, editor, owner, provider, authorities):
    filing = submitted_filing(owner, provider)
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.IN_REVIEW)
    text = html_text(client.get(reverse("filing_detail", args=[filing.pk])))
    assert "In review" in text and "in_review" not in text


def test_a_staged_review_passes_the_filing_on_and_the_first_stage_only_reads(owner, provider):
    provincial = AuthorityFactory(name="Beijing CAC", slug="cn-cac-bj", authority_code="cn-cac-bj")
    AuthorityFactory(name="CAC", slug="cn-cac", authority_code="cn-cac")
    system = make_cn_system(owner, "recommendation", name="Wen Xin")
    filing = filing_create(actor=provider, subject=system, filing_type="cn.algorithm")
    Filing.objects.filter(pk=filing.pk).update(
        data={
            **filing.data,
            "province": "BJ",
            "algorithm_type": "personalised_push",
            "application_product": "Wen Xin app",
            "main_use": "Recommends articles.",
            "service_form": "App",
            "application_domain": "News",
            "self_assessment": "https://x.cn/sa",
            "content_to_publish": "How the feed is ranked.",
        }
    )
    filing.refresh_from_db()
    filing = filing_submit(actor=provider, filing=filing)
    reviewer = signed_in(provincial, "reviewer")
    review_url = reverse("queue_review", args=[filing.pk])
    assert "Provincial (stage 1 of 2)" in html_text(reviewer.get(review_url))
    url = reverse("filing_transition", args=[filing.pk])
    reviewer.post(url, {"transition": "start_review"})
    confirm = html_text(reviewer.post(url, {"transition": "accept"}))
    assert "passes the filing on to the national review" in confirm
    passed = reviewer.post(url, {"transition": "accept", "confirmed": "yes"}, follow=True)
    text = html_text(passed)
    assert "Accepted at this stage: passed on to CAC." in text
    assert "National (stage 2 of 2)" in text
    assert "moved on to CAC" in text and 'name="transition"' not in passed.content.decode()
    assert reviewer.post(url, {"transition": "start_review"}).status_code == 403


def test_submit_through_the_action_view_shows_the_form(client, editor, system, provider):
    filing = filing_create(actor=provider, subject=system, filing_type="eu.high_risk")
    response = client.post(reverse("filing_transition", args=[filing.pk]), {"transition": "submit"})
    assert response.status_code == 200
    assert 'id="id_member_states_error"' in response.content.decode()
    assert Filing.objects.get(pk=filing.pk).status == "draft"


def test_the_queue_shows_a_cac_deadline_in_beijing_time(settings, owner, provider):
    """The CAC counts in Beijing: 23:30 UTC on Sunday 29 November is Monday there, and the
    30 working days end on Monday 11 January 2027 (Beijing time); counted on the UTC
    calendar they would end on Friday 8 January."""
    from unittest import mock

    settings.CN_PUBLIC_HOLIDAYS = []  # no 2027 schedule: only weekends are skipped

    from aigov.accounts.models import Organization

    for code in ("cn-cac-bj", "cn-cac"):
        if not Organization.objects.filter(authority_code=code).exists():
            AuthorityFactory(authority_code=code, slug=code, country="CN")
    system = make_cn_system(owner, "recommendation", name="Wen Xin")
    filing = filing_create(actor=provider, subject=system, filing_type="cn.algorithm")
    data = {
        "province": "BJ",
        "algorithm_name": "Feed ranking",
        "algorithm_type": "ranking_selection",
        "application_product": "Wen Xin app",
        "main_use": "Ranks the feed",
        "service_form": "App",
        "application_domain": "News",
        "self_assessment": "https://x.cn/sa",
        "content_to_publish": "How the feed is ranked",
    }
    Filing.objects.filter(pk=filing.pk).update(data={**filing.data, **data})
    filing.refresh_from_db()
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    with mock.patch("registry.services.filings.timezone.now", return_value=sunday_night):
        filing = filing_submit(actor=provider, filing=filing)
    assert filing.authority.authority_code == "cn-cac-bj"

    reviewer = signed_in(filing.authority, "reviewer")
    row = html_text(reviewer.get(reverse("queue"))).split("Wen Xin")[1]
    assert "2026-11-30 07:30 (Beijing time)" in row  # submitted
    assert "2027-01-11 (Beijing time)" in row  # decision due
    page = html_text(reviewer.get(reverse("queue_review", args=[filing.pk])))
    assert "Decision due 2027-01-11 (Beijing time)" in page


def test_eu_deadlines_are_shown_in_brussels_time(client, editor, owner, provider, authorities):
    model = make_model(owner, training_compute_flop=3e25)
    filing = filing_create(actor=provider, subject=model, filing_type="eu.gpai_notification")
    filing = filing_update(actor=provider, filing=filing, data={"threshold_met_on": "2026-11-20"})
    assert filing.filing_due_at.isoformat() == "2026-12-04T22:59:59.999999+00:00"
    assert "File by 2026-12-04 (Brussels time)" in html_text(
        client.get(reverse("filing_detail", args=[filing.pk]))
    )


def test_filings_to_start_lists_what_each_classification_needs_and_nobody_started(
    client, editor, owner, stranger, system
):
    frontier = make_model(owner, name="Frontier", training_compute_flop=3e25)
    make_model(owner, name="Small", training_compute_flop=1e20)
    make_system(stranger, name="Foreign", profile={"annex_iii_point": "5(b)"})

    page = html_text(client.get(reverse("filing_new")))

    assert "Filings to start" in page
    assert "Notification of a general-purpose AI model" in page
    assert "within two weeks of meeting the threshold" in page  # when, in the law's words
    assert "EU database registration of a high-risk AI system" in page
    assert "Small" not in page and "Foreign" not in page

    # Started filings leave the list; the dashboard block says what is left and when.
    client.post(
        reverse("filing_new"), {"model": str(frontier.pk), "filing_type": "eu.gpai_notification"}
    )
    page = html_text(client.get(reverse("filing_new")))
    assert "Notification of a general-purpose AI model" not in page
    summary = html_text(client.get(reverse("filing_summary")))
    assert "Not started" in summary and f"{system.name}: EU database registration" in summary
    assert "Frontier: Notification of a general-purpose AI model" in summary  # a draft now


def test_filings_to_start_keeps_a_constant_query_count(client, editor, owner):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("filing_new")).status_code == 200
        return len(captured)

    make_system(owner, profile={"annex_iii_point": "5(b)"})
    few = queries()
    for _ in range(5):
        make_system(owner, profile={"annex_iii_point": "4(a)"})
        make_model(owner, training_compute_flop=3e25)
    assert queries() == few


def test_a_pending_filing_shows_its_deadline_or_says_there_is_none(client, editor, owner):
    frontier = make_model(owner, name="Frontier", training_compute_flop=3e25)
    client.post(
        reverse("filing_new"), {"model": str(frontier.pk), "filing_type": "eu.gpai_notification"}
    )
    filing = Filing.objects.get()
    filing_update(
        actor=Actor(organization=owner, role="editor", user=editor),
        filing=filing,
        data={**filing.data, "threshold_met_on": timezone.now().date().isoformat()},
    )

    page = html_text(client.get(reverse("filing_new"), {"model": str(frontier.pk)}))

    assert "File by" in page and "left" in page  # two weeks from the threshold date
    assert "None" not in page


def test_a_reviewer_sees_the_audit_trail_of_the_filing_it_reviews(
    client, owner, provider, authorities
):
    filing = submitted_filing(owner, provider, name="Scorer")
    reviewer = signed_in(authorities["eu-msa-de"], "reviewer", email="rita@bnetza.test")
    url = reverse("filing_transition", args=[filing.pk])
    reviewer.post(url, {"transition": "start_review"})

    text = html_text(reviewer.get(reverse("queue_review", args=[filing.pk])))

    trail = text[text.index("Audit trail") :]
    assert "Submit (filing)" in trail and "Start review (filing)" in trail
    assert owner.name in trail  # the provider's submission, by its organisation
    assert "rita@bnetza.test" in trail  # the authority's own reviewer, by name
    assert provider.user.email not in trail  # never a person of another organisation
    assert "Changed a filing's values" not in trail and "Started a filing" not in trail

    # Another authority sees none of it, in its audit log either.
    french = signed_in(authorities["eu-msa-fr"], "supervisor")
    assert str(filing.pk) not in french.get(reverse("audit_log")).content.decode()
    german_supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    log = german_supervisor.get(reverse("audit_log"), {"object": str(filing.pk)})
    assert owner.name in html_text(log)
