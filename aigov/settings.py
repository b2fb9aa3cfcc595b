"""Settings for aigov, read from environment variables.

Every variable is listed with its default in `.env.example`. Bad values fail loudly at
start-up rather than half-working. A secret may also be given as `<NAME>_FILE`, the path
of a file holding it (Docker and Kubernetes secrets).
"""

import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """The variable's value, or the contents of the file named by `<name>_FILE`."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    value = env(name, default) or ""
    return [item.strip() for item in value.split(",") if item.strip()]


def env_dates(name: str, default: str = "") -> list[date]:
    try:
        return [date.fromisoformat(item) for item in env_list(name, default)]
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be YYYY-MM-DD dates, comma-separated: {exc}"
        ) from None


def env_date(name: str, default: date) -> date:
    value = env(name)
    if value is None or value.strip() == "":
        return default
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a date (use YYYY-MM-DD)") from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development only: a fixed, obviously-insecure key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "aigov.accounts",
    "aigov.audit",
    "aigov.jobs",
    "aigov.outbox",
    "aigov.notifications",
    "aigov.api",
    "aigov.documents",
    "registry",
    "assessments",
    "assessments.conformity",
    "assessments.catalogues",
    "assessments.incidents",
    "assessments.certificates",
    "assessments.evaluations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "aigov.middleware.SecurityHeadersMiddleware",
    "aigov.api.middleware.ApiRequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, the first to read a form body.
    "aigov.oversized.OversizedFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aigov.accounts.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "aigov.urls"
WSGI_APPLICATION = "aigov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aigov.accounts.context_processors.actor",
            ],
        },
    },
]

# --- Database: PostgreSQL in production and tests, SQLite when DATABASE_URL is unset.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH") or str(BASE_DIR / "db.sqlite3"),
            # Jobs run in a thread beside the requests (JOBS_RUN_IN_THREAD): WAL lets pages
            # read while a job writes, and a transaction takes the write lock when it
            # begins, so two writers wait for each other instead of failing at once.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and shared cache. Unset = tasks run in-process, local cache.
REDIS_URL = env("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis:// or rediss://")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "aigov"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts, sessions, security
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "aigov.views.csrf_failure"
# Cookies and HTTPS are strict unless DEBUG is on; behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Every HTML page (aigov/middleware.py): scripts, styles, fonts and requests only from
# this site, no inline script or style, no plugins, never framed. Images may be data:
# URLs (Swagger UI's icons).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Browser features no page of aigov uses.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)

# Failed logins and failed API-key authentications allowed per client address and window.
AUTH_FAILURE_LIMIT = env_int("AUTH_FAILURE_LIMIT", 10, minimum=1)
AUTH_FAILURE_WINDOW = env_int("AUTH_FAILURE_WINDOW", 15 * 60, minimum=1)
# How long a process keeps an API key it has validated (seconds; 0 = look it up on every
# request). A revoked or expired key stops working in every process within this time.
API_KEY_CACHE_SECONDS = env_int("API_KEY_CACHE_SECONDS", 30)
# How long a regulator figure is served from the cache (per authority and window); 0: never.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 60)
# The header your reverse proxy sets to the client's address (e.g. X-Forwarded-For or
# X-Real-IP); its last entry is taken. Unset: REMOTE_ADDR, and no header is believed.
TRUSTED_PROXY_HEADER = (env("TRUSTED_PROXY_HEADER") or "").strip()
if TRUSTED_PROXY_HEADER and not re.fullmatch(r"[A-Za-z0-9-]+", TRUSTED_PROXY_HEADER):
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_HEADER={TRUSTED_PROXY_HEADER!r} is not a header name (e.g. X-Real-IP)"
    )

# --- Uploads and request bodies
# Largest JSON body the API accepts (bytes); larger ones answer 413.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024, minimum=1024)
# Deepest JSON nesting an API body may have; the profile and filing data need far less.
API_MAX_JSON_DEPTH = 32
# Largest evidence upload (bytes).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")) or "")
# Conformity evidence (assessments/conformity/evidence.py): the largest file, and the
# zip-bomb guard for DOCX/XLSX (the most an archive may unpack to, and at most how many
# times its own size).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", UPLOAD_MAX_BYTES, minimum=1024)
EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES = env_int(
    "EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024, minimum=1024
)
EVIDENCE_ZIP_MAX_RATIO = env_int("EVIDENCE_ZIP_MAX_RATIO", 100, minimum=2)
# Evidence files and rendered PDF documents (aigov/documents, stored once under their
# SHA-256) each have a private storage that no URL serves: files go out only through the
# access-checked download. By default a folder, EVIDENCE_ROOT / DOCUMENTS_ROOT;
# <NAME>_STORAGE_BACKEND and <NAME>_STORAGE_OPTIONS (a JSON object) name another Django
# storage, e.g. django-storages' S3 backend for an S3-compatible store.
FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"


def private_storage(name: str, default_root: Path) -> dict:
    """The STORAGES entry of one private storage, read from `<name>_*` variables."""
    backend = env(f"{name}_STORAGE_BACKEND") or FILE_SYSTEM_STORAGE
    try:
        options = json.loads(env(f"{name}_STORAGE_OPTIONS") or "{}")
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}_STORAGE_OPTIONS is not JSON: {exc}") from None
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f"{name}_STORAGE_OPTIONS must be a JSON object")
    if backend == FILE_SYSTEM_STORAGE:
        options = {
            "location": str(Path(env(f"{name}_ROOT") or default_root)),
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
            **options,
        }
    return {"BACKEND": backend, "OPTIONS": options}


EVIDENCE_STORAGE = private_storage("EVIDENCE", BASE_DIR / "var" / "evidence")
DOCUMENTS_STORAGE = private_storage("DOCUMENTS", BASE_DIR / "var" / "documents")
# The languages a PDF can be rendered in (codes Django knows, comma-separated; the first
# is the default). Each template is translatable; English is the source text.
DOCUMENT_LANGUAGES = env_list("DOCUMENT_LANGUAGES", "en")
if not DOCUMENT_LANGUAGES or set(DOCUMENT_LANGUAGES) - set(LANG_INFO):
    raise ImproperlyConfigured(
        f"DOCUMENT_LANGUAGES={DOCUMENT_LANGUAGES!r} must name languages Django knows (e.g. en,de)"
    )
# The archival PDF variant WeasyPrint writes (one of weasyprint.pdf.VARIANTS' PDF/A ones).
DOCUMENTS_PDF_VARIANT = env("DOCUMENTS_PDF_VARIANT") or "pdf/a-3b"
if not re.fullmatch(r"pdf/a-[1-4][abue]", DOCUMENTS_PDF_VARIANT):
    raise ImproperlyConfigured(
        f"DOCUMENTS_PDF_VARIANT={DOCUMENTS_PDF_VARIANT!r} is not a PDF/A variant (e.g. pdf/a-3b)"
    )
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Deadlines (counted by aigov.clock on the calendar of each regime's zone)
# China's public holidays and make-up working days (调休, a Saturday or Sunday worked),
# YYYY-MM-DD, comma-separated. REGULATION.md does not list them; they change every year.
# The default is the State Council's schedule for 2026 (国务院办公厅关于2026年部分节假日安排的
# 通知, 2025-11-04, as published by Xinhua: politics.gmw.cn/2025-11/04/content_38391083.htm).
# Set both for later years.
_CN_2026_HOLIDAYS = (
    "2026-01-01,2026-01-02,2026-01-03,"
    "2026-02-15,2026-02-16,2026-02-17,2026-02-18,2026-02-19,2026-02-20,2026-02-21,"
    "2026-02-22,2026-02-23,"
    "2026-04-04,2026-04-05,2026-04-06,"
    "2026-05-01,2026-05-02,2026-05-03,2026-05-04,2026-05-05,"
    "2026-06-19,2026-06-20,2026-06-21,"
    "2026-09-25,2026-09-26,2026-09-27,"
    "2026-10-01,2026-10-02,2026-10-03,2026-10-04,2026-10-05,2026-10-06,2026-10-07"
)
_CN_2026_MAKEUP_WORKING_DAYS = "2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10"
CN_PUBLIC_HOLIDAYS = env_dates("CN_PUBLIC_HOLIDAYS", _CN_2026_HOLIDAYS)
CN_MAKEUP_WORKING_DAYS = env_dates("CN_MAKEUP_WORKING_DAYS", _CN_2026_MAKEUP_WORKING_DAYS)
if any(day.weekday() < 5 for day in CN_MAKEUP_WORKING_DAYS):
    raise ImproperlyConfigured("CN_MAKEUP_WORKING_DAYS must be Saturdays or Sundays")
if set(CN_PUBLIC_HOLIDAYS) & set(CN_MAKEUP_WORKING_DAYS):
    raise ImproperlyConfigured("A date cannot be in CN_PUBLIC_HOLIDAYS and CN_MAKEUP_WORKING_DAYS")
# Whether the CAC's 30 working days to decide start again when a filing reaches the national
# stage (provincial review, then national). REGULATION.md does not say; by default the clock
# started at the provincial submission keeps running (unconfirmed; 1 restarts it).
CN_NATIONAL_STAGE_RESTARTS_CLOCK = env_bool("CN_NATIONAL_STAGE_RESTARTS_CLOCK", False)
# CAC's decision period for generative-AI filings and registrations, in working days.
# REGULATION.md gives 30 for algorithm filings and none for these (unconfirmed): the same
# by default.
CN_GENAI_DECISION_WORKING_DAYS = env_int("CN_GENAI_DECISION_WORKING_DAYS", 30, minimum=1)
# Whether a generative-AI registration (登记, an app calling a filed model) needs the
# security assessment too. REGULATION.md ties it to the service but does not describe that
# track's material (unconfirmed): asked on both tracks by default.
CN_SECURITY_ASSESSMENT_FOR_REGISTRATION = env_bool("CN_SECURITY_ASSESSMENT_FOR_REGISTRATION", True)

# --- The law as of a date (REGULATION.md "Digital Omnibus"; each value unconfirmed)
# The day the Digital Omnibus amendments enter into force; classifications of earlier
# days use the original text of Regulation 2024/1689. The Official Journal date is not
# confirmed: the sources put it in July 2026, so the default is 2026-07-31.
EU_OMNIBUS_IN_FORCE_ON = env_date("EU_OMNIBUS_IN_FORCE_ON", date(2026, 7, 31))
# Whether the amended text still has Annex III systems assessed as not high-risk under
# Art. 6(3) registered (Art. 49(2)). Unconfirmed; default: registration required.
EU_OMNIBUS_NOT_HIGH_RISK_REGISTRATION = env_bool("EU_OMNIBUS_NOT_HIGH_RISK_REGISTRATION", True)
# Whether the amended text moves the Art. 111(2) cutoff (high-risk systems placed on the
# market before it are caught only once significantly changed) from 2 August 2026 to the new
# high-risk application dates. Unconfirmed; default: the day as written (0).
EU_OMNIBUS_HIGH_RISK_LEGACY_CUTOFF_MOVES = env_bool(
    "EU_OMNIBUS_HIGH_RISK_LEGACY_CUTOFF_MOVES", False
)
# Whether the amended text moves the duties of an Annex III system assessed as not high-risk
# under Art. 6(3) (documented assessment, Art. 49(2) registration) to 2 December 2027 with
# the Annex III high-risk obligations. Unconfirmed; default: 2 August 2026, the earlier (0).
EU_OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III = env_bool(
    "EU_OMNIBUS_NOT_HIGH_RISK_FOLLOWS_ANNEX_III", False
)

# --- Unconfirmed CAC security minimums (REGULATION.md tags them [U]), read by the
# requirement catalogue cn.genai_security: pass rate of the corpus sample (%), size of the
# generated-content sample and its pass rate (%).
CN_TC260_CORPUS_PASS_RATE = env_int("CN_TC260_CORPUS_PASS_RATE", 96)
CN_TC260_GENERATED_SAMPLE = env_int("CN_TC260_GENERATED_SAMPLE", 1000)
CN_TC260_GENERATED_PASS_RATE = env_int("CN_TC260_GENERATED_PASS_RATE", 90)

# --- Escalation of serious incidents an authority has not acknowledged (the hourly
# incident sweep). REGULATION.md gives the authority's own period (EU: it acts within 7
# days, Art. 73) but no point of escalation; these are settings, not law.
# Hours after the authority's period ends before its supervisors are told (0: at once).
INCIDENT_ESCALATE_AFTER_HOURS = env_int("INCIDENT_ESCALATE_AFTER_HOURS", 0)
# Where the law states no period for the authority (GPAI with systemic risk, SB 53): hours
# after the first report; 0 (default) never escalates those.
INCIDENT_ESCALATE_UNCLOCKED_AFTER_HOURS = env_int("INCIDENT_ESCALATE_UNCLOCKED_AFTER_HOURS", 0)

# --- Reference data the product reads at run time (data/README.md: sources, licences)
DATA_DIR = Path(env("AIGOV_DATA_DIR") or BASE_DIR / "data")
EU_AI_ACT_DATA_DIR = DATA_DIR / "eu-ai-act"
CAC_DATA_DIR = DATA_DIR / "cac"
# The committed Epoch AI extract the demo imports (the full file is read from any path
# by `manage.py import_models`).
EPOCH_DEMO_CSV = DATA_DIR / "epoch" / "models-extract.csv"

# --- Email
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "aigov <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation and time: stored in UTC, shown in the user's zone.
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (vendored, never a CDN)
STATIC_URL = "/static/"
# Where `collectstatic` puts the files; a production start without them fails
# (aigov/checks.py).
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": FILE_SYSTEM_STORAGE},
    "evidence": EVIDENCE_STORAGE,
    "documents": DOCUMENTS_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# A template naming a file missing from the manifest gets its plain URL, not a crash.
WHITENOISE_MANIFEST_STRICT = False

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "aigov.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["aigov.api.permissions.ActorPermission"],
    "DEFAULT_PARSER_CLASSES": ["aigov.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "aigov.api.pagination.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "aigov.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "aigov.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "PAGE_SIZE": 50,
    "DATETIME_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # `?format=` is an export parameter of ours, not DRF's renderer switch.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "aigov API",
    "DESCRIPTION": "AI system registration and conformity assessment.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Input and output modalities share one choice set: one enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ModalityEnum": "registry.models.MODALITIES",
        "FilingStatusEnum": "registry.models.FilingStatus",
        "JobStatusEnum": "aigov.jobs.models.JobStatus",
        "MarketStatusEnum": "registry.models.MarketStatus",
        # A finding's outcome and an automated check's outcome are different sets.
        "FindingOutcomeEnum": "assessments.conformity.models.Outcome",
        "CheckOutcomeEnum": "assessments.conformity.models.CheckOutcome",
        # The incident regimes (eu_gpai) and the catalogue regimes (cn) are different sets.
        "IncidentRegimeEnum": "assessments.incidents.models.IncidentRegime",
        "CatalogueRegimeEnum": ["eu", "cn", "us_ca"],
        "CertificateStatusEnum": "assessments.certificates.models.CertificateStatus",
        "DeclarationStatusEnum": "assessments.certificates.models.DeclarationStatus",
    },
}
IDEMPOTENCY_KEY_TTL = timedelta(hours=24)

# --- Celery: Redis broker, JSON only, at-least-once delivery; Job rows make it once.
# Eager mode never reaches the broker; "memory://localhost/" keeps kombu from warning
# that no host was given.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message taken by a worker that died unacknowledged comes back after this long;
    # stale-job requeue (below) usually recovers the job sooner.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60, minimum=1),
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-jobs": {"task": "jobs.requeue_stale", "schedule": 60.0},
    "purge-idempotency-keys": {"task": "api.purge_idempotency_keys", "schedule": 60.0 * 60},
    "audit-chain-digest": {"task": "audit.daily_digest", "schedule": 60.0 * 60 * 24},
    "filing-deadline-sweep": {"task": "registry.deadline_sweep", "schedule": 60.0 * 60 * 24},
    "reclassify-due": {"task": "registry.reclassify_due", "schedule": 60.0 * 60 * 24},
    # Hourly: an SB 53 imminent-risk notice is due 24 hours after awareness.
    "incident-deadline-sweep": {"task": "incidents.deadline_sweep", "schedule": 60.0 * 60},
    # Hourly, so a certificate ends on its expiry date wherever its issuer is.
    "certificate-sweep": {"task": "certificates.sweep", "schedule": 60.0 * 60},
}
# A queued job not started after this many seconds is enqueued again.
JOBS_QUEUED_STALE_AFTER = env_int("JOBS_QUEUED_STALE_AFTER", 5 * 60, minimum=1)
# A running job that reported no progress for this many seconds is presumed dead.
JOBS_RUNNING_STALE_AFTER = env_int("JOBS_RUNNING_STALE_AFTER", 15 * 60, minimum=1)
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 5, minimum=1)
# Run each job in a thread of the web process, after the response, instead of sending it
# to Celery (which, without REDIS_URL, runs it eagerly inside the request): `make run` sets
# it, so an upload answers at once and its page shows the job's progress live. Off for
# management commands (seed_demo), whose jobs run inline before they print their summary.
JOBS_RUN_IN_THREAD = env_bool("JOBS_RUN_IN_THREAD", False)

# --- Logging: to stderr; the platform collects it.
LOG_LEVEL = (env("LOG_LEVEL", "INFO") or "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not a logging level")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # WeasyPrint narrates every render at INFO ("Step 1 - Fetching and parsing HTML").
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
