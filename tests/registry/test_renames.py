"""Renames go through versions: a system the authority holds on record is renamed only as
a substantial modification, and the provider's pages and the queue show the registered
name beside the new one; the public register keeps the name as registered."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aigov.accounts.actor import Actor
from registry.models import AISystem, Filing, SubjectVersion
from registry.services import subject_update
from tests.conftest import login, member
from tests.factories import make_system
from tests.registry.test_register_views import body, register

pytestmark = pytest.mark.django_db


def editor_of(owner) -> Actor:
    return Actor(organization=owner, role="editor", user=member(owner, "editor"))


def test_a_registered_system_is_not_renamed_by_a_plain_edit(owner):
    entry = register(owner, "eu.high_risk", name="CreditScore")
    system = entry.ai_system

    with pytest.raises(ValidationError) as refused:
        subject_update(subject=system, fields={"name": "ScoreMax"}, actor=editor_of(owner))

    assert "is on record with the authority" in str(refused.value.message_dict["name"])
    assert entry.registration_number in str(refused.value.message_dict["name"])
    assert AISystem.objects.get(pk=system.pk).name == "CreditScore"


def test_a_rename_recorded_as_a_new_version_shows_both_names(client, owner):
    entry = register(owner, "eu.high_risk", name="CreditScore")
    editor = editor_of(owner)

    renamed = subject_update(
        subject=entry.ai_system,
        fields={"name": "ScoreMax"},
        substantial_modification=True,
        reason="New product name",
        actor=editor,
    )

    assert renamed.version_number == 2
    assert SubjectVersion.objects.filter(subject_id=renamed.pk, number=2).exists()
    login(client, editor.user, owner)
    listing = body(client.get(reverse("filing_list")))
    assert "ScoreMax" in listing and "registered as CreditScore" in listing
    page = body(client.get(reverse("filing_detail", args=[entry.pk])))
    assert "(registered as CreditScore; renamed since)" in page
    register_page = body(client.get(reverse("register")))
    assert "CreditScore" in register_page and "ScoreMax" not in register_page
    assert Filing.objects.get(pk=entry.pk).registered_subject == "CreditScore"


def test_a_system_nobody_holds_on_record_is_renamed_freely(owner):
    system = make_system(owner, name="Draft bot")

    renamed = subject_update(subject=system, fields={"name": "Helper bot"}, actor=editor_of(owner))

    assert renamed.name == "Helper bot" and renamed.version_number == 1
