"""factory_boy factories for the foundation's models."""

import factory
from django.utils import timezone

from aigov.accounts.models import ApiKey, Membership, Organization, OrganizationKind, User
from aigov.accounts.tokens import new_token
from aigov.jobs.models import Job


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.OPERATOR
    country = "DE"


class AuthorityFactory(OrganizationFactory):
    kind = OrganizationKind.AUTHORITY
    authority_code = factory.Sequence(lambda n: f"eu-msa-{n}")
    jurisdictions = factory.LazyAttribute(lambda o: [o.country])


class AssessorFactory(OrganizationFactory):
    kind = OrganizationKind.ASSESSOR
    identification_number = factory.Sequence(lambda n: f"NB {2000 + n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "admin"


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """An API key; the plain token is on `key.token` (only in tests)."""

    class Meta:
        model = ApiKey

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"key {n}")
    scope = "write"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token, prefix, secret_hash = new_token()
        key = model_class.objects.create(*args, prefix=prefix, secret_hash=secret_hash, **kwargs)
        key.token = token
        return key


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    organization = factory.SubFactory(OrganizationFactory)
    kind = "registry.deadline_digest"
    enqueued_at = factory.LazyFunction(timezone.now)


_subject_numbers = iter(range(1, 10**9))


def make_system(organization, profile=None, **fields):
    """An AI system registered through the service (so it is classified and versioned)."""
    from registry.models import AISystem
    from registry.services import subject_create

    fields = {
        "name": f"System {next(_subject_numbers)}",
        "intended_purpose": "Ranks loan applications.",
        **fields,
    }
    return subject_create(
        model_class=AISystem, fields=fields, profile=profile or {}, organization=organization
    )


def make_cn_system(organization, service="generative", **fields):
    """An AI system offered in China that can sway public opinion (so the CAC's filings
    apply), providing a `service` of the CAC's kinds ("generative", "recommendation")."""
    profile = {
        "offered_in_china": True,
        "public_opinion_or_mobilisation": True,
        "cn_service_types": [service],
    }
    return make_system(organization, profile=profile, **fields)


def make_model(organization, **fields):
    """A GPAI model registered through the service."""
    from registry.models import GPAIModel
    from registry.services import subject_create

    fields = {"name": f"Model {next(_subject_numbers)}", **fields}
    return subject_create(model_class=GPAIModel, fields=fields, organization=organization)


def make_filing(organization, status="draft", **fields):
    """An EU high-risk filing visible to `organization`: its own draft if it is an
    operator (of `ai_system`, if given), one submitted to it if it is an authority; None
    for an assessor, who sees no filings."""
    from registry.models import Filing

    if organization.kind == "assessor":
        return None
    if organization.kind == "authority":
        owner = OrganizationFactory()
        status = "submitted" if status == "draft" else status
        fields.setdefault("authority", organization)
    else:
        owner = organization
    system = fields.pop("ai_system", None)
    if system is None:
        system = make_system(owner, profile={"annex_iii_point": "5(b)"})
    return Filing.objects.create(
        organization=owner,
        filing_type="eu.high_risk",
        regime="eu",
        ai_system=system,
        status=status,
        **fields,
    )


def make_assessment(organization, procedure="annex_vii", status="in_progress", **fields):
    """A conformity assessment visible to `organization`: its own (as provider, of
    `ai_system` if given), one assigned to it (as notified body), or one of a system filed
    with it (as authority). Its requirements are those in scope unless given."""
    from assessments.conformity.models import ConformityAssessment
    from assessments.conformity.services import requirements_in_scope

    provider = organization if organization.kind == "operator" else OrganizationFactory()
    # Annex III point 1(a) without harmonised standards: Annex VII (REGULATION.md).
    profile = {"annex_iii_point": "1(a)", "harmonised_standards": "none"}
    system = fields.pop("ai_system", None) or make_system(provider, profile=profile)
    if organization.kind == "authority":
        make_filing(provider, status="submitted", ai_system=system, authority=organization)
    if procedure == "annex_vii":
        body = organization if organization.kind == "assessor" else AssessorFactory()
        fields.setdefault("assessor_organization", body)
        fields.setdefault("not_lodged_elsewhere", True)
    fields.setdefault("requirements", requirements_in_scope(system.classification, procedure))
    return ConformityAssessment.objects.create(
        organization=provider,
        procedure=procedure,
        ai_system=system,
        subject_version=system.version_number,
        subject_name=system.name,
        classification=system.classification,
        status=status,
        **fields,
    )


def make_finding(organization, **fields):
    """A finding on an assessment visible to `organization`."""
    from assessments.conformity.models import Finding

    assessment = make_assessment(organization)
    return Finding.objects.create(
        organization=assessment.organization,
        assessment=assessment,
        requirement="eu.art9",
        outcome=fields.pop("outcome", "minor_nc"),
        narrative="The risk management plan has no review dates.",
        author_organization=assessment.assessor_organization,
        **fields,
    )


def make_checklist_run(organization):
    """A checklist run of an assessment visible to `organization`."""
    from assessments.conformity.models import ChecklistRun

    assessment = make_assessment(organization)
    return ChecklistRun.objects.create(
        organization=assessment.organization, assessment=assessment, number=1
    )


def make_evidence(organization, **fields):
    """A metric result filed as evidence on an assessment visible to `organization`."""
    from assessments.conformity.evidence import canonical, sha256_of
    from assessments.conformity.models import Evidence

    assessment = fields.pop("assessment", None) or make_assessment(organization)
    metric = fields.pop(
        "metric", {"name": "refusal_test", "questions": 300, "refused": 291, "rate": 0.97}
    )
    data = canonical(metric)
    return Evidence.objects.create(
        organization=assessment.organization,
        assessment=assessment,
        kind="metric",
        title=fields.pop("title", "Refusal test"),
        version=fields.pop("version", 1),
        content_type="application/json",
        size=len(data),
        sha256=sha256_of(data),
        metric=metric,
        status="accepted",
        **fields,
    )


def make_incident(organization, status=None, **fields):
    """A serious incident visible to `organization`: its own (as provider, a draft unless
    `status` says otherwise), or one reported (routed) to it as an authority; None for an
    assessor, who sees no incidents."""
    from datetime import timedelta

    from assessments.incidents.deadlines import notice_due, report_due
    from assessments.incidents.models import IncidentReport, IncidentRoute

    if organization.kind == "assessor":
        return None
    provider = organization if organization.kind == "operator" else OrganizationFactory()
    status = status or ("draft" if organization.kind == "operator" else "reported")
    aware = fields.pop("aware_at", None) or timezone.now() - timedelta(hours=2)
    regime = fields.pop("regime", "eu")
    category = fields.pop("category", "death")
    subject = make_system(provider) if regime == "eu" else make_model(provider)
    kind = "ai_system" if regime == "eu" else "gpai_model"
    incident = IncidentReport.objects.create(
        organization=provider,
        regime=regime,
        category=category,
        **{kind: subject},
        subject_name=subject.name,
        title=fields.pop("title", "Patient died after a triage error"),
        occurred_at=aware - timedelta(hours=1),
        aware_at=aware,
        member_states=fields.pop("member_states", ["DE"]),
        what_happened="The system ranked an emergency as routine.",
        report_due_at=report_due(regime, category, aware),
        notice_due_at=notice_due(regime, category, aware),
        status=status,
        reported_at=None if status == "draft" else timezone.now(),
        **fields,
    )
    if organization.kind == "authority":
        IncidentRoute.objects.create(
            organization=provider, incident=incident, authority=organization, basis="test"
        )
    return incident


_certificate_numbers = iter(range(1, 10**9))


def make_certificate(organization, issuer=None, **fields):
    """A certificate on a decided conformant Annex VII assessment, visible to
    `organization`: held by it (provider), issued by it (notified body; else `issuer` or a
    new body), or of a system filed with it (authority)."""
    from datetime import date

    from assessments.certificates.models import Certificate, latest_expiry

    if issuer is None and organization.kind == "assessor":
        issuer = organization
    issuer = issuer or AssessorFactory()
    assessment = fields.pop("assessment", None) or make_assessment(
        organization,
        assessor_organization=issuer,
        status="decided",
        decision="conformant",
        decided_at=timezone.now(),
    )
    system = assessment.ai_system
    issued_on = fields.pop("issued_on", date(2026, 3, 2))
    basis = fields.pop("validity_basis", "annex_iii")
    sequence = next(_certificate_numbers)
    defaults = {
        "number": f"NB{issuer.identification_number.removeprefix('NB').strip()}-AIA-2026-"
        f"{sequence:06d}",
        "subject_name": system.name,
        "subject_version": assessment.subject_version,
        "intended_purpose": system.intended_purpose,
        "conditions": "Human review of every rejected application.",
        "expires_on": latest_expiry(issued_on, basis),
    }
    return Certificate.objects.create(
        organization=assessment.organization,
        issuer=issuer,
        assessment=assessment,
        ai_system=system,
        validity_basis=basis,
        issued_on=issued_on,
        **{**defaults, **fields},
    )


def make_declaration(organization, signed=True, **fields):
    """An EU declaration of conformity with every Annex V item filled in, signed (with its
    content SHA-256) unless `signed=False`, visible to `organization`: its own system's
    (provider), one naming a certificate it issued (notified body), or one of a system
    filed with it (authority)."""
    import hashlib
    import json
    from datetime import date, datetime

    from assessments.certificates.models import DeclarationOfConformity

    certificate = fields.pop("certificate", None)
    system = fields.pop("ai_system", None)
    if system is None and (certificate is not None or organization.kind != "operator"):
        certificate = certificate or make_certificate(organization)
        system = certificate.ai_system
    if system is None:
        system = make_system(organization, profile={"annex_iii_point": "5(b)"})
    provider = system.organization
    notified_body = (
        f"{certificate.issuer.name}: Annex VII, certificate {certificate.number}"
        if certificate
        else "Not applicable: internal control (Annex VI)."
    )
    content = fields.pop(
        "content",
        {
            "system_identification": f"{system.name}, credit scoring system, version 1",
            "provider": f"{provider.name}, Hauptstraße 1, 10115 Berlin, Germany",
            "sole_responsibility": "This declaration of conformity is issued under the sole "
            "responsibility of the provider.",
            "conformity": "The AI system conforms to Regulation (EU) 2024/1689.",
            "data_protection": "The AI system complies with Regulation (EU) 2016/679.",
            "standards": "EN ISO/IEC 42001:2023",
            "notified_body": notified_body,
        },
    )
    signing = {}
    if signed:
        user = fields.pop("signer", None) or UserFactory(full_name="Erika Mustermann")
        digest = hashlib.sha256(
            json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        signing = {
            "status": "signed",
            "signer": user,
            "signer_name": "Erika Mustermann",
            "signer_function": "Managing director",
            "signed_for": provider.name,
            "place": "Berlin",
            "signed_on": date(2026, 3, 5),
            "signed_at": datetime(2026, 3, 5, 9, 30, tzinfo=timezone.get_current_timezone()),
            "sha256": digest,
        }
    return DeclarationOfConformity.objects.create(
        organization=provider,
        ai_system=system,
        subject_version=system.version_number,
        version=fields.pop("version", 1),
        content=content,
        certificate=certificate,
        **{**signing, **fields},
    )


_notification_numbers = iter(range(1, 10**9))


def make_notification(organization, recipient=None, **fields):
    """A notification to `recipient` (by default a new member of `organization`) as a
    member of `organization`, unread unless `read_at` is given."""
    from aigov.notifications.models import Notification

    if recipient is None:
        role = {"operator": "editor", "authority": "reviewer", "assessor": "assessor"}
        recipient = MembershipFactory(organization=organization, role=role[organization.kind]).user
    number = next(_notification_numbers)
    return Notification.objects.create(
        organization=organization,
        recipient=recipient,
        key=fields.pop("key", f"test:{number}"),
        title=fields.pop("title", f"Notice {number}"),
        body=fields.pop("body", "Something happened."),
        url=fields.pop("url", "/"),
        **fields,
    )


class EvaluatorFactory(AssessorFactory):
    """An evaluation institute (an assessor that posts evaluations)."""

    assessor_type = "evaluator"
    identification_number = ""


def make_evaluation(organization, **fields):
    """An evaluation visible to `organization`: of its own model (as provider), posted by
    it (as evaluator), or any (as the AI Office); None for another authority, which sees
    no evaluations."""
    from assessments.evaluations.models import AI_OFFICE, Evaluation

    kind = organization.kind
    if kind == "authority" and organization.authority_code != AI_OFFICE:
        return None
    provider = organization if kind == "operator" else OrganizationFactory()
    evaluator = organization if kind == "assessor" else EvaluatorFactory()
    model = fields.pop("gpai_model", None) or make_model(provider)
    return Evaluation.objects.create(
        organization=model.organization,
        evaluator=fields.pop("evaluator", evaluator),
        gpai_model=model,
        model_name=model.name,
        model_version=model.version,
        model_version_number=model.version_number,
        domain=fields.pop("domain", "cyber"),
        mitigation=fields.pop("mitigation", "pre"),
        result=fields.pop("result", "No meaningful uplift on the capture-the-flag suite."),
        summary=fields.pop("summary", "Forty CTF challenges, three attempts each."),
        requirements=fields.pop("requirements", ["eu.art55.1.a"]),
        **fields,
    )


def make_document(organization, **fields):
    """A rendered-document row visible to `organization` (no bytes: for the isolation
    harness): a filing receipt for an operator or an authority, a certificate's PDF for
    a notified body."""
    import hashlib

    import assessments.certificates.documents  # noqa: F401 - registers the kinds
    from aigov.documents.models import Document

    if organization.kind == "assessor":
        obj = make_certificate(OrganizationFactory(), issuer=organization)
        kind = "certificate"
    else:
        obj = make_filing(organization, status="registered")
        kind = "filing_receipt"
    sha = hashlib.sha256(str(obj.pk).encode()).hexdigest()
    return Document.objects.create(
        organization=obj.organization,
        kind=kind,
        object_id=obj.pk,
        language="en",
        version="1",
        sha256=sha,
        size=1,
        page_count=1,
        storage_name=f"{sha[:2]}/{sha}.pdf",
        filename="document-en.pdf",
        **fields,
    )
