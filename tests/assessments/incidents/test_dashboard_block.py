"""The incidents' dashboard block: the provider and the authority see their open
incidents with the clock running out next; nobody sees another's."""

import pytest
from django.urls import reverse

from assessments.incidents.selectors import next_open_clock
from tests.conftest import login, member
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def test_the_provider_sees_its_open_incidents_and_their_clocks(client, owner, stranger):
    mine = make_incident(owner, title="Triage error at St. Mary's")
    make_incident(owner, title="Closed long ago", status="closed")
    make_incident(stranger, title="Someone else's incident")
    login(client, member(owner, "editor"), owner)
    assert reverse("incident_summary") in client.get(reverse("dashboard")).content.decode()
    summary = client.get(reverse("incident_summary")).content.decode()
    assert mine.title.replace("'", "&#x27;") in summary
    assert "Closed long ago" not in summary and "Someone else" not in summary
    clock = next_open_clock(mine)  # its report deadline, shown with the time left
    assert clock.label in summary and clock.due_local in summary


def test_the_authority_sees_what_was_routed_to_it(client, authority, owner):
    routed = make_incident(authority, title="Routed here")
    make_incident(owner, title="A draft of the provider")
    login(client, member(authority, "reviewer"), authority)
    summary = client.get(reverse("incident_summary")).content.decode()
    assert routed.title in summary and "A draft of the provider" not in summary
