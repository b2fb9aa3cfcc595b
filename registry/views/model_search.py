"""htmx: the base-model choices of the AI system form for what is typed in its search box.

Answers the `<select>` alone (registry/_model_choices.html), holding the current choice
and at most `MODEL_CHOICES_SHOWN` matches among the models the actor may see
(`visible_to`): a constant number of queries, whatever the number of models.
"""

from django.http import HttpResponse
from django.views import View

from aigov.web import ActorRequiredMixin
from registry.forms.model_search import QUERY_SUFFIX
from registry.forms.subjects import SystemForm

FIELD = "gpai_model"


class ModelSearchView(ActorRequiredMixin, View):
    permission_required = "registry.view"
    http_method_names = ["get"]

    def get(self, request):
        form = SystemForm(
            actor=self.actor,
            initial={FIELD: request.GET.get(FIELD) or None},
            model_query=request.GET.get(f"{FIELD}{QUERY_SUFFIX}", ""),
        )
        form.fields[FIELD].widget.only_choices = True
        return HttpResponse(form[FIELD].as_widget())
