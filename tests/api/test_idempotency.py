"""Idempotency-Key on POST: replay, 422 on a different body, 409 in flight, per organisation."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from rest_framework.test import APIClient

from aigov.accounts.models import ApiKey
from aigov.api.models import IdempotencyRecord
from tests.conftest import login, member


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
        try:
            responses.append(post_key(client, "concurrent"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

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
