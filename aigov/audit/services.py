"""Writing to and verifying the audit chain."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction

from aigov.audit.models import GENESIS_HASH, AuditEvent

# Any constant: the advisory lock that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK_ID = 0x6A160A0D17


def event_hash(canonical: dict, prev_hash: str) -> str:
    payload = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((payload + prev_hash).encode()).hexdigest()


def audit_record(
    *,
    action: str,
    actor=None,
    organization=None,
    user=None,
    api_key=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    Pass `actor` where there is one; `organization`, `user` and `api_key` are for events
    that happen before an actor exists (sign-in). `obj` fills object type and id.
    """
    if actor is not None:
        organization = organization or actor.organization
        user = user or actor.user
        api_key = api_key or actor.api_key
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Held until the surrounding transaction ends: one writer extends the
                # chain at a time, so every event links to the one committed before it.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
        event = AuditEvent(
            sequence=(last["sequence"] + 1) if last else 1,
            organization=organization,
            actor_user=user,
            actor_api_key=api_key,
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=last["hash"] if last else GENESIS_HASH,
        )
        event.created_at = event.created_at.astimezone(UTC)
        event.hash = event_hash(event.canonical(), event.prev_hash)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str = ""
    head_hash: str = GENESIS_HASH


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the whole chain in order; report the first event that does not verify."""
    expected_prev = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    events = AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size)
    for event in events:
        if event.sequence != expected_sequence:
            return ChainReport(False, checked, expected_sequence, "event missing", expected_prev)
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event.sequence, "link to previous event broken")
        event.created_at = event.created_at.astimezone(UTC)
        if event_hash(event.canonical(), event.prev_hash) != event.hash:
            return ChainReport(False, checked, event.sequence, "contents do not match hash")
        expected_prev = event.hash
        expected_sequence += 1
        checked += 1
    return ChainReport(True, checked, head_hash=expected_prev)
