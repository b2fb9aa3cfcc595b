"""PDF rendering speed beside its floor (a step of `make bench`; not run by CI).

    DJANGO_SETTINGS_MODULE=aigov.settings python -m benchmarks.pdf [--renders 30]

One worker, in this process: each document kind (certificate, declaration, filing
receipt) rendered BENCH_PDF_RENDERS (30) times after two warm-up renders, as the render
job does it (`aigov.documents.render.render_pdf`: read the object's context from the
database, the Django template, WeasyPrint to PDF/A with the QR code). Beside it the
**floor**: WeasyPrint alone on the same HTML string rendered once beforehand (no
template, no ORM), with the same options.

Reported per kind: p50 and p99 in ms, pages per second, and the ratio of the two p50s
(1.0 would be the floor itself). Target: certificate (two A4 pages) p50 below 150 ms.
The objects are created in a transaction that is rolled back at the end: the benchmark
database keeps nothing (nor does the audit chain).
"""

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
django.setup()

from django.db import transaction  # noqa: E402

import assessments.certificates.documents  # noqa: E402, F401 - registers the kinds
from aigov.documents.kinds import kind_get  # noqa: E402
from aigov.documents.render import (  # noqa: E402
    document_identifier,
    html_to_pdf,
    render_html,
    render_pdf,
)

TARGET_P50_MS = {"certificate": 150.0}


class _Rollback(Exception):
    pass


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _objects() -> dict:
    """One object of each kind, as the tests make them (tests/factories.py)."""
    from datetime import UTC, datetime

    from registry.models import Submission
    from tests.factories import (
        AuthorityFactory,
        OrganizationFactory,
        make_certificate,
        make_declaration,
        make_filing,
    )

    provider = OrganizationFactory(name="Benchmark Provider GmbH", slug="bench-pdf-provider")
    filing = make_filing(
        provider,
        status="registered",
        authority=AuthorityFactory(slug="bench-pdf-authority", authority_code="bench-pdf"),
        registration_number="EU-HR-2026-BENCH1",
        registered_at=datetime(2026, 4, 1, 8, 15, tzinfo=UTC),
    )
    Submission.objects.create(
        organization=provider, filing=filing, number=1, data={}, sha256="0" * 64
    )
    return {
        "certificate": make_certificate(provider),
        "declaration": make_declaration(provider),
        "filing_receipt": filing,
    }


def _timed(function, renders: int) -> tuple[list[float], int]:
    for _ in range(2):
        function()
    times, pages = [], 0
    for _ in range(renders):
        started = time.perf_counter()
        rendered = function()
        times.append((time.perf_counter() - started) * 1000)
        pages += rendered.pages
    return times, pages


def measure(renders: int) -> list[dict]:
    rows = []
    try:
        with transaction.atomic():
            for code, obj in _objects().items():
                kind = kind_get(code)
                full, pages = _timed(lambda k=kind, o=obj: render_pdf(k, o, "en")[0], renders)
                html = render_html(kind, obj, "en")
                identifier = document_identifier(code, obj.pk, "en", kind.version(obj))
                floor, _ = _timed(
                    lambda h=html, i=identifier: html_to_pdf(h, identifier=i), renders
                )
                rows.append(
                    {
                        "kind": code,
                        "pages": pages // renders,
                        "p50": statistics.median(full),
                        "p99": percentile(full, 0.99),
                        "pages_per_s": pages / (sum(full) / 1000),
                        "floor_p50": statistics.median(floor),
                        "floor_p99": percentile(floor, 0.99),
                        "floor_pages_per_s": pages / (sum(floor) / 1000),
                    }
                )
            raise _Rollback
    except _Rollback:
        pass
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--renders", type=int, default=int(os.environ.get("BENCH_PDF_RENDERS") or 30)
    )
    renders = parser.parse_args().renders
    rows = measure(renders)
    print(f"PDF rendering, one worker, {renders} renders per kind (ms):")
    print(
        f"{'kind':<16}{'pages':>6}{'p50':>9}{'p99':>9}{'pages/s':>9}"
        f"{'floor p50':>11}{'floor p99':>11}{'floor pages/s':>15}{'ratio':>7}"
    )
    failed = False
    for row in rows:
        ratio = row["p50"] / row["floor_p50"]
        print(
            f"{row['kind']:<16}{row['pages']:>6}{row['p50']:>9.1f}{row['p99']:>9.1f}"
            f"{row['pages_per_s']:>9.1f}{row['floor_p50']:>11.1f}{row['floor_p99']:>11.1f}"
            f"{row['floor_pages_per_s']:>15.1f}{ratio:>7.2f}"
        )
        target = TARGET_P50_MS.get(row["kind"])
        if target is not None and row["p50"] >= target:
            print(
                f"  {row['kind']}: p50 {row['p50']:.1f} ms is not below the {target:.0f} ms target"
            )
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
