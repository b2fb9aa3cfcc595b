"""Idempotency-Key on POST: replay, 422 on a different body, 409 in flight, per organisation."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from aigov.accounts.models import ApiKey
from aigov.api.models import IdempotencyRecord
from tests.conftest import login, member, run_concurrently


def post_key(client, key, name="ci", **extra):
    return client.post(
        "/api/v1/api-keys/",
        {"name": name, "scope": "read"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
        **extra,
    )


@pytest.mark.django_db
def test_replay_returns_the_stored_response_byte_for_byte(owner_api, owner):
    first = post_key(owner_api, "k-1")
    second = post_key(owner_api, "k-1")
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second["Idempotent-Replayed"] == "true"
    assert ApiKey.objects.filter(organization=owner).count() == 1


@pytest.mark.django_db
def test_same_key_with_a_different_body_is_422(owner_api):
    assert post_key(owner_api, "k-2", name="first").status_code == 201
    response = post_key(owner_api, "k-2", name="second")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert ApiKey.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_scoped_to_the_organisation(owner_api, stranger):
    stranger_api = login(APIClient(), member(stranger, "admin"), stranger)
    assert post_key(owner_api, "shared").status_code == 201
    response = post_key(stranger_api, "shared")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert ApiKey.objects.filter(organization=stranger).count() == 1


@pytest.mark.django_db
def test_validation_errors_are_replayed_too_and_store_nothing(owner_api):
    bad = owner_api.post(
        "/api/v1/api-keys/", {"scope": "nope"}, format="json", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    again = owner_api.post(
        "/api/v1/api-keys/", {"scope": "nope"}, format="json", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert bad.status_code == again.status_code == 422
    assert again.content == bad.content
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_expired_keys_are_forgotten_after_24_hours(owner_api, owner):
    assert post_key(owner_api, "k-4").status_code == 201
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = post_key(owner_api, "k-4")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert ApiKey.objects.filter(organization=owner).count() == 2


@pytest.mark.django_db
def test_overlong_key_is_refused(owner_api):
    response = post_key(owner_api, "x" * 300)
    assert response.status_code == 422
    assert not ApiKey.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_with_one_key_create_one_object(owner, owner_admin):
    responses = []
    barrier = threading.Barrier(20)

    def worker():
        client = login(APIClient(), owner_admin, owner)
        barrier.wait()
        responses.append(post_key(client, "concurrent"))

    run_concurrently(*[worker] * 20)

    assert ApiKey.objects.filter(organization=owner).count() == 1
    statuses = sorted(r.status_code for r in responses)
    assert len(statuses) == 20
    assert set(statuses) <= {201, 409}, statuses
    created = [r.content for r in responses if r.status_code == 201]
    assert created and all(body == created[0] for body in created)
    assert all(
        r["Content-Type"] == "application/problem+json" for r in responses if r.status_code == 409
    )
    connection.close()


@pytest.mark.django_db
def test_the_stored_replay_of_a_new_key_does_not_hold_the_token(owner_api, settings):
    first = post_key(owner_api, "create-ci-key-7f3a")
    token = first.json()["token"]
    record = IdempotencyRecord.objects.get()
    stored = bytes(record.response_body)
    # aigov_<hex prefix>_<secret>: the secret is URL-safe base64 and may itself hold "_".
    assert token.encode() not in stored and token.split("_", 2)[2].encode() not in stored
    assert b"aigov_" not in stored and "create-ci-key-7f3a" not in record.key
    # The documented replay still answers byte for byte.
    again = post_key(owner_api, "create-ci-key-7f3a")
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    # The row and SECRET_KEY without the client's Idempotency-Key open nothing, nor does
    # the Idempotency-Key with another SECRET_KEY; after a rotation the old key, kept in
    # SECRET_KEY_FALLBACKS, still replays.
    from aigov.api.idempotency import unseal

    organization = record.organization_id
    assert unseal(organization, "create-ci-key-7f3a", stored) == first.content
    assert unseal(organization, "another-key", stored) is None
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-rotated-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    assert unseal(organization, "create-ci-key-7f3a", stored) is None
    settings.SECRET_KEY_FALLBACKS = [old]
    assert post_key(owner_api, "create-ci-key-7f3a").content == first.content


@pytest.mark.django_db
def test_responses_stored_in_clear_before_the_upgrade_are_sealed_and_still_replay(owner_api, owner):
    import importlib

    from django.apps import apps

    from aigov.api.idempotency import fingerprint

    migration = importlib.import_module("aigov.api.migrations.0002_seal_stored_responses")
    request = (
        APIClient()
        .post("/api/v1/api-keys/", {"name": "ci", "scope": "read"}, format="json")
        .wsgi_request
    )
    IdempotencyRecord.objects.create(
        organization=owner,
        key="old-key",
        fingerprint=fingerprint(request),
        method="POST",
        path="/api/v1/api-keys/",
        response_status=201,
        response_content_type="application/json",
        response_body=b'{"token": "aigov_abc_cleartext"}',
    )
    migration.seal_existing(apps, None)
    migration.seal_existing(apps, None)  # a second run changes nothing
    record = IdempotencyRecord.objects.get()
    assert b"cleartext" not in bytes(record.response_body) and record.key != "old-key"
    replay = post_key(owner_api, "old-key")
    assert replay.content == b'{"token": "aigov_abc_cleartext"}'
