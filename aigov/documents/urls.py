"""The documents' browser routes."""

from django.urls import path

from aigov.documents import views

urlpatterns = [
    path("documents/request/", views.DocumentRequestView.as_view(), name="document_request"),
    path(
        "documents/<uuid:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
]
