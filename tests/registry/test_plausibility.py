"""Values that cannot be right are refused with a message naming the field, the same way in
the browser, the API and the service; long texts have limits that are shown; a browser
form over the request size limit comes back with the typed values."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aigov.oversized import RESCUE_FACTOR
from registry.models import AISystem, GPAIModel
from registry.plausibility import (
    MAX_TRAINING_FLOP,
    TEXT_LIMITS,
    latest_placement,
    plausibility_errors,
)
from registry.services import subject_create
from tests.factories import make_model, make_system
from tests.registry.test_views import CREDIT_SCORING, html_text

TODAY = datetime.date(2026, 12, 1)


def post_form(client, url, data):
    """Post as a browser posts these forms: URL-encoded (they upload no file)."""
    return client.post(
        url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
    )


# --- The rules (pure)


def test_training_compute_up_to_1e29_is_accepted_and_above_it_refused():
    assert plausibility_errors({"training_compute_flop": MAX_TRAINING_FLOP}, today=TODAY) == {}
    errors = plausibility_errors({"training_compute_flop": 1e30}, today=TODAY)
    assert list(errors) == ["training_compute_flop"]
    assert "1e30 FLOP is more than 1e29" in errors["training_compute_flop"][0]


def test_more_parameters_than_training_flop_is_refused_on_the_parameters():
    same = {"parameters": 10**9, "training_compute_flop": 1e9}
    assert plausibility_errors(same, today=TODAY) == {}
    errors = plausibility_errors(
        {"parameters": 70_000_000_000, "training_compute_flop": 1e9}, today=TODAY
    )
    assert errors["parameters"] == [
        "More parameters (7e10) than training compute (1e9 FLOP) is not possible; "
        "check both numbers."
    ]
    # Either number alone says nothing about the other.
    assert plausibility_errors({"parameters": 7 * 10**10}, today=TODAY) == {}


def test_a_placing_on_the_market_date_at_most_a_year_ahead():
    assert latest_placement(TODAY) == datetime.date(2027, 12, 1)
    assert latest_placement(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    fine = {"eu_placement_date": datetime.date(2027, 12, 1)}
    assert plausibility_errors(fine, today=TODAY) == {}
    errors = plausibility_errors({"eu_placement_date": datetime.date(2027, 12, 2)}, today=TODAY)
    assert "no later than 2027-12-01" in errors["eu_placement_date"][0]


def test_long_texts_over_their_limit_are_refused():
    limit = TEXT_LIMITS["intended_purpose"]
    assert plausibility_errors({"intended_purpose": "x" * limit}, today=TODAY) == {}
    errors = plausibility_errors({"intended_purpose": "x" * (limit + 1)}, today=TODAY)
    assert errors["intended_purpose"] == ["Keep this to 5,000 characters or fewer (it has 5,001)."]


# --- The service, the one place every write passes


@pytest.mark.django_db
def test_the_service_refuses_an_implausible_model_and_stores_nothing(owner):
    with pytest.raises(ValidationError) as refused:
        subject_create(
            model_class=GPAIModel,
            fields={"name": "Typo", "training_compute_flop": 1e30},
            organization=owner,
        )
    assert "training_compute_flop" in refused.value.message_dict
    assert not GPAIModel.objects.exists()


@pytest.mark.django_db
def test_the_questionnaires_placing_date_is_checked_too(owner, provider):
    from registry.services import subject_update

    system = make_system(owner, profile={"practices": []})
    far = (timezone.now().date() + datetime.timedelta(days=800)).isoformat()
    with pytest.raises(ValidationError) as refused:
        subject_update(subject=system, fields={}, profile={"placed_on_market": far}, actor=provider)
    assert "more than a year ahead" in refused.value.message_dict["profile.placed_on_market"][0]


# --- The API: problem+json naming the field, nothing stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"training_compute_flop": 1e30}, "training_compute_flop", "more than 1e29"),
        (
            {"parameters": 70_000_000_000, "training_compute_flop": 1e9},
            "parameters",
            "More parameters",
        ),
        ({"eu_placement_date": "2099-01-01"}, "eu_placement_date", "more than a year ahead"),
    ],
)
def test_the_api_refuses_an_implausible_model_naming_the_field(owner_api, body, field, words):
    response = owner_api.post("/api/v1/models/", {"name": "Typo", **body}, format="json")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert words in response.json()["errors"][field][0]
    assert not GPAIModel.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_a_text_over_its_limit_and_changes_nothing(owner_api, owner):
    body = {key: value for key, value in CREDIT_SCORING.items() if key != "url"}
    too_long = {**body, "intended_purpose": "x" * (TEXT_LIMITS["intended_purpose"] + 1)}

    response = owner_api.post("/api/v1/systems/", too_long, format="json")

    assert response.status_code == 422
    assert "intended_purpose" in response.json()["errors"]
    assert not AISystem.objects.exists()
    system = make_system(owner)
    patched = owner_api.patch(
        f"/api/v1/systems/{system.pk}/",
        {"components_and_functions": "y" * 5001},
        format="json",
    )
    assert patched.status_code == 422 and "components_and_functions" in patched.json()["errors"]
    system.refresh_from_db()
    assert system.components_and_functions == ""


@pytest.mark.django_db
def test_an_edit_of_a_model_is_checked_as_well(owner_api, owner):
    model = make_model(owner, parameters=10**9, training_compute_flop=1e22)

    response = owner_api.patch(
        f"/api/v1/models/{model.pk}/", {"training_compute_flop": 1e8}, format="json"
    )

    assert response.status_code == 422 and "parameters" in response.json()["errors"]
    model.refresh_from_db()
    assert model.training_compute_flop == 1e22


# --- The browser


@pytest.mark.django_db
def test_the_model_form_shows_the_message_and_keeps_the_typed_values(client, editor):
    response = client.post(
        reverse("model_create"),
        {
            "name": "Giant",
            "version": "0.1",
            "parameters": "7e10",
            "training_compute_flop": "1e30",
            "compute_method": "declared",
            "release": "api",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "more than 1e29" in html_text(response)
    assert 'value="Giant"' in page and 'value="1e30"' in page and 'value="7e10"' in page
    assert not GPAIModel.objects.exists()


@pytest.mark.django_db
def test_the_forms_show_the_limits_of_long_texts(client, editor):
    page = client.get(reverse("system_create"))

    content = page.content.decode()
    assert 'maxlength="5000"' in content
    assert "Up to 5,000 characters." in html_text(page)
    model_page = html_text(client.get(reverse("model_create")))
    assert "at most 1e29" in model_page
    assert "at most a year from today" in model_page


@pytest.mark.django_db
def test_a_browser_form_over_the_size_limit_comes_back_with_the_typed_values(client, editor):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    huge = "Z" * (limit + 10)

    response = post_form(
        client, reverse("system_create"), {**CREDIT_SCORING, "components_and_functions": huge}
    )

    assert response.status_code == 413
    text = html_text(response)
    assert "The form is too large to save" in text and "Nothing was saved" in text
    assert "Components and functions supported by AI: Ensure this value has at most 5000" in text
    page = response.content.decode()
    assert 'value="CreditScore"' in page and CREDIT_SCORING["intended_purpose"] in page
    assert huge in page  # the typed text itself, to be shortened
    assert not AISystem.objects.exists()


@pytest.mark.django_db
def test_an_edit_over_the_size_limit_changes_nothing(client, editor, owner):
    system = make_system(owner, profile={"practices": []})
    huge = "Q" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = post_form(
        client,
        reverse("system_edit", args=[system.pk]),
        {**CREDIT_SCORING, "name": "Renamed", "inputs_and_operating_logic": huge},
    )

    assert response.status_code == 413
    assert 'value="Renamed"' in response.content.decode()
    system.refresh_from_db()
    assert system.name != "Renamed"


@pytest.mark.django_db
def test_far_over_the_limit_or_on_another_form_is_a_page_that_explains(client, editor, owner):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    beyond = post_form(
        client,
        reverse("system_create"),
        {**CREDIT_SCORING, "trade_name": "x" * (RESCUE_FACTOR * limit)},
    )
    other = post_form(client, reverse("organization_revenue"), {"annual_revenue_usd": "1" * limit})

    for response in (beyond, other):
        assert response.status_code == 413
        text = html_text(response)
        assert "The form is too large" in text and "nothing was saved" in text
    assert not AISystem.objects.exists()


@pytest.mark.django_db
def test_the_oversized_form_passes_the_csrf_check_as_a_browser_posts_it(owner):
    from django.test import Client

    from tests.conftest import login, member

    browser = Client(enforce_csrf_checks=True)
    login(browser, member(owner, "editor"), owner)
    form = browser.get(reverse("system_create"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
    huge = "W" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    data = {**CREDIT_SCORING, "csrfmiddlewaretoken": token.group(1), "trade_name": huge}

    response = post_form(browser, reverse("system_create"), data)

    assert response.status_code == 413
    assert "The form is too large to save" in html_text(response)
    forged = {**data, "csrfmiddlewaretoken": ""}
    without_token = post_form(browser, reverse("system_create"), forged)
    assert without_token.status_code == 403
    assert not AISystem.objects.exists()
