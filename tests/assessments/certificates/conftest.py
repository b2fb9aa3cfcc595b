"""Certificate fixtures: a conformant Annex VII decision by a notified body, its lead,
and actors of each side."""

import pytest
from django.utils import timezone

from aigov.accounts.actor import Actor
from tests.conftest import member, private_storage
from tests.factories import make_assessment, make_filing


@pytest.fixture(autouse=True)
def documents_storage(settings, tmp_path):
    """Rendered PDFs go to this test's own folder."""
    private_storage(settings, "documents", tmp_path / "documents")


def actor_of(organization, role, **user):
    return Actor(organization=organization, role=role, user=member(organization, role, **user))


@pytest.fixture
def decided(owner, assessor, authority):
    """A conformant Annex VII decision on the owner's system, assessed by `assessor`, the
    system filed with `authority`."""
    assessment = make_assessment(
        owner,
        status="decided",
        decision="conformant",
        decided_at=timezone.now(),
        assessor_organization=assessor,
    )
    make_filing(owner, status="submitted", ai_system=assessment.ai_system, authority=authority)
    return assessment


@pytest.fixture
def lead(assessor):
    return actor_of(assessor, "lead", email="lead@body.test")


@pytest.fixture
def provider_admin(owner):
    return actor_of(owner, "admin", email="admin@provider.test")
