"""A person's email stays inside their own organisation (as on the browser's pages): over
the API a provider does not see which reviewer has its filing, an authority does not see
who at the provider submitted it, and a shared audit event shows the organisation acting,
not the person."""

import pytest

from registry.services.filings import filing_assign
from tests.conftest import member
from tests.registry.test_filing_views import submitted_filing
from tests.registry.test_filings import actor_of, client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(owner, authority):
    provider = actor_of(owner, "editor")
    filing = submitted_filing(owner, provider)
    reviewer = member(authority, "reviewer", email="rita@bnetza.test")
    filing_assign(actor=actor_of(authority, "supervisor"), filing=filing, assignee=reviewer)
    return filing, provider.user


def test_the_reviewer_is_shown_to_the_authority_only(owner, authority, assigned):
    filing, _submitter = assigned
    url = f"/api/v1/filings/{filing.pk}/"
    assert client_of(authority, "viewer").get(url).json()["assignee"] == "rita@bnetza.test"
    assert client_of(owner, "viewer").get(url).json()["assignee"] is None
    listed = client_of(owner, "viewer").get("/api/v1/filings/").json()["results"]
    assert [row["assignee"] for row in listed] == [None]


def test_who_submitted_is_shown_to_the_provider_only(owner, authority, assigned):
    filing, submitter = assigned
    url = f"/api/v1/filings/{filing.pk}/submissions/"
    assert [s["submitted_by"] for s in client_of(owner, "viewer").get(url).json()] == [
        submitter.email
    ]
    assert [s["submitted_by"] for s in client_of(authority, "viewer").get(url).json()] == [None]


def test_a_shared_audit_event_shows_no_person_of_the_other_organisation(owner, authority, assigned):
    filing, submitter = assigned
    url = f"/api/v1/audit/?object_id={filing.pk}"
    seen_by_authority = client_of(authority, "admin").get(url).json()["results"]
    by_action = {event["action"]: event for event in seen_by_authority}
    assert by_action["filing.submit"]["actor_user"] is None  # the provider's person
    assert by_action["filing.assign"]["actor_user"] is not None  # its own supervisor
    detail = client_of(authority, "admin").get(
        f"/api/v1/audit/{by_action['filing.submit']['sequence']}/"
    )
    assert detail.json()["actor_user"] is None
    seen_by_owner = client_of(owner, "admin").get(url).json()["results"]
    assert {e["actor_user"] for e in seen_by_owner if e["action"] == "filing.submit"} == {
        submitter.email
    }
