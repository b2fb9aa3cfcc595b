from aigov.api.views import LeanListMixin, TenantReadOnlyViewSet
from aigov.jobs.api.serializers import JOB_ROW_COLUMNS, JobSerializer, job_row
from aigov.jobs.models import Job


class JobViewSet(LeanListMixin, TenantReadOnlyViewSet):
    """Background runs of the caller's organisation, with live progress."""

    model = Job
    serializer_class = JobSerializer
    lean_rows = (JOB_ROW_COLUMNS, job_row)
    cursor_ordering = ("-created_at", "-id")
    filterset_fields = ["kind", "status"]
    permission_by_action = {"list": "jobs.view", "retrieve": "jobs.view"}
