"""Asking for a document: a render job on the `pdf` queue, run through `job_run`; one
stored document per version (content addressed), a new one for a new version."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.utils import timezone

from aigov.accounts.actor import Actor
from aigov.audit.models import AuditEvent
from aigov.documents.kinds import kind_get
from aigov.documents.models import Document
from aigov.documents.services import RENDER_JOB, document_render, document_request
from aigov.jobs.models import Job, JobStatus
from aigov.jobs.services import job_run
from tests.conftest import member
from tests.factories import make_declaration, make_filing


def _actor(organization, role="admin"):
    return Actor(organization=organization, role=role, user=member(organization, role))


@pytest.mark.django_db
def test_a_request_renders_once_through_the_pdf_queue(owner, certificate, documents_storage):
    actor = _actor(owner)
    job = document_request(actor=actor, kind="certificate", obj=certificate, language="en")
    assert isinstance(job, Job) and (job.kind, job.queue) == (RENDER_JOB, "pdf")
    # Asked again before it ran: the same job, not a second one.
    assert document_request(actor=actor, kind="certificate", obj=certificate, language="en") == job

    assert job_run(job.pk) == JobStatus.SUCCEEDED
    assert job_run(job.pk) is None  # a redelivered message renders nothing more
    job.refresh_from_db()
    document = Document.objects.get()
    assert job.result["document"] == str(document.pk) and document.job == job
    assert (document.kind, document.object_id, document.language) == (
        "certificate",
        certificate.pk,
        "en",
    )
    assert document.organization == owner and document.page_count == 2
    stored = storages["documents"].open(document.storage_name, "rb").read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256 == job.result["sha256"]
    assert document.storage_name == f"{document.sha256[:2]}/{document.sha256}.pdf"
    assert AuditEvent.objects.filter(action="document.rendered").count() == 1

    # Now the request answers the stored document at once.
    again = document_request(actor=actor, kind="certificate", obj=certificate, language="en")
    assert again == document


@pytest.mark.django_db
def test_rendering_the_same_version_twice_stores_one_document(certificate, documents_storage):
    kind = kind_get("certificate")
    first = document_render(kind=kind, obj=certificate, language="en", job=None)
    Document.objects.all().delete()  # as if two jobs raced: the second finds no row
    second = document_render(kind=kind, obj=certificate, language="en", job=None)
    assert second.sha256 == first.sha256
    assert Document.objects.count() == 1
    assert [p.name for p in documents_storage.rglob("*.pdf")] == [f"{first.sha256}.pdf"]
    # And with the row there, a render returns it.
    assert document_render(kind=kind, obj=certificate, language="en", job=None) == second
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_new_version_is_a_new_document(owner, certificate, documents_storage):
    kind = kind_get("certificate")
    valid = document_render(kind=kind, obj=certificate, language="en", job=None)
    certificate.status = "suspended"
    certificate.status_reason = "Corrective action pending."
    certificate.status_changed_at = timezone.now()
    certificate.save()
    suspended = document_render(kind=kind, obj=certificate, language="en", job=None)
    assert suspended.pk != valid.pk and suspended.sha256 != valid.sha256
    assert suspended.version != valid.version
    assert len(list(documents_storage.rglob("*.pdf"))) == 2


@pytest.mark.django_db
def test_what_cannot_have_a_document_yet_is_refused(owner):
    actor = _actor(owner)
    draft = make_declaration(owner, signed=False)
    with pytest.raises(ValidationError) as refused:
        document_request(actor=actor, kind="declaration", obj=draft, language="en")
    assert "signed" in refused.value.message_dict["object_id"][0]
    filing = make_filing(owner, status="submitted")
    with pytest.raises(ValidationError) as refused:
        document_request(actor=actor, kind="filing_receipt", obj=filing, language="en")
    assert "registered" in refused.value.message_dict["object_id"][0]
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_only_offered_languages_are_rendered(owner, certificate, settings):
    with pytest.raises(ValidationError) as refused:
        document_request(actor=_actor(owner), kind="certificate", obj=certificate, language="xx")
    assert "language" in refused.value.message_dict


@pytest.mark.django_db
def test_a_render_job_fails_with_its_reason_when_the_object_changed(owner, documents_storage):
    declaration = make_declaration(owner)
    actor = _actor(owner)
    job = document_request(actor=actor, kind="declaration", obj=declaration, language="en")
    type(declaration).objects.filter(pk=declaration.pk).update(status="draft")
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "signed" in job.error and not Document.objects.exists()
