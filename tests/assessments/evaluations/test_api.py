"""`/api/v1/evaluations/`: an evaluation institute posts a real Inspect log, read with
inspect_ai; the provider and the AI Office see it with its metrics; nobody else does."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from aigov.audit.models import AuditEvent
from aigov.jobs.models import Job
from aigov.jobs.services import job_run
from aigov.notifications.models import Notification
from assessments.evaluations.models import Evaluation
from assessments.evaluations.tasks import notify_job
from tests.assessments.evaluations.inspect_logs import ACCURACY, MODEL, TASK
from tests.conftest import login, member
from tests.factories import (
    ApiKeyFactory,
    AssessorFactory,
    AuthorityFactory,
    EvaluatorFactory,
    OrganizationFactory,
    make_evaluation,
    make_model,
)

LIST = "/api/v1/evaluations/"


@pytest.fixture
def provider(db):
    return OrganizationFactory(name="Lumen Models SAS", slug="lumen", country="FR")


@pytest.fixture
def model(provider):
    return make_model(provider, name="Lumen Large", version="2")


@pytest.fixture
def evaluator(db):
    return EvaluatorFactory(name="Frontier Evaluation Institute", slug="fei", country="GB")


@pytest.fixture
def ai_office(db):
    return AuthorityFactory(
        name="European AI Office", slug="ai-office", authority_code="eu-ai-office", country="BE"
    )


def client_of(organization, role):
    return login(APIClient(), member(organization, role), organization)


def fields(model, **extra):
    return {
        "gpai_model": str(model.pk),
        "domain": "cyber",
        "framework": "openai_preparedness",
        "level": "medium",
        "mitigation": "pre",
        "result": "Medium: solves easy CTF challenges only.",
        "summary": "Two questions, run with Inspect.",
        **extra,
    }


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def post(client, model, log=None, **extra):
    body = fields(model, **extra)
    if log is not None:
        body["log"] = log
    return client.post(LIST, body, format="multipart")


@pytest.mark.parametrize("log_format", ["eval", "json"])
def test_an_evaluator_posts_a_real_inspect_log_and_the_provider_sees_its_metrics(
    log_format, inspect_logs, provider, model, evaluator, ai_office, evidence_root
):
    path = inspect_logs[log_format]
    response = post(client_of(evaluator, "lead"), model, log=upload(path))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["provider"]["name"] == "Lumen Models SAS"
    assert body["evaluator"]["slug"] == "fei"
    assert body["gpai_model"] == {
        "id": str(model.pk),
        "name": "Lumen Large",
        "version": "2",
        "version_number": 1,
    }
    assert (body["framework"], body["level"], body["mitigation"]) == (
        "openai_preparedness",
        "medium",
        "pre",
    )
    assert body["requirements"] == ["eu.art55.1.a"]
    log = body["log"]
    assert log["format"] == log_format
    assert log["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    facts = log["facts"]
    assert facts["task"] == TASK
    assert facts["model"] == MODEL
    assert facts["status"] == "success"
    assert facts["dataset"]["name"] == "tiny-questions"
    assert facts["samples"] == {"total": 2, "completed": 2}
    (score,) = facts["scores"]
    assert score["scorer"] == "includes"
    assert score["metrics"]["accuracy"] == ACCURACY
    assert "revision" in facts

    # The provider and the AI Office see it, and download the very bytes.
    for reader in (client_of(provider, "viewer"), client_of(ai_office, "reviewer")):
        listed = reader.get(LIST).json()["results"]
        assert [row["id"] for row in listed] == [body["id"]]
        detail = reader.get(f"{LIST}{body['id']}/")
        assert detail.json()["log"]["facts"]["samples"]["completed"] == 2
        download = reader.get(log["download"])
        assert download.status_code == 200
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download) == path.read_bytes()

    # The provider's pages show the metrics, and the model's page lists it.
    browser = login(APIClient(), member(provider, "viewer"), provider)
    page = browser.get(reverse("evaluation_detail", args=[body["id"]])).content.decode()
    assert TASK in page and MODEL in page and "accuracy" in page and "0.5" in page
    assert "2 of 2 completed" in page
    model_page = browser.get(reverse("model_detail", args=[model.pk])).content.decode()
    assert "Medium: solves easy CTF challenges only." in model_page
    assert AuditEvent.objects.filter(action="evaluation.submitted").count() == 1


def test_the_extension_is_not_trusted(inspect_logs, evaluator, model):
    """An .eval log (a zip) named .json is read as what its bytes are."""
    response = post(
        client_of(evaluator, "assessor"), model, log=upload(inspect_logs["eval"], "run.json")
    )
    assert response.status_code == 201, response.content
    assert response.json()["log"]["format"] == "eval"
    assert response.json()["log"]["facts"]["task"] == TASK


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,data,says",
    [
        ("run.eval", b"plain words, not a log", "neither an Inspect .eval log"),
        ("run.json", json.dumps({"hello": "world"}).encode(), "not an Inspect eval log"),
        ("run.json", b'{"version": 2, "status": ', "not an Inspect eval log"),
        ("run.eval", _zip({"notes.txt": b"hello"}), "not an Inspect eval log"),
        ("run.eval", b"MZ\x90\x00 a program", "neither an Inspect .eval log"),
        ("run.json", b"", "empty"),
    ],
)
def test_a_file_that_is_not_an_inspect_log_is_422_naming_log_and_nothing_is_stored(
    name, data, says, evaluator, model, evidence_root
):
    response = post(client_of(evaluator, "lead"), model, log=SimpleUploadedFile(name, data))
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert list(errors) == ["log"]
    assert says in errors["log"][0]
    assert not Evaluation.objects.exists()
    assert not AuditEvent.objects.filter(action="evaluation.submitted").exists()
    assert not evidence_root.exists() or not any(p.is_file() for p in evidence_root.rglob("*"))


def test_a_log_over_the_evidence_limit_is_413(settings, inspect_logs, evaluator, model):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = post(client_of(evaluator, "lead"), model, log=upload(inspect_logs["json"]))
    assert response.status_code == 413
    assert list(response.json()["errors"]) == ["log"]
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"level": "asl-3"}, "level"),
        ({"framework": "anthropic_rsp", "level": "asl-9"}, "level"),
        ({"framework": "other", "framework_name": "", "level": "x"}, "framework_name"),
        ({"framework": "none", "level": "high"}, "level"),
        ({"domain": "weather"}, "domain"),
        ({"mitigation": "during"}, "mitigation"),
        ({"requirements": ["eu.art9"]}, "requirements"),
        ({"gpai_model": "6a1b3b5e-0000-4000-8000-000000000000"}, "gpai_model"),
        ({"result": ""}, "result"),
    ],
)
def test_bad_fields_are_422_naming_the_field(extra, field, evaluator, model):
    response = post(client_of(evaluator, "lead"), model, **extra)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Evaluation.objects.exists()


def test_without_a_log_and_with_another_framework(evaluator, model):
    response = post(
        client_of(evaluator, "lead"),
        model,
        framework="other",
        framework_name="UK AISI pre-deployment protocol",
        level="Above the novice baseline",
        requirements=["eu.art55.1.a", "eu.annex_xi.2"],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["log"] is None
    assert body["framework_name"] == "UK AISI pre-deployment protocol"
    assert body["requirements"] == ["eu.art55.1.a", "eu.annex_xi.2"]


@pytest.mark.parametrize(
    "make_poster,role",
    [
        (lambda: AssessorFactory(assessor_type="notified_body"), "lead"),
        (lambda: AssessorFactory(assessor_type="red_team"), "lead"),
        (lambda: AssessorFactory(), "lead"),
        (lambda: OrganizationFactory(), "admin"),
        (lambda: AuthorityFactory(authority_code="eu-ai-office"), "supervisor"),
    ],
)
def test_only_an_evaluation_institute_posts(make_poster, role, model):
    response = post(client_of(make_poster(), role), model)
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_a_read_key_of_an_evaluator_cannot_post_and_a_write_key_can(evaluator, model):
    read, write = APIClient(), APIClient()
    read.credentials(
        HTTP_AUTHORIZATION=f"Bearer {ApiKeyFactory(organization=evaluator, scope='read').token}"
    )
    write.credentials(
        HTTP_AUTHORIZATION=f"Bearer {ApiKeyFactory(organization=evaluator, scope='write').token}"
    )
    assert post(read, model).status_code == 403
    assert post(write, model).status_code == 201


def test_nobody_else_sees_an_evaluation(inspect_logs, provider, model, evaluator, ai_office):
    posted = post(client_of(evaluator, "lead"), model, log=upload(inspect_logs["eval"])).json()
    others = [
        (OrganizationFactory(), "admin"),  # another provider
        (AuthorityFactory(authority_code="eu-msa-fr"), "supervisor"),  # another authority
        (EvaluatorFactory(), "lead"),  # another evaluator
        (AssessorFactory(assessor_type="notified_body"), "lead"),
    ]
    for organization, role in others:
        client = client_of(organization, role)
        assert client.get(LIST).json()["results"] == []
        assert client.get(f"{LIST}{posted['id']}/").status_code == 404
        assert client.get(posted["log"]["download"]).status_code == 404
        page = client.get(reverse("evaluation_detail", args=[posted["id"]]))
        assert page.status_code == 404
        assert client.get(reverse("evaluation_log", args=[posted["id"]])).status_code == 404


def test_immutable_a_correction_supersedes_once(evaluator, model):
    client = client_of(evaluator, "lead")
    first = post(client, model).json()
    url = f"{LIST}{first['id']}/"
    assert client.patch(url, {"result": "changed"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    correction = post(client, model, supersedes=first["id"], level="high")
    assert correction.status_code == 201, correction.content
    assert correction.json()["supersedes"] == first["id"]
    assert client.get(url).json()["superseded"] is True
    again = post(client, model, supersedes=first["id"])
    assert again.status_code == 422
    assert "supersedes" in again.json()["errors"]
    # Another evaluator cannot supersede it (it does not even see it).
    latest = correction.json()["id"]
    stranger = post(client_of(EvaluatorFactory(), "lead"), model, supersedes=latest)
    assert stranger.status_code == 422
    assert "supersedes" in stranger.json()["errors"]


def test_an_evaluation_without_a_log_has_no_download(evaluator, model):
    client = client_of(evaluator, "lead")
    posted = post(client, model).json()
    assert client.get(reverse("api:evaluation-log", args=[posted["id"]])).status_code == 404


def test_the_list_filters_by_model(evaluator, provider, model):
    other = make_model(provider, name="Lumen Small")
    make_evaluation(provider, gpai_model=model, evaluator=evaluator)
    make_evaluation(provider, gpai_model=other, evaluator=evaluator)
    client = client_of(provider, "viewer")
    rows = client.get(LIST, {"gpai_model": str(other.pk)}).json()["results"]
    assert [row["gpai_model"]["name"] for row in rows] == ["Lumen Small"]


def test_the_provider_is_told_of_a_new_evaluation_once(inspect_logs, provider, model, evaluator):
    editor = member(provider, "editor", email="editor@lumen.test")
    member(provider, "viewer", email="viewer@lumen.test")  # reads, keeps no model: not told
    response = post(client_of(evaluator, "lead"), model, log=upload(inspect_logs["json"]))
    assert response.status_code == 201, response.content
    (job,) = Job.objects.filter(kind="evaluations.notify")
    assert job.organization == provider  # committed with the evaluation

    job_run(job.pk)
    (notice,) = Notification.objects.all()
    assert notice.recipient == editor
    assert notice.url == f"/evaluations/{response.json()['id']}/"
    assert notice.title == "New evaluation of Lumen Large by Frontier Evaluation Institute"
    assert [m.to for m in mail.outbox] == [["editor@lumen.test"]]
    assert "Result: Medium: solves easy CTF challenges only." in mail.outbox[0].body
    # The job run again (a retry) tells nobody twice.
    assert notify_job(job, lambda *args: None) == {"sent": 0}
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
