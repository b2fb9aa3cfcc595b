"""Read-only API over the requirement catalogues. They hold no tenant data: every signed-in
caller (session or API key) reads the same law."""

from dataclasses import replace

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from aigov.api.views import ActorAPIView
from assessments.catalogues.api.serializers import (
    CatalogueDetailFilterSerializer,
    CatalogueFilterSerializer,
    CatalogueSerializer,
)
from assessments.catalogues.catalogue import CHECKS, REGIMES, Catalogue, catalogue_get, catalogues

REGIME_PARAMETER = OpenApiParameter(
    "regime", str, enum=list(REGIMES), description="Only the catalogues of this regime."
)
CHECK_PARAMETER = OpenApiParameter(
    "check",
    str,
    enum=list(CHECKS),
    description="Only the requirements checked this way (automated, evidence or assessor).",
)


def _filters(request, serializer_class=CatalogueFilterSerializer) -> dict:
    filters = serializer_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


def _only_check(catalogue: Catalogue, check: str | None) -> Catalogue:
    if check is None:
        return catalogue
    kept = tuple(r for r in catalogue.requirements if r.check == check)
    return replace(catalogue, requirements=kept)


class CatalogueListView(ActorAPIView):
    """Every requirement catalogue with its requirements."""

    permission_by_action = {"get": "catalogues.view"}

    @extend_schema(
        parameters=[REGIME_PARAMETER, CHECK_PARAMETER],
        responses=CatalogueSerializer(many=True),
    )
    def get(self, request):
        filters = _filters(request)
        found = [
            _only_check(catalogue, filters.get("check"))
            for catalogue in catalogues()
            if filters.get("regime") in (None, catalogue.regime)
        ]
        found = [c for c in found if c.requirements or "check" not in filters]
        return Response(CatalogueSerializer(found, many=True).data)


class CatalogueDetailView(ActorAPIView):
    """One catalogue by its code (e.g. `eu.high_risk`) with its requirements."""

    permission_by_action = {"get": "catalogues.view"}

    @extend_schema(parameters=[CHECK_PARAMETER], responses=CatalogueSerializer)
    def get(self, request, code: str):
        filters = _filters(request, CatalogueDetailFilterSerializer)
        try:
            catalogue = catalogue_get(code)
        except KeyError:
            raise NotFound(f"No requirement catalogue {code!r}.") from None
        return Response(CatalogueSerializer(_only_check(catalogue, filters.get("check"))).data)
