"""Validated API keys remembered by this process for `API_KEY_CACHE_SECONDS`.

An API client sends its key on every request; looking it up (one query with its
organisation) is a tenth of a list page's time. A key that checked out is kept here,
with the hash of its secret, for a short while. Revoking a key forgets it in the process
that revoked it at once; other processes stop accepting it within the cache time (the
README says so), as they would with any short-lived credential cache.
"""

import hmac
import time

from django.conf import settings

# prefix -> (valid until, on time.monotonic(); the stored hash of the secret; the key)
_KEYS: dict[str, tuple[float, str, object]] = {}


def remembered(prefix: str, secret_hash: str):
    """The key cached under `prefix` if its secret hashes to what was stored, else None."""
    entry = _KEYS.get(prefix)
    if entry is None:
        return None
    until, stored_hash, key = entry
    if until <= time.monotonic() or not hmac.compare_digest(stored_hash, secret_hash):
        _KEYS.pop(prefix, None)
        return None
    return key


def remember(key) -> None:
    seconds = settings.API_KEY_CACHE_SECONDS
    if seconds > 0:
        _KEYS[key.prefix] = (time.monotonic() + seconds, key.secret_hash, key)


def forget(prefix: str) -> None:
    _KEYS.pop(prefix, None)


def clear() -> None:
    _KEYS.clear()
