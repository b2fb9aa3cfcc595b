"""Choosing the GPAI model a system builds on by searching, never from a list of every model
(an import can bring thousands).

The field stays a ModelChoiceField over every model the actor may see, so any of them is a
valid choice and another organisation's is not; only its widget changes. It offers the
current choice and the models matching a search box, at most `MODEL_CHOICES_SHOWN`. With
htmx the box asks `model_search` for the matching options as you type; without JavaScript
its Search button posts the form back (`SEARCH_ACTION`), which shows the typed values
again with the matches and stores nothing.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from registry.models import GPAIModel
from registry.selectors import MODEL_CHOICES_SHOWN, gpai_models_to_choose

# The value of the form's "action" button that searches instead of saving.
SEARCH_ACTION = "search_models"
# The search box is named after the field: `gpai_model_q`.
QUERY_SUFFIX = "_q"
QUERY_MAX_LENGTH = 200


@dataclass
class ModelOffer:
    """What the widget offers: the current choice and the matches of the search."""

    query: str = ""
    selected: GPAIModel | None = None
    results: list = field(default_factory=list)
    more: bool = False


def model_offer(actor, *, query: str, selected_id) -> ModelOffer:
    """The models to offer the actor: the chosen one (if it may see it) and those whose
    name or version contains `query`. Two queries at most, whatever the number of models."""
    query = (query or "").strip()[:QUERY_MAX_LENGTH]
    selected = None
    if selected_id:
        try:
            selected = (
                GPAIModel.objects.visible_to(actor)
                .only("id", "name", "version")
                .filter(pk=selected_id)
                .first()
            )
        except (ValueError, ValidationError):
            selected = None  # not an id: offered as unchosen, refused by the field on save
    results, more = gpai_models_to_choose(
        actor, query=query, exclude=selected.pk if selected else None
    )
    return ModelOffer(query=query, selected=selected, results=results, more=more)


class ModelSearchWidget(forms.Select):
    """A search box, its Search button and a select of the current choice and the matches.

    Rendered from the project's templates (`registry/_model_search.html`); with
    `only_choices` just the select, which is what the htmx search swaps in.
    """

    template = "registry/_model_search.html"
    choices_template = "registry/_model_choices.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.offer = ModelOffer()
        self.only_choices = False

    def get_context(self, name, value, attrs):
        # Not Select's context: that would list every model the field accepts.
        context = forms.Widget.get_context(self, name, value, attrs)
        context.update(
            offer=self.offer,
            query_name=f"{name}{QUERY_SUFFIX}",
            query_max_length=QUERY_MAX_LENGTH,
            search_action=SEARCH_ACTION,
            search_url=reverse("model_search"),
            shown=MODEL_CHOICES_SHOWN,
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        template = self.choices_template if self.only_choices else self.template
        # Rendered by the template engine, so escaped and already safe.
        return render_to_string(template, self.get_context(name, value, attrs))
