"""Choosing the GPAI model a system builds on is a search, not a select of every model: the
form offers the current choice and at most 20 matches, the htmx endpoint answers the
matches among the models the user may see in a constant number of queries, and without
JavaScript the Search button shows the form again with the typed values and the matches."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import AISystem, GPAIModel
from registry.selectors import MODEL_CHOICES_SHOWN
from tests.conftest import login, member
from tests.factories import make_model, make_system
from tests.registry.test_views import CREDIT_SCORING

pytestmark = pytest.mark.django_db


def options(content: str) -> list[str]:
    """The labels of the first select's options, in order."""
    select = content[content.index("<select") : content.index("</select>")]
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def search(client, query: str = "", selected: str = ""):
    return client.get(reverse("model_search"), {"gpai_model_q": query, "gpai_model": selected})


def test_the_form_offers_a_search_box_and_a_few_models_not_every_one(client, editor, owner):
    for n in range(MODEL_CHOICES_SHOWN + 5):
        make_model(owner, name=f"Model {n:02d}")

    page = client.get(reverse("system_create")).content.decode()

    assert 'name="gpai_model_q"' in page and 'type="search"' in page
    assert f'hx-get="{reverse("model_search")}"' in page
    offered = options(page[page.index('<select name="gpai_model"') :])
    assert offered[0] == "None"
    assert len(offered) == 1 + MODEL_CHOICES_SHOWN
    assert "the first 20: search to narrow" in page
    assert "Model 24" not in page


def test_the_search_answers_matches_among_the_users_own_models(client, editor, owner, stranger):
    make_model(owner, name="Frontier Alpha")
    make_model(owner, name="Small Tagger")
    make_model(stranger, name="Frontier Beta")

    response = search(client, "front")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith("<select") and 'id="id_gpai_model"' in content
    assert options(content) == ["None", "Frontier Alpha"]
    assert 'optgroup label="Matching “front”"' in content
    assert "1 model matches “front”." in content  # the status line, swapped out of band
    nothing = search(client, "zzz").content.decode()
    assert options(nothing) == ["None", "No model matches “zzz”"]


def test_the_current_choice_stays_offered_and_selected(client, editor, owner, stranger):
    chosen = make_model(owner, name="Chosen One")
    make_model(owner, name="Frontier Alpha")
    theirs = make_model(stranger, name="Their Model")

    content = search(client, "frontier", selected=str(chosen.pk)).content.decode()

    assert options(content) == ["None", "Chosen One", "Frontier Alpha"]
    assert f'<option value="{chosen.pk}" selected>' in content
    # Another organisation's id is not shown, even when posted as the choice.
    foreign = search(client, "", selected=str(theirs.pk)).content.decode()
    assert "Their Model" not in foreign
    assert search(client, "", selected="not-an-id").status_code == 200


def test_the_search_takes_the_same_number_of_queries_for_3_or_40_models(client, editor, owner):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert search(client, "model", selected=str(first.pk)).status_code == 200
        return len(captured)

    first = make_model(owner, name="Model 00")
    for n in range(1, 3):
        make_model(owner, name=f"Model {n:02d}")
    few = queries()
    for n in range(3, 40):
        make_model(owner, name=f"Model {n:02d}")
    assert queries() == few


def test_without_javascript_search_shows_the_form_again_with_the_typed_values(
    client, editor, owner
):
    wanted = make_model(owner, name="Frontier Alpha")
    make_model(owner, name="Small Tagger")

    response = client.post(
        reverse("system_create"),
        {
            "name": "Half typed",
            "intended_purpose": "",
            "market_status": "on_market",
            "gpai_model_q": "frontier",
            "action": "search_models",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Half typed"' in page and 'value="frontier"' in page
    assert "There is a problem" not in page  # a search is not a failed save
    assert options(page[page.index('<select name="gpai_model"') :]) == ["None", "Frontier Alpha"]
    assert not AISystem.objects.exists()

    saved = client.post(
        reverse("system_create"),
        {**CREDIT_SCORING, "gpai_model_q": "frontier", "gpai_model": str(wanted.pk)},
    )
    assert saved.status_code == 302
    assert AISystem.objects.get().gpai_model == wanted


def test_the_edit_form_shows_the_current_base_model_beyond_the_first_20(client, editor, owner):
    for n in range(MODEL_CHOICES_SHOWN + 2):
        make_model(owner, name=f"A model {n:02d}")
    last = make_model(owner, name="Zeta")
    system = make_system(owner, gpai_model=last)

    page = client.get(reverse("system_edit", args=[system.pk])).content.decode()

    assert f'<option value="{last.pk}" selected>Zeta</option>' in page


def test_only_signed_in_members_search(client, owner):
    make_model(owner, name="Frontier Alpha")

    anonymous = search(client, "frontier")
    assert anonymous.status_code == 302 and "Frontier" not in anonymous.content.decode()

    login(client, member(owner, "viewer"), owner)
    assert options(search(client, "frontier").content.decode()) == ["None", "Frontier Alpha"]
    assert GPAIModel.objects.count() == 1


def test_the_form_page_takes_the_same_number_of_queries_for_3_or_40_models(client, editor, owner):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("system_create")).status_code == 200
        return len(captured)

    for n in range(3):
        make_model(owner, name=f"Model {n:02d}")
    few = queries()
    for n in range(3, 40):
        make_model(owner, name=f"Model {n:02d}")
    assert queries() == few
