"""The evaluator kind of assessor: set by `manage.py create_organization`, checked by the
model, shown in the admin and the API's `organizations/me`."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from rest_framework.test import APIClient

from aigov.accounts.models import Organization
from aigov.accounts.services import organization_create
from tests.accounts.test_commands import run
from tests.conftest import login, member
from tests.factories import EvaluatorFactory


@pytest.mark.django_db
def test_create_organization_sets_the_assessor_type():
    out, _ = run(
        "create_organization",
        "--kind=assessor",
        "--name=Frontier Evaluation Institute",
        "--country=GB",
        "--assessor-type=evaluator",
    )
    assert "Created assessor" in out
    institute = Organization.objects.get(slug="frontier-evaluation-institute")
    assert institute.assessor_type == "evaluator"


@pytest.mark.django_db
def test_only_assessors_have_an_assessor_type():
    with pytest.raises(ValidationError) as raised:
        organization_create(name="Acme", kind="operator", country="DE", assessor_type="evaluator")
    assert "assessor_type" in raised.value.message_dict
    with pytest.raises(CommandError, match="assessor_type"):
        run(
            "create_organization",
            "--kind=operator",
            "--name=Acme",
            "--country=DE",
            "--assessor-type=red_team",
        )
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_the_assessor_type_is_in_organizations_me():
    institute = EvaluatorFactory()
    client = login(APIClient(), member(institute, "lead"))
    body = client.get("/api/v1/organizations/me/").json()
    assert body["organization"]["assessor_type"] == "evaluator"
