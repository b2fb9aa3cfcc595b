"""Conformity assessments under load: `make bench` runs it after the load step (a hook in
`benchmarks/run.py`) on the same server and database.

    python -m benchmarks.assessments --base http://127.0.0.1:8001 --fixture F.json \
        [--seconds 20 --warmup 3 --concurrency 8 --single 5]

1. Seeds a notified body with BENCH_ASSESSMENTS [2000] Annex VII assessments assigned to
   it (high-risk systems of the bench data set, requirements from the catalogues) and an
   API key of its lead assessor.
2. Drives the assessor's assignment list (`/api/v1/assessments/`, the API a notified body
   integrates against) beside the regulator queue API on the same server, and prints its
   one-client p50 as a multiple of the queue's and its queries per request.
3. Runs BENCH_CHECKLIST_RUNS [200] checklist runs of one assessment in process, as the
   `checks` worker does (the job handler: load the run, its assessment, subject and
   filings, evaluate every automated item, write the results and the run's summary), and
   the same work without the framework (the same reads and writes in raw psycopg, the
   same check functions): items per second of each and the ratio.

Exit status 1 when a scenario had errors.
"""

import json
import os
import time
import uuid
from types import SimpleNamespace

import django
import psycopg
from psycopg.types.json import Jsonb

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from aigov.accounts.models import Membership, Organization, OrganizationKind, User  # noqa: E402
from aigov.accounts.services import api_key_create  # noqa: E402
from assessments.conformity import checklist  # noqa: E402
from assessments.conformity.models import (  # noqa: E402
    AssessmentStatus,
    ChecklistResult,
    ChecklistRun,
    ConformityAssessment,
    Procedure,
)
from assessments.conformity.services import requirements_in_scope  # noqa: E402
from benchmarks.load import (  # noqa: E402
    Result,
    Scenario,
    Target,
    load_parser,
    measure,
    read_fixture,
    table,
)
from registry.models import AISystem, Filing  # noqa: E402

QUEUE = "/api/v1/queue/?limit=50"
ASSIGNMENTS = "/api/v1/assessments/?limit=50"
BODY_SLUG = "bench-notified-body"


def seed(count: int) -> tuple[str, ConformityAssessment]:
    """The notified body, its assignments and its lead's API key (read scope)."""
    body, _ = Organization.objects.get_or_create(
        slug=BODY_SLUG,
        defaults={
            "name": "Bench Notified Body",
            "kind": OrganizationKind.ASSESSOR,
            "country": "DE",
        },
    )
    lead, _ = User.objects.get_or_create(email="lead@bench-notified-body.test")
    Membership.objects.get_or_create(user=lead, organization=body, defaults={"role": "lead"})
    assigned = ConformityAssessment.objects.filter(assessor_organization=body)
    if assigned.count() < count:
        high_risk = (
            AISystem.objects.filter(classification__eu__tier="high")
            .exclude(assessments__assessor_organization=body)
            .only("id", "organization_id", "name", "version_number", "classification")
            .order_by("id")[: count - assigned.count()]
        )
        scope: dict[str, list[str]] = {}
        rows = []
        for system in high_risk:
            key = json.dumps(system.classification, sort_keys=True)
            if key not in scope:
                scope[key] = requirements_in_scope(system.classification, Procedure.ANNEX_VII)
            rows.append(
                ConformityAssessment(
                    organization_id=system.organization_id,
                    procedure=Procedure.ANNEX_VII,
                    ai_system=system,
                    subject_version=system.version_number,
                    subject_name=system.name,
                    classification=system.classification,
                    requirements=scope[key],
                    assessor_organization=body,
                    not_lodged_elsewhere=True,
                    status=AssessmentStatus.IN_PROGRESS,
                )
            )
        ConformityAssessment.objects.bulk_create(rows, batch_size=1000)
    with transaction.atomic():
        _key, token = api_key_create(organization=body, name="make bench (assessor)")
    # The run benchmark wants a subject with filings: the checks read them.
    realistic = (
        assigned.filter(ai_system__filings__isnull=False).order_by("requested_at").first()
        or assigned.order_by("requested_at").first()
    )
    return token, realistic


# The job handler's reads and writes, in SQL (tables as the migrations name them).
RUN_SQL = (
    "SELECT a.organization_id, a.ai_system_id FROM conformity_checklistrun r "
    "JOIN conformity_conformityassessment a ON a.id = r.assessment_id WHERE r.id = %s"
)
SYSTEM_SQL = "SELECT * FROM registry_aisystem WHERE id = %s"
FILINGS_SQL = "SELECT * FROM registry_filing WHERE ai_system_id = %s"
RESULT_SQL = (
    "INSERT INTO conformity_checklistresult "
    "(id, organization_id, run_id, requirement, outcome, reason, inputs) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (run_id, requirement) DO UPDATE "
    "SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, inputs = EXCLUDED.inputs"
)
FINISH_SQL = "UPDATE conformity_checklistrun SET finished_at = now(), summary = %s WHERE id = %s"


def floor_run(connection, run_id, codes: list[str], context) -> None:
    """One run without the framework: the handler's reads and writes in raw SQL, and the
    same check functions (over a context built once: building it is the ORM's part)."""
    with connection.transaction():
        organization_id, system_id = connection.execute(RUN_SQL, [run_id]).fetchone()
        connection.execute(SYSTEM_SQL, [system_id]).fetchone()
        connection.execute(FILINGS_SQL, [system_id]).fetchall()
        summary: dict[str, int] = {}
        rows = []
        for code in codes:
            result = checklist.CHECKS[code](context)
            summary[result.outcome] = summary.get(result.outcome, 0) + 1
            rows.append(
                (
                    uuid.uuid4(),
                    organization_id,
                    run_id,
                    code,
                    result.outcome,
                    result.reason,
                    Jsonb(result.inputs),
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(RESULT_SQL, rows)
        connection.execute(FINISH_SQL, [Jsonb(summary), run_id])


def checklist_items_per_second(assessment: ConformityAssessment, runs: int) -> dict:
    """Items per second of the job handler, and of the same work in raw SQL beside it."""
    codes = checklist.automated_requirements(assessment)
    made = ChecklistRun.objects.bulk_create(
        ChecklistRun(organization_id=assessment.organization_id, assessment=assessment, number=n)
        for n in range(10_000, 10_000 + runs)
    )
    started = time.perf_counter()
    for run in made:
        checklist.checklist_run_job(
            SimpleNamespace(params={"run": str(run.pk)}), lambda percent, message: None
        )
    app_seconds = time.perf_counter() - started
    written = ChecklistResult.objects.filter(run__in=made).count()

    subject = assessment.subject
    context = checklist.CheckContext(
        assessment=assessment,
        subject=subject,
        filings=list(Filing.objects.filter(ai_system=subject)),
        today=timezone.now().date(),
    )
    floor_runs = ChecklistRun.objects.bulk_create(
        ChecklistRun(organization_id=assessment.organization_id, assessment=assessment, number=n)
        for n in range(20_000, 20_000 + runs)
    )
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as floor:
        started = time.perf_counter()
        for run in floor_runs:
            floor_run(floor, run.pk, codes, context)
        floor_seconds = time.perf_counter() - started
    ChecklistRun.objects.filter(pk__in=[run.pk for run in [*made, *floor_runs]]).delete()
    items = runs * len(codes)
    return {
        "runs": runs,
        "items_per_run": len(codes),
        "results_written": written,
        "app_items_per_second": round(items / app_seconds, 1),
        "floor_items_per_second": round(items / floor_seconds, 1) if floor_seconds else None,
        "ratio": round(floor_seconds and app_seconds / floor_seconds, 1),
    }


def main() -> int:
    args = load_parser(__doc__.split("\n\n")[0]).parse_args()
    if args.single <= 0:
        args.single = 3  # the ratio to the queue needs one-client p50s
    fixture = read_fixture(args.fixture)
    count = int(os.environ.get("BENCH_ASSESSMENTS", "2000"))
    token, realistic = seed(count)
    print(f"\nConformity assessments: {count:,} assigned to one notified body", flush=True)

    target = Target(args.base)
    regulator = {"Authorization": f"Bearer {fixture['token']}"}
    assessor = {"Authorization": f"Bearer {token}"}
    results: list[Result] = []
    for scenario in (
        Scenario("queue (API)", lambda: QUEUE, regulator),
        Scenario("assessor assignments (API)", lambda: ASSIGNMENTS, assessor),
    ):
        results.append(measure(target, scenario, args))
    print(table(results))
    queue, assignments = (result.single_p50_ms or 0 for result in results)
    queries = "/".join(map(str, sorted(set(results[1].queries)))) or "-"
    print(
        f"assessor assignments: 1-client p50 {assignments:.1f} ms = "
        f"{assignments / queue if queue else 0:.2f} x the queue API; queries {queries}"
    )

    runs = int(os.environ.get("BENCH_CHECKLIST_RUNS", "200"))
    measured = checklist_items_per_second(realistic, runs)
    print(
        f"checklist runs of {realistic.subject_name}: {measured['runs']} runs x "
        f"{measured['items_per_run']} automated items; {measured['app_items_per_second']} "
        f"items/s through the job handler, {measured['floor_items_per_second']} items/s for "
        f"the same work in raw SQL: {measured['ratio']} x the floor "
        f"({measured['results_written']} result rows written)"
    )
    failed = any(result.errors for result in results)
    failed = failed or measured["results_written"] != runs * measured["items_per_run"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
