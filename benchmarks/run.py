"""`make bench`: seed, serve, load, stop, end to end. Not run by CI.

1. drops and recreates the benchmark database (its name must contain "bench"), flushes
   the benchmark Redis database, migrates and collects static files;
2. seeds it (`benchmarks/seed.py`) and checks that the audit chain verifies;
3. explains the benchmarked queries (`benchmarks/explain.py`);
4. serves the app with gunicorn through `benchmarks.wsgi`, and the floor
   (`benchmarks/floor.py`: the same answers with psycopg and orjson only) with the same
   gunicorn settings, each on a free local port;
5. checks that both answer the same, drives both (`benchmarks/load.py`), then the
   assessor's assignment list beside the queue and checklist runs in items per second
   beside the bare checks (`benchmarks/assessments.py`), the regulator figures beside the
   queue API (`benchmarks/figures.py`), stops the servers;
6. measures the Epoch import (`benchmarks/imports.py`: rows/s of the committed extract
   and of a synthetic BENCH_IMPORT_ROWS-row file, beside a raw psycopg COPY of the same
   rows), then PDF rendering (`benchmarks/pdf.py`: p50/p99 and pages/s per document kind
   with one worker, beside WeasyPrint alone on the same HTML), verifies the audit chain
   again.

Exit status: non-zero if a step failed or any scenario had errors. Parameters come from
the environment (defaults in brackets): BENCH_SYSTEMS [100000], BENCH_ORGS [200],
BENCH_SECONDS [20], BENCH_WARMUP [3], BENCH_CONCURRENCY [8], BENCH_WORKERS [4],
BENCH_SINGLE_SECONDS [5: seconds with one client per scenario first; 0 skips],
BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:5432/aigov_bench],
BENCH_REDIS_URL [redis://127.0.0.1:6379/11], BENCH_SEED_INSERT [copy | bulk_create],
BENCH_AUTHORITY [the authority with the most filings], BENCH_SEED [2026],
BENCH_REUSE_DB [0; 1 skips steps 1-2 and reuses the last run's database and fixture],
BENCH_IMPORT_ROWS [100000], BENCH_IMPORT_REPEAT [3], BENCH_ASSESSMENTS [2000],
BENCH_CHECKLIST_RUNS [200], BENCH_PDF_RENDERS [30], BENCH_IMPORT_FILE [none: another Epoch CSV the
import step measures too, e.g. the whole 1,892-row list].
"""

import datetime
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

from benchmarks.figures import after_load

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = Path(__file__).resolve().parent / ".run"
PYTHON = sys.executable


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name or not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()[0]
    print(f"Recreated database {name} (PostgreSQL {version})")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # graceful: workers finish their request
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class Server:
    def __init__(self, process: subprocess.Popen, base: str):
        self.process, self.base = process, base


def serve(env: dict, app: str, workers: str, log: Path) -> Server:
    """gunicorn (its settings from gunicorn.conf.py) serving `app` on a free port."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as log_stream:
        process = subprocess.Popen(  # noqa: S603
            [
                PYTHON, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
                "--workers", workers, "--log-level", "warning", "--timeout", "60",
            ],
            cwd=ROOT, env=env, stdout=log_stream, stderr=subprocess.STDOUT,
        )  # fmt: skip
    wait_until_up(base, process, log)
    return Server(process, base)


def main() -> int:
    database_url = setting("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aigov_bench")
    redis_url = setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    seconds = setting("BENCH_SECONDS", "20")
    warmup = setting("BENCH_WARMUP", "3")
    concurrency = setting("BENCH_CONCURRENCY", "8")
    workers = setting("BENCH_WORKERS", "4")
    single = setting("BENCH_SINGLE_SECONDS", "5")
    systems = setting("BENCH_SYSTEMS", "100000")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aigov.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
        "BENCH_SYSTEMS": systems,
        "PYTHONPATH": str(ROOT),
    }
    RUN_DIR.mkdir(exist_ok=True)
    fixture = RUN_DIR / "fixture.json"
    print(
        f"aigov benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{int(systems):,} AI systems, {workers} gunicorn workers, {concurrency} clients"
    )

    if setting("BENCH_REUSE_DB", "0") == "1" and fixture.exists():
        step("Reusing the database and fixture of the last run (BENCH_REUSE_DB=1)")
    else:
        step("Database and Redis")
        recreate_database(database_url)
        redis.Redis.from_url(redis_url).flushdb()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")

        step("Seed")
        subprocess.run(  # noqa: S603
            [PYTHON, "-m", "benchmarks.seed", "--out", str(fixture)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        manage(env, "verify_audit_chain")

    step("Query plans")
    plans = RUN_DIR / "plans.txt"
    explained = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "benchmarks.explain", "--fixture", str(fixture), "--plans", str(plans)],
        cwd=ROOT,
        env=env,
        check=False,
    )
    print(f"  (full plans: {plans.relative_to(ROOT)})")

    step("Serve and load")
    floor_data = RUN_DIR / "floor-data.json"
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "benchmarks.floor_data", "--out", str(floor_data)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    servers = []
    try:
        app = serve(env, "benchmarks.wsgi:application", workers, RUN_DIR / "gunicorn.log")
        servers.append(app)
        floor_env = {**env, "FLOOR_DATA": str(floor_data)}
        floor = serve(floor_env, "benchmarks.floor:application", workers, RUN_DIR / "floor.log")
        servers.append(floor)
        print(
            f"gunicorn, {workers} sync workers each: the app at {app.base}, "
            f"the floor at {floor.base}"
        )
        loaded = subprocess.run(  # noqa: S603
            [
                PYTHON, "-m", "benchmarks.load", "--base", app.base, "--floor", floor.base,
                "--fixture", str(fixture), "--seconds", seconds, "--warmup", warmup,
                "--concurrency", concurrency, "--single", single,
                "--json", str(RUN_DIR / "results.json"),
            ],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        step("Assessments: assignments and checklist runs (benchmarks/assessments.py)")
        assessed = subprocess.run(  # noqa: S603
            [
                PYTHON, "-m", "benchmarks.assessments", "--base", app.base,
                "--fixture", str(fixture), "--seconds", seconds, "--warmup", warmup,
                "--concurrency", concurrency, "--single", single,
            ],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        step("Regulator figures against the queue API (benchmarks/figures.py)")
        figures = after_load(app.base, fixture, env, seconds, warmup, concurrency, single)
    finally:
        for server in servers:
            stop(server.process)

    step("Import: the Epoch CSV beside a raw COPY of the same rows (benchmarks/imports.py)")
    imported = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "benchmarks.imports"], cwd=ROOT, env=env, check=False
    )
    step("PDF rendering beside WeasyPrint alone (benchmarks/pdf.py)")
    rendered = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "benchmarks.pdf"], cwd=ROOT, env=env, check=False
    )
    manage(env, "verify_audit_chain")

    step("Result")
    if explained.returncode:
        print("Query-plan checks FAILED (see above).")
    if imported.returncode:
        print("The import benchmark FAILED (see above).")
    if rendered.returncode:
        print("The PDF benchmark FAILED or missed its target (see above).")
    if loaded.returncode or assessed.returncode or figures.returncode:
        print("Some scenarios had errors (see above).")
        return 1
    if imported.returncode or rendered.returncode:
        return 1
    print("No errors.")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except subprocess.CalledProcessError as failed:
        print(f"\nFAILED (exit {failed.returncode}): {' '.join(map(str, failed.cmd))}")
        raise SystemExit(1) from None
