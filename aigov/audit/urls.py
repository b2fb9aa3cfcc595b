"""The audit log's browser routes."""

from django.urls import path

from aigov.audit import views

urlpatterns = [
    path("audit/", views.AuditLogView.as_view(), name="audit_log"),
]
