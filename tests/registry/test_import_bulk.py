"""The bulk Epoch import: a preview that writes nothing and counts exactly, an import that
writes what the per-row services would write, once, with one audit event and a manifest."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from aigov.accounts.actor import Actor
from aigov.audit.models import AuditEvent
from aigov.audit.services import verify_chain
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from registry.importing import fields_from_row, import_models, plan_import
from registry.models import GPAIModel, SubjectVersion
from registry.services import (
    MODEL_FIELDS,
    models_import_confirm,
    models_import_start,
    subject_create,
    subject_update,
)
from registry.services.subjects import snapshot
from tests.conftest import member
from tests.factories import OrganizationFactory

EXTRACT = Path(settings.EPOCH_DEMO_CSV).read_text(encoding="utf-8-sig")
HEADER = (
    "Model,Domain,Parameters,Training dataset size (datapoints),Training compute (FLOP),"
    "Training compute estimation method,Model accessibility,Link"
)
FIRST = "\n".join(
    [
        HEADER,
        "Frontier-X,Language,1e12,2e13,3e25,Reported,API access,https://example.org/x",
        "Steady,Language,1e9,,1e21,,Open weights (unrestricted),",
        "Bio-1,Biology,1e10,,2e23,Hardware,Open weights (unrestricted),",
    ]
)
# Against FIRST: Frontier-X changes (compute), Steady and Bio-1 stay, Newcomer is new;
# three rows are skipped (no name, a bad number, a repeated name).
SECOND = "\n".join(
    [
        HEADER,
        "Frontier-X,Language,1e12,2e13,5e25,Reported,API access,https://example.org/x",
        "Steady,Language,1e9,,1e21,,Open weights (unrestricted),",
        "Bio-1,Biology,1e10,,2e23,Hardware,Open weights (unrestricted),",
        'Newcomer,"Language,Vision",7e9,1e12,4e22,Operation counting,API access,',
        ",Language,1,,1,,,",
        "Broken,Language,lots,,1e20,,,",
        "Steady,Language,2e9,,1e21,,,",
    ]
)


def lines(text):
    return text.splitlines(keepends=True)


def state():
    """Everything an import could write, to compare before and after."""
    return (
        sorted(GPAIModel.objects.values_list("id", "name", "updated_at", "imported_at")),
        sorted(SubjectVersion.objects.values_list("id", "data", "classification")),
        # The job's own end is audited (`job.succeeded`); nothing of the registry.
        AuditEvent.objects.exclude(action__startswith="job.").count(),
    )


@pytest.fixture
def actor(owner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return Actor(organization=owner, role="editor", user=member(owner, "editor"))


def upload(text, name="models.csv"):
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def preview_of(actor, text):
    preview = models_import_start(actor=actor, upload=upload(text))
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    preview.refresh_from_db()
    return preview


@pytest.mark.django_db
def test_the_preview_counts_exactly_and_writes_nothing(owner, actor):
    import_models(organization=owner, text=FIRST)
    before = state()

    preview = preview_of(actor, SECOND)

    assert state() == before  # no model, version or audit event written
    result = preview.result
    assert (result["created"], result["updated"], result["unchanged"]) == (1, 1, 2)
    assert [(s["row"], s["reason"]) for s in result["skipped"]] == [
        (5, "no model name"),
        (6, "'Parameters' is not a number: 'lots'"),
        (7, "same model name as row 2"),
    ]
    assert result["rows"] == 7 and result["filename"] == "models.csv"
    assert "created_ids" not in result  # a preview has no manifest
    # The import then does exactly what the preview said.
    job = models_import_confirm(actor=actor, preview=preview)
    assert job_run(job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert {key: job.result[key] for key in ("created", "updated", "unchanged", "skipped")} == {
        key: result[key] for key in ("created", "updated", "unchanged", "skipped")
    }


@pytest.mark.django_db
def test_the_extract_previews_as_its_rows(owner, actor):
    preview = preview_of(actor, EXTRACT)

    result = preview.result
    assert (result["created"], result["updated"], result["unchanged"]) == (297, 0, 0)
    assert result["skipped"] == [{"row": 125, "reason": "same model name as row 124"}]
    assert result["rows"] == 298 and result["systemic_risk"] == 24
    assert not GPAIModel.objects.exists() and not SubjectVersion.objects.exists()


@pytest.mark.django_db
def test_importing_twice_writes_once_with_one_audit_event_each(owner, actor):
    first = models_import_confirm(actor=actor, preview=preview_of(actor, EXTRACT))
    assert job_run(first.pk) == JobStatus.SUCCEEDED
    second_preview = preview_of(actor, EXTRACT)
    assert (second_preview.result["created"], second_preview.result["unchanged"]) == (0, 297)
    second = models_import_confirm(actor=actor, preview=second_preview)
    assert job_run(second.pk) == JobStatus.SUCCEEDED

    first.refresh_from_db()
    second.refresh_from_db()
    assert GPAIModel.objects.filter(organization=owner).count() == 297
    assert SubjectVersion.objects.filter(organization=owner).count() == 297
    assert len(first.result["created_ids"]) == 297 and first.result["updated_ids"] == []
    assert set(first.result["created_ids"]) == {
        str(pk) for pk in GPAIModel.objects.values_list("pk", flat=True)
    }
    assert (second.result["created"], second.result["updated"]) == (0, 0)
    assert second.result["unchanged"] == 297 and second.result["created_ids"] == []
    events = AuditEvent.objects.filter(action="gpai_model.imported").order_by("sequence")
    assert [event.object_id for event in events] == [str(first.pk), str(second.pk)]
    assert not AuditEvent.objects.filter(action__in=["gpai_model.created", "gpai_model.updated"])
    manifest = events[0].data
    assert manifest["file_sha256"] == hashlib.sha256(EXTRACT.encode()).hexdigest()
    assert (manifest["created"], manifest["rows"], manifest["skipped"]) == (297, 298, 1)
    assert manifest["manifest_sha256"] == first.result["manifest_sha256"]
    ids = json.dumps(
        [first.result["created_ids"], first.result["updated_ids"]], separators=(",", ":")
    )
    assert manifest["manifest_sha256"] == hashlib.sha256(ids.encode()).hexdigest()
    assert verify_chain().ok


def _per_row(organization, text):
    """What the per-row services make of the rows of `text` (the behaviour to keep)."""
    seen = set()
    for row in csv.DictReader(lines(text)):
        try:
            fields = fields_from_row(row)
        except ValueError:
            continue
        if fields["name"] in seen:
            continue
        seen.add(fields["name"])
        existing = GPAIModel.objects.filter(organization=organization, name=fields["name"])
        if existing.exists():
            subject_update(subject=existing.get(), fields=fields)
        else:
            subject_create(model_class=GPAIModel, fields=fields, organization=organization)


def _written(organization):
    """Each model's fields, profile, classification and versions, by name."""
    out = {}
    for model in GPAIModel.objects.filter(organization=organization):
        versions = SubjectVersion.objects.filter(subject_id=model.pk).order_by("number")
        out[model.name] = {
            "data": snapshot(model, MODEL_FIELDS),
            "classification": model.classification,
            "version_number": model.version_number,
            "versions": [(v.number, v.data, v.classification, v.reason) for v in versions],
        }
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_bulk_import_writes_what_the_per_row_services_write(owner, vendor, monkeypatch):
    # Another provider registered Frontier-X by hand; both get the same rows.
    reference = OrganizationFactory(country="DE")
    for organization in (owner, reference):
        subject_create(
            model_class=GPAIModel,
            fields={"name": "Frontier-X", "parameters": 5, "training_compute_flop": 1e20},
            profile={"interacts_with_persons": True},
            organization=organization,
        )
    _per_row(reference, FIRST)
    _per_row(reference, SECOND)
    if vendor == "sqlite":  # the ORM path of the embedded mode, on the same database
        monkeypatch.setattr(connection, "vendor", "sqlite")

    first = import_models(organization=owner, text=FIRST)
    second = import_models(organization=owner, text=SECOND)

    assert (first.created, first.updated) == (2, 1)
    assert (second.created, second.updated, second.unchanged) == (1, 1, 2)
    assert _written(owner) == _written(reference)
    frontier = GPAIModel.objects.get(organization=owner, name="Frontier-X")
    assert frontier.profile == {"interacts_with_persons": True, "subject": "gpai_model"}
    assert frontier.source == "epoch" and frontier.imported_at is not None
    assert frontier.classification["eu"]["systemic_risk"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row,message",
    [
        pytest.param(
            "Huge,Language,1e20,,1e21,,,",
            "less than or equal to 9223372036854775807",
            id="refused-by-full_clean",
        ),
        pytest.param(
            "Typo,Language,1e9,,3e30,,,",
            "more than 1e29",
            id="implausible-as-in-the-form",
        ),
    ],
)
def test_a_row_that_is_refused_is_skipped_with_its_message(owner, row, message):
    """A value the model refuses carries full_clean's message; an implausible one, the
    same message as the form."""
    text = "\n".join([HEADER, row, "Fine,Language,1e9,,1e21,,,"])

    report = import_models(organization=owner, text=text)

    assert report.created == 1 and report.skipped[0][0] == 1
    assert message in report.skipped[0][1]
    assert list(GPAIModel.objects.values_list("name", flat=True)) == ["Fine"]


@pytest.mark.django_db
def test_a_model_written_between_plan_and_write_is_planned_again(owner):
    def meanwhile(plan):
        assert [model.name for model in plan.new] == ["Frontier-X", "Steady", "Bio-1"]
        subject_create(model_class=GPAIModel, fields={"name": "Steady"}, organization=owner)

    report = import_models(organization=owner, text=FIRST, writing=meanwhile)

    assert (report.created, report.updated) == (2, 1)
    assert GPAIModel.objects.filter(organization=owner).count() == 3


@pytest.mark.django_db
def test_plan_only_reads(owner, django_assert_max_num_queries):
    import_models(organization=owner, text=FIRST)
    with django_assert_max_num_queries(2):  # the stored models, read twice; no write
        plan = plan_import(organization=owner, stream=lines(SECOND))
    assert (plan.report.created, plan.report.updated) == (1, 1)


@pytest.mark.django_db
def test_confirming_twice_starts_one_import(actor):
    preview = preview_of(actor, FIRST)

    job = models_import_confirm(actor=actor, preview=preview)

    assert models_import_confirm(actor=actor, preview=preview) == job
    assert Job.objects.filter(kind="registry.import_models").count() == 1
    assert job.params["preview"] == str(preview.pk)


@pytest.mark.django_db
def test_a_preview_is_confirmed_only_once_finished_and_with_its_file(actor, tmp_path):
    preview = models_import_start(actor=actor, upload=upload(FIRST))
    with pytest.raises(ValidationError, match="has not finished"):
        models_import_confirm(actor=actor, preview=preview)
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    (tmp_path / preview.params["upload"]).write_text(FIRST + "\nSneaky,Language,1,,1,,,\n")
    with pytest.raises(ValidationError, match="no longer available"):
        models_import_confirm(actor=actor, preview=preview)
    assert not Job.objects.filter(kind="registry.import_models").exists()


@pytest.mark.django_db
def test_a_viewer_cannot_confirm(owner, actor):
    preview = preview_of(actor, FIRST)
    viewer = Actor(organization=owner, role="viewer", user=member(owner, "viewer"))

    with pytest.raises(Exception, match="role"):
        models_import_confirm(actor=viewer, preview=preview)


@pytest.mark.django_db
def test_copy_escapes_round_trip_backslashes_tabs_and_line_breaks(owner):
    """The COPY text the import writes is read back as the same characters."""
    name = "Back\\slash\ttab\nline\r\nend \\N"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    writer.writerow([name, "Language", "1e9", "", "1e21", "", "", ""])

    report = import_models(organization=owner, text=out.getvalue())

    assert report.created == 1, report.skipped
    stored = GPAIModel.objects.get(organization=owner)
    assert stored.name == name.strip()
    assert SubjectVersion.objects.get(subject_id=stored.pk).data["name"] == stored.name
