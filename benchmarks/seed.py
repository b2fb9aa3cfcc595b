"""Seed the benchmark database with bulk inserts: organisations, users, AI systems, filings.

Run by `benchmarks/run.py` (`make bench`) on a freshly migrated, empty database:

    DJANGO_SETTINGS_MODULE=aigov.settings python -m benchmarks.seed --out FIXTURE.json

What it writes (deterministic for a given BENCH_SEED):

- the authorities: `eu-msa-<cc>` for every EU member state, `eu-ai-office`, `cn-cac`,
  `cn-cac-bj`, `us-bis`, each with one reviewer; BENCH_ORGS operators across the member
  states, each with one admin (one password hash, computed once, shared by every user);
- BENCH_SYSTEMS AI systems with version 1 (60% Annex III high-risk, 25% limited risk by
  an Art. 50 trigger, 15% minimal); each distinct profile is classified once with
  `registry.regimes.classify` and its result reused;
- an `eu.high_risk` filing for every system whose classification calls for one, routed
  to the provider's market surveillance authority, in a spread of states (registered
  ones with their number, public fields, registered names and search text); one submission
  per filing that was ever submitted; registration numbers continue in
  `RegistrationCounter`, so a filing accepted later gets the next number.

Small tables go in with `bulk_create(batch_size=5000)`. The four big ones (systems,
versions, filings, submissions) go in with PostgreSQL COPY, their columns and values taken
from the models' own fields: Django 5.2's `bulk_create` sends an UNNEST of arrays, and
psycopg quotes every element of those arrays in Python, which costs about 1 ms per row
with the ~4 KB classification JSON each system carries. `BENCH_SEED_INSERT=bulk_create`
uses `bulk_create` for those too (same rows, several times slower).

No audit events per row: bulk seeding is not a user action. The only audited write is
the reviewer's API key, created through `api_key_create`. The fixture (JSON) tells the
load driver the token, the reviewer's login, filing ids and search words.
"""

import argparse
import hashlib
import json
import os
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from aigov.accounts.countries import EU_MEMBER_STATES  # noqa: E402
from aigov.accounts.models import Membership, Organization, User  # noqa: E402
from aigov.accounts.services import api_key_create  # noqa: E402
from benchmarks.seed_data import (  # noqa: E402
    ANNEX_III_USES,
    ANNEX_III_WEIGHTS,
    CAPITALS,
    COUNTRY_WEIGHTS,
    LEGAL_FORMS,
    LIMITED_USES,
    MINIMAL_USES,
    NAME_PARTS,
    NAME_TAILS,
    REVIEW_DAYS,
    SEARCH_WORDS,
    STATUS_WEIGHTS,
)
from registry.models import (  # noqa: E402
    AISystem,
    Filing,
    FilingStatus,
    RegistrationCounter,
    SubjectKind,
    SubjectVersion,
    Submission,
)
from registry.regimes import FILING_TYPES, classify, filings_needed  # noqa: E402

# The workflow's own helpers, so that seeded submissions hash and seeded register entries
# read exactly as the ones `filing_transition` writes.
from registry.services.filings import (  # noqa: E402
    _canonical,
    _search_document,
    filing_context,
    prefill,
)
from registry.services.subjects import SYSTEM_FIELDS, snapshot  # noqa: E402

BATCH = 5000
PASSWORD = "bench-password-2026"  # noqa: S105 - a local benchmark database only
HIGH_RISK = FILING_TYPES["eu.high_risk"]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def copy_create(model: type[models.Model], rows: list, shared_json: dict[int, str]) -> None:
    """Insert model instances with COPY: every concrete field, prepared as Django would.

    JSON values found in `shared_json` (by identity: the classification and profile dicts
    shared by many rows) are serialised once.
    """
    # Generated columns (AISystem.classified_tier) are the database's to fill.
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    json_fields = {field.attname for field in fields if isinstance(field, models.JSONField)}

    def value(field, row):
        raw = getattr(row, field.attname)
        if field.attname in json_fields:
            if raw is None:
                return None
            text = shared_json.get(id(raw))
            return text if text is not None else json.dumps(raw)
        return field.get_db_prep_save(raw, connection)

    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([value(field, row) for field in fields])


class Seeder:
    def __init__(self, *, systems: int, operators: int, seed: int, method: str = "copy"):
        self.rng = random.Random(seed)
        self.method = method
        self.shared_json: dict[int, str] = {}
        self.systems_wanted = systems
        self.operators_wanted = operators
        self.now = timezone.now()
        self.start = datetime(2024, 8, 1, tzinfo=UTC)  # the AI Act entered into force
        self.password_hash = make_password(PASSWORD)
        self.classifications: dict[tuple, tuple[dict, dict, bool]] = {}

    # --- helpers ----------------------------------------------------------------------

    def timed(self, label: str, count: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        print(f"  {label:<32} {count:>8,} rows {elapsed:7.1f} s", flush=True)

    def insert(self, model: type[models.Model], rows: list) -> None:
        if self.method == "bulk_create":
            model.objects.bulk_create(rows, batch_size=BATCH)
        else:
            copy_create(model, rows, self.shared_json)

    def classified(self, profile: dict) -> tuple[dict, dict, bool]:
        """(profile, classification, needs eu.high_risk), classified once per profile."""
        key = tuple(sorted(profile.items()))
        if key not in self.classifications:
            full = {"subject": "ai_system", **profile}
            classification = classify(full)
            needed = {t.code for t in filings_needed(classification, "ai_system")}
            self.classifications[key] = (full, classification, HIGH_RISK.code in needed)
            # Held by `classifications`, so the ids stay unique while seeding runs.
            self.shared_json[id(full)] = json.dumps(full)
            self.shared_json[id(classification)] = json.dumps(classification)
        return self.classifications[key]

    def when(self, start: datetime, end: datetime) -> datetime:
        return start + (end - start) * self.rng.random()

    # --- organisations and people -----------------------------------------------------

    def organisations(self) -> None:
        started = time.perf_counter()
        authorities = [
            Organization(
                name=f"Market surveillance authority for AI ({code})",
                slug=f"eu-msa-{code.lower()}",
                kind="authority",
                country=code,
                authority_code=f"eu-msa-{code.lower()}",
                jurisdictions=[code],
            )
            for code in sorted(EU_MEMBER_STATES)
        ]
        authorities += [
            Organization(
                name=name, slug=code, kind="authority", country=country,
                authority_code=code, jurisdictions=jurisdictions,
            )
            for code, name, country, jurisdictions in (
                ("eu-ai-office", "European AI Office", "BE", ["EU"]),
                ("cn-cac", "Cyberspace Administration of China", "CN", ["CN"]),
                ("cn-cac-bj", "Beijing Cyberspace Administration", "CN", ["CN-BJ"]),
                ("us-bis", "U.S. Bureau of Industry and Security", "US", ["US"]),
            )
        ]  # fmt: skip
        countries = list(COUNTRY_WEIGHTS)
        weights = list(COUNTRY_WEIGHTS.values())
        operators, names = [], set()
        while len(operators) < self.operators_wanted:
            country = self.rng.choices(countries, weights)[0]
            stem = f"{self.rng.choice(NAME_PARTS)} {self.rng.choice(NAME_TAILS)}"
            name = f"{stem} {LEGAL_FORMS[country]}"
            if name in names:
                name = f"{stem} {len(operators)} {LEGAL_FORMS[country]}"
            names.add(name)
            operators.append(
                Organization(
                    name=name, slug=slugify(name)[:64], kind="operator", country=country,
                    identifiers={"vat": f"{country}{self.rng.randrange(10**8, 10**9)}"},
                )
            )  # fmt: skip
        Organization.objects.bulk_create(authorities + operators, batch_size=BATCH)
        self.authorities = {org.authority_code: org for org in authorities}
        self.operators = operators
        self.timed("organisations", len(authorities) + len(operators), started)

        started = time.perf_counter()
        users, memberships = [], []
        self.reviewers: dict[str, User] = {}
        self.admins: dict[object, User] = {}
        for code, authority in self.authorities.items():
            user = User(
                email=f"reviewer@{code}.bench.aigov.test",
                full_name=f"Reviewer {code}",
                password=self.password_hash,
            )
            self.reviewers[code] = user
            users.append(user)
            memberships.append(Membership(organization=authority, user=user, role="reviewer"))
        for operator in operators:
            user = User(
                email=f"admin@{operator.slug}.bench.aigov.test",
                full_name=f"Admin of {operator.name}",
                password=self.password_hash,
            )
            self.admins[operator.pk] = user
            users.append(user)
            memberships.append(Membership(organization=operator, user=user, role="admin"))
        User.objects.bulk_create(users, batch_size=BATCH)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.timed("users + memberships", len(users) + len(memberships), started)

    # --- AI systems -------------------------------------------------------------------

    def profile(self) -> tuple[dict, str, str, tuple[str, str]]:
        """A questionnaire answer set with what such a system does."""
        draw = self.rng.random()
        if draw < 0.60:
            point = self.rng.choices(list(ANNEX_III_WEIGHTS), list(ANNEX_III_WEIGHTS.values()))[0]
            profile: dict = {
                "annex_iii_point": point,
                "profiles_natural_persons": self.rng.random() < 0.5,
                "interacts_with_persons": self.rng.random() < 0.2,
            }
            if point.startswith("1"):
                profile["harmonised_standards"] = self.rng.choice(["full", "partial", "none"])
            if point[:1] in ("5", "6", "7") and self.rng.random() < 0.3:
                profile["deployer_public_authority"] = True
            purpose, inputs, stems = ANNEX_III_USES[point]
            return profile, purpose, inputs, stems
        if draw < 0.85:
            triggers, purpose, inputs, stems = self.rng.choice(LIMITED_USES)
            return dict(triggers), purpose, inputs, stems
        purpose, inputs, stems = self.rng.choice(MINIMAL_USES)
        return {}, purpose, inputs, stems

    def ai_systems(self) -> None:
        started = time.perf_counter()
        operator_weights = [self.rng.paretovariate(1.2) for _ in self.operators]
        self.systems: list[tuple[AISystem, bool]] = []
        versions = []
        for serial in range(1, self.systems_wanted + 1):
            operator = self.rng.choices(self.operators, operator_weights)[0]
            answers, purpose, inputs, stems = self.profile()
            profile, classification, needs_filing = self.classified(answers)
            stem = self.rng.choice(stems)
            others = self.rng.sample(sorted(EU_MEMBER_STATES), self.rng.randrange(0, 5))
            created = self.when(self.start, self.now - timedelta(days=45))
            system = AISystem(
                organization=operator,
                name=f"{stem} {serial:06d}",
                version=f"{self.rng.randrange(1, 4)}.{self.rng.randrange(0, 10)}",
                trade_name=f"{stem} {self.rng.choice(['Pro', 'Enterprise', 'Cloud', 'Edge'])}",
                intended_purpose=f"{purpose}, offered by {operator.name}.",
                components_and_functions="Machine-learning model, rules engine, reviewer UI.",
                inputs_and_operating_logic=f"Uses {inputs}; outputs a score with reasons "
                "that a human reviews before any decision.",
                market_status=self.rng.choice(["on_market", "in_service"]),
                member_states=sorted({operator.country, *others}),
                url=f"https://{operator.slug}.example/ai/{serial:06d}",
                profile=profile,
                classification=classification,
                created_by=self.admins[operator.pk],
                created_at=created,
                updated_at=created,
            )
            self.systems.append((system, needs_filing))
            versions.append(
                SubjectVersion(
                    organization=operator,
                    subject_kind=SubjectKind.AI_SYSTEM,
                    subject_id=system.pk,
                    number=1,
                    data=snapshot(system, SYSTEM_FIELDS),
                    classification=classification,
                    reason="registered",
                    created_by=system.created_by,
                    created_at=created,
                )
            )
        built = time.perf_counter()
        print(f"  (built {len(self.systems):,} systems in {built - started:.1f} s)", flush=True)
        self.insert(AISystem, [s for s, _ in self.systems])
        self.timed("AI systems", len(self.systems), started)
        started = time.perf_counter()
        self.insert(SubjectVersion, versions)
        self.timed("subject versions (v1)", len(versions), started)

    # --- filings ----------------------------------------------------------------------

    def filing_data(self, system: AISystem, operator: Organization) -> dict:
        """What the provider filled in: the platform's prefill plus the documents."""
        non_public = bool(system.classification["eu"].get("non_public_section"))
        draft = Filing(
            filing_type=HIGH_RISK.code,
            ai_system=system,
            organization=operator,
            non_public=non_public,
        )
        context = filing_context(draft, {})
        data = prefill(HIGH_RISK, system, operator, context)
        serial = system.name.rsplit(" ", 1)[-1]
        data["provider"] = (
            f"{operator.name}\nHauptstrasse {self.rng.randrange(1, 200)}\n"
            f"{CAPITALS[operator.country]}, {operator.country}\n"
            f"compliance@{operator.slug}.example"
        )
        data["declaration_of_conformity"] = f"https://{operator.slug}.example/doc/{serial}.pdf"
        if not non_public:  # Annex VIII A point 12 is not asked in the non-public section
            data["instructions_for_use"] = f"https://{operator.slug}.example/ifu/{serial}"
        if system.classification["eu"].get("conformity_procedure") == "annex_vii":
            data["certificate"] = (
                f"EU technical documentation assessment certificate NB-{serial}, "
                "Notified Body 0123, valid until 2030-06-30"
            )
            data["certificate_copy"] = f"https://{operator.slug}.example/cert/{serial}.pdf"
        asked = {spec.name for spec in HIGH_RISK.fields_for(context)}  # Art. 49(4) asks fewer
        return {name: value for name, value in data.items() if name in asked}

    def filings(self) -> None:
        started = time.perf_counter()
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        self.filing_rows: list[Filing] = []
        registered: list[Filing] = []
        for system, needs_filing in self.systems:
            if not needs_filing:
                continue
            operator = system.organization
            status = self.rng.choices(statuses, weights)[0]
            admin = self.admins[operator.pk]
            created = self.when(system.created_at, system.created_at + timedelta(days=30))
            filing = Filing(
                organization=operator,
                filing_type=HIGH_RISK.code,
                regime=HIGH_RISK.regime,
                ai_system=system,
                status=status,
                non_public=bool(system.classification["eu"].get("non_public_section")),
                data=self.filing_data(system, operator),
                created_by=admin,
                created_at=created,
                updated_at=created,
            )
            if status != FilingStatus.DRAFT:
                authority = self.authorities[f"eu-msa-{operator.country.lower()}"]
                filing.authority = authority
                if status in (FilingStatus.SUBMITTED, FilingStatus.IN_REVIEW):
                    # Due dates from 10 days overdue to 30 days ahead.
                    filing.submitted_at = self.now - timedelta(days=40 * self.rng.random())
                    filing.decision_due_at = filing.submitted_at + timedelta(days=REVIEW_DAYS)
                else:
                    filing.submitted_at = self.when(created, self.now - timedelta(days=10))
                if status == FilingStatus.IN_REVIEW and self.rng.random() < 0.7:
                    filing.assignee = self.reviewers[authority.authority_code]
                if status == FilingStatus.CHANGES_REQUESTED:
                    filing.last_reason = "Point 6: describe the operating logic in more detail."
                if status == FilingStatus.REJECTED:
                    filing.last_reason = "The declaration of conformity link does not resolve."
                filing.updated_at = filing.submitted_at
            if status == FilingStatus.REGISTERED:
                filing.registered_at = self.when(
                    filing.submitted_at, min(self.now, filing.submitted_at + timedelta(days=60))
                )
                filing.updated_at = filing.registered_at
                registered.append(filing)
            self.filing_rows.append(filing)

        # Registration numbers in order of registration, one sequence per year, as
        # `_next_number` issues them; the counters continue from there.
        registered.sort(key=lambda f: f.registered_at)
        counters: Counter[str] = Counter()
        for filing in registered:
            day = filing.registered_at.date()
            prefix = HIGH_RISK.number_prefix({}, day)
            counters[prefix] += 1
            number = HIGH_RISK.number({}, counters[prefix], day)
            public = {
                name: filing.data[name] for name in HIGH_RISK.public_fields if name in filing.data
            }
            filing.registration_number = number
            filing.public_data = public
            filing.registered_provider = filing.organization.name
            filing.registered_subject = filing.subject.name
            filing.search_document = f"{number} {_search_document(filing, public)}"
        self.insert(Filing, self.filing_rows)
        RegistrationCounter.objects.bulk_create(
            [RegistrationCounter(prefix=p, value=v) for p, v in counters.items()]
        )
        self.timed("filings", len(self.filing_rows), started)

        started = time.perf_counter()
        submissions = []
        for filing in self.filing_rows:
            if filing.status == FilingStatus.DRAFT:
                continue
            frozen = json.loads(_canonical(filing.data))
            digest = _canonical({"filing": str(filing.pk), "number": 1, "data": frozen})
            submissions.append(
                Submission(
                    organization=filing.organization,
                    filing=filing,
                    number=1,
                    data=frozen,
                    sha256=hashlib.sha256(digest.encode()).hexdigest(),
                    submitted_by=filing.created_by,
                    submitted_at=filing.submitted_at,
                )
            )
        self.insert(Submission, submissions)
        self.timed("submissions", len(submissions), started)

    # --- what the load driver needs ---------------------------------------------------

    def fixture(self, authority_code: str | None) -> dict:
        waiting = Counter(
            f.authority.authority_code for f in self.filing_rows if f.authority is not None
        )
        code = authority_code or waiting.most_common(1)[0][0]
        authority = self.authorities[code]
        _key, token = api_key_create(organization=authority, name="make bench (read)", scope="read")
        visible = [f for f in self.filing_rows if f.authority_id == authority.pk]
        ids = [str(f.pk) for f in self.rng.sample(visible, min(5000, len(visible)))]
        largest = Counter(f.organization.name for f in self.filing_rows).most_common(1)[0][0]
        numbers = [f.registration_number for f in self.filing_rows if f.registration_number]
        words = [*SEARCH_WORDS, largest.split()[0], self.rng.choice(numbers)]
        return {
            "authority": code,
            "authority_filings": len(visible),
            "token": token,
            "reviewer_email": self.reviewers[code].email,
            "reviewer_password": PASSWORD,
            "filing_ids": ids,
            "search_words": words,
            "counts": {
                "operators": len(self.operators),
                "authorities": len(self.authorities),
                "ai_systems": len(self.systems),
                "filings": len(self.filing_rows),
                "filings_by_status": dict(Counter(str(f.status) for f in self.filing_rows)),
                "registered_public": sum(
                    1
                    for f in self.filing_rows
                    if f.status == FilingStatus.REGISTERED and not f.non_public
                ),
                "tiers": dict(Counter(s.classification["eu"]["tier"] for s, _ in self.systems)),
                "distinct_profiles": len(self.classifications),
            },
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="where to write the fixture (JSON)")
    args = parser.parse_args()
    method = os.environ.get("BENCH_SEED_INSERT") or "copy"
    if method not in ("copy", "bulk_create"):
        parser.error(f"BENCH_SEED_INSERT={method!r}: use copy or bulk_create")
    seeder = Seeder(
        systems=env_int("BENCH_SYSTEMS", 100_000),
        operators=env_int("BENCH_ORGS", 200),
        seed=env_int("BENCH_SEED", 2026),
        method=method,
    )
    started = time.perf_counter()
    print(
        f"Seeding {seeder.systems_wanted:,} AI systems for {seeder.operators_wanted} "
        f"operators into {connection.settings_dict['NAME']} ({seeder.method})",
        flush=True,
    )
    with transaction.atomic():
        seeder.organisations()
        seeder.ai_systems()
        seeder.filings()
        fixture = seeder.fixture(os.environ.get("BENCH_AUTHORITY") or None)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seeder.timed("VACUUM ANALYZE", 0, step)
    fixture["seed_seconds"] = round(time.perf_counter() - started, 1)
    with open(args.out, "w", encoding="utf-8") as stream:
        json.dump(fixture, stream, indent=1)
    counts = fixture["counts"]
    print(
        f"Seeded in {fixture['seed_seconds']} s: {counts['ai_systems']:,} AI systems "
        f"(tiers {counts['tiers']}, {counts['distinct_profiles']} distinct profiles), "
        f"{counts['filings']:,} filings {counts['filings_by_status']}, "
        f"{counts['registered_public']:,} on the public register; "
        f"queue of {fixture['authority']}: {fixture['authority_filings']:,} filings.",
        flush=True,
    )


if __name__ == "__main__":
    main()
