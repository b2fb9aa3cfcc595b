"""Shared fixtures: an owner organisation, a stranger, an authority and an assessor.

Like healthchecks' Alice/Bob/Charlie: `owner` is the tenant under test, `stranger` is a
tenant whose rows must never leak to it.
"""

import threading
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.core.management.commands import flush
from django.db import connection, connections
from rest_framework.test import APIClient

from aigov.accounts.actor import ACTIVE_ORGANIZATION_SESSION_KEY
from aigov.audit.services import verify_chain
from tests.factories import (
    AssessorFactory,
    AuthorityFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _flush_bypasses_audit_truncate_guard():
    """Transactional tests end with `flush`, a TRUNCATE of every table, which the audit
    table's trigger refuses. Tests connect as a superuser, so flush runs with triggers
    off (session_replication_role = replica) — only here, never in the application."""
    original = flush.Command.handle

    def handle(self, **options):
        if connection.vendor != "postgresql":
            return original(self, **options)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            return original(self, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    with mock.patch.object(flush.Command, "handle", handle):
        yield


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files():
    """The suite runs with production static storage (hashed names), as deployed."""
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _empty_test_redis():
    """The suite owns its Redis database (REDIS_URL, db 15 by default)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()
    client.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing every test user's password with PBKDF2 costs seconds per run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from aigov.accounts import keycache

    cache.clear()
    keycache.clear()  # a key revoked in one test's database must not live on in the next


@pytest.fixture(autouse=True)
def _audit_chain_stays_intact(request):
    """After every test that touched the database, the audit chain still verifies."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        yield
        return
    yield
    if not request.node.get_closest_marker("breaks_audit_chain"):
        report = verify_chain()
        assert report.ok, f"audit chain broken at {report.first_broken}: {report.reason}"


def pytest_configure(config):
    config.addinivalue_line("markers", "breaks_audit_chain: the test tampers with the chain")


@pytest.fixture
def owner(db):
    return OrganizationFactory(name="Owner AI GmbH", slug="owner", country="DE")


@pytest.fixture
def stranger(db):
    return OrganizationFactory(name="Stranger AI SA", slug="stranger", country="FR")


@pytest.fixture
def authority(db):
    return AuthorityFactory(
        name="Bundesnetzagentur", slug="bnetza", authority_code="eu-msa-de", country="DE"
    )


@pytest.fixture
def assessor(db):
    return AssessorFactory(name="TÜV Example", slug="tuv-example", country="DE")


def member(organization, role="admin", **user_fields):
    """A user with `role` in `organization`."""
    return MembershipFactory(
        organization=organization, role=role, user=UserFactory(**user_fields)
    ).user


def private_storage(settings, name, folder):
    """Point the `name` storage at `folder` (a test's own), and return the folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        name: {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.fixture
def evidence_root(settings, tmp_path):
    """The evidence storage, in this test's own folder."""
    return private_storage(settings, "evidence", tmp_path / "evidence")


def run_concurrently(*work):
    """Run each function of `work` in a thread of its own, all at once, and wait for them
    all; each thread closes its database connections as it ends."""

    def run(function):
        try:
            function()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(function,)) for function in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def login(client, user, organization=None):
    """Sign `user` in on `client`, with `organization` picked in the switcher."""
    client.force_login(user)
    if organization is not None:
        session = client.session
        session[ACTIVE_ORGANIZATION_SESSION_KEY] = str(organization.pk)
        session.save()
    return client


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def owner_admin(owner):
    return member(owner, "admin", email="admin@owner.test")


@pytest.fixture
def owner_api(owner, owner_admin):
    """An API client signed in as the owner's admin."""
    return login(APIClient(), owner_admin, owner)
