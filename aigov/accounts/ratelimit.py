"""Counting failed sign-ins and failed API-key authentications per client.

A fixed window in the shared cache (Redis in production): after AUTH_FAILURE_LIMIT
failures from one address (or for one email) in AUTH_FAILURE_WINDOW seconds, further
attempts are refused until the window ends, even with correct credentials.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(identity.lower().encode()).hexdigest()[:32]
    return f"authfail:{scope}:{digest}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def is_blocked(scope: str, *identities: str) -> bool:
    keys = [_key(scope, identity) for identity in identities if identity]
    counts = cache.get_many(keys)
    return any(int(count) >= settings.AUTH_FAILURE_LIMIT for count in counts.values())


def record_failure(scope: str, *identities: str) -> None:
    for identity in identities:
        if not identity:
            continue
        key = _key(scope, identity)
        if not cache.add(key, 1, timeout=settings.AUTH_FAILURE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=settings.AUTH_FAILURE_WINDOW)


def retry_after() -> int:
    return settings.AUTH_FAILURE_WINDOW
