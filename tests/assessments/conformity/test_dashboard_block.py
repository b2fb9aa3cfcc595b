"""The assessments' dashboard block: what is open and what waits for the organisation,
counted over its own assessments only, in a constant number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login, member
from tests.factories import make_assessment, make_finding

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_provider_sees_what_waits_for_it(client, owner, stranger):
    make_assessment(owner, status="information_requested")
    make_assessment(owner, status="in_progress")
    make_finding(owner)  # an open minor nonconformity on another in-progress assessment
    make_assessment(stranger, status="information_requested")
    login(client, member(owner, "editor"), owner)

    text = text_of(client.get(reverse("assessment_summary")))

    assert "1 waiting for information from you" in text
    assert "2 in progress" in text
    assert "1 finding to answer" in text
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f'hx-get="{reverse("assessment_summary")}"' in dashboard


def test_an_assessor_sees_the_requests_to_accept(client, assessor):
    make_assessment(assessor, status="requested")
    make_assessment(assessor, status="in_progress")
    login(client, member(assessor, "lead"), assessor)

    text = text_of(client.get(reverse("assessment_summary")))

    assert "1 request to accept or decline" in text and "1 in progress" in text
    assert "finding" not in text


def test_the_summary_keeps_a_constant_query_count(client, owner):
    login(client, member(owner, "editor"), owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("assessment_summary")).status_code == 200
        return len(captured)

    make_assessment(owner)
    few = queries()
    for _ in range(4):
        make_assessment(owner, status="information_requested")
        make_finding(owner)
    assert queries() == few
