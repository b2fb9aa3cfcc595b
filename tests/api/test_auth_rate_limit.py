"""Failed API-key attempts are counted per address and per key prefix; a valid key is
never refused; the client address comes from a proxy header only when one is trusted."""

import pytest
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from aigov.accounts import ratelimit
from aigov.accounts.models import ApiKey
from aigov.accounts.services import api_key_create
from tests.api.test_problems import assert_problem

ME = "/api/v1/organizations/me/"


@pytest.fixture
def token(owner, owner_admin):
    from aigov.accounts.actor import Actor

    actor = Actor(organization=owner, role="admin", user=owner_admin)
    _key, token = api_key_create(organization=owner, name="CI", scope="read", actor=actor)
    return token


def call(client, token, address="203.0.113.7", **headers):
    return client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address, **headers)


@pytest.mark.django_db
def test_a_valid_key_works_from_an_address_that_is_blocked(api_client, token, settings):
    settings.AUTH_FAILURE_LIMIT = 3
    for _ in range(3):
        assert call(api_client, "aigov_nothere_secret").status_code == 401
    assert_problem(call(api_client, "aigov_nothere_secret"), 429)
    assert call(api_client, token).status_code == 200


@pytest.mark.django_db
def test_failures_for_one_key_prefix_are_counted_across_addresses(api_client, token, settings):
    settings.AUTH_FAILURE_LIMIT = 3
    prefix = token.split("_")[1]
    for number in range(3):
        wrong = call(api_client, f"aigov_{prefix}_wrong", address=f"198.51.100.{number}")
        assert wrong.status_code == 401
    assert_problem(call(api_client, f"aigov_{prefix}_wrong", address="198.51.100.99"), 429)
    # Another address with an unknown prefix is not blocked by it ...
    assert call(api_client, "aigov_nothere_x", address="198.51.100.99").status_code == 401
    # ... and the key itself still works.
    assert call(api_client, token, address="198.51.100.99").status_code == 200


def request_with(**meta):
    return RequestFactory().get("/", **meta)


def test_client_address_ignores_forwarding_headers_unless_trusted(settings):
    settings.TRUSTED_PROXY_HEADER = ""
    request = request_with(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.client_address(request) == "10.0.0.2"


def test_client_address_takes_the_last_entry_of_the_trusted_header(settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    forged = request_with(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert ratelimit.client_address(forged) == "198.51.100.4"
    garbage = request_with(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert ratelimit.client_address(garbage) == "10.0.0.2"
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert ratelimit.client_address(request_with(HTTP_X_REAL_IP="2001:db8::1")) == "2001:db8::1"


@pytest.mark.django_db
def test_clients_behind_a_trusted_proxy_are_counted_apart(api_client, settings):
    settings.AUTH_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    proxy = "10.0.0.1"
    for _ in range(2):
        noisy = call(api_client, "aigov_nothere_s", address=proxy, HTTP_X_REAL_IP="192.0.2.1")
        assert noisy.status_code == 401
    assert (
        call(api_client, "aigov_nothere_s", address=proxy, HTTP_X_REAL_IP="192.0.2.1").status_code
        == 429
    )
    other = call(api_client, "aigov_nothere_s", address=proxy, HTTP_X_REAL_IP="192.0.2.2")
    assert other.status_code == 401


@pytest.mark.django_db
def test_a_validated_key_is_not_looked_up_again_and_revocation_takes_effect_at_once(owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from aigov.accounts import keycache
    from aigov.accounts.services import api_key_create, api_key_revoke

    key, token = api_key_create(organization=owner, name="cached", scope="read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/organizations/me/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/organizations/me/").status_code == 200
    assert not any("accounts_apikey" in q["sql"] for q in queries.captured_queries)
    api_key_revoke(key=key)  # this process forgets it at once
    assert client.get("/api/v1/organizations/me/").status_code == 401
    # Another process's revocation is seen once the cache time is over.
    keycache.clear()
    second, token = api_key_create(organization=owner, name="elsewhere", scope="read")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/organizations/me/").status_code == 200
    ApiKey.objects.filter(pk=second.pk).update(revoked_at=timezone.now())  # elsewhere
    assert client.get("/api/v1/organizations/me/").status_code == 200  # still cached here
    keycache.forget(second.prefix)  # as when API_KEY_CACHE_SECONDS have passed
    assert client.get("/api/v1/organizations/me/").status_code == 401
