"""Isolation: for every API route and every role, another organisation's rows are 404 and
absent from lists, and writes to them change nothing. Also: list query counts are
constant in the page size. New viewsets are covered by registering them on the router and
a factory in tests/api/isolation.py — no hand-written cases."""

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from aigov.accounts.actor import actor_for_api_key
from aigov.accounts.models import ROLES_BY_KIND, Membership, OrganizationKind
from aigov.accounts.permissions import ROLE_PERMISSIONS, is_write
from aigov.api.urls import router
from tests.api.isolation import AGGREGATE_ROUTES, FACTORIES, NON_OBJECT_ROUTES, PERSONAL
from tests.conftest import login, member
from tests.factories import ApiKeyFactory, AssessorFactory, AuthorityFactory, OrganizationFactory

ORG_FACTORIES = {
    OrganizationKind.OPERATOR: OrganizationFactory,
    OrganizationKind.AUTHORITY: AuthorityFactory,
    OrganizationKind.ASSESSOR: AssessorFactory,
}

# Every way to call the API: each role of each kind by session, and read/write keys.
ACTORS = [
    (kind, credential)
    for kind, roles in ROLES_BY_KIND.items()
    for credential in [*(f"role:{role}" for role in roles), "key:read", "key:write"]
]


def _api_routes():
    """Every route under /api/v1/ as (route, view callback)."""
    resolver = get_resolver()
    api = next(
        p
        for p in resolver.url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "api/v1/"
    )
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes.append((prefix + str(pattern.pattern), pattern.callback))

    walk(api.url_patterns, "")
    return routes


def test_every_api_route_is_covered_by_the_harness():
    registered = {viewset for _, viewset, _ in router.registry}
    for route, callback in _api_routes():
        viewset = getattr(callback, "cls", None)
        if viewset in registered:
            assert viewset.model in FACTORIES, (
                f"{route}: register a factory for {viewset.model.__name__} in "
                "tests/api/isolation.py"
            )
        else:
            assert route in NON_OBJECT_ROUTES or route in AGGREGATE_ROUTES, (
                f"{route} is neither a router viewset nor listed in NON_OBJECT_ROUTES "
                "or AGGREGATE_ROUTES"
            )


def _client_for(organization, credential):
    """The client, its permission test and its user (None for an API key)."""
    client = APIClient()
    kind, _, value = credential.partition(":")
    if kind == "role":
        user = member(organization, value)
        login(client, user, organization)
        membership = Membership.objects.get(user=user, organization=organization)
        permissions = ROLE_PERMISSIONS.get(membership.role, frozenset())
        return client, lambda p: p in permissions, user
    key = ApiKeyFactory(organization=organization, scope=value)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key.token}")
    actor = actor_for_api_key(key)
    return client, actor.can, None


def _allowed(can, viewset, action, kind):
    if viewset.allowed_kinds is not None and kind not in viewset.allowed_kinds:
        return False
    permission = viewset.permission_by_action.get(action)
    return bool(permission) and can(permission)


def _lookup(viewset, obj):
    return (
        {"pk": obj.pk}
        if viewset.lookup_field == "pk"
        else {viewset.lookup_field: getattr(obj, viewset.lookup_field)}
    )


def _snapshot(obj):
    return model_to_dict(type(obj).objects.get(pk=obj.pk))


def _ids(payload):
    return {str(item.get("id", item.get("sequence"))) for item in payload["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,viewset,basename", router.registry, ids=lambda v: str(v)[:40])
@pytest.mark.parametrize("actor_kind,credential", ACTORS)
def test_other_organisations_rows_are_invisible(prefix, viewset, basename, actor_kind, credential):
    make = FACTORIES[viewset.model]
    home = ORG_FACTORIES[actor_kind]()
    client, can, user = _client_for(home, credential)
    personal = PERSONAL.get(viewset.model)
    # A personal row of the caller; an API key is nobody, so it has none.
    own = make(home) if personal is None else (personal(home, user) if user else None)
    foreign = [obj for obj in (make(factory()) for factory in ORG_FACTORIES.values()) if obj]
    if personal is not None:
        foreign.append(make(home))  # a colleague's, in the caller's own organisation
    actions = viewset.get_extra_actions()

    if hasattr(viewset, "list"):
        response = client.get(reverse(f"api:{basename}-list"), {"limit": 200})
        if _allowed(can, viewset, "list", actor_kind):
            assert response.status_code == 200, response.content
            listed = _ids(response.json())
            assert own is None or str(own.pk) in listed
            assert not listed & {str(obj.pk) for obj in foreign}
        else:
            assert response.status_code == 403

    for obj in foreign:
        before = _snapshot(obj)
        has_detail = any(hasattr(viewset, a) for a in ("retrieve", "update", "destroy"))
        url = reverse(f"api:{basename}-detail", kwargs=_lookup(viewset, obj)) if has_detail else ""
        if hasattr(viewset, "retrieve"):
            response = client.get(url)
            expected = 404 if _allowed(can, viewset, "retrieve", actor_kind) else 403
            assert response.status_code == expected, (url, response.content)
            assert response["Content-Type"] == "application/problem+json"
        for method, action in (
            ("put", "update"),
            ("patch", "partial_update"),
            ("delete", "destroy"),
        ):
            if has_detail and hasattr(viewset, action):
                response = getattr(client, method)(url, {}, format="json")
                expected = 404 if _allowed(can, viewset, action, actor_kind) else 403
                assert response.status_code == expected, (method, url)
        for extra in actions:
            if not extra.detail:
                continue
            action_url = reverse(f"api:{basename}-{extra.url_name}", kwargs=_lookup(viewset, obj))
            for method in extra.mapping:
                response = getattr(client, method)(action_url, {}, format="json")
                expected = 404 if _allowed(can, viewset, extra.__name__, actor_kind) else 403
                assert response.status_code == expected, (action_url, response.content)
        assert _snapshot(obj) == before, f"{obj!r} changed through another tenant's request"


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,viewset,basename", router.registry, ids=lambda v: str(v)[:40])
def test_list_query_count_does_not_grow_with_page_size(prefix, viewset, basename):
    make = FACTORIES[viewset.model]
    kind = (viewset.allowed_kinds or (OrganizationKind.OPERATOR,))[0]
    home = ORG_FACTORIES[kind]()
    administrator = ROLES_BY_KIND[OrganizationKind(kind)][0]
    user = member(home, administrator)
    client = login(APIClient(), user, home)
    personal = PERSONAL.get(viewset.model)
    for _ in range(25):
        personal(home, user) if personal is not None else make(home)
    url = reverse(f"api:{basename}-list")

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"limit": limit})
        assert response.status_code == 200, response.content
        assert len(response.json()["results"]) == limit
        return len(captured)

    assert queries(2) == queries(20)


def test_permissions_are_write_or_read_by_name():
    # Guards the convention ActorPermission relies on.
    assert not is_write("audit.view")
    assert is_write("apikeys.manage")


def _rows_of_every_model(organization) -> None:
    for make in FACTORIES.values():
        make(organization)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(AGGREGATE_ROUTES))
@pytest.mark.parametrize("actor_kind,credential", ACTORS)
def test_aggregates_ignore_other_organisations_rows(route, actor_kind, credential, settings):
    """An aggregate answers the same before and after other organisations get rows of
    every model; it is refused (403) to those who may not read it."""
    settings.FIGURES_CACHE_SECONDS = 0  # the cache has its own test (tests/figures)
    home = ORG_FACTORIES[actor_kind]()
    client, can, _ = _client_for(home, credential)
    _rows_of_every_model(home)
    urls = AGGREGATE_ROUTES[route]()

    def answers():
        return [(response.status_code, response.content) for response in map(client.get, urls)]

    before = answers()
    for factory in ORG_FACTORIES.values():
        _rows_of_every_model(factory())
    after = answers()
    assert after == before
    codes = {code for code, _ in before}
    if actor_kind == OrganizationKind.AUTHORITY and can("dashboard.view"):
        assert codes == {200}
    else:
        assert codes == {403}
