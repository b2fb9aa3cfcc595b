"""Reads of evaluations that the API, the pages and the model page's panel share."""

from pathlib import PurePath

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.text import slugify

from aigov.exceptions import StateConflict
from aigov.stored_files import StoredFile, read_verified
from assessments.evaluations.models import Evaluation, LogFormat

CONTENT_TYPES: dict[str, str] = {
    LogFormat.JSON: "application/json",
    LogFormat.EVAL: "application/zip",
}


def with_joins(queryset: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """The joins every list shows and whether each was superseded (one query for any
    page size)."""
    later = Evaluation.objects.filter(supersedes=OuterRef("pk"))
    return queryset.select_related("organization", "evaluator", "gpai_model").annotate(
        is_superseded=Exists(later)
    )


def evaluations_for(actor) -> QuerySet[Evaluation]:
    """The evaluations `actor` may see, newest first, with the joins of `with_joins`."""
    return with_joins(Evaluation.objects.visible_to(actor))


def evaluation_log_file(evaluation: Evaluation) -> StoredFile:
    """The Inspect log's bytes (the caller found the evaluation with `visible_to`),
    checked against the SHA-256 taken on upload; named for the format its bytes are."""
    if not evaluation.has_log:
        raise StateConflict("This evaluation has no Inspect log.")
    data = read_verified(
        "evidence",
        evaluation.log_storage_name,
        evaluation.log_sha256,
        what="log",
        when="taken when it was uploaded",
    )
    stem = PurePath(evaluation.log_filename).stem or slugify(evaluation.model_name) or "log"
    log_format = evaluation.log_format
    return StoredFile(data, f"{stem}.{log_format}", CONTENT_TYPES[log_format])


def metric_rows(evaluation: Evaluation) -> list[dict]:
    """The log's metrics as table rows: score (scorer), metric, value (as the log has
    it, rounded to 4 decimals for reading)."""
    facts = evaluation.log_facts or {}
    return [
        {
            "score": score.get("name"),
            "scorer": score.get("scorer"),
            "metric": name,
            "value": "—" if value is None else str(round(value, 4)),
        }
        for score in facts.get("scores") or []
        for name, value in (score.get("metrics") or {}).items()
    ]
