"""API key tokens: `aigov_<prefix>_<secret>`; the prefix finds the row, the secret is hashed."""

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "aigov"  # noqa: S105 - a label, not a secret


def new_token() -> tuple[str, str, str]:
    """A fresh token, its lookup prefix and the hash of its secret."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"{TOKEN_PREFIX}_{prefix}_{secret}", prefix, hash_secret(secret)


def hash_secret(secret: str) -> str:
    # The secret has 256 bits of entropy, so a fast hash is enough (unlike passwords).
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(token: str) -> tuple[str, str] | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def secret_matches(secret: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), secret_hash)
