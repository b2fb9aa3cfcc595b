from aigov.api.views import TenantReadOnlyViewSet
from aigov.jobs.api.serializers import JobSerializer
from aigov.jobs.models import Job


class JobViewSet(TenantReadOnlyViewSet):
    """Background runs of the caller's organisation, with live progress."""

    model = Job
    serializer_class = JobSerializer
    cursor_ordering = ("-created_at", "-id")
    filterset_fields = ["kind", "status"]
    permission_by_action = {"list": "jobs.view", "retrieve": "jobs.view"}
