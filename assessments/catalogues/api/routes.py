"""The catalogues' API routes, registered with the core's (`aigov.api.routes`) when the
app is ready. They are not tenant collections: tests/api/isolation.py lists them among
the non-object routes."""

from django.urls import path

from aigov.api.routes import route_add
from assessments.catalogues.api.views import CatalogueDetailView, CatalogueListView

route_add(path("catalogues/", CatalogueListView.as_view(), name="catalogue-list"))
route_add(path("catalogues/<str:code>/", CatalogueDetailView.as_view(), name="catalogue-detail"))
