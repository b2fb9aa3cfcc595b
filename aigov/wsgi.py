import io
import os

from django.conf import settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
application = get_wsgi_application()

if not settings.DEBUG:
    # A production server refuses to start on a broken deployment (static files not
    # collected) instead of answering 500 on every page; the message names the fix.
    from aigov.checks import STARTUP

    call_command(
        "check", "--deploy", "--tag", STARTUP, "--fail-level", "ERROR", stdout=io.StringIO()
    )
