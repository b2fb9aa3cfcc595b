"""EXPLAIN (ANALYZE, BUFFERS) of the SQL the benchmarked API pages really run.

Each page is requested in-process through Django's test client with the fixture's API
token; its statements are captured with `connection.execute_wrapper`, and each statement
on `registry_filing` is explained with its parameters. Prints the plans' key lines and
checks that:

- the queue reads `registry_filing` through an index, never sequentially;
- every public-register search either uses a GIN index of `registry_filing` (found in
  `pg_indexes`: `filing_search_gin` of migration 0003, or what replaced it) or walks an
  index without computing `to_tsvector` for each row it passes (the slow plan this
  benchmark found at 100,000 systems), and never scans the table.

Full plans go to `--plans`. Note that EXPLAIN ANALYZE neither decompresses nor sends the
selected columns: a request also pays for those (the load test's `SQL ms` shows it).

    DJANGO_SETTINGS_MODULE=aigov.settings python -m benchmarks.explain --fixture F.json

Exit status 0 when every check holds, 1 otherwise (`make bench` reports, and goes on).
"""

import argparse
import json
import os
import re
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from registry.selectors import public_register, search_public_register  # noqa: E402

FILING_TABLE = '"registry_filing"'
# Plan lines worth showing: how each table is read, sorts, and the time taken.
KEY_LINE = re.compile(r"Scan|Sort Method|Index Cond|Execution Time|Planning Time")
# How registry_filing itself is read (index, bitmap over an index, or sequential).
FILING_ACCESS = re.compile(
    r"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan).* on registry_filing\b"
)


def capture(client: Client, path: str) -> list[tuple[str, object]]:
    """The SQL statements (with parameters) one request runs; asserts it answered 200."""
    statements: list[tuple[str, object]] = []

    def wrapper(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    client.get(path)  # warm: caches, connection, first-request work
    with connection.execute_wrapper(wrapper):
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: {response.content[:300]!r}")
    return statements


def explain(sql: str, params) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def filing_plans(client: Client, path: str) -> list[list[str]]:
    return [
        explain(sql, params)
        for sql, params in capture(client, path)
        if FILING_TABLE in sql and sql.lstrip().upper().startswith("SELECT")
    ]


def gin_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s",
            ["registry_filing", "% USING gin %"],
        )
        return {row[0] for row in cursor.fetchall()}


def search_verdict(plans: list[list[str]], gins: set[str]) -> tuple[str, bool]:
    """How a search read registry_filing, and whether that is acceptable."""
    lines = [line for plan in plans for line in plan]
    if any("Seq Scan on registry_filing" in line for line in lines):
        return "SEQUENTIAL SCAN of registry_filing", False
    used = sorted({name for name in gins for line in lines if f" {name} " in f"{line} "})
    if used:
        return f"GIN index {', '.join(used)}", True
    walked = [m.group(1) for line in lines if (m := re.search(r"Index Scan using (\S+)", line))]
    where = f"walks {walked[0]}" if walked else "no index"
    if any("Filter:" in line and "to_tsvector(" in line for line in lines):
        return f"{where}, RECOMPUTES to_tsvector FOR EVERY ROW", False
    return f"{where} newest first, filters on a stored vector", True


def execution_ms(plan: list[str]) -> float:
    for line in plan:
        if "Execution Time" in line:
            return float(line.split(":")[1].split()[0])
    return float("nan")


def show(title: str, plans: list[list[str]], log) -> None:
    print(f"  {title}")
    log.write(f"=== {title}\n")
    for plan in plans:
        for line in plan:
            log.write(line + "\n")
            if KEY_LINE.search(line):
                print(f"    {line.strip()}")
        log.write("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--plans", required=True, help="where to write the full plans")
    args = parser.parse_args()
    with open(args.fixture, encoding="utf-8") as stream:
        fixture = json.load(stream)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {fixture['token']}")
    failures: list[str] = []
    print("EXPLAIN (ANALYZE) of the benchmarked queries on registry_filing:")
    with open(args.plans, "w", encoding="utf-8") as log:
        queue = filing_plans(client, "/api/v1/queue/?limit=50")
        show(f"queue of {fixture['authority']} (GET /api/v1/queue/?limit=50)", queue, log)
        access = [line for plan in queue for line in plan if FILING_ACCESS.search(line)]
        if not access or any("Seq Scan" in line for line in access):
            failures.append("the queue reads registry_filing with a sequential scan")

        pending = "/api/v1/queue/?status=submitted&status=in_review&limit=50"
        show(f"open queue (GET {pending})", filing_plans(client, pending), log)

        detail = f"/api/v1/filings/{fixture['filing_ids'][0]}/"
        show("filing detail (GET /api/v1/filings/<id>/)", filing_plans(client, detail), log)

        gins = gin_indexes()
        print(
            "  public-register search (GET /api/v1/public/register/?q=…); GIN indexes: "
            f"{', '.join(sorted(gins)) or 'none'}"
        )
        for word in fixture["search_words"]:
            plans = filing_plans(client, "/api/v1/public/register/?" + urlencode({"q": word}))
            matches = search_public_register(public_register(), word).count()
            how, acceptable = search_verdict(plans, gins)
            milliseconds = execution_ms(plans[0]) if plans else float("nan")
            print(f"    q={word!r:<22} {matches:>6,} matches  {milliseconds:7.2f} ms  {how}")
            log.write(f"=== public register q={word!r}: {matches} matches\n")
            for plan in plans:
                log.write("\n".join(plan) + "\n\n")
            if not acceptable:
                failures.append(f"search q={word!r}: {how}")
        # The key lines of one search plan, the most common word's.
        common = max(
            fixture["search_words"],
            key=lambda w: search_public_register(public_register(), w).count(),
        )
        show(
            f"search plan for the most common word, q={common!r}",
            filing_plans(client, "/api/v1/public/register/?" + urlencode({"q": common})),
            log,
        )
    for failure in failures:
        print(f"  CHECK FAILED: {failure}")
    if not failures:
        print("  Checks passed: the queue and every search read registry_filing by index.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
