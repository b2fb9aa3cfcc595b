"""Incident fixtures: a provider's system and model, and the authorities incidents go to."""

import pytest

from tests.conftest import member
from tests.factories import AuthorityFactory, make_model, make_system


@pytest.fixture
def editor(owner):
    return member(owner, "editor", email="editor@owner.test")


@pytest.fixture
def system(owner):
    # Emergency triage: high-risk (Annex III 5(d)), so Art. 73 binds its provider.
    return make_system(owner, name="Triage assistant", profile={"annex_iii_point": "5(d)"})


@pytest.fixture
def gpai(owner):
    # Above 10^26 operations: systemic risk (EU) and a frontier model (SB 53).
    return make_model(owner, name="Frontier 1", training_compute_flop=3e26)


@pytest.fixture
def msa_fr(db):
    return AuthorityFactory(name="DGCCRF", slug="dgccrf", authority_code="eu-msa-fr", country="FR")


@pytest.fixture
def ai_office(db):
    return AuthorityFactory(
        name="AI Office", slug="ai-office", authority_code="eu-ai-office", country="BE"
    )


@pytest.fixture
def cal_oes(db):
    return AuthorityFactory(
        name="Cal OES", slug="cal-oes", authority_code="us-ca-oes", country="US", jurisdictions=[]
    )
