"""The import's pages: the preview and its confirmation, the imported badge, the filter that
hides imported reference data (browser and API), and other tenants kept out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aigov.audit.models import AuditEvent
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from registry.importing import import_models
from registry.models import GPAIModel
from tests.conftest import login, member
from tests.factories import make_model
from tests.registry.test_views import html_text

CSV = (
    "Model,Domain,Parameters,Training compute (FLOP),Model accessibility,Link\n"
    "Frontier-X,Language,1e12,3e25,API access,https://example.org/x\n"
    "Small-Y,Language,1e9,1e21,Open weights (unrestricted),\n"
)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor(client, owner):
    user = member(owner, "editor", email="eddie@owner.test")
    login(client, user, owner)
    return user


def upload(client):
    client.post(reverse("model_import"), {"file": SimpleUploadedFile("models.csv", CSV.encode())})
    return Job.objects.get(kind="registry.import_preview")


@pytest.mark.django_db
def test_the_preview_page_counts_and_confirming_imports(client, editor, owner):
    preview = upload(client)
    page = html_text(client.get(reverse("job_detail", args=[preview.pk])))
    assert "Import preview" in page and "Queued" in page  # the worker has not run it yet
    assert job_run(preview.pk) == JobStatus.SUCCEEDED

    progress = client.get(reverse("job_progress", args=[preview.pk]))
    text = html_text(progress)
    assert progress.status_code == 286  # htmx stops polling: the counts are final
    assert "Create 2 models" in text and "Update 0 models" in text and "Skip 0 rows" in text
    assert "Import 2 models" in text

    response = client.post(reverse("model_import_confirm", args=[preview.pk]))
    job = Job.objects.get(kind="registry.import_models")
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    assert "Import of GPAI models" in html_text(client.get(response.url))
    assert job_run(job.pk) == JobStatus.SUCCEEDED
    text = html_text(client.get(reverse("job_progress", args=[job.pk])))
    assert "Created 2" in text and "File SHA-256" in text
    # Confirming again (a second click) shows the same import instead of a second one.
    again = client.post(reverse("model_import_confirm", args=[preview.pk]))
    assert again.url == reverse("job_detail", args=[job.pk])
    assert Job.objects.filter(kind="registry.import_models").count() == 1


@pytest.mark.django_db
def test_imported_models_carry_a_badge_and_the_filter_hides_them(client, editor, owner):
    import_models(organization=owner, text=CSV)
    own = make_model(owner, name="Our own model")

    listed = html_text(client.get(reverse("model_list")))
    assert listed.count("Imported · Epoch AI") == 2
    assert "Frontier-X" in listed and "Our own model" in listed
    hidden = html_text(client.get(reverse("model_list"), {"hide_imported": "on"}))
    assert "Frontier-X" not in hidden and "Small-Y" not in hidden
    assert "Our own model" in hidden and "Imported · Epoch AI" not in hidden

    detail = html_text(client.get(reverse("model_detail", args=[own.pk])))
    assert "Imported" not in detail
    frontier = GPAIModel.objects.get(organization=owner, name="Frontier-X")
    detail = html_text(client.get(reverse("model_detail", args=[frontier.pk])))
    assert "Imported · Epoch AI" in detail
    assert "Reference data Owner AI GmbH imported from Epoch AI" in detail


@pytest.mark.django_db
def test_the_api_filters_imported_models_and_says_which_are(owner_api, owner):
    import_models(organization=owner, text=CSV)
    make_model(owner, name="Our own model")

    everything = owner_api.get("/api/v1/models/").json()["results"]
    own_only = owner_api.get("/api/v1/models/", {"imported": "false"}).json()["results"]
    imported = owner_api.get("/api/v1/models/", {"imported": "true"}).json()["results"]

    assert len(everything) == 3
    assert [row["name"] for row in own_only] == ["Our own model"]
    assert own_only[0]["imported_at"] is None
    assert sorted(row["name"] for row in imported) == ["Frontier-X", "Small-Y"]
    assert all(row["imported_at"] and row["source"] == "epoch" for row in imported)


@pytest.mark.django_db
def test_the_model_list_query_count_does_not_grow_with_imported_rows(client, editor, owner):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("model_list"), {"hide_imported": "on"}).status_code == 200
        return len(captured)

    import_models(organization=owner, text=CSV)
    few = queries()
    import_models(organization=owner, text=CSV.replace("Small-Y", "Small-Z"))
    assert queries() == few


@pytest.mark.django_db
def test_another_tenants_preview_progress_and_confirm_answer_404(client, owner, stranger):
    theirs = import_job_of(stranger)
    login(client, member(owner, "editor"), owner)

    for name in ("job_detail", "job_progress"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name in ("model_import_confirm", "model_import_discard"):
        assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    assert not Job.objects.filter(kind="registry.import_models").exists()


@pytest.mark.django_db
def test_another_tenants_import_job_is_absent_from_the_api(owner_api, stranger):
    theirs = import_job_of(stranger)

    assert owner_api.get(f"/api/v1/jobs/{theirs.pk}/").status_code == 404
    listed = owner_api.get("/api/v1/jobs/").json()["results"]
    assert str(theirs.pk) not in {row["id"] for row in listed}


@pytest.mark.django_db
def test_a_viewer_sees_the_preview_but_cannot_confirm(client, owner):
    preview = import_job_of(owner)
    login(client, member(owner, "viewer"), owner)

    text = html_text(client.get(reverse("job_progress", args=[preview.pk])))
    assert "Create 2 models" in text and "Import 2 models" not in text
    assert client.post(reverse("model_import_confirm", args=[preview.pk])).status_code == 403


def import_job_of(organization):
    """A finished preview of `organization`'s upload."""
    from aigov.accounts.actor import Actor
    from registry.services import models_import_start

    actor = Actor(organization=organization, role="editor", user=member(organization, "editor"))
    preview = models_import_start(
        actor=actor, upload=SimpleUploadedFile("models.csv", CSV.encode())
    )
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    return preview


@pytest.mark.django_db(transaction=True)
def test_discarding_a_preview_deletes_its_file_and_refuses_the_import(
    client, editor, owner, tmp_path
):
    preview = upload(client)
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    assert "Discard the file" in html_text(client.get(reverse("job_progress", args=[preview.pk])))

    response = client.post(reverse("model_import_discard", args=[preview.pk]))

    assert response.status_code == 302 and response.url == reverse("model_list")
    assert not list(tmp_path.glob("imports/*.csv"))
    assert AuditEvent.objects.filter(
        action="gpai_model.import_discarded", object_id=str(preview.pk)
    ).exists()
    refused = client.post(reverse("model_import_confirm", args=[preview.pk]), follow=True)
    assert "no longer available" in html_text(refused)
    assert not Job.objects.filter(kind="registry.import_models").exists()
    assert not GPAIModel.objects.exists()


@pytest.mark.django_db
def test_an_imported_file_cannot_be_discarded(client, editor, owner):
    preview = upload(client)
    assert job_run(preview.pk) == JobStatus.SUCCEEDED
    client.post(reverse("model_import_confirm", args=[preview.pk]))

    refused = client.post(reverse("model_import_discard", args=[preview.pk]), follow=True)

    assert "imported already" in html_text(refused)
