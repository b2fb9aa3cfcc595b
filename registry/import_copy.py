"""Writing an import plan (`registry.importing`, step 2): new models and their version 1
by PostgreSQL COPY (text encoded here, sent by psycopg's writer thread while the next rows
are encoded), changed models by one UPDATE … FROM a COPY-filled temporary table; other
databases use `bulk_create` / `bulk_update`."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import math
import operator
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection
from psycopg.copy import QueuedLibpqWriter

from registry.models import ComputeMethod, GPAIModel, Release, SubjectKind, SubjectVersion
from registry.services.subjects import (
    MODEL_FIELDS,
    REQUIRED_COLUMNS,
    snapshot,
)

RELEASE_BY_ACCESSIBILITY = {
    "Open weights (unrestricted)": Release.OPEN_WEIGHTS,
    "Open weights (restricted use)": Release.OPEN_WEIGHTS,
    "Open weights (non-commercial)": Release.OPEN_WEIGHTS,
    "API access": Release.API,
    "Hosted access (no API)": Release.HOSTED,
    "Unreleased": Release.UNRELEASED,
}
# Epoch's estimation methods, in the order they are trusted when several are listed.
COMPUTE_METHOD = {
    "Reported": ComputeMethod.DECLARED,
    "Operation counting": ComputeMethod.SIX_ND,
    "Hardware": ComputeMethod.HARDWARE,
}
MODALITY_BY_DOMAIN = {
    "Language": "text",
    "Vision": "image",
    "Image generation": "image",
    "Speech": "audio",
    "Audio": "audio",
    "Video": "video",
    "Biology": "biological_sequence",
}
# The fields a row sets (`fields_from_row`), in the model's field order: the only ones an
# import validates, since every other field keeps a value already validated when stored.
IMPORTED_FIELDS = tuple(
    f.name
    for f in GPAIModel._meta.concrete_fields
    if f.name
    in {
        "name",
        "parameters",
        "training_tokens",
        "training_compute_flop",
        "compute_method",
        "training_time_hours",
        "release",
        "licence",
        "input_modalities",
        "output_modalities",
        "biological_sequence_data",
        "source",
        "source_reference",
    }
)
# Rows read between two progress reports.
PROGRESS_EVERY = 500
_url = URLValidator()


class ImportFormatError(ValueError):
    """The file is not a CSV of the expected shape."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    systemic_risk: int = 0
    above_1e25: int = 0
    above_1e26: int = 0
    us_above_former_threshold: int = 0
    # Data rows read, and distinct profiles classified for them.
    rows: int = 0
    profiles_classified: int = 0
    # The manifest of a written import: what it wrote, by id, and the file it read.
    created_ids: list[str] = field(default_factory=list)
    updated_ids: list[str] = field(default_factory=list)
    file_sha256: str = ""

    def as_dict(self, *, manifest: bool = True) -> dict:
        """The report as stored with a job; `manifest=False` for a preview (no ids)."""
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [{"row": row, "reason": reason} for row, reason in self.skipped],
            "systemic_risk": self.systemic_risk,
            "above_1e25": self.above_1e25,
            "above_1e26": self.above_1e26,
            "us_above_former_threshold": self.us_above_former_threshold,
            "rows": self.rows,
            "profiles_classified": self.profiles_classified,
        }
        if not manifest:
            return counts
        return {
            **counts,
            "file_sha256": self.file_sha256,
            "created_ids": self.created_ids,
            "updated_ids": self.updated_ids,
            "manifest_sha256": self.manifest_sha256(),
        }

    def manifest_sha256(self) -> str:
        """A digest of the ids written (created, then updated), recorded in the audit
        event so the manifest kept with the job can be checked against the chain."""
        text = json.dumps([self.created_ids, self.updated_ids], separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _number(row: dict, column: str, *, integer: bool = False):
    raw = (row.get(column) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{column!r} is not a number: {raw[:40]!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{column!r} is not a finite number: {raw[:40]!r}")
    if value < 0:
        raise ValueError(f"{column!r} is negative")
    return int(value) if integer else value


@functools.lru_cache(maxsize=4096)
def _first_url(raw: str) -> str:
    for candidate in raw.replace(",", " ").split():
        try:
            _url(candidate)
        except ValidationError:
            continue
        if len(candidate) <= 500:
            return candidate
    return ""


def fields_from_row(row: dict) -> dict:
    """Model fields for one CSV row; raises ValueError with the reason to skip it."""
    name = (row.get("Model") or "").strip()
    if not name:
        raise ValueError("no model name")
    if len(name) > 200:
        raise ValueError("model name longer than 200 characters")
    domains = [d.strip() for d in (row.get("Domain") or "").split(",") if d.strip()]
    methods = [m.strip() for m in (row.get("Training compute estimation method") or "").split(",")]
    method = next(
        (COMPUTE_METHOD[m] for m in COMPUTE_METHOD if m in methods), ComputeMethod.DECLARED
    )
    accessibility = (row.get("Model accessibility") or "").strip()
    modalities = sorted({MODALITY_BY_DOMAIN[d] for d in domains if d in MODALITY_BY_DOMAIN})
    return {
        "name": name,
        "parameters": _number(row, "Parameters", integer=True),
        "training_tokens": _number(row, "Training dataset size (datapoints)", integer=True),
        "training_compute_flop": _number(row, "Training compute (FLOP)"),
        "compute_method": method,
        "training_time_hours": _number(row, "Training time (hours)"),
        "release": RELEASE_BY_ACCESSIBILITY.get(accessibility, Release.UNRELEASED),
        "licence": accessibility if accessibility.startswith("Open weights") else "",
        "input_modalities": modalities,
        "output_modalities": ["text"] if "Language" in domains else [],
        # A model whose only domain is Biology is taken as trained mainly on
        # biological sequences (EO 14110's 10^23 threshold); Epoch has no direct column.
        "biological_sequence_data": domains == ["Biology"],
        "source": "epoch",
        "source_reference": _first_url(row.get("Link") or ""),
    }


def read_rows(stream: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """(row number, row) for each data row (the header is row 0); checks the header."""
    reader = csv.DictReader(stream)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFormatError(
            f"Not an Epoch AI models CSV: missing column(s) {', '.join(missing)}."
        )
    yield from enumerate(reader, start=1)


def count_rows(text: str) -> int:
    return max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)


if TYPE_CHECKING:
    from registry.importing import ImportPlan


def _json(plan: ImportPlan, value) -> str | None:
    """A JSON column's text: a shared classification serialised once, a list of
    modalities once per distinct list, an empty value without the encoder."""
    text = plan.json_by_id.get(id(value))
    if text is not None:
        return text
    if value is None:
        return None
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    if isinstance(value, list):
        key = tuple(value)
        text = plan.json_by_list.get(key)
        if text is None:
            text = plan.json_by_list[key] = json.dumps(value)
        return text
    return json.dumps(value)


def _getter(plan: ImportPlan, model_field) -> Callable[[object], object]:
    attname = model_field.attname
    if model_field.get_internal_type() == "JSONField":
        return lambda row: _json(plan, getattr(row, attname))
    return operator.attrgetter(attname)


def copy_rows(plan: ImportPlan, table: str, fields: Sequence, rows: Iterable) -> None:
    """COPY objects into `table` (PostgreSQL): the given model fields read from each
    object, JSON serialised (see `_json`), every other value as psycopg adapts it."""
    quote = connection.ops.quote_name
    getters = [_getter(plan, f) for f in fields]
    columns = ", ".join(quote(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy,
    ):
        write = copy.write_row
        for row in rows:
            write([get(row) for get in getters])


# COPY's text format: these four characters are escaped, NULL is \N.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_ROWS_PER_WRITE = 1000


def _copy_str(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_COPY_ESCAPES)
    return text


def _encoder(plan: ImportPlan, model_field) -> Callable[[object], str]:
    """One column's value in COPY's text format, as PostgreSQL reads it back: JSON as its
    text (a shared value encoded once), booleans t/f, dates ISO 8601, floats by repr."""
    attname = model_field.attname
    if model_field.get_internal_type() == "JSONField":
        encoded: dict[int, str] = {}

        def encode_json(row) -> str:
            value = getattr(row, attname)
            text = encoded.get(id(value))
            if text is None:
                raw = _json(plan, value)
                text = "\\N" if raw is None else _copy_str(raw)
                if id(value) in plan.json_by_id:  # shared and kept alive by the plan
                    encoded[id(value)] = text
            return text

        return encode_json

    internal = model_field.get_internal_type()
    if internal == "BooleanField":
        to_text: Callable[[object], str] = lambda value: "t" if value else "f"  # noqa: E731
    elif internal in ("CharField", "TextField", "URLField"):
        to_text = _copy_str  # type: ignore[assignment]
    elif internal == "FloatField":
        to_text = repr
    elif internal in ("DateTimeField", "DateField"):
        to_text = operator.methodcaller("isoformat")
    else:  # integers, UUIDs (and the UUIDs of foreign keys)
        to_text = str
    last: list = [object(), ""]  # the last value and its text: most columns repeat

    def encode(row) -> str:
        value = getattr(row, attname)
        if value is last[0]:
            return last[1]
        text = "\\N" if value is None else to_text(value)
        last[0], last[1] = value, text
        return text

    return encode


def copy_text(plan: ImportPlan, table: str, fields: Sequence, rows: Iterable) -> None:
    """COPY objects into `table` (PostgreSQL) as text made here: cheaper than adapting
    each value with psycopg, since most values repeat (classifications, constants)."""
    quote = connection.ops.quote_name
    encoders = [_encoder(plan, f) for f in fields]
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # A thread sends the queued text while this one encodes the next rows.
        with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
            lines = []
            for row in rows:
                lines.append("\t".join([encode(row) for encode in encoders]))
                if len(lines) == _COPY_ROWS_PER_WRITE:
                    copy.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                copy.write("\n".join(lines) + "\n")


@dataclass
class _NewVersion:
    """Version 1 of a new model, as COPY reads it (attribute names of SubjectVersion)."""

    id: uuid.UUID
    organization_id: object
    subject_id: uuid.UUID
    data: dict
    classification: dict
    created_by_id: object
    created_at: datetime
    subject_kind: str = SubjectKind.GPAI_MODEL
    number: int = 1
    reason: str = "registered"


def version_rows(plan: ImportPlan, now: datetime) -> list[SubjectVersion]:
    """Version 1 of each new model: its snapshot and classification, "registered"."""
    return [
        SubjectVersion(
            organization_id=model.organization_id,
            subject_kind=SubjectKind.GPAI_MODEL,
            subject_id=model.pk,
            number=1,
            data=data,
            classification=model.classification,
            reason="registered",
            created_by_id=model.created_by_id,
            created_at=now,
        )
        for model, data in zip(plan.new, plan.new_data, strict=True)
    ]


# What an update writes to a stored model (beside `updated_at` and `imported_at`).
UPDATED_FIELDS = (*IMPORTED_FIELDS, "profile", "classification")


def write_postgresql(plan: ImportPlan, now: datetime) -> None:
    models_table = GPAIModel._meta.db_table
    versions_table = SubjectVersion._meta.db_table
    copy_text(plan, models_table, GPAIModel._meta.concrete_fields, plan.new)
    copy_text(
        plan,
        versions_table,
        SubjectVersion._meta.concrete_fields,
        (
            _NewVersion(
                id=uuid.uuid4(),
                organization_id=model.organization_id,
                subject_id=model.pk,
                data=data,
                classification=model.classification,
                created_by_id=model.created_by_id,
                created_at=now,
            )
            for model, data in zip(plan.new, plan.new_data, strict=True)
        ),
    )
    if not plan.changed:
        return
    quote = connection.ops.quote_name
    fields = [GPAIModel._meta.get_field(name) for name in ("id", *UPDATED_FIELDS)]
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE import_changes ON COMMIT DROP AS SELECT {columns}, "  # noqa: S608
            f"version_number, classification AS version_data FROM {quote(models_table)} "
            "WITH NO DATA"
        )
    for model in plan.changed:
        model.version_data = snapshot(model, MODEL_FIELDS)  # type: ignore[attr-defined]
    version_data = GPAIModel._meta.get_field("classification").clone()
    version_data.set_attributes_from_name("version_data")
    version_number = GPAIModel._meta.get_field("version_number")
    copy_rows(plan, "import_changes", [*fields, version_number, version_data], plan.changed)
    assignments = ", ".join(f"{quote(f.column)} = c.{quote(f.column)}" for f in fields[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(models_table)} AS m SET {assignments}, updated_at = %s, "  # noqa: S608
            "imported_at = %s FROM import_changes AS c WHERE m.id = c.id",
            [now, now],
        )
        cursor.execute(
            f"UPDATE {quote(versions_table)} AS v SET data = c.version_data, "  # noqa: S608
            "classification = c.classification FROM import_changes AS c "
            "WHERE v.subject_kind = %s AND v.subject_id = c.id AND v.number = c.version_number",
            [SubjectKind.GPAI_MODEL],
        )
        cursor.execute("DROP TABLE import_changes")


def write_orm(plan: ImportPlan, now: datetime) -> None:
    """The same writes through the ORM (SQLite, the embedded `make run`)."""
    GPAIModel.objects.bulk_create(plan.new, batch_size=500)
    SubjectVersion.objects.bulk_create(version_rows(plan, now), batch_size=500)
    if not plan.changed:
        return
    GPAIModel.objects.bulk_update(
        plan.changed, [*UPDATED_FIELDS, "updated_at", "imported_at"], batch_size=500
    )
    by_id = {model.pk: model for model in plan.changed}
    versions = []
    for version in SubjectVersion.objects.filter(
        subject_kind=SubjectKind.GPAI_MODEL, subject_id__in=list(by_id)
    ).only("id", "subject_id", "number"):
        model = by_id[version.subject_id]
        if version.number == model.version_number:
            version.data = snapshot(model, MODEL_FIELDS)
            version.classification = model.classification
            versions.append(version)
    SubjectVersion.objects.bulk_update(versions, ["data", "classification"], batch_size=500)
