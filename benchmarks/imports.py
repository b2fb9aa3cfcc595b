"""The Epoch import's speed beside its floor (a step of `make bench`; not run by CI).

    DJANGO_SETTINGS_MODULE=aigov.settings python -m benchmarks.imports [--rows 100000]
        [--file PATH]

Two files: the committed extract (`data/epoch/models-extract.csv`) and a synthetic file of
BENCH_IMPORT_ROWS (100,000) rows, each a row of the extract drawn at random (BENCH_SEED)
under a new, unique model name — so its profiles repeat as real rows do (the number of
distinct profiles classified is printed). For each file, BENCH_IMPORT_REPEAT (3) rounds
of, alternately:

- **import**: `registry.importing.import_models` into a new operator organisation, from
  the CSV text in memory to the commit: parse, validate, classify, plan, COPY, audit;
- **again**: the same file into the same organisation (every row unchanged: the
  idempotent path, which reads and compares but writes only its audit event);
- **floor**: the rows the import wrote (models and their version 1, read back as COPY
  text with new ids and another new organisation), inserted by raw psycopg COPY in one
  transaction — no Django, no parsing, no classification: what the database needs to
  take in the same rows.

`--file` adds a third file, such as Epoch's whole "All ML systems" list (1,892 rows; not
in the repository, so `make bench` measures it only where it lies beside the checkout).

Reported: the median rows/s of each (rows = data rows of the file) and the ratio
import time / floor time (1.0 would be the floor itself). The rows written are deleted
after each round (the organisations and audit events stay: the chain is append-only).
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from aigov.accounts.models import Organization, OrganizationKind  # noqa: E402
from registry.importing import import_models  # noqa: E402
from registry.models import GPAIModel, SubjectVersion  # noqa: E402

RUN_DIR = Path(__file__).resolve().parent / ".run"


def synthetic_csv(extract: str, rows: int, seed: int) -> str:
    """`rows` rows drawn from the extract's named rows, each under a unique name."""
    reader = csv.DictReader(io.StringIO(extract))
    named = [row for row in reader if (row.get("Model") or "").strip()]
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    for index in range(rows):
        row = dict(rng.choice(named))
        row["Model"] = f"{row['Model'].strip()[:180]} #{index:06d}"
        writer.writerow(row)
    return out.getvalue()


def new_operator(label: str) -> Organization:
    slug = f"bench-import-{label}-{uuid.uuid4().hex[:8]}"
    return Organization.objects.create(
        name=f"Bench import {label} {slug[-8:]}",
        slug=slug,
        kind=OrganizationKind.OPERATOR,
        country="DE",
    )


def conninfo() -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )


def columns(model) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def export_rows(conn, table: str, cols: list[str], where: str, value) -> list[list[str]]:
    """The rows as COPY text fields (tab-separated, escaped as COPY writes them)."""
    buffer = bytearray()
    with conn.cursor().copy(
        f"COPY (SELECT {', '.join(cols)} FROM {table} WHERE {where} = %s) TO STDOUT",  # noqa: S608
        [value],
    ) as copy:
        for chunk in copy:
            buffer += chunk
    return [line.split("\t") for line in buffer.decode().splitlines()]


def floor_payload(conn, organization_id, target_id) -> tuple[bytes, bytes, int]:
    """The models and versions of one organisation as COPY text, moved to another
    organisation with new ids (prepared before timing)."""
    model_cols, version_cols = columns(GPAIModel), columns(SubjectVersion)
    models = export_rows(
        conn, GPAIModel._meta.db_table, model_cols, "organization_id", organization_id
    )
    versions = export_rows(
        conn, SubjectVersion._meta.db_table, version_cols, "organization_id", organization_id
    )
    new_ids = {row[model_cols.index("id")]: str(uuid.uuid4()) for row in models}
    org = str(target_id)
    for row in models:
        row[model_cols.index("id")] = new_ids[row[model_cols.index("id")]]
        row[model_cols.index("organization_id")] = org
    for row in versions:
        row[version_cols.index("id")] = str(uuid.uuid4())
        row[version_cols.index("organization_id")] = org
        row[version_cols.index("subject_id")] = new_ids[row[version_cols.index("subject_id")]]
    encode = lambda rows: "".join("\t".join(row) + "\n" for row in rows).encode()  # noqa: E731
    return encode(models), encode(versions), len(models)


def floor_insert(models: bytes, versions: bytes) -> float:
    """Seconds for raw psycopg to COPY the prepared rows and commit."""
    model_table, version_table = GPAIModel._meta.db_table, SubjectVersion._meta.db_table
    with psycopg.connect(conninfo()) as conn:
        started = time.perf_counter()
        with conn.cursor() as cursor:
            statement = f"COPY {model_table} ({', '.join(columns(GPAIModel))}) FROM STDIN"
            with cursor.copy(statement) as copy:
                copy.write(models)
            statement = f"COPY {version_table} ({', '.join(columns(SubjectVersion))}) FROM STDIN"
            with cursor.copy(statement) as copy:
                copy.write(versions)
        conn.commit()
        return time.perf_counter() - started


def delete_rows(organization_ids: list) -> None:
    with connection.cursor() as cursor:
        for model in (SubjectVersion, GPAIModel):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE organization_id = ANY(%s)",  # noqa: S608
                [organization_ids],
            )
    with psycopg.connect(conninfo(), autocommit=True) as conn:
        for model in (SubjectVersion, GPAIModel):
            conn.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def measure(label: str, text: str, rows: int, repeat: int) -> dict:
    imports, agains, floors = [], [], []
    report = None
    for _ in range(repeat):
        organization = new_operator("a")
        started = time.perf_counter()
        report = import_models(organization=organization, text=text, filename=label)
        imports.append(time.perf_counter() - started)
        if report.created + len(report.skipped) != rows:
            raise SystemExit(f"{label}: {report.created} created of {rows} rows")

        started = time.perf_counter()
        again = import_models(organization=organization, text=text, filename=label)
        agains.append(time.perf_counter() - started)
        if again.created or again.updated or again.unchanged != report.created:
            raise SystemExit(f"{label}: the second import was not all unchanged: {again}")

        target = new_operator("floor")
        with psycopg.connect(conninfo()) as conn:
            models, versions, count = floor_payload(conn, organization.pk, target.pk)
        if count != report.created:
            raise SystemExit(f"{label}: {count} rows read back, {report.created} created")
        floors.append(floor_insert(models, versions))
        delete_rows([organization.pk, target.pk])
    assert report is not None
    imported, again_s, floor = (statistics.median(x) for x in (imports, agains, floors))
    return {
        "file": label,
        "rows": rows,
        "created": report.created,
        "skipped": len(report.skipped),
        "profiles": report.profiles_classified,
        "import_s": imported,
        "again_s": again_s,
        "floor_s": floor,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS") or 0))
    parser.add_argument(
        "--repeat", type=int, default=int(os.environ.get("BENCH_IMPORT_REPEAT") or 3)
    )
    parser.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED") or 2026))
    parser.add_argument(
        "--file",
        type=Path,
        default=os.environ.get("BENCH_IMPORT_FILE") or None,
        help="another Epoch CSV to measure (e.g. the whole list, 1,892 rows)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The import benchmark needs PostgreSQL (DATABASE_URL).")
    extract = Path(settings.EPOCH_DEMO_CSV).read_text(encoding="utf-8-sig")
    rows = args.rows or 100_000
    files = [
        ("models-extract.csv", extract),
        (f"synthetic-{rows}.csv", synthetic_csv(extract, rows, args.seed)),
    ]
    if args.file:
        files.insert(1, (args.file.name, args.file.read_text(encoding="utf-8-sig")))
    print(
        f"{'file':<24} {'rows':>8} {'profiles':>8} {'import rows/s':>14} "
        f"{'again rows/s':>13} {'floor rows/s':>13} {'import/floor':>13} {'> 10,000/s':>10}",
        flush=True,
    )
    for label, text in files:
        total = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
        result = measure(label, text, total, args.repeat)
        rate = total / result["import_s"]
        met = "yes" if rate > 10_000 else "no"
        print(
            f"{label:<24} {total:>8,} {result['profiles']:>8,} {rate:>14,.0f} "
            f"{total / result['again_s']:>13,.0f} {total / result['floor_s']:>13,.0f} "
            f"{result['import_s'] / result['floor_s']:>12.2f}x {met:>10}",
            flush=True,
        )
    print(
        f"(median of {args.repeat}; rows = data rows of the file; profiles = distinct "
        "profiles classified; again = the same file a second time, all unchanged; floor = "
        "the same model and version rows by raw psycopg COPY; import/floor = time ratio)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
