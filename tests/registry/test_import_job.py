"""The browser import as a job that is safe to run again: its upload outlives a crash."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from aigov.accounts.actor import Actor
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import HANDLERS, ProgressReporter, job_run
from registry.models import GPAIModel
from registry.services import models_import_confirm, models_import_start
from tests.conftest import member

CSV = (
    "Model,Domain,Organization,Parameters,Training compute (FLOP),Model accessibility,Link\n"
    "Frontier-X,Language,Lab,1e12,3e25,API access,https://example.org/x\n"
    "Small-Y,Language,Lab,1e9,1e21,Open weights (unrestricted),\n"
)


@pytest.fixture
def import_job(owner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    actor = Actor(organization=owner, role="editor", user=member(owner, "editor"))
    preview = models_import_start(
        actor=actor, upload=SimpleUploadedFile("models.csv", CSV.encode(), "text/csv")
    )
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    return models_import_confirm(actor=actor, preview=preview)


def uploads(tmp_path):
    return list(tmp_path.glob("imports/*.csv"))


@pytest.mark.django_db
def test_a_run_killed_after_importing_is_run_again_from_the_same_upload(import_job, tmp_path):
    # The worker imports everything, then dies before recording the end of the job.
    claimed = Job.objects.filter(pk=import_job.pk)
    claimed.update(status=JobStatus.RUNNING, attempts=1)
    import_job.refresh_from_db()
    HANDLERS["registry.import_models"].function(import_job, ProgressReporter(import_job.pk, 1))
    assert len(uploads(tmp_path)) == 1  # kept: the job has not ended
    # Recovered and run again: the same rows, nothing doubled, then the upload goes.
    claimed.update(status=JobStatus.QUEUED)
    assert job_run(import_job.pk) == JobStatus.SUCCEEDED
    import_job.refresh_from_db()
    assert import_job.result["created"] == 0 and import_job.result["unchanged"] == 2
    assert GPAIModel.objects.count() == 2
    assert uploads(tmp_path) == []


@pytest.mark.django_db
def test_a_database_outage_is_retried_and_the_upload_kept(import_job, tmp_path):
    with mock.patch("registry.tasks.import_models", side_effect=OperationalError("gone")):
        assert job_run(import_job.pk) == JobStatus.QUEUED
    assert len(uploads(tmp_path)) == 1
    assert job_run(import_job.pk) == JobStatus.SUCCEEDED
    assert GPAIModel.objects.count() == 2
    assert uploads(tmp_path) == []


@pytest.mark.django_db
def test_an_import_that_fails_for_good_releases_its_upload(import_job, tmp_path):
    with mock.patch("registry.tasks.import_models", side_effect=ValueError("broken")):
        assert job_run(import_job.pk) == JobStatus.FAILED
    assert uploads(tmp_path) == []
