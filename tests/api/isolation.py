"""What the isolation harness needs to know about each API resource.

Register here, once, how to create a row of a model that belongs to (is visible to)
a given organisation. `tests/api/test_isolation.py` then walks every route and role.
An API route whose model is not registered fails the harness.
"""

from aigov.accounts.models import ApiKey
from aigov.audit.models import AuditEvent
from aigov.audit.services import audit_record
from aigov.documents.models import Document
from aigov.jobs.models import Job
from aigov.notifications.models import Notification
from assessments.certificates.models import Certificate, DeclarationOfConformity
from assessments.conformity.models import ChecklistRun, ConformityAssessment, Evidence, Finding
from assessments.evaluations.models import Evaluation
from assessments.incidents.models import IncidentReport
from registry.models import AISystem, Filing, GPAIModel
from tests.factories import (
    ApiKeyFactory,
    JobFactory,
    make_assessment,
    make_certificate,
    make_checklist_run,
    make_declaration,
    make_document,
    make_evaluation,
    make_evidence,
    make_filing,
    make_finding,
    make_incident,
    make_model,
    make_notification,
    make_system,
)


def _audit_event(organization):
    return audit_record(action="test.event", organization=organization, data={"n": 1})


# model → function(organization) returning a new row visible to that organisation, or
# None when no row of the model can be visible to that kind of organisation.
FACTORIES = {
    ApiKey: lambda organization: ApiKeyFactory(organization=organization),
    Job: lambda organization: JobFactory(organization=organization),
    AuditEvent: _audit_event,
    AISystem: make_system,
    GPAIModel: make_model,
    Filing: make_filing,
    ConformityAssessment: make_assessment,
    Finding: make_finding,
    ChecklistRun: make_checklist_run,
    Evidence: make_evidence,
    # An SB 53 imminent risk: the one kind every incident verb applies to, so a write to
    # another's through `…/record-notice/` would change a row (the harness compares it).
    IncidentReport: lambda organization: make_incident(
        organization, regime="us_ca", category="imminent_risk", member_states=[]
    ),
    Certificate: make_certificate,
    DeclarationOfConformity: make_declaration,
    # A notification to a colleague (a new member of the organisation): see PERSONAL.
    Notification: make_notification,
    Evaluation: make_evaluation,
    Document: make_document,
}

# Models whose rows belong to one person, not to the whole organisation: model →
# function(organization, user) making a row of `user`. The harness makes the caller's own
# row with it (none for an API key, which is nobody) and adds a row of a colleague in the
# caller's own organisation (FACTORIES) to the rows that must stay invisible.
PERSONAL = {
    Notification: lambda organization, user: make_notification(organization, recipient=user),
}

# API routes that are not object collections, with why they need no isolation case.
NON_OBJECT_ROUTES = {
    "organizations/me/": "describes the caller only",
    "schema/": "the OpenAPI document",
    "docs/": "the interactive API documentation",
    "classify/": "a stateless preview; stores and reads nothing",
    "catalogues/": "the requirement catalogues: the law, no tenant data",
    "catalogues/<str:code>/": "one requirement catalogue: the law, no tenant data",
    "public/register/": "open data by design; tests/registry/test_public_register.py",
    "public/register/export/": "open data by design; tests/registry/test_public_register.py",
    "public/register/gpai-systemic-risk/": "open data by design; see test_public_register",
    "public/register/<uuid:pk>/": "open data by design; tests/registry/test_public_register.py",
    "public/certificates/<str:number>/": "public verification by number, by design; "
    "tests/assessments/certificates/test_verification.py",
    "public/certificates/<str:number>/check/": "public PDF check by number, by design; "
    "tests/assessments/certificates/test_verification.py",
}


def _figure_urls() -> list[str]:
    from django.urls import reverse

    from aigov.figures import FIGURES

    return [reverse("api:figure-detail", kwargs={"code": code}) for code in FIGURES]


def _figure_list_url() -> list[str]:
    from django.urls import reverse

    return [reverse("api:figure-list")]


# Aggregate routes: numbers over rows, not rows. For each, the harness proves for every
# role that rows only other organisations see never change the answer
# (test_isolation.py); route → function giving the URLs to call.
AGGREGATE_ROUTES = {
    "dashboard/": _figure_list_url,
    "dashboard/<slug:code>/": _figure_urls,
}
