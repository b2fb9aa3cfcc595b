"""The regulator figures API: `GET /api/v1/dashboard/` lists the figures an authority may
read, `GET /api/v1/dashboard/{code}/` gives one figure's numbers for a window, as JSON or
(`?format=csv|json`) as a download with its definition. The figures themselves are
declared by the apps (`aigov.figures`); this module only serves them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from aigov.api.views import ActorAPIView
from aigov.figures import (
    WINDOW_APPLIES,
    Figure,
    Window,
    default_window,
    figure_for,
    figure_values,
    figures_for,
    list_url,
    window_from,
)
from registry.exports import _csv_response

EXPORT_FORMATS = ("csv", "json")
CSV_HEADER = ["key", "label", "value", "list_url", "figure", "since", "until", "definition"]


class WindowSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    applies = serializers.CharField(help_text="How the window applies to this figure.")


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    window = serializers.ChoiceField(
        choices=list(WINDOW_APPLIES), help_text="What the window counts in."
    )
    window_applies = serializers.CharField()
    unit = serializers.CharField()
    chart = serializers.ChoiceField(choices=["bars", "series"])
    url = serializers.CharField(help_text="This figure's numbers (the API).")
    page_url = serializers.CharField(help_text="This figure on the figures page.")


class FigureListSerializer(serializers.Serializer):
    window = WindowSerializer(help_text="The default window (the last twelve months).")
    results = FigureSerializer(many=True)


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="A count, days or a percentage.")
    url = serializers.CharField(
        allow_null=True, help_text="The API list behind the number (null: none)."
    )
    page_url = serializers.CharField(allow_null=True, help_text="The same list in the browser.")


class FigureValuesSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    chart = serializers.CharField()
    window = WindowSerializer()
    rows = FigureRowSerializer(many=True)


def figure_summary(figure: Figure) -> dict:
    return {
        "code": figure.code,
        "title": figure.title,
        "definition": figure.definition,
        "window": figure.window,
        "window_applies": figure.window_applies,
        "unit": figure.unit,
        "chart": figure.chart,
        "url": reverse("api:figure-detail", kwargs={"code": figure.code}),
        "page_url": f"{reverse('figures')}#figure-{figure.code}",
    }


def window_json(figure: Figure | None, window: Window) -> dict:
    applies = figure.window_applies if figure is not None else "The default window."
    return {
        "since": window.since.isoformat(),
        "until": window.until.isoformat(),
        "applies": applies,
    }


def figure_json(actor, figure: Figure, window: Window) -> dict:
    """One figure's numbers with its definition and window (the API's JSON and export)."""
    return {
        "code": figure.code,
        "title": figure.title,
        "definition": figure.definition,
        "unit": figure.unit,
        "chart": figure.chart,
        "window": window_json(figure, window),
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "value": row.value,
                "url": list_url(figure.list_api, row),
                "page_url": list_url(figure.list_page, row),
            }
            for row in figure_values(actor, figure, window)
        ],
    }


def figure_export(actor, figure: Figure, window: Window, export_format: str):
    """The figure as a download: JSON with its definition, or CSV through the project's one
    CSV writer, each row carrying the figure, window and definition (no comment lines)."""
    body = figure_json(actor, figure, window)
    filename = f"{figure.code}-{window.since}-{window.until}.{export_format}"
    if export_format == "json":
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    else:
        rows = (
            [
                row["key"],
                row["label"],
                "" if row["value"] is None else row["value"],
                row["url"] or "",
                figure.code,
                body["window"]["since"],
                body["window"]["until"],
                figure.definition,
            ]
            for row in body["rows"]
        )
        response = _csv_response(filename, CSV_HEADER, rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _window(params) -> Window:
    try:
        return window_from(params)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict) from None


class FigureListView(ActorAPIView):
    """The figures this authority may read: definition, window and where to get each."""

    allowed_kinds = ("authority",)
    permission_by_action = {"get": "dashboard.view"}

    @extend_schema(responses=FigureListSerializer, operation_id="dashboard_list")
    def get(self, request):
        figures = figures_for(request.actor)
        return Response(
            {
                "window": window_json(None, default_window()),
                "results": [figure_summary(figure) for figure in figures],
            }
        )


class FigureDetailView(ActorAPIView):
    """One figure's numbers for a window (default: the last twelve months), each with the
    list behind it; `?format=csv|json` downloads it with its definition."""

    allowed_kinds = ("authority",)
    permission_by_action = {"get": "dashboard.view"}

    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="Figure code."),
            OpenApiParameter(
                "since", OpenApiTypes.DATE, description="First day counted (default: a year ago)."
            ),
            OpenApiParameter(
                "until", OpenApiTypes.DATE, description="Last day counted (default: today, UTC)."
            ),
            OpenApiParameter("format", str, enum=EXPORT_FORMATS, description="Download as a file."),
        ],
        # JSON first: Schemathesis checks a response against the first media type listed.
        responses={
            (200, "application/json"): FigureValuesSerializer,
            (200, "text/csv"): OpenApiResponse(str, description="One line per number."),
        },
    )
    def get(self, request, code: str):
        figure = figure_for(request.actor, code)
        if figure is None:
            raise NotFound("There is no such figure.")
        window = _window(request.query_params)
        export_format = request.query_params.get("format")
        if export_format is not None and export_format not in EXPORT_FORMATS:
            raise ValidationError({"format": [f"Must be one of {', '.join(EXPORT_FORMATS)}."]})
        if export_format is not None:
            return figure_export(request.actor, figure, window, export_format)
        return Response(figure_json(request.actor, figure, window))
