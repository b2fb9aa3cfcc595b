"""The regulator figures page: every figure the authority may read, as an inline SVG chart
drawn on the server (no script), with its definition, a data table and the list behind
each number; a window form and CSV/JSON downloads per figure."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.views.generic import TemplateView

from aigov.figures import (
    bar_chart,
    default_window,
    figure_values,
    figures_for,
    list_url,
    series_chart,
    window_from,
)
from aigov.web import ActorRequiredMixin


class FiguresView(ActorRequiredMixin, TemplateView):
    """`/dashboard/figures/`: the authority's figures for a window (default: a year)."""

    permission_required = "dashboard.view"
    template_name = "dashboard/figures.html"

    def dispatch(self, request, *args, **kwargs):
        actor = getattr(request, "actor", None)
        if request.user.is_authenticated and actor and actor.kind != "authority":
            raise PermissionDenied("The figures are for authorities.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors: dict[str, list[str]] = {}
        try:
            window = window_from(self.request.GET)
        except ValidationError as exc:
            errors = exc.message_dict
            window = None
        shown = window or default_window()
        query = f"since={shown.since}&until={shown.until}"
        figures = []
        for figure in figures_for(self.actor) if window else []:
            rows = figure_values(self.actor, figure, window)
            table = [
                {
                    "row": row,
                    "url": list_url(figure.list_page, row),
                    "api": list_url(figure.list_api, row),
                }
                for row in rows
            ]
            drawn = figure.chart_rows(rows)
            chart = series_chart(drawn) if figure.chart == "series" else bar_chart(drawn)
            links = {item["row"].key: item["url"] for item in table}
            for bar in chart.get("bars", []) + chart.get("columns", []):
                bar["url"] = links.get(bar["row"].key)
            api = reverse("api:figure-detail", kwargs={"code": figure.code})
            figures.append(
                {
                    "figure": figure,
                    "table": table,
                    "chart": chart,
                    "json": f"{api}?{query}&format=json",
                    "csv": f"{api}?{query}&format=csv",
                    "api": f"{api}?{query}",
                }
            )
        context.update(
            figures=figures,
            window=shown,
            errors=errors,
            since=self.request.GET.get("since", shown.since.isoformat()),
            until=self.request.GET.get("until", shown.until.isoformat()),
        )
        return context
