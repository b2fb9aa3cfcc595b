"""System checks of a deployment that would otherwise fail only on the first request."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, register
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
