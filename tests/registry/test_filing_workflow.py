"""The workflow kernel (`aigov.workflow`), exercised through the filing workflow: the one
question (may this actor do this now?) that pages, the API and services all ask, and the
compare-and-set move with its timeline entry and audit event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aigov.accounts.actor import Actor
from aigov.audit.models import AuditEvent
from aigov.workflow import TransitionConflict
from registry.models import FILING_TRANSITIONS, Filing, FilingEvent, FilingStatus
from registry.services import filing_assign, filing_create
from registry.services.filings import FILING_WORKFLOW
from tests.conftest import member
from tests.factories import make_system


def actor(organization, role):
    return Actor(organization=organization, role=role, user=member(organization, role))


@pytest.fixture
def waiting(owner, authorities):
    """A high-risk filing submitted to the German authority."""
    system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    filing = filing_create(actor=actor(owner, "editor"), subject=system, filing_type="eu.high_risk")
    Filing.objects.filter(pk=filing.pk).update(
        status=FilingStatus.SUBMITTED, authority=authorities["eu-msa-de"]
    )
    filing.refresh_from_db()
    return filing


@pytest.mark.django_db
def test_the_table_answers_who_may_act_and_why_not(waiting, owner, authorities):
    reviewer = actor(authorities["eu-msa-de"], "reviewer")
    viewer = actor(authorities["eu-msa-de"], "viewer")
    elsewhere = actor(authorities["eu-msa-fr"], "supervisor")
    provider = actor(owner, "admin")

    assert FILING_WORKFLOW.available(reviewer, waiting) == ["start_review", "assign"]
    assert FILING_WORKFLOW.available(viewer, waiting) == []
    assert FILING_WORKFLOW.available(provider, waiting) == []
    assert FILING_WORKFLOW.refusal(provider, waiting, "accept") == "Operators cannot accept."
    assert FILING_WORKFLOW.refusal(viewer, waiting, "accept").startswith("Your role may not")
    assert "another authority" in FILING_WORKFLOW.refusal(elsewhere, waiting, "start_review")
    with pytest.raises(PermissionDenied, match="another authority"):
        FILING_WORKFLOW.check(elsewhere, waiting, "start_review")


@pytest.mark.django_db
def test_check_refuses_a_missing_reason_and_a_wrong_state(waiting, authorities):
    reviewer = actor(authorities["eu-msa-de"], "reviewer")
    with pytest.raises(ValidationError) as missing:
        FILING_WORKFLOW.check(reviewer, waiting, "suspend", "   ")
    assert "reason" in missing.value.message_dict
    with pytest.raises(TransitionConflict, match="Cannot suspend a filing that is submitted"):
        FILING_WORKFLOW.check(reviewer, waiting, "suspend", "Unsafe.")
    assert FILING_WORKFLOW.check(reviewer, waiting, "start_review", "  Looking. ") == "Looking."


@pytest.mark.django_db
def test_a_move_from_a_stale_status_changes_nothing(waiting, authorities):
    reviewer = actor(authorities["eu-msa-de"], "reviewer")
    stale = Filing.objects.get(pk=waiting.pk)
    FILING_WORKFLOW.move(actor=reviewer, obj=waiting, verb="start_review")
    assert waiting.status == FilingStatus.IN_REVIEW  # refreshed after the move

    with pytest.raises(TransitionConflict):
        FILING_WORKFLOW.move(actor=reviewer, obj=stale, verb="start_review")
    assert stale.status == FilingStatus.IN_REVIEW  # the loser sees the winner's state
    assert FilingEvent.objects.filter(filing=waiting).count() == 1
    assert AuditEvent.objects.filter(action="filing.start_review").count() == 1


@pytest.mark.django_db
def test_every_status_transition_is_offered_exactly_where_the_table_allows(waiting, authorities):
    supervisor = actor(authorities["eu-msa-de"], "supervisor")
    for status in FilingStatus.values:
        waiting.status = status
        offered = set(FILING_WORKFLOW.available(supervisor, waiting))
        expected = {
            verb
            for verb, rule in FILING_TRANSITIONS.items()
            if status in rule.sources and "authority" in rule.by
        }
        if status in (FilingStatus.SUBMITTED, FilingStatus.IN_REVIEW):
            expected.add("assign")
        assert offered == expected, status


@pytest.mark.django_db
def test_assigning_is_a_compare_and_set_on_the_assignee_read(waiting, authorities):
    authority = authorities["eu-msa-de"]
    supervisor = actor(authority, "supervisor")
    first, second = member(authority, "reviewer"), member(authority, "reviewer")
    stale = Filing.objects.get(pk=waiting.pk)

    filing_assign(actor=supervisor, filing=waiting, assignee=first)
    filing_assign(actor=supervisor, filing=waiting, assignee=first)  # no change, no event
    assert AuditEvent.objects.filter(action="filing.assign").count() == 1

    # Read before the first assignment: giving it to someone else now would silently
    # overwrite a colleague's choice, so it is a conflict.
    with pytest.raises(TransitionConflict):
        filing_assign(actor=supervisor, filing=stale, assignee=second)
    assert Filing.objects.get(pk=waiting.pk).assignee == first
