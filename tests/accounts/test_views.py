"""The browser shell: signing in and out, the switcher, dashboards, API keys, members,
the audit log and job pages — including that other tenants' rows answer 404."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aigov.accounts.actor import ACTIVE_ORGANIZATION_SESSION_KEY
from aigov.accounts.models import ApiKey, Membership, User
from aigov.accounts.tokens import hash_secret, split_token
from aigov.audit.models import AuditEvent
from aigov.audit.services import audit_record
from aigov.jobs.models import JobStatus
from tests.conftest import login, member
from tests.factories import ApiKeyFactory, JobFactory, UserFactory, make_system

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
TOKEN_RE = re.compile(r"aigov_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}")

pytestmark = pytest.mark.django_db


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Signing in and out


def test_login_signs_in_and_records_auth_login(client, owner, owner_admin):
    response = client.post(reverse("login"), {"username": "Admin@Owner.test", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert signed_in(client)
    event = events("auth.login").get()
    assert event.actor_user == owner_admin
    assert event.organization == owner


def test_failed_login_shows_error_and_records_auth_login_failed(client, owner_admin):
    response = client.post(reverse("login"), {"username": owner_admin.email, "password": "nope"})

    assert response.status_code == 200
    assert not signed_in(client)
    assert b"There is a problem" in response.content
    assert b"The email address or the password is not correct." in response.content
    event = events("auth.login_failed").get()
    assert event.data["email"] == owner_admin.email
    assert event.actor_user == owner_admin
    assert not events("auth.login").exists()


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(client, owner_admin, settings):
    """A handful of wrong passwords for a known address, sent from other addresses, does
    not lock its owner out; ten times the limit, from anywhere, does."""
    settings.AUTH_FAILURE_LIMIT = 3
    for number in range(settings.AUTH_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"203.0.113.{number}").post(
            reverse("login"), {"username": owner_admin.email, "password": "wrong"}
        )
    response = client.post(reverse("login"), {"username": owner_admin.email, "password": PASSWORD})
    assert response.status_code == 302 and signed_in(client)

    for number in range(settings.AUTH_FAILURE_LIMIT * 10):
        Client(REMOTE_ADDR=f"198.51.100.{number}").post(
            reverse("login"), {"username": owner_admin.email, "password": "wrong"}
        )
    locked = Client().post(reverse("login"), {"username": owner_admin.email, "password": PASSWORD})
    assert locked.status_code == 429


def test_empty_login_form_is_not_counted_as_a_failed_sign_in(client, owner_admin):
    response = client.post(reverse("login"), {"username": owner_admin.email, "password": ""})

    assert response.status_code == 200
    assert not events("auth.login_failed").exists()


def test_login_is_refused_with_429_after_too_many_failures(client, owner_admin):
    for _ in range(settings.AUTH_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": owner_admin.email, "password": "wrong"})

    response = client.post(reverse("login"), {"username": owner_admin.email, "password": PASSWORD})

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.AUTH_FAILURE_WINDOW)
    assert b"Too many failed sign-in attempts" in response.content
    assert not signed_in(client)
    assert not events("auth.login").exists()
    # The refused attempt itself is not appended to the chain.
    assert events("auth.login_failed").count() == settings.AUTH_FAILURE_LIMIT


def test_logout_is_post_only_and_recorded(client, owner, owner_admin):
    login(client, owner_admin, owner)

    assert client.get(reverse("logout")).status_code == 405
    assert signed_in(client)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert not signed_in(client)
    assert events("auth.logout", actor_user=owner_admin).count() == 1


def test_password_change_keeps_this_session_and_is_recorded(client, owner, owner_admin):
    login(client, owner_admin, owner)
    new_password = "a much longer new passphrase 42"

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Your password has been changed." in response.content
    owner_admin.refresh_from_db()
    assert owner_admin.check_password(new_password)
    assert signed_in(client)
    assert events("auth.password_changed", actor_user=owner_admin).count() == 1


def test_password_change_with_wrong_old_password_changes_nothing(client, owner, owner_admin):
    login(client, owner_admin, owner)

    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x" * 20, "new_password2": "x" * 20},
    )

    assert response.status_code == 200
    assert b'id="id_old_password_error"' in response.content
    owner_admin.refresh_from_db()
    assert owner_admin.check_password(PASSWORD)
    assert not events("auth.password_changed").exists()


# --- Access, dashboard and the organisation switcher


def test_pages_need_a_signed_in_user(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_a_user_without_membership_gets_a_403_page(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("dashboard"))

    assert response.status_code == 403
    assert b"does not belong to any organisation" in response.content
    assert b"Sign out" in response.content


@pytest.mark.parametrize(
    ("org_fixture", "role", "expected"),
    [
        ("owner", "admin", ["Operator details", "provider, deployer or authorised"]),
        ("authority", "supervisor", ["Authority details", "eu-msa-de", "Jurisdictions"]),
        ("assessor", "lead", ["Assessor details", "Identification number"]),
    ],
)
def test_dashboard_shows_the_page_of_the_organisation_kind(
    request, client, org_fixture, role, expected
):
    organization = request.getfixturevalue(org_fixture)
    user = member(organization, role)
    JobFactory(organization=organization, kind="registry.deadline_digest", progress=40)
    audit_record(action="test.visible", organization=organization)
    login(client, user, organization)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    text = response.content.decode()
    for snippet in expected:
        assert snippet in text
    assert organization.name in text
    assert "registry.deadline_digest" in text  # recent jobs
    assert "test.visible" in text  # recent activity
    assert "coming soon" not in text.lower()


def test_dashboard_shows_only_what_the_role_may_see(client, owner):
    viewer = member(owner, "viewer")
    audit_record(action="test.admin_only", organization=owner)
    login(client, viewer, owner)

    text = client.get(reverse("dashboard")).content.decode()

    assert "test.admin_only" not in text
    assert reverse("api_keys") not in text
    assert reverse("audit_log") not in text
    assert reverse("members") in text


def test_switcher_switches_to_an_organisation_of_the_user(client, owner, authority):
    user = member(owner, "admin")
    Membership.objects.create(user=user, organization=authority, role="viewer")
    login(client, user, owner)
    assert b'id="organization-switcher"' in client.get(reverse("dashboard")).content

    response = client.post(
        reverse("switch_organization"), {"organization": str(authority.pk)}, follow=True
    )

    assert client.session[ACTIVE_ORGANIZATION_SESSION_KEY] == str(authority.pk)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Authority details" in response.content
    assert b"You are now working in Bundesnetzagentur." in response.content


@pytest.mark.parametrize("target", ["stranger", "junk"])
def test_switcher_answers_404_for_an_organisation_of_someone_else(
    client, owner, stranger, owner_admin, target
):
    login(client, owner_admin, owner)
    organization = str(stranger.pk) if target == "stranger" else "not-a-uuid"

    response = client.post(reverse("switch_organization"), {"organization": organization})

    assert response.status_code == 404
    assert client.session[ACTIVE_ORGANIZATION_SESSION_KEY] == str(owner.pk)


def test_switcher_is_post_only(client, owner, owner_admin):
    login(client, owner_admin, owner)

    assert client.get(reverse("switch_organization")).status_code == 405


# --- API keys


def test_api_key_token_is_shown_once_and_only_its_hash_is_stored(client, owner, owner_admin):
    login(client, owner_admin, owner)

    response = client.post(
        reverse("api_keys"), {"name": "CI pipeline", "scope": "write", "expires_on": ""}
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert b"only time the key is shown" in response.content
    token = TOKEN_RE.search(response.content.decode()).group(0)
    key = ApiKey.objects.get(name="CI pipeline")
    assert key.organization == owner
    assert key.created_by == owner_admin
    prefix, secret = split_token(token)
    assert key.prefix == prefix
    assert key.secret_hash == hash_secret(secret)
    stored = [str(getattr(key, field.attname)) for field in ApiKey._meta.concrete_fields]
    assert not any(secret in value or token in value for value in stored)
    # Never again: not on the list page, not in the session.
    assert token not in client.get(reverse("api_keys")).content.decode()
    assert token not in str(dict(client.session))
    assert events("api_key.created", object_id=str(key.pk)).count() == 1
    # The key shown is one that works.
    client.logout()
    me = client.get("/api/v1/organizations/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200


def test_api_key_expiry_in_the_past_is_shown_next_to_the_field(client, owner, owner_admin):
    login(client, owner_admin, owner)

    response = client.post(
        reverse("api_keys"), {"name": "old", "scope": "read", "expires_on": "2000-01-01"}
    )

    assert response.status_code == 200
    assert b'id="id_expires_on_error"' in response.content
    assert b'href="#id_expires_on"' in response.content
    assert not ApiKey.objects.exists()


def test_api_key_list_shows_status_and_revoke_works(client, owner, owner_admin):
    key = ApiKeyFactory(organization=owner, name="deploy bot")
    login(client, owner_admin, owner)

    page = client.get(reverse("api_keys")).content.decode()
    assert "deploy bot" in page
    assert f"aigov_{key.prefix}_" in page
    assert client.get(reverse("api_key_revoke", args=[key.pk])).status_code == 200

    response = client.post(reverse("api_key_revoke", args=[key.pk]))

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert events("api_key.revoked", object_id=str(key.pk)).count() == 1
    assert "Revoked" in client.get(reverse("api_keys")).content.decode()


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_api_keys_are_for_administrators_only(client, owner, role):
    user = member(owner, role)
    key = ApiKeyFactory(organization=owner)
    login(client, user, owner)

    assert client.get(reverse("api_keys")).status_code == 403
    assert client.post(reverse("api_keys"), {"name": "x", "scope": "read"}).status_code == 403
    assert client.post(reverse("api_key_revoke", args=[key.pk])).status_code == 403
    assert ApiKey.objects.count() == 1
    key.refresh_from_db()
    assert key.revoked_at is None


def test_another_organisations_api_key_is_404_and_unchanged(client, owner, stranger, owner_admin):
    theirs = ApiKeyFactory(organization=stranger, name="their key")
    login(client, owner_admin, owner)

    assert client.get(reverse("api_key_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_key_revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert "their key" not in client.get(reverse("api_keys")).content.decode()
    assert not events("api_key.revoked").exists()


# --- Members


def test_admin_changes_a_role_and_it_is_audited(client, owner, owner_admin):
    colleague = member(owner, "editor", email="colleague@owner.test")
    membership = colleague.memberships.get()
    login(client, owner_admin, owner)

    response = client.post(
        reverse("member_role", args=[membership.pk]), {f"m-{membership.pk}-role": "viewer"}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "viewer"
    event = events("membership.role_changed").get()
    assert event.data == {"user": "colleague@owner.test", "from": "editor", "to": "viewer"}
    assert event.actor_user == owner_admin


def test_role_of_another_kind_is_refused_on_the_form(client, owner, owner_admin):
    membership = member(owner, "editor").memberships.get()
    login(client, owner_admin, owner)

    response = client.post(
        reverse("member_role", args=[membership.pk]), {f"m-{membership.pk}-role": "supervisor"}
    )

    assert response.status_code == 200
    assert f'id="id_m-{membership.pk}-role_error"'.encode() in response.content
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_admin_removes_a_member_and_it_is_audited(client, owner, owner_admin):
    membership = member(owner, "viewer").memberships.get()
    login(client, owner_admin, owner)
    assert client.get(reverse("member_remove", args=[membership.pk])).status_code == 200

    response = client.post(reverse("member_remove", args=[membership.pk]))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert events("membership.removed").count() == 1


def test_members_of_another_organisation_are_404_and_unchanged(
    client, owner, stranger, owner_admin
):
    theirs = member(stranger, "editor", email="someone@stranger.test").memberships.get()
    login(client, owner_admin, owner)

    assert "someone@stranger.test" not in client.get(reverse("members")).content.decode()
    role_url = reverse("member_role", args=[theirs.pk])
    assert client.post(role_url, {f"m-{theirs.pk}-role": "viewer"}).status_code == 404
    assert client.post(reverse("member_remove", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == "editor"
    assert not events("membership.role_changed").exists()


def test_members_can_be_seen_but_not_managed_by_a_viewer(client, owner, owner_admin):
    viewer = member(owner, "viewer")
    target = owner_admin.memberships.get()
    login(client, viewer, owner)

    page = client.get(reverse("members")).content.decode()

    assert owner_admin.email in page
    assert "Change role" not in page
    role_url = reverse("member_role", args=[target.pk])
    assert client.post(role_url, {f"m-{target.pk}-role": "viewer"}).status_code == 403


# --- Audit log and jobs


def test_audit_log_lists_only_the_organisations_own_events(client, owner, stranger, owner_admin):
    audit_record(action="test.ours", organization=owner)
    audit_record(action="test.theirs", organization=stranger)
    login(client, owner_admin, owner)

    page = client.get(reverse("audit_log")).content.decode()

    assert "test.ours" in page
    assert "test.theirs" not in page


def test_audit_log_is_paginated_newest_first(client, owner, owner_admin):
    for number in range(51):
        audit_record(action=f"test.event_{number:02d}", organization=owner)
    login(client, owner_admin, owner)

    # The events table (the action filter above it lists every action).
    first = client.get(reverse("audit_log")).content.decode().partition("<table")[2]
    second = client.get(reverse("audit_log"), {"page": 2}).content.decode().partition("<table")[2]

    assert "test.event_50" in first
    assert "test.event_00" not in first
    assert "test.event_00" in second
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("url_name", ["audit_log", "members", "api_keys", "dashboard"])
def test_list_pages_use_a_constant_number_of_queries(client, owner, owner_admin, url_name):
    login(client, owner_admin, owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url_name)).status_code == 200
        return len(captured)

    def add_rows(count: int) -> None:
        for _ in range(count):
            # Plain create: no password hashing, which would dominate the test's time.
            user = User.objects.create(email=f"row{User.objects.count()}@owner.test")
            Membership.objects.create(user=user, organization=owner, role="editor")
            ApiKeyFactory(organization=owner, created_by=user)
            audit_record(action="test.row", organization=owner, user=user)
            JobFactory(organization=owner, created_by=user)

    add_rows(2)
    few = queries()
    add_rows(8)
    assert queries() == few


def test_audit_log_needs_audit_view(client, owner):
    login(client, member(owner, "editor"), owner)

    assert client.get(reverse("audit_log")).status_code == 403


def test_job_page_polls_while_running_and_stops_when_finished(client, owner, owner_admin):
    job = JobFactory(organization=owner, status=JobStatus.RUNNING, progress=30)
    login(client, owner_admin, owner)

    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("job_progress", args=[job.pk])}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert 'value="30"' in page
    assert client.get(reverse("job_progress", args=[job.pk])).status_code == 200

    job.status, job.progress = JobStatus.SUCCEEDED, 100
    job.result = {"checked": 7}
    job.save()

    partial = client.get(reverse("job_progress", args=[job.pk]))
    assert partial.status_code == 286  # htmx stops polling
    assert b'value="100"' in partial.content
    assert b"&quot;checked&quot;: 7" in partial.content
    assert "hx-trigger" not in client.get(reverse("job_detail", args=[job.pk])).content.decode()


def test_htmx_poll_after_the_session_ended_sends_the_browser_to_sign_in(client, owner):
    job = JobFactory(organization=owner, status=JobStatus.RUNNING)
    page = reverse("job_detail", args=[job.pk])

    response = client.get(
        reverse("job_progress", args=[job.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={page}"
    assert response.content == b""


def test_another_organisations_job_is_404(client, owner, stranger, owner_admin):
    theirs = JobFactory(organization=stranger)
    login(client, owner_admin, owner)

    assert client.get(reverse("job_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("job_progress", args=[theirs.pk])).status_code == 404


# --- Error pages and accessibility


def test_error_pages_render_their_templates(client, owner, owner_admin):
    login(client, owner_admin, owner)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    # The 500 page needs no request, session or database.
    html = render_to_string("errors/500.html", {"detail": "Something went wrong on our side."})
    assert "Something went wrong on our side." in html


class _LabelChecker(HTMLParser):
    """Collects form controls that have no label (for=, wrapping <label>, or aria-*)."""

    UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}

    def __init__(self):
        super().__init__()
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in {"input", "select", "textarea", "progress"}:
            if tag == "input" and attrs.get("type", "text") in self.UNLABELLED_TYPES:
                return
            labelled = self.label_depth > 0 or "aria-label" in attrs or "aria-labelledby" in attrs
            self.controls.append({"tag": tag, "attrs": attrs, "wrapped": labelled})

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1

    def unlabelled(self) -> list[dict]:
        return [
            control
            for control in self.controls
            if not control["wrapped"] and control["attrs"].get("id") not in self.label_for
        ]


def test_every_form_control_on_every_page_has_a_label(client, owner, authority, owner_admin):
    Membership.objects.create(user=owner_admin, organization=authority, role="supervisor")
    key = ApiKeyFactory(organization=owner)
    job = JobFactory(organization=owner, status=JobStatus.RUNNING)
    colleague = member(owner, "editor").memberships.get()
    audit_record(action="test.event", organization=owner, data={"a": 1})
    login(client, owner_admin, owner)
    pages = [
        reverse(name)
        for name in ["dashboard", "password_change", "api_keys", "members", "audit_log"]
    ]
    pages += [
        reverse("api_key_revoke", args=[key.pk]),
        reverse("member_remove", args=[colleague.pk]),
        reverse("job_detail", args=[job.pk]),
        "/no-such-page/",
    ]
    created = client.post(reverse("api_keys"), {"name": "labelled", "scope": "read"})
    invalid = client.post(reverse("api_keys"), {"name": "", "scope": "nope"})
    anonymous_login = client.__class__().get(reverse("login"))

    responses = [client.get(url) for url in pages] + [created, invalid, anonymous_login]

    for response in responses:
        assert response.status_code in {200, 404}
        html = response.content.decode()
        assert 'src="http' not in html and 'href="http' not in html  # no CDN, ever
        checker = _LabelChecker()
        checker.feed(html)
        assert checker.unlabelled() == [], response.request["PATH_INFO"]


# --- A link into another of the user's organisations


def test_a_link_into_another_of_your_organisations_names_it_and_offers_to_switch(
    client, owner, stranger
):
    user = member(owner, "admin")
    Membership.objects.create(user=user, organization=stranger, role="viewer")
    system = make_system(stranger, name="Triage assistant")
    login(client, user, owner)
    address = reverse("system_detail", args=[system.pk])

    response = client.get(address)

    # Still a 404 in the active organisation, but it says whose it is.
    assert response.status_code == 404
    text = response.content.decode()
    assert f"This belongs to <strong>{stranger.name}</strong>" in text
    assert "Triage assistant" not in text
    assert f'name="next" value="{address}"' in text

    switched = client.post(
        reverse("switch_organization"),
        {"organization": str(stranger.pk), "next": address},
        follow=True,
    )
    assert switched.redirect_chain[-1][0] == address
    assert b"Triage assistant" in switched.content


def test_a_link_outside_all_your_organisations_is_a_plain_404(client, owner, stranger):
    user = member(owner, "admin")
    system = make_system(stranger)
    login(client, user, owner)

    response = client.get(reverse("system_detail", args=[system.pk]))

    assert response.status_code == 404
    assert stranger.name not in response.content.decode()
    assert b"switch_organization" not in response.content


def test_the_switcher_returns_only_to_addresses_on_this_site(client, owner, stranger):
    user = member(owner, "admin")
    Membership.objects.create(user=user, organization=stranger, role="viewer")
    login(client, user, owner)

    response = client.post(
        reverse("switch_organization"),
        {"organization": str(stranger.pk), "next": "https://evil.example/phish"},
    )

    assert response["Location"] == reverse("dashboard")
