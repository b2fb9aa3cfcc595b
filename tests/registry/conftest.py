"""Fixtures shared by the registry's browser tests: the authorities filings go to, and
the owner's editor acting as the provider or signed in on the test client."""

import pytest

from aigov.accounts.actor import Actor
from tests.conftest import login, member
from tests.factories import AuthorityFactory


@pytest.fixture
def authorities(db):
    codes = {
        "eu-msa-de": ("Bundesnetzagentur", "DE"),
        "eu-msa-fr": ("CNIL", "FR"),
        "eu-ai-office": ("European AI Office", "BE"),
    }
    return {
        code: AuthorityFactory(name=name, slug=code, authority_code=code, country=country)
        for code, (name, country) in codes.items()
    }


@pytest.fixture
def provider(owner):
    return Actor(organization=owner, role="editor", user=member(owner, "editor"))


@pytest.fixture
def editor(client, owner):
    """The owner's editor, signed in on `client`."""
    user = member(owner, "editor", email="eddie@owner.test")
    login(client, user, owner)
    return user
