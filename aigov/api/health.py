"""`GET /healthz`: is the database answering, and is the broker reachable."""

import functools

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


@functools.cache
def _pool(url: str) -> redis.ConnectionPool:
    """One pool per process (per URL): a probe every few seconds reuses its connection
    instead of opening one each time."""
    return redis.ConnectionPool.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _check_broker() -> str:
    if not settings.REDIS_URL:
        return "eager"  # no broker configured: tasks run in-process
    redis.Redis(connection_pool=_pool(settings.REDIS_URL)).ping()
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks = {}
    healthy = True
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:  # any failure is "unhealthy", with its reason
            checks[name] = f"error: {type(exc).__name__}"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
