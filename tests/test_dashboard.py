"""Dashboard blocks: an app adds a card to the core's dashboard by registering it."""

import copy

import pytest
from django.urls import reverse

from aigov import dashboard
from aigov.accounts.models import OrganizationKind
from tests.conftest import login, member


@pytest.fixture
def toy_block(settings, tmp_path, monkeypatch):
    """A block of a toy app, for operators whose role may manage API keys."""
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy" / "_block.html").write_text(
        '<section class="card"><h2>Toy block</h2><p>{{ organization.name }}</p></section>'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    monkeypatch.setattr(dashboard, "BLOCKS", list(dashboard.BLOCKS))
    dashboard.dashboard_block(
        template="toy/_block.html", kinds={OrganizationKind.OPERATOR}, permission="apikeys.manage"
    )
    dashboard.dashboard_block(  # again: still one block
        template="toy/_block.html", kinds={OrganizationKind.OPERATOR}, permission="apikeys.manage"
    )


@pytest.mark.django_db
def test_a_registered_block_shows_for_its_kind_and_permission_only(
    client, toy_block, owner, authority
):
    login(client, member(owner, "admin"), owner)
    text = client.get(reverse("dashboard")).content.decode()
    assert text.count("<h2>Toy block</h2>") == 1
    assert f"<p>{owner.name}</p>" in text
    # At the end, after the core's sections.
    assert text.index("Toy block") > text.index("Recent activity")

    login(client, member(owner, "viewer"), owner)
    assert "Toy block" not in client.get(reverse("dashboard")).content.decode()

    login(client, member(authority, "admin"), authority)
    assert "Toy block" not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_the_registry_cards_come_from_its_blocks(client, owner, authority, assessor):
    login(client, member(owner, "viewer"), owner)
    text = client.get(reverse("dashboard")).content.decode()
    assert "Your systems and models" in text and "Filings needing action" in text

    login(client, member(authority, "viewer"), authority)
    text = client.get(reverse("dashboard")).content.decode()
    assert "Queue: overdue and due soon" in text and "Your systems and models" not in text

    login(client, member(assessor, "lead"), assessor)
    text = client.get(reverse("dashboard")).content.decode()
    assert "Filings needing action" not in text and "Queue: overdue" not in text
