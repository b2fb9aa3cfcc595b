"""System checks of a deployment that would otherwise fail only on the first request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Warning, register
from django.core.files.storage import storages
from django.utils import timezone

from aigov import clock

# Checks with this tag run when the WSGI application starts (`aigov.wsgi`) and with
# `manage.py check --deploy`; never before `collectstatic` or `migrate`, which must work
# on a checkout whose static files are not collected yet.
STARTUP = "startup"

# From this day (month, day) China's calendar for next year is needed too: a CAC clock of up
# to 30 working days (about six weeks) started then can end in January. The State Council
# publishes the next year's holidays in early November (2026's on 2025-11-04).
CN_NEXT_YEAR_NEEDED_FROM = (11, 1)


@register(STARTUP, deploy=True)
def static_files_collected(app_configs, **kwargs):
    """Hashed static file names need the manifest `collectstatic` writes; without it every
    HTML page answers 500."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []  # DEBUG: files are served from the source tree
    if storage.exists(storage.manifest_name):
        return []
    return [
        Error(
            f"The static files have not been collected: {storage.manifest_name} is missing "
            f"from STATIC_ROOT ({settings.STATIC_ROOT}), so every HTML page would fail.",
            hint="Run `python manage.py collectstatic --noinput` with the same settings "
            "before starting the server.",
            id="aigov.E001",
        )
    ]


@register(deploy=True)
def site_url_is_this_site(app_configs, **kwargs):
    """Links in emails and the API's `url` fields are built on SITE_URL; left at its
    development default they would point every recipient at 127.0.0.1."""
    site = urlsplit(settings.SITE_URL)
    if settings.DEBUG or (site.scheme == "https" and site.hostname in settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails and in the API would not "
            "reach this site.",
            hint="Set SITE_URL to the site's public https address, whose host is one of "
            "ALLOWED_HOSTS (e.g. https://aigov.example.eu).",
            id="aigov.W002",
        )
    ]


@register(STARTUP)
def china_calendar_configured(app_configs, **kwargs):
    """CAC deadlines count working days on China's calendar, whose holidays and make-up days
    change every year and are settings: a year with none configured would count its
    holidays as working days without a word. Unlike the deployment checks above, every
    manage.py command shows it (runserver, migrate, check), since it needs nothing collected
    or migrated and whoever runs the platform should see it."""
    today = clock.local_date(timezone.now(), regime="cn")
    years = [today.year]
    if (today.month, today.day) >= CN_NEXT_YEAR_NEEDED_FROM:
        years.append(today.year + 1)
    configured = {day.year for day in clock.public_holidays("cn") | clock.makeup_working_days("cn")}
    missing = [str(year) for year in years if year not in configured]
    if not missing:
        return []
    return [
        Warning(
            f"China's working-day calendar has no public holiday or make-up working day for "
            f"{' and '.join(missing)}: CAC deadlines counted into it treat every weekday as a "
            "working day.",
            hint="Set CN_PUBLIC_HOLIDAYS and CN_MAKEUP_WORKING_DAYS (YYYY-MM-DD, comma-"
            "separated) to the State Council's holiday schedule for that year.",
            id="aigov.W003",
        )
    ]
