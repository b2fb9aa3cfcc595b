"""gunicorn settings for aigov, read from the working directory (the Dockerfile, `make
bench` and docker-compose start gunicorn here). Command-line flags override them.

Sync workers, one request at a time each: the app is CPU-bound Python over PostgreSQL,
so about two workers per core; threads would only queue on the GIL.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
threads = 1
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck request is killed
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout


def post_worker_init(worker) -> None:
    """Load the whole app, then freeze it out of the garbage collector's sight.

    Django's modules, URL patterns, templates and settings live as long as the worker;
    without this every full collection walks them again (50-60 ms every ~50 requests on
    the queue page). Frozen objects are never collected, which is what they are for.
    """
    from django.apps import apps

    if apps.ready:  # the Django app (the bench's floor server has none)
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - import every view before freezing
    gc.collect()
    gc.freeze()
