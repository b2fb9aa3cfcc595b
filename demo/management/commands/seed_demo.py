"""Demo organisations, users, systems, real models, filings and a serious incident for a
local run.

Safe to run again: it adds what is missing. The GPAI models are real rows of Epoch AI's
"All ML Systems" data (CC BY 4.0), from the extract committed in data/epoch/.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from aigov.accounts.actor import Actor
from aigov.accounts.models import Membership, Organization, User
from aigov.accounts.services import membership_add, organization_create, user_create
from assessments.evaluations.models import Evaluation
from assessments.evaluations.services import evaluation_submit
from assessments.incidents.models import IncidentReport
from assessments.incidents.services import incident_create, incident_report, incident_triage
from demo.certificates import seed_certificate
from registry.importing import import_models
from registry.models import AISystem, Filing, GPAIModel
from registry.services import (
    filing_accept,
    filing_create,
    filing_start_review,
    filing_submit,
    filing_update,
    subject_create,
)

DEMO_PASSWORD = "aigov-demo-2026"  # noqa: S105 - published demo credential, local use only

ORGANIZATIONS = [
    {
        "slug": "aurora-credit",
        "name": "Aurora Credit Analytics GmbH",
        "kind": "operator",
        "country": "DE",
        "identifiers": {"vat": "DE999999999"},
        "address": "Beispielstraße 1\n60311 Frankfurt am Main\nGermany",
        "contact_email": "compliance@aurora-credit.example",
    },
    {
        "slug": "lumen-models",
        "name": "Lumen Models SAS",
        "kind": "operator",
        "country": "FR",
        "identifiers": {"lei": "9695000000000000DEMO"},
    },
    {
        "slug": "eu-ai-office",
        "name": "European AI Office",
        "kind": "authority",
        "country": "BE",
        "authority_code": "eu-ai-office",
        "jurisdictions": ["EU"],
    },
    {
        "slug": "de-msa",
        "name": "Bundesnetzagentur (market surveillance)",
        "kind": "authority",
        "country": "DE",
        "authority_code": "eu-msa-de",
        "jurisdictions": ["DE"],
    },
    {
        "slug": "cn-cac",
        "name": "Cyberspace Administration of China",
        "kind": "authority",
        "country": "CN",
        "authority_code": "cn-cac",
        "jurisdictions": ["CN"],
    },
    {
        "slug": "cn-cac-bj",
        "name": "Beijing Cyberspace Administration",
        "kind": "authority",
        "country": "CN",
        "authority_code": "cn-cac-bj",
        "jurisdictions": ["CN-BJ"],
    },
    {
        "slug": "us-bis",
        "name": "U.S. Bureau of Industry and Security",
        "kind": "authority",
        "country": "US",
        "authority_code": "us-bis",
        "jurisdictions": ["US"],
    },
    {
        "slug": "us-ca-oes",
        "name": "California Governor's Office of Emergency Services (Cal OES)",
        "kind": "authority",
        "country": "US",
        "authority_code": "us-ca-oes",
        "jurisdictions": ["US-CA"],
    },
    {
        "slug": "demo-notified-body",
        "name": "Demo Notified Body",
        "kind": "assessor",
        "country": "NL",
        "identification_number": "NB 9999 (demo)",
        "assessor_type": "notified_body",
    },
    {
        "slug": "demo-evaluation-institute",
        "name": "Demo Evaluation Institute",
        "kind": "assessor",
        "country": "GB",
        "assessor_type": "evaluator",
    },
]

USERS = [
    ("provider@demo.aigov.test", "Petra Provider", [("aurora-credit", "admin")]),
    ("engineer@demo.aigov.test", "Erik Engineer", [("aurora-credit", "editor")]),
    ("gpai@demo.aigov.test", "Gaëlle Model", [("lumen-models", "admin")]),
    ("reviewer@demo.aigov.test", "Rita Reviewer", [("de-msa", "reviewer")]),
    ("supervisor@demo.aigov.test", "Sven Supervisor", [("de-msa", "supervisor")]),
    ("office@demo.aigov.test", "Olga Office", [("eu-ai-office", "supervisor")]),
    ("cac@demo.aigov.test", "Chen Reviewer", [("cn-cac-bj", "reviewer"), ("cn-cac", "reviewer")]),
    ("bis@demo.aigov.test", "Bill Analyst", [("us-bis", "reviewer")]),
    ("oes@demo.aigov.test", "Olivia Analyst", [("us-ca-oes", "reviewer")]),
    ("assessor@demo.aigov.test", "Anna Assessor", [("demo-notified-body", "lead")]),
    ("evaluator@demo.aigov.test", "Evan Evaluator", [("demo-evaluation-institute", "lead")]),
    (
        "consultant@demo.aigov.test",
        "Conor Consultant",
        [
            ("aurora-credit", "viewer"),
            ("lumen-models", "editor"),
            ("demo-notified-body", "assessor"),
        ],
    ),
]


# Real models from the Epoch AI file, held by the demo GPAI provider: every model above
# 10^25 FLOP (presumed systemic risk) and a few smaller ones, including a protein model.
DEMO_MODEL_MIN_FLOP = 1e25
DEMO_MODELS_EXTRA = ("ESM3 (98B)", "ESM3-open-small", "Mistral NeMo", "Mistral Small 3")

DEMO_SYSTEMS = [
    {
        "fields": {
            "name": "Aurora Score",
            "version": "3.2",
            "trade_name": "Aurora Credit Score",
            "intended_purpose": "Evaluates the creditworthiness of consumers applying for "
            "loans and sets their credit score.",
            "components_and_functions": "Gradient-boosted scoring model; reason-code generator.",
            "inputs_and_operating_logic": "Credit bureau data and application form answers; "
            "outputs a score from 0 to 1000 with reason codes.",
            "market_status": "on_market",
            "member_states": ["DE", "AT", "NL"],
        },
        "profile": {"annex_iii_point": "5(b)", "profiles_natural_persons": True},
    },
    {
        "fields": {
            "name": "Aurora Assistant",
            "version": "1.0",
            "intended_purpose": "Answers customers' questions about their loan applications.",
            "market_status": "in_service",
            "member_states": ["DE"],
        },
        "profile": {"interacts_with_persons": True, "generates_synthetic_content": True},
    },
]


DEMO_HIGH_RISK_DATA = {
    "declaration_of_conformity": "https://aurora-credit.example/doc/aurora-score-3.2.pdf",
    "instructions_for_use": "https://aurora-credit.example/ifu/aurora-score-3.2",
    "url": "https://aurora-credit.example/aurora-score",
}


class Command(BaseCommand):
    help = "Create the demo organisations and users (idempotent) and print the logins."

    def handle(self, *args, **options):
        # Emails of the demo filings go out when the transaction commits (in-process with
        # `make run`, printed by the console backend); the logins are printed after them,
        # so they are the last thing on the screen.
        with transaction.atomic():
            created = self._seed()
        self.stdout.write(f"Demo data ready ({created} records added).")
        self.stdout.write(f"Sign in at /login/ with any of these; password {DEMO_PASSWORD!r}:")
        for email, _, memberships in USERS:
            roles = ", ".join(f"{role} @ {slug}" for slug, role in memberships)
            self.stdout.write(f"  {email:<30} {roles}")

    def _seed(self) -> int:
        """Everything that is missing, in one transaction; how many records were added."""
        created = 0
        for spec in ORGANIZATIONS:
            if not Organization.objects.filter(slug=spec["slug"]).exists():
                organization_create(**spec)
                created += 1
        organizations = {o.slug: o for o in Organization.objects.all()}
        for email, full_name, memberships in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = user_create(email=email, password=DEMO_PASSWORD, full_name=full_name)
                created += 1
            for slug, role in memberships:
                organization = organizations[slug]
                if not Membership.objects.filter(user=user, organization=organization).exists():
                    membership_add(organization=organization, user=user, role=role)
                    created += 1
        created += self._systems(organizations["aurora-credit"])
        created += self._models(organizations["lumen-models"])
        created += self._filings(organizations)
        created += self._incident(organizations)
        created += seed_certificate(organizations, _demo_actor, subject_create)
        created += self._evaluations(organizations)
        return created

    def _systems(self, organization) -> int:
        added = 0
        for spec in DEMO_SYSTEMS:
            if not AISystem.objects.filter(
                organization=organization, name=spec["fields"]["name"]
            ).exists():
                subject_create(
                    model_class=AISystem,
                    fields=spec["fields"],
                    profile=spec["profile"],
                    organization=organization,
                )
                added += 1
        return added

    def _models(self, organization) -> int:
        path = Path(settings.EPOCH_DEMO_CSV)
        if not path.is_file():
            raise CommandError(f"No demo models: {path} not found (see AIGOV_DATA_DIR).")
        with path.open(encoding="utf-8-sig", newline="") as stream:
            report = import_models(organization=organization, stream=stream, select=_is_demo_model)
        return report.created

    def _filings(self, organizations) -> int:
        """A registered EU high-risk filing (so the public register has an entry) and a
        GPAI notification waiting in the AI Office's queue, made through the services."""
        if Filing.objects.exists():
            return 0
        added = 0
        aurora, lumen = organizations["aurora-credit"], organizations["lumen-models"]
        provider = _demo_actor("provider@demo.aigov.test", aurora)
        reviewer = _demo_actor("reviewer@demo.aigov.test", organizations["de-msa"])
        scorer = AISystem.objects.get(organization=aurora, name="Aurora Score")
        filing = filing_create(actor=provider, subject=scorer, filing_type="eu.high_risk")
        filing = filing_update(actor=provider, filing=filing, data=DEMO_HIGH_RISK_DATA)
        filing = filing_submit(actor=provider, filing=filing)
        filing_accept(actor=reviewer, filing=filing_start_review(actor=reviewer, filing=filing))
        added += 1
        model = GPAIModel.objects.filter(organization=lumen, name="Mistral Large 2").first()
        if model is not None:
            gpai = _demo_actor("gpai@demo.aigov.test", lumen)
            notification = filing_create(
                actor=gpai, subject=model, filing_type="eu.gpai_notification"
            )
            notification = filing_update(
                actor=gpai, filing=notification, data={"threshold_met_on": "2026-11-20"}
            )
            filing_submit(actor=gpai, filing=notification)
            added += 1
        return added

    def _incident(self, organizations) -> int:
        """A serious incident the demo provider reported to the German market surveillance
        authority, which asked for more information: the authority's incident queue and
        both sides' notifications are not empty. Made through the services."""
        aurora = organizations["aurora-credit"]
        if IncidentReport.objects.filter(organization=aurora).exists():
            return 0
        provider = _demo_actor("provider@demo.aigov.test", aurora)
        reviewer = _demo_actor("reviewer@demo.aigov.test", organizations["de-msa"])
        aware = timezone.now() - timedelta(days=2)
        incident = incident_create(
            actor=provider,
            subject=AISystem.objects.get(organization=aurora, name="Aurora Score"),
            regime="eu",
            category="fundamental_rights",
            title="Applicants refused credit on their postcode alone",
            occurred_at=aware - timedelta(days=5),
            aware_at=aware,
            member_states=["DE"],
            persons_affected=312,
            what_happened="A model update weighted the applicant's postcode so heavily that "
            "applicants from three districts were refused regardless of their finances.",
            immediate_measures="The update was rolled back; refused applications are being "
            "reviewed by hand.",
        )
        incident_report(actor=provider, incident=incident, stage="initial")
        incident_triage(
            actor=reviewer,
            incident=incident,
            verb="request_information",
            reason="Send the list of affected districts and the date of the model update.",
        )
        return 1

    def _evaluations(self, organizations) -> int:
        """A pre-mitigation cyber evaluation of the demo GPAI model by the demo evaluation
        institute (without an Inspect log: the tests post real ones)."""
        lumen = organizations["lumen-models"]
        model = GPAIModel.objects.filter(organization=lumen, name="Mistral Large 2").first()
        if model is None or Evaluation.objects.filter(gpai_model=model).exists():
            return 0
        institute = organizations["demo-evaluation-institute"]
        evaluation_submit(
            actor=_demo_actor("evaluator@demo.aigov.test", institute),
            gpai_model=model,
            domain="cyber",
            mitigation="pre",
            result="Demo data: solved 3 of 40 capture-the-flag challenges.",
            summary="Demo data, not a real evaluation. Forty capture-the-flag challenges "
            "of increasing difficulty, three attempts each, no tools beyond a shell.",
            requirements=["eu.art55.1.a"],
        )
        return 1


def _demo_actor(email: str, organization) -> Actor:
    membership = Membership.objects.get(user__email=email, organization=organization)
    return Actor(organization=organization, role=membership.role, user=membership.user)


def _is_demo_model(row: dict) -> bool:
    if row["Model"] in DEMO_MODELS_EXTRA:
        return True
    flop = (row.get("Training compute (FLOP)") or "").strip()
    return bool(flop) and float(flop) > DEMO_MODEL_MIN_FLOP
