"""Lean list rows say exactly what the full serializers say, field by field and in the
same order, so the JSON is the same bytes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aigov.accounts.actor import Actor
from registry.api.public import PUBLIC_ENTRY_COLUMNS, PublicEntrySerializer, public_entry_row
from registry.api.serializers import (
    AI_SYSTEM_ROW_COLUMNS,
    FILING_ROW_COLUMNS,
    GPAI_MODEL_ROW_COLUMNS,
    AISystemSerializer,
    FilingSerializer,
    GPAIModelSerializer,
    ai_system_row,
    filing_row,
    gpai_model_row,
)
from registry.models import AISystem, Filing, GPAIModel
from registry.selectors import filings_seen_by, public_register
from registry.services import filing_request_changes, filing_start_review
from tests.api.lean_rows import assert_same_rows, output_fields
from tests.conftest import member
from tests.factories import make_model, make_system
from tests.registry.test_filing_views import submitted_filing
from tests.registry.test_register_views import PUBLISHABLE, register


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


@pytest.mark.django_db
def test_a_lean_register_entry_equals_the_full_serializer(owner):
    # Every publishable type: with and without an area, a deployer's use of another entry.
    for code in PUBLISHABLE:
        register(owner, code)
    register(owner, "eu.high_risk", name="HireBot", profile={"annex_iii_point": "4(a)"})
    entries = public_register().order_by("-registered_at", "-id")
    full = PublicEntrySerializer(entries, many=True).data
    lean = [public_entry_row(row) for row in entries.values(*PUBLIC_ENTRY_COLUMNS)]
    assert {row["area"] for row in lean} > {""}
    assert_same_rows(full, lean, PublicEntrySerializer.Meta.fields)


@pytest.mark.django_db
def test_lean_system_and_model_rows_equal_the_full_serializers(owner):
    bare = make_model(owner, parameters=None)  # no compute check possible
    described = make_model(
        owner,
        parameters=10**11,
        training_tokens=10**13,
        training_compute_flop=1e23,  # > 10x away from 6 x parameters x tokens: flagged
        training_time_hours=1200.5,
        energy_kwh=3.5e6,
        input_modalities=["text", "image"],
        context_window=128000,
        release="open_weights",
        eu_placement_date=timezone.localdate(),
        authorised_representative={"name": "R", "address": "A", "country": "DE", "email": "r@x.eu"},
    )
    GPAIModel.objects.filter(pk=described.pk).update(
        designated_at=timezone.now(),
        designation_reason="Art. 51(1)(b)",
        imported_at=timezone.now(),
        source="epoch",
        source_reference="https://epoch.ai/data/m",
    )
    make_system(owner, gpai_model=described, member_states=["DE", "FR"], trade_name="T")
    make_system(owner, profile={"annex_iii_point": "5(b)"}, url="https://example.org/s")
    make_system(owner)  # no answers yet: not classified

    systems = AISystem.objects.filter(organization=owner).order_by("name")
    assert {s.gpai_model_id for s in systems} > {None}
    assert {bool(system.classification) for system in systems} == {True, False}
    assert_same_rows(
        AISystemSerializer(systems, many=True).data,
        [ai_system_row(row) for row in systems.values(*AI_SYSTEM_ROW_COLUMNS)],
        output_fields(AISystemSerializer),
    )
    models = GPAIModel.objects.filter(organization=owner).order_by("name")
    assert {bare.pk, described.pk} <= {m.pk for m in models}
    assert_same_rows(
        GPAIModelSerializer(models, many=True).data,
        [gpai_model_row(row) for row in models.values(*GPAI_MODEL_ROW_COLUMNS)],
        output_fields(GPAIModelSerializer),
    )
