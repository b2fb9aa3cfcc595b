"""Settings come from the environment, fail loudly on bad values, and pass --deploy."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings

# The shipped Chinese holidays plus New Year's Day of this year and the next: a deployment
# keeps China's calendar current (aigov.W003), whatever year the suite runs in.
_YEAR = date.today().year
CN_HOLIDAYS = sorted(
    {
        *(day.isoformat() for day in settings.CN_PUBLIC_HOLIDAYS),
        f"{_YEAR}-01-01",
        f"{_YEAR + 1}-01-01",
    }
)

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p9!x2_Lq7@Vz#m4Rt8&Kw1$Jn6^Hb3*Gf5(Dc0)Sa+Ye-Ui=Op[Ql]Zx{Cv}Bn",
    "ALLOWED_HOSTS": "aigov.example.eu",
    "DATABASE_URL": "postgres://aigov@db.internal:5432/aigov",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SECURE_PROXY_SSL_HEADER": "1",
    "SITE_URL": "https://aigov.example.eu",
    "CN_PUBLIC_HOLIDAYS": ",".join(CN_HOLIDAYS),
}


def clean_environment() -> dict:
    # Only the variables under test: none of the suite's own settings leak in.
    return {
        k: v
        for k, v in os.environ.items()
        if k not in settings_names() and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean_environment(), **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )


def settings_names():
    return {
        line.split("=", 1)[0]
        for line in open(settings.BASE_DIR / ".env.example")
        if "=" in line and not line.startswith("#")
    }


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "name,value,message",
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five' is not an integer"),
        ("API_MAX_BODY_BYTES", "10", "must be at least 1024"),
        ("REDIS_URL", "localhost:6379", "must start with redis://"),
        ("SECRET_KEY", "", "SECRET_KEY must be set"),
        ("LOG_LEVEL", "LOUD", "is not a logging level"),
        ("CN_PUBLIC_HOLIDAYS", "2026-13-01", "CN_PUBLIC_HOLIDAYS must be YYYY-MM-DD dates"),
        ("CN_MAKEUP_WORKING_DAYS", "2026-10-12", "must be Saturdays or Sundays"),
        ("CN_MAKEUP_WORKING_DAYS", "2026-10-03", "cannot be in CN_PUBLIC_HOLIDAYS and"),
        ("TRUSTED_PROXY_HEADER", "X-Real-IP: 1", "is not a header name"),
        ("EU_OMNIBUS_IN_FORCE_ON", "July 2026", "is not a date (use YYYY-MM-DD)"),
        ("EU_OMNIBUS_NOT_HIGH_RISK_REGISTRATION", "perhaps", "is not a boolean"),
        ("EVIDENCE_MAX_BYTES", "10", "must be at least 1024"),
        ("EVIDENCE_STORAGE_OPTIONS", "{bucket", "EVIDENCE_STORAGE_OPTIONS is not JSON"),
        ("EVIDENCE_STORAGE_OPTIONS", "[1]", "must be a JSON object"),
    ],
)
def test_bad_values_fail_loudly(name, value, message):
    result = manage("check", env={**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(PRODUCTION["SECRET_KEY"] + "\n")
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(secret_file)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr


def test_a_deployment_whose_site_url_is_not_this_site_is_warned():
    for site_url in ("http://127.0.0.1:8000", "http://aigov.example.eu", "https://elsewhere.eu"):
        result = manage(
            "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "SITE_URL": site_url}
        )
        assert result.returncode != 0 and "aigov.W002" in result.stderr, site_url


def test_every_setting_read_from_the_environment_is_documented():
    source = (settings.BASE_DIR / "aigov" / "settings.py").read_text()
    import re

    read = set(re.findall(r'env(?:_bool|_int|_list)?\("([A-Z_]+)"', source))
    assert read <= settings_names(), f"missing from .env.example: {read - settings_names()}"


def test_a_production_start_without_collected_static_files_fails_with_the_fix(tmp_path):
    start = [sys.executable, "-c", "import aigov.wsgi"]
    env = {**clean_environment(), **PRODUCTION, "STATIC_ROOT": str(tmp_path)}
    result = subprocess.run(
        start, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120
    )
    assert result.returncode != 0
    assert "aigov.E001" in result.stderr and "collectstatic" in result.stderr
    checked = manage("check", "--deploy", env={**PRODUCTION, "STATIC_ROOT": str(tmp_path)})
    assert checked.returncode != 0 and "aigov.E001" in checked.stderr
    # `make run` (DEBUG=1) serves from the source tree and starts without collecting.
    development = {**env, "DEBUG": "1"}
    result = subprocess.run(
        start, env=development, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # collectstatic and migrate still run on such a checkout.
    assert manage("makemigrations", "--check", "--dry-run", env=env).returncode == 0
