"""The jobs' browser routes."""

from django.urls import path

from aigov.jobs import views

urlpatterns = [
    path("jobs/<uuid:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<uuid:pk>/progress/", views.JobProgressView.as_view(), name="job_progress"),
]
