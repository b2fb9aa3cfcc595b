from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions

from aigov.accounts import ratelimit
from aigov.accounts.models import ApiKey
from aigov.accounts.tokens import secret_matches, split_token

# last_used_at is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer aigov_<prefix>_<secret>`. The request's auth is the ApiKey."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, token = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None
        address = ratelimit.client_address(request)
        if ratelimit.is_blocked("apikey", address):
            raise exceptions.Throttled(
                wait=ratelimit.retry_after(),
                detail="Too many failed authentications from this address.",
            )
        key = self._valid_key(token.strip())
        if key is None:
            ratelimit.record_failure("apikey", address)
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked API key.")
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return AnonymousUser(), key

    def _valid_key(self, token: str) -> ApiKey | None:
        parts = split_token(token)
        if parts is None:
            return None
        prefix, secret = parts
        key = ApiKey.objects.select_related("organization").filter(prefix=prefix).first()
        if key is None or not secret_matches(secret, key.secret_hash) or not key.is_usable():
            return None
        return key

    def authenticate_header(self, request):
        return 'Bearer realm="aigov"'
