"""Declarations of conformity: drafted with every Annex V item from the registered data,
signed by a person, immutable, superseded by the next version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aigov.exceptions import StateConflict
from assessments.certificates.annex_v import ANNEX_V_ITEMS
from assessments.certificates.services import (
    certificate_issue,
    declaration_draft,
    declaration_sign,
    declaration_update,
    declaration_verify,
)
from tests.assessments.certificates.conftest import actor_of

pytestmark = pytest.mark.django_db


def _sign(actor, declaration):
    return declaration_sign(
        actor=actor,
        declaration=declaration,
        signer_name="Ada Example",
        signer_function="Managing director",
        place="Berlin",
    )


def test_a_draft_holds_every_annex_v_item_from_what_is_registered(decided, lead, provider_admin):
    certificate = certificate_issue(actor=lead, assessment=decided)
    declaration = declaration_draft(actor=provider_admin, ai_system=decided.ai_system)
    assert set(declaration.content) == {item.key for item in ANNEX_V_ITEMS}
    assert decided.ai_system.name in declaration.content["system_identification"]
    assert decided.organization.name in declaration.content["provider"]
    assert "sole responsibility" in declaration.content["sole_responsibility"]
    assert "2024/1689" in declaration.content["conformity"]
    assert "2016/679" in declaration.content["data_protection"]
    assert certificate.number in declaration.content["notified_body"]
    assert "Annex VII" in declaration.content["notified_body"]
    assert declaration.certificate == certificate
    # Asking again answers the open draft.
    assert declaration_draft(actor=provider_admin, ai_system=decided.ai_system) == declaration


def test_signed_is_immutable_and_the_next_version_supersedes(decided, provider_admin, owner):
    first = declaration_draft(actor=provider_admin, ai_system=decided.ai_system)
    with pytest.raises(PermissionDenied):
        _sign(actor_of(owner, "editor"), first)
    declaration_update(actor=provider_admin, declaration=first, content={"conformity": ""})
    with pytest.raises(ValidationError) as missing:
        _sign(provider_admin, first)
    assert "content.conformity" in missing.value.message_dict
    declaration_update(
        actor=provider_admin, declaration=first, content={"conformity": "In conformity."}
    )
    _sign(provider_admin, first)
    assert first.status == "signed" and first.signer == provider_admin.user
    assert declaration_verify(first)
    with pytest.raises(StateConflict):
        declaration_update(actor=provider_admin, declaration=first, content={"standards": "x"})
    with pytest.raises(StateConflict):
        _sign(provider_admin, first)
    second = declaration_draft(actor=provider_admin, ai_system=decided.ai_system)
    assert second.version == 2 and second.supersedes == first
    _sign(provider_admin, second)
    first.refresh_from_db()
    assert first.status == "superseded"


def test_tampering_with_signed_content_is_detected(decided, provider_admin):
    declaration = _sign(
        provider_admin, declaration_draft(actor=provider_admin, ai_system=decided.ai_system)
    )
    type(declaration).objects.filter(pk=declaration.pk).update(
        content={**declaration.content, "standards": "forged"}
    )
    declaration.refresh_from_db()
    assert not declaration_verify(declaration)


def test_another_provider_cannot_declare_my_system(decided, stranger):
    with pytest.raises(PermissionDenied):
        declaration_draft(actor=actor_of(stranger, "admin"), ai_system=decided.ai_system)


def test_a_draft_names_the_provider_by_its_recorded_address(decided, provider_admin, owner):
    """Annex V point 2: name and address; the country stands in until one is recorded."""
    first = declaration_draft(actor=provider_admin, ai_system=decided.ai_system)
    assert f"Country: {owner.country}" in first.content["provider"]
    first.delete()
    owner.address = "Hauptstraße 5\n10115 Berlin"
    owner.save()
    decided.ai_system.organization = owner
    draft = declaration_draft(actor=provider_admin, ai_system=decided.ai_system)
    assert draft.content["provider"].startswith(f"{owner.name}\nHauptstraße 5\n10115 Berlin")
    assert "Country:" not in draft.content["provider"]
