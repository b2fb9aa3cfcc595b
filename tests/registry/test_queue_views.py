"""The regulator's side in the browser: the queue with its filters, deadlines and CSV
export, and the decisions taken from the review page."""

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aigov import web
from aigov.accounts.actor import Actor
from registry.models import Filing, FilingEvent
from registry.services import (
    filing_accept,
    filing_assign,
    filing_start_review,
    filing_submit,
    filing_transition,
)
from tests.conftest import login, member
from tests.factories import AuthorityFactory, make_system
from tests.registry.test_filing_views import (
    html_text,
    queue_names,
    signed_in,
    stored_state,
    submitted_filing,
)

pytestmark = pytest.mark.django_db


# --- The regulator's queue


@pytest.fixture
def queue_filings(owner, provider, authorities):
    """Submitted to eu-msa-de: due in 2 days, overdue by 1, due in 1 hour, no deadline."""
    return [
        submitted_filing(owner, provider, due_in=timedelta(days=2), name="Alpha"),
        submitted_filing(owner, provider, due_in=timedelta(days=-1), name="Bravo"),
        submitted_filing(owner, provider, due_in=timedelta(hours=1), name="Charlie"),
        submitted_filing(owner, provider, due_in=None, name="Delta"),
    ]


def test_the_queue_sorts_by_deadline_flags_overdue_and_filters(
    owner, provider, authorities, queue_filings
):
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor", email="sue@bnetza.test")
    # Neither a draft nor another authority's filing is in the queue.
    make_system(owner, name="Echo", profile={"annex_iii_point": "5(b)"})
    french = AuthorityFactory(authority_code="eu-msa-xx", slug="xx")
    Filing.objects.filter(pk=queue_filings[0].pk).update(authority=french)

    page = supervisor.get(reverse("queue"))
    assert page.status_code == 200
    assert queue_names(page) == ["Bravo", "Charlie", "Delta"]  # soonest first, none last
    body = page.content.decode().replace("\xa0", " ")
    bravo = body.split(">Bravo<")[1].split("</tr>")[0]
    assert "Overdue" in bravo and "1 day ago" in bravo
    charlie = body.split(">Charlie<")[1].split("</tr>")[0]
    assert "Overdue" not in charlie and "left" in charlie
    Filing.objects.filter(pk=queue_filings[0].pk).update(authority=authorities["eu-msa-de"])

    assert queue_names(supervisor.get(reverse("queue"), {"overdue": "true"})) == ["Bravo"]
    assert queue_names(supervisor.get(reverse("queue"), {"overdue": "false"})) == [
        "Charlie",
        "Alpha",
        "Delta",
    ]
    assert queue_names(supervisor.get(reverse("queue"), {"status": "in_review"})) == []
    assert queue_names(supervisor.get(reverse("queue"), {"regime": "cn"})) == []
    by_type = supervisor.get(reverse("queue"), {"filing_type": "eu.high_risk"})
    assert len(queue_names(by_type)) == 4

    rita = member(authorities["eu-msa-de"], "reviewer", email="rita@bnetza.test")
    assign = supervisor.post(
        reverse("filing_assign", args=[queue_filings[2].pk]), {"assignee": str(rita.pk)}
    )
    assert assign.status_code == 302
    assert Filing.objects.get(pk=queue_filings[2].pk).assignee == rita
    rita_client = login(type(supervisor)(), rita, authorities["eu-msa-de"])
    assert queue_names(rita_client.get(reverse("queue"), {"assignee": "me"})) == ["Charlie"]
    unassigned = supervisor.get(reverse("queue"), {"assignee": "none"})
    assert "Charlie" not in queue_names(unassigned) and len(queue_names(unassigned)) == 3
    by_email = supervisor.get(reverse("queue"), {"assignee": "rita@bnetza.test"})
    assert queue_names(by_email) == ["Charlie"]
    assert "rita@bnetza.test" in html_text(supervisor.get(reverse("queue")))


def test_the_queue_exports_csv_with_the_same_filters(authorities, queue_filings):
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    page = supervisor.get(reverse("queue"), {"overdue": "true"})
    link = re.search(r'href="(/queue/export\.csv\?[^"]*)"', page.content.decode()).group(1)
    export = supervisor.get(html.unescape(link))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert [row["id"] for row in rows] == [str(queue_filings[1].pk)]
    assert rows[0]["overdue"] == "yes" and rows[0]["provider"] == "Owner AI GmbH"

    everything = supervisor.get(reverse("queue_export"))  # default: waiting filings
    lines = b"".join(everything.streaming_content).decode().strip().splitlines()
    assert len(lines) == 5


def test_the_queue_is_for_authorities_only(client, editor, authorities):
    assert client.get(reverse("queue")).status_code == 403
    assert client.get(reverse("queue_export")).status_code == 403
    anonymous = type(client)()
    assert anonymous.get(reverse("queue")).status_code == 302


def test_queue_pages_keep_the_filters(authorities, queue_filings, monkeypatch):
    monkeypatch.setattr(
        "registry.views.queue.paginate",
        lambda request, rows: web.paginate(request, rows, per_page=2),
    )
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    first = supervisor.get(reverse("queue"))
    assert "Page 1 of 2" in html_text(first)
    assert 'href="?page=2"' in first.content.decode()  # the default filter applies again
    second = supervisor.get(reverse("queue"), {"page": "2"})
    assert queue_names(second) == ["Alpha", "Delta"]


# --- Decisions from the review page


def test_actions_come_from_the_workflow_table_and_reasons_are_required(
    owner, provider, authorities
):
    filing = submitted_filing(owner, provider, name="Scorer")
    reviewer = signed_in(authorities["eu-msa-de"], "reviewer")
    review_url = reverse("queue_review", args=[filing.pk])
    action_url = reverse("filing_transition", args=[filing.pk])

    def buttons(response) -> list[str]:
        return re.findall(r'name="transition" value="([a-z_]+)"', response.content.decode())

    assert buttons(reviewer.get(review_url)) == ["start_review"]
    response = reviewer.post(action_url, {"transition": "start_review"})
    assert response.status_code == 302 and response["Location"] == review_url
    page = reviewer.get(review_url)
    assert buttons(page) == ["request_changes", "accept", "reject"]
    assert "Why is the filing rejected? (required)" in html_text(page)

    before = stored_state()
    refused = reviewer.post(action_url, {"transition": "reject", "reject-reason": "  "})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert 'class="error-summary"' in body and 'id="id_reject-reason_error"' in body
    assert "Give a reason" in body
    assert stored_state() == before

    # A decision asks for confirmation on a page that says what it will do.
    year = timezone.now().year
    confirm = reviewer.post(action_url, {"transition": "accept"})
    assert confirm.status_code == 200
    assert (
        f"Registers {filing.subject.name} as EU-HR-{year}-000001 and publishes it on the "
        "public register." in html_text(confirm)
    )
    assert stored_state() == before
    accepted = reviewer.post(action_url, {"transition": "accept", "confirmed": "yes"}, follow=True)
    assert f"Accepted: registered as EU-HR-{year}-000001." in html_text(accepted)
    filing.refresh_from_db()
    assert filing.status == "registered"
    assert buttons(accepted) == ["suspend"]  # a reviewer may not withdraw

    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    assert buttons(supervisor.get(review_url)) == ["suspend", "withdraw"]
    supervisor.post(
        action_url, {"transition": "suspend", "suspend-reason": "Incident.", "confirmed": "yes"}
    )
    assert buttons(supervisor.get(review_url)) == ["reinstate"]
    supervisor.post(action_url, {"transition": "reinstate"})
    assert Filing.objects.get(pk=filing.pk).status == "registered"
    events = [e.transition for e in FilingEvent.objects.filter(filing=filing)]
    assert events == ["submit", "start_review", "accept", "suspend", "reinstate"]


def test_a_stale_action_answers_409_with_the_filing_as_it_is(owner, provider, authorities):
    filing = submitted_filing(owner, provider)
    reviewer = signed_in(authorities["eu-msa-de"], "reviewer")
    response = reviewer.post(
        reverse("filing_transition", args=[filing.pk]), {"transition": "accept"}
    )
    assert response.status_code == 409
    assert "Cannot accept a filing that is submitted." in html_text(response)
    assert Filing.objects.get(pk=filing.pk).status == "submitted"


def test_viewers_and_providers_get_no_decisions(client, editor, owner, provider, authorities):
    filing = submitted_filing(owner, provider)
    viewer = signed_in(authorities["eu-msa-de"], "viewer")
    page = viewer.get(reverse("queue_review", args=[filing.pk]))
    assert page.status_code == 200 and 'name="transition"' not in page.content.decode()
    response = viewer.post(
        reverse("filing_transition", args=[filing.pk]), {"transition": "start_review"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("filing_transition", args=[filing.pk]), {"transition": "start_review"}
    )
    assert response.status_code == 403
    assert client.get(reverse("queue_review", args=[filing.pk])).status_code == 403
    assert Filing.objects.get(pk=filing.pk).status == "submitted"
    assert viewer.post(reverse("filing_transition", args=[filing.pk]), {}).status_code == 400


def test_the_provider_withdraws_a_registration_with_a_reason(owner, provider, authorities):
    filing = submitted_filing(owner, provider)
    reviewer = Actor(
        organization=authorities["eu-msa-de"],
        role="reviewer",
        user=member(authorities["eu-msa-de"], "reviewer"),
    )
    from registry.services import filing_accept

    filing_accept(actor=reviewer, filing=filing_start_review(actor=reviewer, filing=filing))
    editor = signed_in(owner, "editor")
    assert (
        'value="withdraw"'
        not in editor.get(reverse("filing_detail", args=[filing.pk])).content.decode()
    )  # only an administrator withdraws
    admin = signed_in(owner, "admin")
    url = reverse("filing_transition", args=[filing.pk])
    missing = admin.post(url, {"transition": "withdraw"})
    assert missing.status_code == 200
    assert 'id="id_withdraw-reason_error"' in missing.content.decode()
    done = admin.post(
        url,
        {"transition": "withdraw", "withdraw-reason": "Taken off the market.", "confirmed": "yes"},
    )
    assert done["Location"] == reverse("filing_detail", args=[filing.pk])
    assert Filing.objects.get(pk=filing.pk).status == "withdrawn"


def test_assigning_to_someone_outside_the_authority_is_refused(owner, provider, authorities):
    filing = submitted_filing(owner, provider)
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    outsider = member(owner, "admin")
    response = supervisor.post(
        reverse("filing_assign", args=[filing.pk]), {"assignee": str(outsider.pk)}
    )
    assert response.status_code == 200
    assert 'id="id_assignee_error"' in response.content.decode()
    assert Filing.objects.get(pk=filing.pk).assignee is None


def test_a_decided_filing_offers_no_assignment_and_refuses_one_without_a_server_error(
    owner, provider, authorities
):
    """One rule (`assign_allowed`) for the page and the service: before, the review page of
    a registered filing offered "assign" and the service's refusal was an HTTP 500."""
    filing = submitted_filing(owner, provider)
    supervisor = signed_in(authorities["eu-msa-de"], "supervisor")
    colleague = member(authorities["eu-msa-de"], "reviewer")
    review = reverse("queue_review", args=[filing.pk])
    assert reverse("filing_assign", args=[filing.pk]) in supervisor.get(review).content.decode()
    reviewer = Actor(organization=authorities["eu-msa-de"], role="supervisor", user=colleague)
    filing_accept(actor=reviewer, filing=filing_start_review(actor=reviewer, filing=filing))
    page = supervisor.get(review).content.decode()
    assert reverse("filing_assign", args=[filing.pk]) not in page
    response = supervisor.post(
        reverse("filing_assign", args=[filing.pk]), {"assignee": str(colleague.pk)}
    )
    assert response.status_code == 409
    assert "Cannot assign a filing that is registered" in response.content.decode()
    assert Filing.objects.get(pk=filing.pk).assignee is None


def test_the_assignment_survives_a_resubmission(owner, provider, authorities):
    filing = submitted_filing(owner, provider)
    authority = authorities["eu-msa-de"]
    supervisor = Actor(organization=authority, role="supervisor", user=member(authority))
    reviewer = member(authority, "reviewer")
    filing_assign(actor=supervisor, filing=filing, assignee=reviewer)
    filing = filing_transition(actor=supervisor, filing=filing, transition="start_review")
    filing = filing_transition(
        actor=supervisor, filing=filing, transition="request_changes", reason="Add the IFU."
    )
    resubmitted = filing_submit(actor=provider, filing=filing)
    assert resubmitted.status == "submitted"
    assert resubmitted.assignee == reviewer
