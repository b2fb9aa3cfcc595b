"""`manage.py seed_demo`: the demo data `make run` starts with."""

import pytest
from django.core.management import CommandError

from aigov.accounts.models import Membership, Organization, User
from aigov.audit.services import verify_chain
from aigov.jobs.models import Job
from aigov.jobs.services import job_run
from aigov.notifications.models import Notification
from assessments.certificates.models import Certificate, DeclarationOfConformity
from assessments.evaluations.models import Evaluation
from assessments.incidents.models import IncidentReport
from registry.models import Filing, GPAIModel
from tests.accounts.test_commands import run


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    out, _ = run("seed_demo")
    assert "provider@demo.aigov.test" in out
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())
    out, _ = run("seed_demo")
    assert "(0 records added)" in out
    assert counts == (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    assert Organization.objects.filter(kind="authority").count() >= 4
    registered = Filing.objects.get(filing_type="eu.high_risk", ai_system__name="Aurora Score")
    assert registered.status == "registered" and registered.registration_number
    assert Filing.objects.filter(status="submitted", authority__slug="eu-ai-office").exists()
    # The demo GPAI provider holds real models from the extract in the repository's data/.
    models = GPAIModel.objects.filter(organization__slug="lumen-models")
    assert models.count() == 28
    assert sum(m.classification["eu"]["systemic_risk"] for m in models) == 24
    # A certificate of the notified body, the signed declaration, and the filing naming both.
    certificate = Certificate.objects.get()
    assert certificate.status == "valid" and certificate.issuer.slug == "demo-notified-body"
    assert DeclarationOfConformity.objects.get().status == "signed"
    watch = Filing.objects.get(ai_system__name="Aurora Branch Watch")
    assert watch.status == "submitted" and certificate.number in watch.data["certificate"]
    # A serious incident reported by the demo provider sits in the German authority's queue.
    incident = IncidentReport.objects.get()
    assert incident.organization.slug == "aurora-credit"
    assert incident.status == "information_requested"
    assert [r.authority.slug for r in incident.routes.all()] == ["de-msa"]
    # An evaluation institute with its user, and its evaluation of the demo GPAI model.
    institute = Organization.objects.get(slug="demo-evaluation-institute")
    assert (institute.kind, institute.assessor_type) == ("assessor", "evaluator")
    assert Membership.objects.filter(
        organization=institute, user__email="evaluator@demo.aigov.test", role="lead"
    ).exists()
    evaluation = Evaluation.objects.get()
    assert evaluation.gpai_model.name == "Mistral Large 2"
    assert evaluation.organization.slug == "lumen-models"
    assert evaluation.evaluator == institute
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_demo_incident_fills_both_sides_notifications(settings):
    run("seed_demo")
    for job in Job.objects.filter(kind="incidents.notify", status="queued"):
        job_run(job.pk)  # as a worker (or `make run`, in-process) does
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert {"provider@demo.aigov.test", "reviewer@demo.aigov.test"} <= told
    assert "supervisor@demo.aigov.test" in told  # supervisors triage too


@pytest.mark.django_db
def test_seed_demo_without_its_models_file_stops_and_stores_nothing(settings, tmp_path):
    settings.EPOCH_DEMO_CSV = tmp_path / "missing.csv"
    with pytest.raises(CommandError, match="No demo models"):
        run("seed_demo")
    assert not Organization.objects.exists() and not User.objects.exists()
