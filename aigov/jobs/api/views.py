from aigov.api.views import TenantReadOnlyViewSet
from aigov.jobs.api.serializers import JOB_ROW_COLUMNS, JobSerializer, job_row
from aigov.jobs.models import Job


class JobViewSet(TenantReadOnlyViewSet):
    """Background runs of the caller's organisation, with live progress."""

    model = Job
    serializer_class = JobSerializer
    cursor_ordering = ("-created_at", "-id")
    filterset_fields = ["kind", "status"]
    permission_by_action = {"list": "jobs.view", "retrieve": "jobs.view"}

    def list(self, request, *args, **kwargs):
        """One page of lean rows (`job_row`): JobSerializer's JSON from `.values()` rows."""
        rows = self.filter_queryset(self.get_queryset()).values(*JOB_ROW_COLUMNS)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([job_row(row) for row in page])
