"""The floor: the regulator queue and the register search served without the framework.

A WSGI application with psycopg 3 and orjson only, run by the same gunicorn as the app in
`make bench`. It does the same work as the API for the benchmarked pages — the same
API-key check (prefix lookup, SHA-256 of the secret, revocation, expiry, the organisation
kind, `last_used_at` at most once a minute), the same SQL joins, filters and order, the
same JSON fields and values and the same cursor `next` link — and nothing else. What
the app spends above it is what the framework costs. `benchmarks/run.py` checks that
both answer the same before it times anything.

Static facts the app takes from its regime modules (filing titles, stage names, which
types are publishable) come from `FLOOR_DATA`, a JSON file `run.py` writes from them.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import orjson
import psycopg

UTC = datetime.UTC
WAITING = ("submitted", "in_review")
EDITABLE = ("draft", "changes_requested")
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
PAGE_SIZE, MAX_PAGE_SIZE = 50, 200

with open(os.environ["FLOOR_DATA"], encoding="utf-8") as _stream:
    DATA = json.load(_stream)
TYPES: dict = DATA["filing_types"]  # code -> {"title", "stages"}
PUBLISHABLE: list = DATA["publishable"]
SITE_URL: str = DATA["site_url"]

_connection: psycopg.Connection | None = None


def db() -> psycopg.Connection:
    """One connection per worker process, in UTC, with client-side binding like Django's
    (no server-side prepared statements: a generic plan would scan every filing)."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(
            os.environ["DATABASE_URL"],
            autocommit=True,
            options="-c TimeZone=UTC",
            cursor_factory=psycopg.ClientCursor,
        )
    return _connection


class Problem(Exception):
    def __init__(self, status: int, title: str):
        self.status, self.title = status, title


def authenticate(environ) -> tuple:
    """The API key's organisation (id, kind); the checks of `ApiKeyAuthentication`."""
    keyword, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    parts = token.strip().split("_", 2)
    if keyword.lower() != "bearer" or len(parts) != 3 or parts[0] != "aigov":
        raise Problem(401, "Invalid, expired or revoked API key.")
    row = (
        db()
        .execute(
            "SELECT k.id, k.secret_hash, k.expires_at, k.revoked_at, k.last_used_at, o.id, o.kind"
            " FROM accounts_apikey k JOIN accounts_organization o ON o.id = k.organization_id"
            " WHERE k.prefix = %s",
            (parts[1],),
        )
        .fetchone()
    )
    now = datetime.datetime.now(UTC)
    if (
        row is None
        or not hmac.compare_digest(hashlib.sha256(parts[2].encode()).hexdigest(), row[1])
        or row[3] is not None
        or (row[2] is not None and row[2] <= now)
    ):
        raise Problem(401, "Invalid, expired or revoked API key.")
    if row[4] is None or now - row[4] > LAST_USED_RESOLUTION:
        db().execute("UPDATE accounts_apikey SET last_used_at = %s WHERE id = %s", (now, row[0]))
    return row[5], row[6]


def page_size(query: dict) -> int:
    try:
        size = int(query["limit"][0])
    except (KeyError, ValueError):
        return PAGE_SIZE
    return min(size, MAX_PAGE_SIZE) if size > 0 else PAGE_SIZE


def next_link(environ, rows: list, size: int, position_index: int) -> str | None:
    """DRF's CursorPagination link for the first page (the only one benchmarked)."""
    if len(rows) <= size:
        return None
    compare, offset, unique = str(rows[size][position_index]), 0, False
    for row in reversed(rows[:size]):
        position = str(row[position_index])
        if position != compare:
            unique = True
            break
        compare, offset = position, offset + 1
    tokens = {"p": position} if unique else {"o": str(size)}
    if unique and offset:
        tokens = {"o": str(offset), "p": position}
    cursor = base64.b64encode(urlencode(tokens).encode("ascii")).decode("ascii")
    query = environ.get("QUERY_STRING", "")
    url = f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}" + (f"?{query}" if query else "")
    scheme, netloc, path, raw, _fragment = urlsplit(url)
    params = parse_qs(raw, keep_blank_values=True)
    params["cursor"] = [cursor]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), ""))


QUEUE_SQL = """
SELECT f.id, f.filing_type, f.regime, f.ai_system_id, s.name, f.gpai_model_id, m.name,
       provider.name, f.status, f.stage, authority.authority_code, authority.name, u.email,
       (SELECT sub.data FROM registry_submission sub WHERE sub.filing_id = f.id
        ORDER BY sub.number DESC LIMIT 1),
       f.non_public, f.registration_number, f.registered_at, f.submitted_at,
       f.decision_due_at, f.filing_due_at, f.last_reason, f.created_at, f.updated_at,
       pf.id, pf.registration_number, pf.registered_provider, pf.registered_subject, ps.name
FROM registry_filing f
JOIN accounts_organization authority ON authority.id = f.authority_id
JOIN accounts_organization provider ON provider.id = f.organization_id
LEFT JOIN registry_aisystem s ON s.id = f.ai_system_id
LEFT JOIN registry_gpaimodel m ON m.id = f.gpai_model_id
LEFT JOIN accounts_user u ON u.id = f.assignee_id
LEFT JOIN registry_filing pf ON pf.id = f.provider_filing_id
LEFT JOIN registry_aisystem ps ON ps.id = pf.ai_system_id
WHERE f.authority_id = %(org)s
  AND (f.authority_id = %(org)s OR f.first_stage_authority_id = %(org)s)
  AND NOT f.status = 'draft' {status}
ORDER BY f.decision_due_at ASC, f.id ASC
LIMIT %(limit)s
"""


def queue(environ, query: dict) -> dict:
    organization, kind = authenticate(environ)
    if kind != "authority":
        raise Problem(403, "Only authorities have a review queue.")
    size = page_size(query)
    statuses = query.get("status", [])
    rows = (
        db()
        .execute(
            QUEUE_SQL.format(status="AND f.status = ANY(%(statuses)s)" if statuses else ""),
            {"org": organization, "limit": size + 1, "statuses": statuses},
        )
        .fetchall()
    )
    now = datetime.datetime.now(UTC)
    return {
        "next": next_link(environ, rows, size, 18),
        "previous": None,
        "results": [queue_row(row, now) for row in rows[:size]],
    }


def queue_row(row: tuple, now: datetime.datetime) -> dict:
    (id_, filing_type, regime, system_id, system_name, model_id, model_name, provider,
     status, stage, authority_code, authority_name, assignee, submitted_data, non_public,
     number, registered_at, submitted_at, decision_due_at, filing_due_at, last_reason,
     created_at, updated_at, entry_id, entry_number, entry_provider, entry_subject,
     entry_system) = row  # fmt: skip
    declared = TYPES[filing_type]
    if entry_id is not None:  # a deployer's use of a registered entry (Section C)
        subject = {"kind": "ai_system", "id": None, "name": entry_subject or entry_system}
        entry = {
            "registration_number": entry_number,
            "provider": entry_provider,
            "subject": entry_subject,
        }
    else:
        subject = {
            "kind": "ai_system" if system_id else "gpai_model",
            "id": str(system_id or model_id),
            "name": system_name if system_id else model_name,
        }
        entry = None
    due = decision_due_at if status in WAITING else filing_due_at if status in EDITABLE else None
    return {
        "id": str(id_),
        "filing_type": filing_type,
        "title": declared["title"],
        "regime": regime,
        "subject": subject,
        "registered_entry": entry,
        "provider": provider,
        "status": status,
        "stage": stage,
        "stage_name": declared["stages"][stage],
        "authority": {"code": authority_code, "name": authority_name},
        "assignee": assignee,
        # An authority reads the last submission, never the provider's later edits.
        "data": submitted_data or {},
        "non_public": non_public,
        "registration_number": number,
        "registered_at": registered_at,
        "submitted_at": submitted_at,
        "decision_due_at": decision_due_at,
        "filing_due_at": filing_due_at,
        "seconds_left": None if due is None else int((due - now).total_seconds()),
        "overdue": due is not None and due < now,
        "last_reason": last_reason,
        "created_at": created_at,
        "updated_at": updated_at,
    }


REGISTER_SQL = """
SELECT id, registration_number, filing_type, regime, registered_provider, registered_subject,
       registered_at, registered_area, public_data
FROM registry_filing
WHERE filing_type = ANY(%(types)s) AND NOT non_public AND status = 'registered'
  AND search_vector @@ websearch_to_tsquery('simple'::regconfig, %(q)s)
ORDER BY registered_at DESC, id DESC
LIMIT %(limit)s
"""


def register(environ, query: dict) -> dict:
    size = page_size(query)
    words = query.get("q", [""])[0]
    rows = (
        db().execute(REGISTER_SQL, {"types": PUBLISHABLE, "q": words, "limit": size + 1}).fetchall()
    )
    results = [
        {
            "id": str(id_),
            "registration_number": number,
            "filing_type": filing_type,
            "title": TYPES[filing_type]["title"],
            "regime": regime,
            "provider": provider,
            "subject": subject,
            "registered_at": registered_at,
            "area": area,
            "public_fields": public_data,
            "url": f"{SITE_URL}/register/{id_}/",
        }
        for (
            id_,
            number,
            filing_type,
            regime,
            provider,
            subject,
            registered_at,
            area,
            public_data,
        ) in rows[:size]
    ]
    return {"next": next_link(environ, rows, size, 6), "previous": None, "results": results}


ROUTES = {"/api/v1/queue/": queue, "/api/v1/public/register/": register}


def application(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/healthz":
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"status":"ok"}']
    handler = ROUTES.get(path)
    try:
        if handler is None:
            raise Problem(404, "Not found.")
        body = orjson.dumps(
            handler(environ, parse_qs(environ.get("QUERY_STRING", ""))), option=orjson.OPT_UTC_Z
        )
        status, content_type = "200 OK", "application/json"
    except Problem as problem:
        body = orjson.dumps({"title": problem.title, "status": problem.status})
        status, content_type = f"{problem.status} Error", "application/problem+json"
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
