"""Browser routes of the requirement catalogues (names are used by templates and tests)."""

from django.urls import path

from assessments.catalogues import views

urlpatterns = [
    path("catalogues/", views.CatalogueListView.as_view(), name="catalogue_list"),
    path("catalogues/<str:code>/", views.CatalogueDetailView.as_view(), name="catalogue_detail"),
    path(
        "systems/<uuid:pk>/requirements/",
        views.SubjectChecklistView.as_view(),
        name="system_requirements",
    ),
    path(
        "models/<uuid:pk>/requirements/",
        views.ModelChecklistView.as_view(),
        name="model_requirements",
    ),
]
