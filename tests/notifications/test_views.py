"""The notification pages and the unread count in the navigation of every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login, member
from tests.factories import make_notification

pytestmark = pytest.mark.django_db


def _nav_link(client, url=None):
    text = client.get(url or reverse("dashboard")).content.decode()
    start = text.index('class="notifications-link"')
    return text[start : text.index("</a>", start)]


def test_the_navigation_shows_my_unread_count_in_the_active_organisation(client, owner, stranger):
    ada = member(owner, "viewer")
    member_of_both = ada.memberships.create(organization=stranger, role="viewer")
    login(client, ada, owner)
    assert "(" not in _nav_link(client)  # nothing unread: no count
    for _ in range(2):
        make_notification(owner, recipient=ada)
    make_notification(owner)  # a colleague's
    make_notification(stranger, recipient=ada)  # ada's in her other organisation
    assert "Notifications <span" in _nav_link(client) and "(2)" in _nav_link(client)
    # The switcher says where else something is waiting.
    assert f"{stranger.name} (Viewer) · 1 unread" in client.get(reverse("dashboard")).text
    login(client, ada, member_of_both.organization)
    assert "(1)" in _nav_link(client)


def test_the_count_adds_no_query_to_a_page(client, owner):
    ada = member(owner, "admin")
    login(client, ada, owner)
    client.get(reverse("dashboard"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(captured)

    none = queries()
    for _ in range(30):
        make_notification(owner, recipient=ada)
    assert queries() == none
    # Counted inside the memberships query the header makes anyway: no query of its own.
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("dashboard"))
    assert not [
        q
        for q in captured
        if 'FROM "notifications_notification"' in q["sql"].split("WHERE")[0]
        and "accounts_membership" not in q["sql"]
    ]


def test_the_list_marks_unread_and_opening_one_reads_it_and_goes_to_its_page(client, owner):
    ada = member(owner, "viewer")
    older = make_notification(owner, recipient=ada, title="Older notice", url="/incidents/")
    newer = make_notification(owner, recipient=ada, title="Newer notice", url="/jobs/")
    make_notification(owner, title="A colleague's notice")
    login(client, ada, owner)

    text = client.get(reverse("notification_list")).content.decode()
    assert text.index("Newer notice") < text.index("Older notice")
    assert "A colleague&#x27;s notice" not in text and "A colleague's notice" not in text
    assert text.count("notification--unread") == 2 and "2 unread" in text

    response = client.post(reverse("notification_open", args=[older.pk]))
    assert response.status_code == 302 and response["Location"] == "/incidents/"
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.read_at is not None and newer.read_at is None
    assert client.get(reverse("notification_list")).text.count("notification--unread") == 1

    response = client.post(reverse("notification_read_all"), follow=True)
    assert "Marked 1 notification read." in response.text
    assert "notification--unread" not in response.text and "(1)" not in _nav_link(client)


def test_a_colleagues_notification_cannot_be_opened(client, owner):
    theirs = make_notification(owner)
    login(client, member(owner, "admin"), owner)
    assert client.post(reverse("notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_stored_link_never_leaves_the_site(client, owner):
    ada = member(owner, "viewer")
    odd = make_notification(owner, recipient=ada, url="https://evil.example/")
    login(client, ada, owner)
    response = client.post(reverse("notification_open", args=[odd.pk]))
    assert response["Location"] == reverse("notification_list")


def test_opening_needs_a_post(client, owner):
    ada = member(owner, "viewer")
    notice = make_notification(owner, recipient=ada)
    login(client, ada, owner)
    assert client.get(reverse("notification_open", args=[notice.pk])).status_code == 405
