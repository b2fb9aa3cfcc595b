"""Schemathesis against the live OpenAPI document, with an API key of each organisation
kind: no server error, every response matches its documented schema, content type and
status code. The operations and fields come from the schema itself, so new fields and
regimes are covered without touching this file."""

import zlib

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import (
    ApiKeyFactory,
    AssessorFactory,
    AuthorityFactory,
    OrganizationFactory,
    make_filing,
    make_model,
    make_system,
)

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)
KINDS = {
    "operator": OrganizationFactory,
    "authority": AuthorityFactory,
    "assessor": AssessorFactory,
}


@pytest.fixture
def wsgi_app(db):
    """The real WSGI app, in-process. Django closes the connection after each request,
    which would end the test's transaction; the test client disconnects the same handler."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.from_wsgi("/api/v1/schema/", wsgi_app)


def api_token(kind: str) -> tuple[str, dict[str, str]]:
    """A write key of a new organisation of `kind` that has a system, a model and a
    filing, and the ids of what it can see by collection, so that detail operations and
    workflow verbs reach real rows and not only 404s."""
    organization = KINDS[kind]()
    ids = {}
    if organization.kind == "operator":
        ids["systems"] = str(make_system(organization).pk)
        ids["models"] = str(
            make_model(organization, parameters=7_000_000_000, training_tokens=10**12).pk
        )
    filing = make_filing(organization)
    if filing is not None:
        ids["filings"] = str(filing.pk)
    key = ApiKeyFactory(organization=organization, scope="write")
    ids["api-keys"] = str(key.pk)
    return key.token, ids


schema = schemathesis.from_pytest_fixture(
    "api_schema",
    data_generation_methods=[
        schemathesis.DataGenerationMethod.positive,
        schemathesis.DataGenerationMethod.negative,
    ],
)
BOUNDED = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    # The database fixture is per test, not per example: the rows examples create stay
    # for the later ones, which only widens what they reach.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def call_and_check(case, key: tuple[str, dict[str, str]]) -> None:
    token, ids = key
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    collection = case.path.removeprefix("/api/v1/").split("/")[0]
    generated = (case.path_parameters or {}).get("id")
    # Half of the valid ids (chosen by a stable hash, so runs repeat) become a real row.
    if (
        generated is not None
        and collection in ids
        and case.data_generation_method == schemathesis.DataGenerationMethod.positive
        and zlib.crc32(str(generated).encode()) % 2
    ):
        case.path_parameters["id"] = ids[collection]
    if case.media_type == "multipart/form-data" and not isinstance(case.body, dict):
        # A negative example may make the whole form a number or a string, which the WSGI
        # transport (werkzeug) cannot send at all: a limit of Schemathesis 3, not the API.
        return
    response = case.call()  # the schema's transport: the WSGI app
    case.validate_response(response, checks=CHECKS)


# One test per organisation kind (a lazily loaded schema cannot be parametrised).
@pytest.fixture
def operator_token(db):
    return api_token("operator")


@pytest.fixture
def authority_token(db):
    return api_token("authority")


@pytest.fixture
def assessor_token(db):
    return api_token("assessor")


@schema.parametrize()
@BOUNDED
def test_operator_key(case, operator_token):
    call_and_check(case, operator_token)


@schema.parametrize()
@BOUNDED
def test_authority_key(case, authority_token):
    call_and_check(case, authority_token)


@schema.parametrize()
@BOUNDED
def test_assessor_key(case, assessor_token):
    call_and_check(case, assessor_token)
