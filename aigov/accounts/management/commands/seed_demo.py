"""Demo organisations and users for a local run. Safe to run again: it adds what is missing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from aigov.accounts.models import Membership, Organization, User
from aigov.accounts.services import membership_add, organization_create, user_create

DEMO_PASSWORD = "aigov-demo-2026"  # noqa: S105 - published demo credential, local use only

ORGANIZATIONS = [
    {
        "slug": "aurora-credit",
        "name": "Aurora Credit Analytics GmbH",
        "kind": "operator",
        "country": "DE",
        "identifiers": {"vat": "DE999999999"},
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
        "slug": "demo-notified-body",
        "name": "Demo Notified Body",
        "kind": "assessor",
        "country": "NL",
        "identification_number": "NB 9999 (demo)",
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
    ("assessor@demo.aigov.test", "Anna Assessor", [("demo-notified-body", "lead")]),
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


class Command(BaseCommand):
    help = "Create the demo organisations and users (idempotent) and print the logins."

    @transaction.atomic
    def handle(self, *args, **options):
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
        self.stdout.write(f"Demo data ready ({created} records added).")
        self.stdout.write(f"Sign in at /login/ with any of these; password {DEMO_PASSWORD!r}:")
        for email, _, memberships in USERS:
            roles = ", ".join(f"{role} @ {slug}" for slug, role in memberships)
            self.stdout.write(f"  {email:<30} {roles}")
