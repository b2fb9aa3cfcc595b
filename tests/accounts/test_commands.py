"""Management commands an operator of a real deployment uses."""

import pytest
from django.core.management import CommandError, call_command

from aigov.accounts.models import ApiKey, Membership, Organization, User
from aigov.audit.models import AuditEvent


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_create_organization_user_and_key():
    run(
        "create_organization",
        "--kind",
        "authority",
        "--name",
        "CNIL",
        "--country",
        "fr",
        "--authority-code",
        "eu-msa-fr",
        "--jurisdiction",
        "FR",
    )
    organization = Organization.objects.get(slug="cnil")
    assert (organization.kind, organization.country, organization.jurisdictions) == (
        "authority",
        "FR",
        ["FR"],
    )

    run(
        "create_user",
        "--email",
        "Ana@Example.test",
        "--organization",
        "cnil",
        "--role",
        "supervisor",
        "--password",
        "a-long-enough-passphrase",
    )
    user = User.objects.get(email="ana@example.test")
    assert user.check_password("a-long-enough-passphrase")
    assert Membership.objects.get(user=user).role == "supervisor"

    out, _ = run(
        "create_api_key", "--organization", "cnil", "--name", "queue-sync", "--scope", "write"
    )
    key = ApiKey.objects.get(name="queue-sync")
    assert out.strip().startswith(f"aigov_{key.prefix}_")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "organization.created",
        "user.created",
        "membership.added",
        "api_key.created",
    } <= actions


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args,message",
    [
        (["--kind", "operator", "--name", "X", "--country", "XX"], "country"),
        (["--kind", "authority", "--name", "X", "--country", "DE"], "authority_code"),
        (
            ["--kind", "operator", "--name", "X", "--country", "DE", "--authority-code", "x"],
            "authority_code",
        ),
    ],
)
def test_create_organization_refuses_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        run("create_organization", *args)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_create_user_refuses_a_role_of_another_kind(owner):
    with pytest.raises(CommandError, match="role"):
        run("create_user", "--email", "a@b.test", "--organization", "owner", "--role", "reviewer")
    assert not Membership.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_demoted_or_removed(owner):
    from django.core.exceptions import ValidationError

    from aigov.accounts.services import membership_change_role, membership_remove
    from tests.conftest import member

    admin = Membership.objects.get(user=member(owner, "admin"))
    with pytest.raises(ValidationError, match="at least one admin"):
        membership_change_role(membership=admin, role="viewer")
    with pytest.raises(ValidationError, match="at least one admin"):
        membership_remove(membership=admin)
    second = Membership.objects.get(user=member(owner, "admin"))
    membership_change_role(membership=admin, role="viewer")
    assert Membership.objects.get(pk=admin.pk).role == "viewer"
    with pytest.raises(ValidationError):
        membership_remove(membership=second)
