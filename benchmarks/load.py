"""Concurrent load on a running server: latency, throughput and queries per request.

Standard library only (threads + http.client), so the driver stays light next to the
server on a small machine. Reads the fixture that `benchmarks/seed.py` wrote.

    python -m benchmarks.load --base http://127.0.0.1:8001 --fixture F.json \
        --seconds 20 --warmup 3 --concurrency 8 [--floor http://127.0.0.1:8002] \
        [--json results.json]

For each scenario: a warm-up (not measured), then `--seconds` of `--concurrency` clients
sending requests back to back. Any answer other than 2xx, and any connection error or
timeout, is an error. Queries per request come from the `X-Query-Count` header that
`benchmarks.wsgi` adds. Exit status 1 when any scenario had errors.

With `--floor`, the scenarios the floor server answers (`benchmarks/floor.py`) are first
checked to get the same answer from both servers (same ids in the same order, the same
fields and values, the same `next` link), then each is driven against the app and the
floor in turn with the same load, and the table gives the app's ratio to the floor.
"""

import argparse
import http.client
import json
import os
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

TIMEOUT = 30


@dataclass
class Scenario:
    name: str
    # Returns the next request's path; called once per request (random ids and words).
    path: object
    headers: dict = field(default_factory=dict)
    note: str = ""
    # Paths whose answers are compared with the floor before timing (None: no floor).
    floor_samples: list | None = None


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    query_ms: list = field(default_factory=list)
    errors: int = 0
    samples: list = field(default_factory=list)  # the first few errors, for the report
    skipped: str = ""
    # p50 with a single client (service time without queueing), and how busy the
    # machine's CPUs were during the concurrent run.
    single_p50_ms: float | None = None
    p99_single_ms: float | None = None
    cpu_busy: float | None = None
    # The same scenario against the floor server, when there is one.
    floor: "Result | None" = None

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    def as_dict(self) -> dict:
        if self.skipped:
            return {"scenario": self.name, "skipped": self.skipped}
        return {
            "scenario": self.name,
            "requests": self.requests,
            "errors": self.errors,
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(self.percentile(0.50), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "queries_mean": round(sum(self.queries) / len(self.queries), 2)
            if self.queries
            else None,
            "queries_max": max(self.queries) if self.queries else None,
            "db_ms_mean": round(sum(self.query_ms) / len(self.query_ms), 2)
            if self.query_ms
            else None,
            "single_client_p50_ms": self.single_p50_ms,
            "single_client_p99_ms": self.p99_single_ms,
            "cpu_busy_percent": self.cpu_busy,
            "error_samples": self.samples,
            **self.ratios(),
            "floor": self.floor.as_dict() if self.floor is not None else None,
        }

    def ratios(self) -> dict:
        """The app against the floor: one-client p50 (x floor) and throughput (share of floor)."""
        floor = self.floor
        if floor is None or not floor.single_p50_ms or not floor.requests:
            return {}
        return {
            "p50_ratio_to_floor": round((self.single_p50_ms or 0) / floor.single_p50_ms, 2),
            "throughput_ratio_to_floor": round(
                (self.requests / self.seconds) / (floor.requests / floor.seconds), 2
            ),
        }


class Target:
    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)

    def get(self, path: str, headers: dict | None = None):
        """One request on its own connection: (status, headers, body)."""
        conn = self.connection()
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response, response.read()
        finally:
            conn.close()


def cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs from /proc/stat; None where there is none."""
    try:
        with open("/proc/stat", encoding="ascii") as stream:
            values = [int(v) for v in stream.readline().split()[1:]]
    except OSError:
        return None
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def busy_percent(before, after) -> float | None:
    if before is None or after is None or after[1] == before[1]:
        return None
    return round(100 * (after[0] - before[0]) / (after[1] - before[1]), 1)


def run(target: Target, scenario: Scenario, seconds: float, concurrency: int) -> Result:
    result = Result(scenario.name)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        # http.client reconnects by itself when the server closes (gunicorn sync
        # workers close after every response), so one object per client will do.
        conn = target.connection()
        latencies, queries, query_ms, errors, samples = [], [], [], 0, []
        while time.perf_counter() < deadline:
            path = scenario.path()
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=scenario.headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                count = response.getheader("X-Query-Count")
                spent = response.getheader("X-Query-Ms")
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status, body, count, spent = 0, repr(exc).encode(), None, None
            latencies.append(time.perf_counter() - started)
            if count is not None:
                queries.append(int(count))
            if spent is not None:
                query_ms.append(float(spent))
            if not 200 <= status < 300:
                errors += 1
                if len(samples) < 3:
                    samples.append(f"{status} {path}: {body[:200].decode(errors='replace')}")
        conn.close()
        with lock:
            result.latencies += latencies
            result.queries += queries
            result.query_ms += query_ms
            result.errors += errors
            result.samples += samples[: max(0, 3 - len(result.samples))]

    started, cpu_before = time.perf_counter(), cpu_times()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    result.cpu_busy = busy_percent(cpu_before, cpu_times())
    return result


def login(target: Target, email: str, password: str) -> str | None:
    """A session cookie for the browser pages, through the sign-in form."""
    status, response, body = target.get("/login/")
    if status != 200:
        return None
    csrf = _cookie(response, "csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf or not token:
        return None
    form = urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    conn = target.connection()
    try:
        conn.request(
            "POST",
            "/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "Referer": f"http://{target.host}:{target.port}/login/",
            },
        )
        answer = conn.getresponse()
        answer.read()
        session = _cookie(answer, "sessionid")
    finally:
        conn.close()
    return f"sessionid={session}; csrftoken={csrf}" if answer.status == 302 and session else None


def _cookie(response, name: str) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        match = re.match(rf"{name}=([^;]*)", header)
        if match:
            return match.group(1)
    return None


def scenarios(target: Target, fixture: dict) -> list[Scenario | Result]:
    """The API scenarios, and the browser pages where they exist (else a skipped row)."""
    bearer = {"Authorization": f"Bearer {fixture['token']}"}
    ids, words = fixture["filing_ids"], fixture["search_words"]
    queue = "/api/v1/queue/?limit=50"
    open_queue = "/api/v1/queue/?status=submitted&status=in_review&limit=50"
    searches = ["/api/v1/public/register/?" + urlencode({"q": word}) for word in words]
    found: list[Scenario | Result] = [
        Scenario("queue (API)", lambda: queue, bearer, floor_samples=[queue]),
        Scenario("queue, open only (API)", lambda: open_queue, bearer, floor_samples=[open_queue]),
        Scenario("filing detail (API)", lambda: f"/api/v1/filings/{random.choice(ids)}/", bearer),
        Scenario("register search (API)", lambda: random.choice(searches), floor_samples=searches),
    ]
    status, _, _ = target.get("/register/?q=credit")
    if status == 404:
        found.append(Result("register search (HTML)", skipped="/register/ answers 404"))
    else:
        found.append(
            Scenario(
                "register search (HTML)",
                lambda: "/register/?" + urlencode({"q": random.choice(words)}),
            )
        )
    status, _, _ = target.get("/queue/")
    if status == 404:
        found.append(Result("queue (HTML)", skipped="/queue/ answers 404"))
    else:
        cookie = login(target, fixture["reviewer_email"], fixture["reviewer_password"])
        if cookie is None:
            failed = Result("queue (HTML)", errors=1, samples=["sign-in as the reviewer failed"])
            found.append(failed)
        else:
            found.append(Scenario("queue (HTML)", lambda: "/queue/", {"Cookie": cookie}))
    return found


def same_answers(app: Target, floor: Target, scenario: Scenario) -> list[str]:
    """Differences between the app's and the floor's answers to the scenario's samples.

    Host and port in links are the server's own; `seconds_left` counts down between the
    two requests, so it may differ by a few seconds. Everything else must be equal.
    """
    problems = []
    for path in scenario.floor_samples or []:
        answers = []
        for target in (app, floor):
            status, _, body = target.get(path, scenario.headers)
            if status != 200:
                problems.append(f"{path}: {status} from port {target.port}")
                break
            answer = json.loads(body)
            if answer.get("next"):
                answer["next"] = urlsplit(answer["next"])._replace(netloc="")
            answers.append(answer)
        else:
            countdowns = [
                [row.pop("seconds_left", None) for row in answer["results"]] for answer in answers
            ]
            if answers[0] != answers[1]:
                problems.append(f"{path}: {first_difference(answers[0], answers[1])}")
            elif any(
                (a is None) != (b is None) or (a is not None and abs(a - b) > 5)
                for a, b in zip(*countdowns, strict=True)
            ):
                problems.append(f"{path}: seconds_left differs by more than 5 s")
    return problems


def first_difference(app, floor, where: str = "") -> str:
    if isinstance(app, dict) and isinstance(floor, dict):
        if set(app) != set(floor):
            return f"{where or 'top'}: fields {sorted(set(app) ^ set(floor))} differ"
        for key in app:
            if app[key] != floor[key]:
                return first_difference(app[key], floor[key], f"{where}.{key}")
    if isinstance(app, list) and isinstance(floor, list) and len(app) == len(floor):
        for index, (left, right) in enumerate(zip(app, floor, strict=True)):
            if left != right:
                return first_difference(left, right, f"{where}[{index}]")
    return f"{where}: app {str(app)[:120]!r}, floor {str(floor)[:120]!r}"


def table(results: list[Result]) -> str:
    head = (
        f"{'scenario':<24} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'queries mean/max':>16} {'SQL ms':>7} {'1-client p50':>12} {'CPU %':>6}"
    )
    lines = [head, "-" * len(head)]
    for result in results:
        row = result.as_dict()
        if result.skipped:
            lines.append(f"{result.name:<24} skipped: {result.skipped}")
            continue
        queries = (
            f"{row['queries_mean']:.1f} / {row['queries_max']}"
            if row["queries_mean"] is not None
            else "-"
        )
        sql_ms = f"{row['db_ms_mean']:.1f}" if row["db_ms_mean"] is not None else "-"
        single = f"{result.single_p50_ms:.1f}" if result.single_p50_ms is not None else "-"
        cpu = f"{result.cpu_busy:.0f}" if result.cpu_busy is not None else "-"
        lines.append(
            f"{result.name:<24} {row['requests']:>8} {row['errors']:>6} {row['rps']:>7.1f} "
            f"{row['p50_ms']:>7.1f} {row['p99_ms']:>7.1f} {queries:>16} {sql_ms:>7} "
            f"{single:>12} {cpu:>6}"
        )
    floored = [result for result in results if result.ratios()]
    if floored:
        lines += [
            "",
            "Against the floor (benchmarks/floor.py: the same answers without the framework)",
        ]
        head = (
            f"{'scenario':<24} {'1-client p50 ms app / floor':>28} {'x floor':>8} "
            f"{'req/s app / floor':>18} {'share':>8}"
        )
        lines += [head, "-" * len(head)]
        for result in floored:
            floor, ratios = result.floor, result.ratios()
            lines.append(
                f"{result.name:<24} {result.single_p50_ms:>13.1f} / {floor.single_p50_ms:<12.1f}"
                f" {ratios['p50_ratio_to_floor']:>8.2f} "
                f"{result.requests / result.seconds:>8.1f} / {floor.requests / floor.seconds:<7.1f}"
                f" {ratios['throughput_ratio_to_floor']:>8.2f}"
            )
    return "\n".join(lines)


def measure(target: Target, scenario: Scenario, args) -> Result:
    """Warm-up, then one client (service time), then the concurrent load."""
    run(target, scenario, args.warmup, args.concurrency)
    single = run(target, scenario, args.single, 1) if args.single > 0 else None
    result = run(target, scenario, args.seconds, args.concurrency)
    if single is not None:
        result.single_p50_ms = round(single.percentile(0.50), 1)
        result.p99_single_ms = round(single.percentile(0.99), 1)
        result.errors += single.errors
        result.samples += single.samples[: max(0, 3 - len(result.samples))]
    return result


def load_parser(description: str) -> argparse.ArgumentParser:
    """The options every load step takes (this one, figures, assessments)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--base", required=True, help="e.g. http://127.0.0.1:8001")
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--single", type=float, default=5, help="seconds with one client first (0: skip)"
    )
    return parser


def read_fixture(path: str) -> dict:
    """What `benchmarks.seed` wrote: the keys, ids and queries the scenarios use."""
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def main() -> int:
    parser = load_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--floor", help="the floor server, e.g. http://127.0.0.1:8002")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    fixture = read_fixture(args.fixture)
    target = Target(args.base)
    results: list[Result] = []
    print(
        f"Load: per scenario {args.warmup:g} s warm-up, {args.single:g} s with 1 client, then "
        f"{args.seconds:g} s with {args.concurrency} concurrent clients, against {args.base}",
        flush=True,
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5:
        print(f"  NOTE: load average {load:.2f} before the run; other work on this machine "
              "will show in the numbers.", flush=True)  # fmt: skip
    floor = Target(args.floor) if args.floor else None
    found = scenarios(target, fixture)
    if floor is not None:
        problems = [
            problem
            for scenario in found
            if isinstance(scenario, Scenario) and scenario.floor_samples
            for problem in same_answers(target, floor, scenario)
        ]
        if problems:
            print("The floor does not answer as the app does; nothing was timed:")
            print("\n".join(f"  {problem}" for problem in problems))
            return 2
        print("  The floor gives the same answers as the app (ids, order, fields, values, next).")
    driver_before = time.process_time()
    for index, scenario in enumerate(found):
        if isinstance(scenario, Result):
            results.append(scenario)
            continue
        if floor is not None and scenario.floor_samples:
            # Alternate which server goes first, so neither always meets a warmer cache.
            if index % 2:
                floor_result = measure(floor, scenario, args)
                result = measure(target, scenario, args)
            else:
                result = measure(target, scenario, args)
                floor_result = measure(floor, scenario, args)
            result.floor = floor_result
        else:
            result = measure(target, scenario, args)
        results.append(result)
        row = result.as_dict()
        print(
            f"  {result.name:<24} {row['rps']:>7.1f} req/s  p50 {row['p50_ms']:.1f} ms  "
            f"p99 {row['p99_ms']:.1f} ms  1 client p50 {result.single_p50_ms} / p99 "
            f"{result.p99_single_ms} ms  errors {row['errors']}"
            + (
                f"  | floor {result.floor.requests / result.floor.seconds:.1f} req/s, "
                f"1 client p50 {result.floor.single_p50_ms} ms"
                if result.floor is not None
                else ""
            ),
            flush=True,
        )
    print()
    print(table(results))
    print(
        f"(SQL ms: mean time in SQL per request, from X-Query-Ms; 1-client p50: service time "
        f"without queueing; CPU %: both CPUs' use during the concurrent run, load driver "
        f"included, which used {time.process_time() - driver_before:.0f} s CPU in all.)"
    )
    failed = [r for r in results if r.errors]
    for result in failed:
        print(f"ERRORS in {result.name}: {result.errors}")
        for sample in result.samples:
            print(f"  {sample}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump([r.as_dict() for r in results], stream, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
