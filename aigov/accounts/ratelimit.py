"""Counting failed sign-ins and failed API-key authentications.

A fixed window in the shared cache (Redis in production): after AUTH_FAILURE_LIMIT
failures for one identity (a client address, an email, an API-key prefix) in
AUTH_FAILURE_WINDOW seconds, that identity is blocked until the window ends.

The client address is REMOTE_ADDR, or, when TRUSTED_PROXY_HEADER names the header the
deployment's reverse proxy sets, the address that proxy put there. Without that setting
no header is believed: a client could send any address it likes.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(identity.lower().encode()).hexdigest()[:32]
    return f"authfail:{scope}:{digest}"


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of the client, as far as this deployment can know it."""
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        # The proxy appends the address it saw; entries before it came from the client.
        found = _address(value.split(",")[-1]) if value else None
        if found:
            return found
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def is_blocked(scope: str, *identities: str, limit: int | None = None) -> bool:
    """Whether any of `identities` has failed `limit` times (AUTH_FAILURE_LIMIT unless
    given) in the current window."""
    keys = [_key(scope, identity) for identity in identities if identity]
    counts = cache.get_many(keys)
    limit = limit or settings.AUTH_FAILURE_LIMIT
    return any(int(count) >= limit for count in counts.values())


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
