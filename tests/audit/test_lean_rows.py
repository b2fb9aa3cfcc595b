"""The audit events list's lean rows say exactly what AuditEventSerializer says."""

import pytest

from aigov.audit.api.serializers import (
    AUDIT_EVENT_ROW_COLUMNS,
    AuditEventSerializer,
    audit_event_row,
)
from aigov.audit.models import AuditEvent
from aigov.audit.services import audit_record
from tests.api.lean_rows import assert_same_rows, output_fields
from tests.conftest import member
from tests.factories import ApiKeyFactory
from tests.registry.test_filings import actor_of


@pytest.mark.django_db
def test_a_lean_audit_event_row_equals_the_full_serializer(owner, stranger):
    audit_record(action="auth.login", organization=owner, user=member(owner, "admin"))
    audit_record(
        action="api_key.created",
        organization=owner,
        api_key=ApiKeyFactory(organization=owner),
        object_type="accounts.apikey",
        object_id="42",
        data={"name": "CI", "scope": "read", "expires": None},
    )
    audit_record(action="job.recovered", organization=owner)  # by nobody: the system
    events = AuditEvent.objects.filter(organization=owner).order_by("-sequence")
    # As the owner reads them (who acted, shown) and as another organisation would (not).
    for reader in (actor_of(owner, "admin"), actor_of(stranger, "admin")):
        full = AuditEventSerializer(
            events.select_related("actor_user"), many=True, context={"actor": reader}
        ).data
        lean = [audit_event_row(row, reader) for row in events.values(*AUDIT_EVENT_ROW_COLUMNS)]
        assert_same_rows(full, lean, output_fields(AuditEventSerializer))
