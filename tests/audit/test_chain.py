"""The audit log is append-only in the database and tamper-evident by its hash chain."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from aigov.audit.models import GENESIS_HASH, AuditEvent
from aigov.audit.services import audit_record, verify_chain
from tests.conftest import login, member, run_concurrently


def _events(organization, n=3):
    return [
        audit_record(action="test.event", organization=organization, data={"i": i})
        for i in range(n)
    ]


@pytest.mark.django_db
def test_events_chain_to_their_predecessor(owner):
    first, second, third = _events(owner)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert [second.sequence, third.sequence] == [first.sequence + 1, first.sequence + 2]
    assert verify_chain().ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_database_refuses_changes_to_the_log(owner, statement):
    _events(owner)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.count() == 3
    assert not AuditEvent.objects.filter(action="forged").exists()


@pytest.mark.django_db(transaction=True)
def test_database_refuses_truncate(owner):
    # Its own committed rows: TRUNCATE inside the inserting transaction fails earlier,
    # on pending foreign-key checks, which would prove nothing.
    _events(owner)
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent CASCADE")
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.breaks_audit_chain
def test_edit_with_trigger_disabled_is_detected(owner, capsys):
    events = _events(owner, 5)
    call_command("verify_audit_chain")
    assert "intact: 5 events" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER waits for no pending checks
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_auditevent SET data = '{\"i\": 99}' WHERE sequence = %s",
            [events[2].sequence],
        )
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match=f"sequence {events[2].sequence}"):
        call_command("verify_audit_chain")


@pytest.mark.django_db
@pytest.mark.breaks_audit_chain
def test_deleted_event_is_detected(owner):
    events = _events(owner, 4)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER waits for no pending checks
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = %s", [events[1].sequence])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
    report = verify_chain()
    assert not report.ok and report.first_broken == events[1].sequence


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(owner):
    def write():
        for _ in range(10):
            audit_record(action="test.concurrent", organization=owner)

    run_concurrently(*[write] * 5)
    report = verify_chain()
    assert report.ok and AuditEvent.objects.filter(action="test.concurrent").count() == 50


@pytest.mark.django_db
def test_api_lists_only_the_callers_organisation(owner, stranger):
    mine = _events(owner, 2)
    _events(stranger, 2)
    client = login(__import__("rest_framework.test").test.APIClient(), member(owner), owner)
    response = client.get("/api/v1/audit/")
    assert response.status_code == 200
    sequences = {row["sequence"] for row in response.json()["results"]}
    assert {e.sequence for e in mine} <= sequences
    assert all(row["hash"] for row in response.json()["results"])
    assert not sequences & set(
        AuditEvent.objects.filter(organization=stranger).values_list("sequence", flat=True)
    )
