"""`/admin/` signs in through the platform's `/login/`: one rate limit, one audit trail."""

import pytest
from django.conf import settings
from django.urls import reverse

from aigov.audit.models import AuditEvent
from tests.conftest import login
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(email="ops@aigov.test", is_staff=True, is_superuser=True)


def test_the_admin_has_no_sign_in_of_its_own(client, staff):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/login/?next=/admin/"
    posted = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )
    assert posted.status_code == 302 and posted["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_admin_sign_in_is_audited_and_rate_limited_like_any_other(client, staff):
    for _ in range(settings.AUTH_FAILURE_LIMIT):
        client.post("/login/?next=/admin/", {"username": staff.email, "password": "wrong"})
    blocked = client.post("/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == (
        settings.AUTH_FAILURE_LIMIT
    )


def test_staff_reach_the_admin_after_the_platform_sign_in_and_sign_out_is_audited(client, staff):
    response = client.post(
        reverse("login") + "?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert AuditEvent.objects.filter(action="auth.login", actor_user=staff).exists()
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/").status_code == 302
    client.post("/admin/logout/")
    assert AuditEvent.objects.filter(action="auth.logout", actor_user=staff).exists()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_user_without_admin_access_is_refused_not_looped(client, owner_admin, owner):
    login(client, owner_admin, owner)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
