"""The jobs list's lean rows say exactly what JobSerializer says."""

import pytest
from django.utils import timezone

from aigov.jobs.api.serializers import JOB_ROW_COLUMNS, JobSerializer, job_row
from aigov.jobs.models import Job
from tests.api.lean_rows import assert_same_rows, output_fields
from tests.factories import JobFactory


@pytest.mark.django_db
def test_a_lean_job_row_equals_the_full_serializer(owner):
    JobFactory(organization=owner)  # queued: no start, no end, no result
    JobFactory(
        organization=owner,
        status="running",
        progress=40,
        progress_message="Row 400 of 1,000",
        attempts=1,
        started_at=timezone.now(),
    )
    JobFactory(
        organization=owner,
        status="succeeded",
        progress=100,
        params={"file": "epoch.csv"},
        result={"created": 3, "skipped": [{"row": 2, "reason": "duplicate"}]},
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    JobFactory(organization=owner, status="failed", error="Timed out.", attempts=5)
    jobs = Job.objects.filter(organization=owner).order_by("-created_at", "-id")
    assert_same_rows(
        JobSerializer(jobs, many=True).data,
        [job_row(row) for row in jobs.values(*JOB_ROW_COLUMNS)],
        output_fields(JobSerializer),
    )
