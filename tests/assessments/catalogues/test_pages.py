"""The Requirements pages: every catalogue, one catalogue with the law's words and a
filter, and the requirements checklist of a provider's system or model, reachable from
the nav and the subject pages, scoped like the subject."""

import re

import pytest
from django.test import Client

from tests.conftest import login, member
from tests.factories import AssessorFactory, AuthorityFactory, make_model, make_system

pytestmark = pytest.mark.django_db


def signed_in(organization, role):
    return login(Client(), member(organization, role), organization)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_every_kind_of_organisation_finds_requirements_in_the_nav(owner):
    for organization, role in (
        (owner, "viewer"),
        (AuthorityFactory(), "reviewer"),
        (AssessorFactory(), "assessor"),
    ):
        html = signed_in(organization, role).get("/").content.decode()
        assert '<a href="/catalogues/"' in html and ">Requirements</a>" in html


def test_the_list_links_every_catalogue(owner):
    page = signed_in(owner, "viewer").get("/catalogues/")
    assert page.status_code == 200
    html = page.content.decode()
    for code in ("eu.high_risk", "eu.gpai_systemic", "cn.genai_security", "us_ca.sb53"):
        assert f'href="/catalogues/{code}/"' in html
    words = text(page)
    assert "EU AI Act: high-risk AI systems" in words
    assert "Regulation (EU) 2024/1689 (AI Act)" in words and "1 August 2024" in words
    assert 'aria-current="page">Requirements' in html


def test_a_catalogue_shows_each_requirement_with_the_laws_words(owner):
    client = signed_in(owner, "viewer")
    words = text(client.get("/catalogues/eu.high_risk/"))
    assert "eu.annex_iv.7" in words and "Technical documentation: Harmonised standards" in words
    assert "A risk management system shall be established, implemented, documented" in words
    assert "22 requirements" in words and "Judged by the assessor" in words
    only = text(client.get("/catalogues/eu.registration/?check=automated"))
    assert "1 requirement" in only and "eu.art49" in only and "eu.art6 " not in only
    assert client.get("/catalogues/eu.nowhere/").status_code == 404


def test_cac_minimums_show_their_limit_and_source_quality(owner):
    words = text(signed_in(owner, "viewer").get("/catalogues/cn.genai_security/"))
    assert "at least 10,000 keywords" in words and "Read in the standard itself" in words
    assert "[U] Unconfirmed" in words and "CN_TC260_GENERATED_PASS_RATE" in words
    assert "No text of the law shown: The text of GB/T 45654-2025" in words


def test_a_provider_opens_the_checklist_of_its_system(owner, stranger):
    system = make_system(owner, name="Loan ranker", profile={"annex_iii_point": "5(b)"})
    client = signed_in(owner, "viewer")
    detail = client.get(f"/systems/{system.pk}/").content.decode()
    assert f'href="/systems/{system.pk}/requirements/">Requirements checklist</a>' in detail
    page = client.get(f"/systems/{system.pk}/requirements/")
    words = text(page)
    assert "Requirements checklist" in words and "Loan ranker" in words
    assert "eu.art9" in words and "eu.annex_iv.9" in words and "eu.art27" in words
    assert "eu.art53.1.a" not in words and "cn.tc260" not in words
    assert "EU AI Act: deployer obligations" in words
    assert "When these duties apply" in words and "Applies from 2 December 2027" in words
    outsider = signed_in(stranger, "admin")
    assert outsider.get(f"/systems/{system.pk}/requirements/").status_code == 404
    assert Client().get(f"/systems/{system.pk}/requirements/").status_code == 302


def test_a_provider_opens_the_checklist_of_its_model(owner):
    model = make_model(owner, name="Big model", training_compute_flop=3 * 10**25)
    client = signed_in(owner, "viewer")
    detail = client.get(f"/models/{model.pk}/").content.decode()
    assert f'href="/models/{model.pk}/requirements/">Requirements checklist</a>' in detail
    words = text(client.get(f"/models/{model.pk}/requirements/"))
    assert "eu.art55.1.a" in words and "eu.annex_xi.2" in words and "eu.art9 " not in words
    assert "perform model evaluation in accordance with standardised protocols" in words
    assert client.get(f"/systems/{model.pk}/requirements/").status_code == 404
