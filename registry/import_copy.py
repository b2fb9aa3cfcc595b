"""Writing an import plan (`registry.importing`, step 2): new models and their version 1
by PostgreSQL COPY (text encoded here, sent by psycopg's writer thread while the next rows
are encoded), changed models by one UPDATE … FROM a COPY-filled temporary table; other
databases use `bulk_create` / `bulk_update`."""

from __future__ import annotations

import json
import operator
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection
from psycopg.copy import QueuedLibpqWriter

from registry.models import GPAIModel, SubjectKind, SubjectVersion
from registry.services.subjects import (
    MODEL_FIELDS,
    snapshot,
)

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


_COPY_ROWS_PER_WRITE = 1000


def _copy_str(text: str) -> str:
    """`text` in COPY's text format: backslash, tab, newline and carriage return escaped
    (NULL is \\N). Four `replace` passes, not `str.translate`: translate looks each
    character up in a dict: 15 times slower on a 4.8 KB JSON text full of escapes."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")  # first, so the escapes below stay single
    if "\t" in text:
        text = text.replace("\t", "\\t")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
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
