from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions

from aigov.accounts import keycache, ratelimit
from aigov.accounts.models import ApiKey
from aigov.accounts.tokens import hash_secret, secret_matches, split_token

# last_used_at is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Failures are counted per client address and, for a prefix that names a real key, per
# key: one noisy client behind a shared address cannot lock anybody's valid key out.
ADDRESS_SCOPE = "apikey"
PREFIX_SCOPE = "apikey-prefix"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer aigov_<prefix>_<secret>`. The request's auth is the ApiKey.

    A valid key is always accepted. An invalid one answers 401, or 429 once its address
    or its key prefix has failed AUTH_FAILURE_LIMIT times in the window.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, token = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None
        key, known_prefix = self._lookup(token.strip())
        if key is not None:
            now = timezone.now()
            if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
                ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
                key.last_used_at = now
            return AnonymousUser(), key
        address = ratelimit.client_address(request)
        blocked = ratelimit.is_blocked(ADDRESS_SCOPE, address) or (
            known_prefix is not None and ratelimit.is_blocked(PREFIX_SCOPE, known_prefix)
        )
        if blocked:
            raise exceptions.Throttled(
                wait=ratelimit.retry_after(),
                detail="Too many failed authentications; try again later.",
            )
        ratelimit.record_failure(ADDRESS_SCOPE, address)
        if known_prefix is not None:
            ratelimit.record_failure(PREFIX_SCOPE, known_prefix)
        raise exceptions.AuthenticationFailed("Invalid, expired or revoked API key.")

    def _lookup(self, token: str) -> tuple[ApiKey | None, str | None]:
        """(the usable key, None), or (None, the prefix if it names an existing key)."""
        parts = split_token(token)
        if parts is None:
            return None, None
        prefix, secret = parts
        # A key that checked out moments ago (keycache: at most API_KEY_CACHE_SECONDS).
        cached = keycache.remembered(prefix, hash_secret(secret))
        if cached is not None and cached.is_usable():
            return cached, None
        key = ApiKey.objects.select_related("organization").filter(prefix=prefix).first()
        if key is None:
            return None, None
        if not secret_matches(secret, key.secret_hash) or not key.is_usable():
            keycache.forget(prefix)
            return None, prefix
        keycache.remember(key)
        return key, None

    def authenticate_header(self, request):
        return 'Bearer realm="aigov"'
