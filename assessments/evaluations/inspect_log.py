"""Reading an uploaded Inspect eval log (UK AI Security Institute's framework) with
`inspect_ai`'s own log reader, judged by its bytes, never by its name.

A `.eval` log is a zip archive and a `.json` log is JSON text: the first bytes decide
which reader runs. The size limit is the evidence limit, and a zip goes through the
evidence zip-bomb guard first (`assessments.conformity.evidence`). Only the header is
read (task, model, dataset, results, stats): no samples, so a large log parses quickly in
the request. Pure: no database, no storage.
"""

import io
import math
import zipfile
from typing import Any, Literal

from django.core.exceptions import ValidationError

from assessments.conformity import evidence as content

FIELD = "log"
ZIP_MAGIC = b"PK\x03\x04"
NOT_A_LOG = (
    "The file is not an Inspect eval log: upload the .eval or .json log that "
    "inspect_ai wrote (its header could not be read: {reason})."
)


def _log_error(error: ValidationError) -> ValidationError:
    """The evidence checks name `file`; here the upload is the `log` field."""
    messages = error.message_dict.get("file") if hasattr(error, "error_dict") else None
    return ValidationError({FIELD: messages or error.messages})


def check_size(size: int) -> None:
    """The evidence size limit, before the bytes are read (EvidenceTooLarge over it)."""
    try:
        content.check_size(size)
    except content.EvidenceTooLarge as exc:
        raise content.EvidenceTooLarge(_log_error(exc).message_dict) from None
    except ValidationError as exc:
        raise _log_error(exc) from None


def sniff(data: bytes) -> Literal["eval", "json"]:
    """`eval` for a zip, `json` for JSON text (the `LogFormat` values), else a
    ValidationError naming `log`."""
    check_size(len(data))
    if data.startswith(ZIP_MAGIC):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise ValidationError(
                {FIELD: "The file looks like a zip archive but cannot be read."}
            ) from None
        if len(members) > content.ZIP_MAX_MEMBERS:
            raise ValidationError({FIELD: f"The archive has {len(members):,} files."})
        try:
            content.zip_bomb_guard(archive, members, len(data))
        except ValidationError as exc:
            raise _log_error(exc) from None
        return "eval"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "json"
    raise ValidationError(
        {FIELD: "The file is neither an Inspect .eval log (a zip archive) nor a .json log."}
    )


def _number(value: Any) -> float | int | None:
    """A metric value as JSON can hold it (NaN and infinities become null)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def read_facts(data: bytes) -> tuple[str, dict]:
    """The log's format and the facts of its header, or a ValidationError naming `log`.

    Facts: `status`, `version`, `task`, `task_version`, `task_id`, `run_id`, `created`,
    `model`, `dataset` (name, location, samples), `samples` (total, completed),
    `scores` (name, scorer, metrics: name → value), `revision` (type, origin, commit),
    `started_at`, `completed_at`, `error`.
    """
    # Imported here (it takes a second to load). It also teaches `zipfile` the Zstandard
    # compression .eval logs use, which the zip-bomb guard in `sniff` needs to read them.
    from inspect_ai.log import read_eval_log

    log_format = sniff(data)

    try:
        log = read_eval_log(io.BytesIO(data), header_only=True, format=log_format)
    # The reader fails in many ways on a file that is not a log (zip, JSON, pydantic,
    # key and value errors); each is the uploader's error, answered as such.
    except Exception as exc:
        reason = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise ValidationError({FIELD: NOT_A_LOG.format(reason=reason)}) from None
    spec = log.eval
    results = log.results
    dataset = spec.dataset
    revision = spec.revision
    facts = {
        "status": log.status,
        "version": log.version,
        "task": spec.task,
        "task_version": spec.task_version,
        "task_id": spec.task_id,
        "run_id": spec.run_id,
        "created": spec.created,
        "model": spec.model,
        "dataset": {
            "name": dataset.name,
            "location": dataset.location,
            "samples": dataset.samples,
        },
        "samples": {
            "total": results.total_samples if results else 0,
            "completed": results.completed_samples if results else 0,
        },
        "scores": [
            {
                "name": score.name,
                "scorer": score.scorer,
                "metrics": {name: _number(metric.value) for name, metric in score.metrics.items()},
            }
            for score in (results.scores if results else [])
        ],
        "revision": (
            {"type": revision.type, "origin": revision.origin, "commit": revision.commit}
            if revision
            else None
        ),
        "started_at": log.stats.started_at or None,
        "completed_at": log.stats.completed_at or None,
        "error": log.error.message[:2000] if log.error else None,
    }
    if not facts["task"] or not facts["model"]:
        raise ValidationError({FIELD: NOT_A_LOG.format(reason="no task or model in its spec")})
    return log_format, facts
