"""`Idempotency-Key` on POST (DESIGN.md §10).

The whole POST runs in one transaction holding a lock on (organisation, key):
- the same key and body again replays the stored response byte for byte;
- the same key with a different body answers 422;
- the same key while the first request is still running answers 409.
Because the record is written in the same transaction as the business change, a crash
leaves neither behind and the client may simply retry.

The stored response is sealed (AES-GCM) with a key derived from SECRET_KEY and the
Idempotency-Key itself, and the row keeps only a hash of that Idempotency-Key: a response
that holds a secret (the token of a new API key) cannot be read from the database, even
together with SECRET_KEY, without the client's Idempotency-Key.
"""

import hashlib
import io
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

from aigov.api.models import IdempotencyRecord
from aigov.api.problems import Conflict, Unprocessable

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 255


class Replay(Exception):
    """Raised to short-circuit a view with a stored response."""

    def __init__(self, response: HttpResponse):
        self.response = response


def requested_key(request) -> str | None:
    if request.method != "POST":
        return None
    key = request.META.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise Unprocessable(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.")
    return key


def _body(request) -> bytes:
    """The raw body. A file upload route may take more than DATA_UPLOAD_MAX_MEMORY_SIZE
    (ApiRequestGuardMiddleware has bounded it by the route's own limit): read it as
    `HttpRequest.body` would, so the parsers still find it."""
    try:
        return request.body
    except RequestDataTooBig:
        request._body = request.read()
        request._stream = io.BytesIO(request._body)
        return request._body


def fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.get_full_path().encode() + b"\0")
    digest.update(_body(request))
    return digest.hexdigest()


SEALED_FORMAT = b"\x01"  # AES-256-GCM, 12-byte nonce, HKDF-SHA256 key
NONCE_BYTES = 12


def key_digest(key: str) -> str:
    """What the row keeps of the Idempotency-Key: its SHA-256."""
    return hashlib.sha256(key.encode()).hexdigest()


def _cipher(secret: str, organization_id, key: str) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"aigov.idempotency.v1",
        info=f"{organization_id}\0{key}".encode(),
    ).derive(secret.encode())
    return AESGCM(derived)


def seal(organization_id, key: str, body: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(settings.SECRET_KEY, organization_id, key).encrypt(
        nonce, body, key_digest(key).encode()
    )
    return SEALED_FORMAT + nonce + sealed


def unseal(organization_id, key: str, stored: bytes) -> bytes | None:
    """The body, or None when no current or fallback SECRET_KEY opens it."""
    if not stored.startswith(SEALED_FORMAT):
        return None
    nonce = stored[1 : 1 + NONCE_BYTES]
    sealed = stored[1 + NONCE_BYTES :]
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        try:
            return _cipher(secret, organization_id, key).decrypt(
                nonce, sealed, key_digest(key).encode()
            )
        except InvalidTag:
            continue
    return None


def _lock_id(organization_id, key: str) -> int:
    raw = hashlib.sha256(f"{organization_id}:{key}".encode()).digest()[:8]
    return int.from_bytes(raw, "big", signed=True)


def begin(request, actor, key: str) -> str:
    """Called inside the request's transaction, after authentication. Returns the fingerprint.

    Raises Replay, Conflict (in flight) or Unprocessable (different body).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_try_advisory_xact_lock(%s)", [_lock_id(actor.organization.pk, key)]
            )
            (locked,) = cursor.fetchone()
        if not locked:
            raise Conflict("A request with this Idempotency-Key is still being processed.")
    body_fingerprint = fingerprint(request._request)
    cutoff = timezone.now() - settings.IDEMPOTENCY_KEY_TTL
    record = IdempotencyRecord.objects.filter(
        organization=actor.organization, key=key_digest(key)
    ).first()
    if record is not None and record.created_at < cutoff:
        record.delete()
        record = None
    if record is None:
        return body_fingerprint
    if record.fingerprint != body_fingerprint:
        raise Unprocessable(
            "This Idempotency-Key was used with a different request; use a new key."
        )
    body = unseal(actor.organization.pk, key, bytes(record.response_body))
    if body is None:
        raise Unprocessable(
            "The response stored for this Idempotency-Key can no longer be read (the server's "
            "key changed); use a new key."
        )
    response = HttpResponse(
        body,
        status=record.response_status,
        content_type=record.response_content_type,
    )
    response["Idempotent-Replayed"] = "true"
    raise Replay(response)


def store(request, actor, key: str, body_fingerprint: str, response) -> None:
    """Keep the response of a completed request (not server errors, which may be retried)."""
    if response.status_code >= 500:
        return
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    IdempotencyRecord.objects.create(
        organization=actor.organization,
        key=key_digest(key),
        fingerprint=body_fingerprint,
        method=request.method,
        path=request.get_full_path()[:500],
        response_status=response.status_code,
        response_content_type=response.get("Content-Type", "application/json"),
        response_body=seal(actor.organization.pk, key, response.content),
    )


def purge_expired() -> int:
    cutoff = timezone.now() - settings.IDEMPOTENCY_KEY_TTL
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
