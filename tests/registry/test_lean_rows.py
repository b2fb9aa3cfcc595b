"""The queue's lean rows say exactly what FilingSerializer says, field by field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aigov.accounts.actor import Actor
from registry.api.serializers import FILING_ROW_COLUMNS, FilingSerializer, filing_row
from registry.models import Filing
from registry.selectors import filings_seen_by
from registry.services import filing_request_changes, filing_start_review
from tests.conftest import member
from tests.registry.test_filing_views import submitted_filing


@pytest.mark.django_db
def test_a_lean_row_equals_the_full_serializer_on_every_field(owner, authority):
    provider = Actor(organization=owner, role="editor", user=member(owner, "editor"))
    reviewer = Actor(organization=authority, role="reviewer", user=member(authority, "reviewer"))
    waiting = submitted_filing(owner, provider, due_in=timedelta(days=3), name="Waiting")
    back = submitted_filing(owner, provider, due_in=timedelta(days=-1), name="Back")
    back = filing_start_review(actor=reviewer, filing=back)
    filing_request_changes(actor=reviewer, filing=back, reason="Point 6 is vague.")
    Filing.objects.filter(pk=back.pk).update(assignee=reviewer.user)
    # The provider edits after the request: the authority must still read the submission.
    Filing.objects.filter(pk=back.pk).update(data={"intended_purpose": "edited, unsent"})

    now = timezone.now()
    scoped = filings_seen_by(reviewer).visible_to(reviewer).order_by("decision_due_at")
    full = FilingSerializer(scoped, many=True, context={"actor": reviewer}).data
    lean = [
        filing_row(row, row["submitted_data"] or {}, now)
        for row in scoped.values(*FILING_ROW_COLUMNS, "submitted_data")
    ]
    assert {row["id"] for row in lean} == {str(waiting.pk), str(back.pk)}
    for full_row, lean_row in zip(full, lean, strict=True):
        assert set(lean_row) == set(full_row) == set(FilingSerializer.Meta.fields)
        for field in FilingSerializer.Meta.fields:
            if field == "seconds_left" and full_row[field] is not None:
                assert abs(lean_row[field] - full_row[field]) <= 2  # read a moment apart
            else:
                assert lean_row[field] == full_row[field], field
    returned = next(row for row in lean if row["id"] == str(back.pk))
    assert returned["data"]["intended_purpose"] != "edited, unsent"
    assert returned["assignee"] == reviewer.user.email
