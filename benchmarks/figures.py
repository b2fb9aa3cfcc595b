"""The regulator figures under load, against the queue page: `make bench` runs it after
`benchmarks/load.py` (a hook in `benchmarks/run.py`) on the same server and fixture.

    python -m benchmarks.figures --base http://127.0.0.1:8001 --fixture F.json \
        [--seconds 20 --warmup 3 --concurrency 8 --single 5]

For every figure: `/api/v1/dashboard/{code}/` uncached (each request asks for another
window, so the per-authority cache misses: the aggregate queries' own cost) and cached
(the default window: what a dashboard reload costs within FIGURES_CACHE_SECONDS), and
the figure list. Prints load.py's table, each scenario's one-client p50 as a multiple of
the queue API's, and the queries per request (X-Query-Count; one number when constant).
Exit status 1 when a scenario had errors.
"""

import itertools
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from benchmarks.load import Result, Scenario, Target, load_parser, measure, read_fixture, table

QUEUE = "/api/v1/queue/?limit=50"


def figure_codes(target: Target, bearer: dict) -> list[str]:
    status, _, body = target.get("/api/v1/dashboard/", bearer)
    if status != 200:
        raise SystemExit(f"/api/v1/dashboard/ answered {status}: {body[:300]!r}")
    return [item["code"] for item in json.loads(body)["results"]]


_requests = itertools.count()


def another_window() -> str:
    """A window no request asked for before (another cache key) that still holds all the
    seeded filings: ending in the last month, starting one to four years before."""
    n = next(_requests)
    until = date.today() - timedelta(days=n % 30)
    return f"since={until - timedelta(days=365 + n // 30 % 1000)}&until={until}"


def scenarios(target: Target, fixture: dict) -> list[Scenario]:
    bearer = {"Authorization": f"Bearer {fixture['token']}"}
    found = [
        Scenario("queue (API)", lambda: QUEUE, bearer),
        Scenario("dashboard list", lambda: "/api/v1/dashboard/", bearer),
    ]
    for code in figure_codes(target, bearer):
        url = f"/api/v1/dashboard/{code}/"
        found.append(Scenario(f"{code}", lambda url=url: f"{url}?{another_window()}", bearer))
        found.append(Scenario(f"{code} (cached)", lambda url=url: url, bearer))
    return found


def after_load(base: str, fixture, env: dict, *options: str) -> subprocess.CompletedProcess:
    """Run this module against `base` as `benchmarks/run.py` runs load.py: the hook there.
    `options`: seconds, warm-up, concurrency and one-client seconds, as load.py takes them."""
    seconds, warmup, concurrency, single = options
    return subprocess.run(  # noqa: S603
        [
            sys.executable, "-m", "benchmarks.figures", "--base", base, "--fixture", str(fixture),
            "--seconds", seconds, "--warmup", warmup, "--concurrency", concurrency,
            "--single", single,
        ],
        cwd=Path(__file__).resolve().parent.parent, env=env, check=False,
    )  # fmt: skip


def main() -> int:
    args = load_parser(__doc__.split("\n\n")[0]).parse_args()
    if args.single <= 0:
        args.single = 3  # the ratio to the queue needs one-client p50s
    fixture = read_fixture(args.fixture)
    target = Target(args.base)
    print(
        f"\nRegulator figures of {fixture['authority']} ({fixture['authority_filings']:,} "
        f"filings), against the queue API",
        flush=True,
    )
    results: list[Result] = []
    for scenario in scenarios(target, fixture):
        result = measure(target, scenario, args)
        results.append(result)
        print(f"  {result.name:<32} 1 client p50 {result.single_p50_ms} ms", flush=True)
    print()
    print(table(results))
    queue = results[0].single_p50_ms or 0
    print(f"\n{'scenario':<36} {'1-client p50 ms':>15} {'x queue':>8} {'queries':>10}")
    failed = False
    for result in results:
        counts = set(result.queries)
        constant = "-" if not counts else ("/".join(map(str, sorted(counts))))
        ratio = (result.single_p50_ms or 0) / queue if queue else 0
        print(f"{result.name:<36} {result.single_p50_ms or 0:>15.1f} {ratio:>8.2f} {constant:>10}")
        if result.errors:
            failed = True
            print(f"  ERRORS: {result.errors}")
            for sample in result.samples:
                print(f"    {sample}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
