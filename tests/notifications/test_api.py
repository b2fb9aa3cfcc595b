"""`/api/v1/notifications/`: the caller's own only (a colleague's is a 404), `?unread=1`,
marking one or all read."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import login, member
from tests.factories import ApiKeyFactory, make_notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(owner):
    return member(owner, "viewer", email="ada@owner.test")


@pytest.fixture
def api(ada, owner):
    return login(APIClient(), ada, owner)


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_the_list_is_mine_newest_first_and_filters_unread(api, ada, owner, stranger):
    old = make_notification(owner, recipient=ada, title="Older")
    new = make_notification(owner, recipient=ada, title="Newer")
    make_notification(owner)  # a colleague's
    member_elsewhere = make_notification(stranger, recipient=ada)  # ada's, another org
    from django.utils import timezone

    old.read_at = timezone.now()
    old.save(update_fields=["read_at"])

    url = reverse("api:notification-list")
    assert _ids(api.get(url)) == [str(new.pk), str(old.pk)]
    assert _ids(api.get(url, {"unread": "1"})) == [str(new.pk)]
    assert _ids(api.get(url, {"unread": "0"})) == [str(old.pk)]
    item = api.get(url).json()["results"][0]
    assert item["unread"] is True and item["url"] == "/" and item["title"] == "Newer"
    assert str(member_elsewhere.pk) not in _ids(api.get(url))


def test_read_and_read_all(api, ada, owner):
    one, two = (make_notification(owner, recipient=ada) for _ in range(2))
    colleague = make_notification(owner)

    response = api.post(reverse("api:notification-read", args=[one.pk]))
    assert response.status_code == 200 and response.json()["unread"] is False
    response = api.post(reverse("api:notification-read-all"))
    assert response.status_code == 200 and response.json() == {"marked": 1}
    two.refresh_from_db()
    colleague.refresh_from_db()
    assert two.read_at is not None and colleague.read_at is None


def test_a_colleagues_notification_is_not_found(api, owner):
    theirs = make_notification(owner)
    assert api.get(reverse("api:notification-detail", args=[theirs.pk])).status_code == 404
    response = api.post(reverse("api:notification-read", args=[theirs.pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_api_key_is_nobody_and_has_no_notifications(owner):
    make_notification(owner)
    key = ApiKeyFactory(organization=owner, scope="write")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key.token}")
    assert _ids(client.get(reverse("api:notification-list"))) == []
    assert client.post(reverse("api:notification-read-all")).json() == {"marked": 0}
