"""System checks of a deployment that would otherwise fail only on the first request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Warning, register
from django.core.files.storage import storages

# Checks with this tag run when the WSGI application starts (`aigov.wsgi`) and with
# `manage.py check --deploy`; never before `collectstatic` or `migrate`, which must work
# on a checkout whose static files are not collected yet.
STARTUP = "startup"


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
