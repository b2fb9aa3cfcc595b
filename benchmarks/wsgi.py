"""The app as gunicorn serves it in `make bench`, plus per-request SQL accounting.

Wraps Django's WSGI application and adds two response headers: `X-Query-Count` (SQL
statements run for the request) and `X-Query-Ms` (time spent in them). Lives only here,
never in the app: production serves `aigov.wsgi`.
"""

import os
import time

from django.core.wsgi import get_wsgi_application
from django.db import connection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")

# `connection` is per thread: one request at a time in each sync worker.
django_application = get_wsgi_application()


class _Counter:
    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started


def application(environ, start_response):
    counter = _Counter()

    def start(status, headers, exc_info=None):
        # Django calls start_response once the response is complete (no streaming
        # responses among the benchmarked pages), so every query is counted by now.
        headers.append(("X-Query-Count", str(counter.queries)))
        headers.append(("X-Query-Ms", f"{counter.seconds * 1000:.2f}"))
        return start_response(status, headers, exc_info)

    with connection.execute_wrapper(counter):
        return django_application(environ, start)
