"""Importing GPAI models from the Epoch AI CSV: idempotent, with reasons and counts."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from aigov.accounts.actor import Actor
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from registry.models import GPAIModel
from registry.services import models_import_confirm, models_import_start
from tests.conftest import member

# The committed extract of the Epoch AI file (data/README.md): 298 rows, 24 above 10^25.
EPOCH_CSV = Path(settings.EPOCH_DEMO_CSV)
HEADER = "Model,Domain,Organization,Parameters,Training compute (FLOP),Model accessibility,Link"
SAMPLE = (
    "\n".join(
        [
            HEADER,
            "Frontier-X,Language,Lab,1e12,3e25,API access,https://example.org/x",
            "ProteinFold,Biology,Lab,1e10,2e23,Open weights (unrestricted),",
            ",Language,Lab,1,1,,",
            "Tiny,Language,Lab,not-a-number,1e20,,",
            "Frontier-X,Language,Lab,1e12,3e25,API access,",
        ]
    )
    + "\n"
)


def run_import(path, slug):
    out = StringIO()
    call_command("import_models", str(path), "--organization", slug, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_importing_the_epoch_file_twice_gives_one_model_per_name(owner):
    first = run_import(EPOCH_CSV, "owner")
    assert "297 created" in first
    assert "row 125: same model name as row 124" in first
    assert "Above 10^25 FLOP: 24; above 10^26 FLOP: 2." in first
    assert "Presumed systemic risk in the EU (Art. 51(2), > 10^25 FLOP): 24" in first
    assert "Epoch AI" in first
    second = run_import(EPOCH_CSV, "owner")
    assert "0 created, 0 updated, 297 unchanged" in second
    assert GPAIModel.objects.filter(organization=owner).count() == 297
    gpt4 = GPAIModel.objects.get(organization=owner, name="GPT-4")
    assert gpt4.training_compute_flop == 2.1e25 and gpt4.release == "api"
    assert gpt4.classification["eu"]["systemic_risk"] is True
    assert gpt4.source == "epoch"


@pytest.mark.django_db
def test_skipped_rows_are_reported_with_their_reason(owner, tmp_path):
    path = tmp_path / "models.csv"
    path.write_text(SAMPLE)
    out = run_import(path, "owner")
    assert "2 created" in out and "3 skipped" in out
    assert "row 3: no model name" in out
    assert "row 4: 'Parameters' is not a number" in out
    assert "row 5: same model name as row 1" in out
    # ProteinFold: biological sequences above 10^23 → above the former US threshold (EO
    # 14110, revoked 2025-01-20: no report today), no EU systemic risk.
    assert "Above the former US EO 14110 §4.2 reporting threshold, revoked 2025-01-20" in out
    assert out.strip().endswith("CC BY 4.0.")
    protein = GPAIModel.objects.get(name="ProteinFold")
    assert protein.biological_sequence_data and protein.release == "open_weights"
    assert protein.classification["us"]["above_threshold"] is True
    assert protein.classification["us"]["compute_report_required"] is False


@pytest.mark.django_db
def test_import_refuses_a_file_of_another_shape(owner, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,size\nx,1\n")
    with pytest.raises(CommandError, match="missing column"):
        run_import(path, "owner")
    assert not GPAIModel.objects.exists()


@pytest.mark.django_db
def test_browser_import_runs_as_a_job_with_progress(owner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    actor = Actor(organization=owner, role="editor", user=member(owner, "editor"))
    preview = models_import_start(
        actor=actor, upload=SimpleUploadedFile("models.csv", SAMPLE.encode(), "text/csv")
    )
    assert preview.kind == "registry.import_preview" and preview.status == JobStatus.QUEUED
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    preview.refresh_from_db()
    assert preview.progress == 100 and preview.result["created"] == 2
    assert not GPAIModel.objects.exists()  # a preview writes nothing
    job = models_import_confirm(actor=actor, preview=preview)
    assert job.kind == "registry.import_models" and job.status == JobStatus.QUEUED
    assert job_run(job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert job.progress == 100 and job.result["created"] == 2
    assert [s["row"] for s in job.result["skipped"]] == [3, 4, 5]
    assert not list(tmp_path.glob("imports/*.csv"))  # the upload is removed once imported


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8"),
        (b"name,size\nx,1\n", "missing column"),
        (b"Model,Parameters,Training compute (FLOP)\x00\n", "binary"),
    ],
)
def test_uploads_are_checked_by_content_not_name(owner, content, message, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    actor = Actor(organization=owner, role="editor", user=member(owner, "editor"))
    with pytest.raises(ValidationError, match=message):
        models_import_start(actor=actor, upload=SimpleUploadedFile("models.csv", content))
    assert not Job.objects.exists() and not list(tmp_path.rglob("*.csv"))


@pytest.mark.django_db
def test_oversized_upload_is_refused(owner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1024
    actor = Actor(organization=owner, role="admin", user=member(owner, "admin"))
    upload = SimpleUploadedFile("models.csv", (HEADER + "\n" + "x," * 600).encode())
    with pytest.raises(ValidationError, match="limit"):
        models_import_start(actor=actor, upload=upload)
