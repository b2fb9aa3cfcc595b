from rest_framework import serializers

from aigov.api.serializers import instant
from aigov.jobs.models import Job


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "progress_message",
            "attempts",
            "max_attempts",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


# The jobs list builds JobSerializer's JSON from these columns (`.values()`), not from
# whole jobs with their parameters; tests/jobs/test_lean_rows.py keeps the two equal.
JOB_ROW_COLUMNS = (
    "id", "kind", "status", "progress", "progress_message", "attempts", "max_attempts",
    "result", "error", "created_at", "started_at", "finished_at",
)  # fmt: skip


def job_row(row: dict) -> dict:
    """JobSerializer's representation of a `.values(*JOB_ROW_COLUMNS)` row."""
    return {
        "id": str(row["id"]),
        "kind": row["kind"],
        "status": row["status"],
        "progress": row["progress"],
        "progress_message": row["progress_message"],
        "attempts": row["attempts"],
        "max_attempts": row["max_attempts"],
        "result": row["result"],
        "error": row["error"],
        "created_at": instant(row["created_at"]),
        "started_at": instant(row["started_at"]),
        "finished_at": instant(row["finished_at"]),
    }
