"""Import GPAI models from a CSV in the Epoch AI "All ML Systems" format.

Idempotent: a model is found by (organisation, name); importing the same file again
updates nothing that has not changed and creates no duplicates. Data by Epoch AI,
CC BY 4.0 — the import records "epoch" as each model's source and marks every model it
creates or updates as imported (`GPAIModel.imported_at`): reference data the organisation
chose to import, not models it declared itself.

In two steps, so a preview and the import give the same answer for the same data:

1. `plan_import` reads, validates and classifies every row in Python and decides, per
   row, what the import would do (create, update, leave unchanged, skip with a reason).
   It writes nothing: the browser's preview is this step alone.
2. `import_models` plans, then writes the plan in one transaction: new models and their
   version 1 with PostgreSQL COPY (a `bulk_create` elsewhere), changed ones with one
   UPDATE … FROM a COPY-filled temporary table, and one audit event for the whole import
   with its manifest (the file's SHA-256, the counts, a digest of the ids written). The
   per-row outcome is the one `subject_create` / `subject_update` would give: the same
   fields, validation, classification, version snapshot and skip reasons.

Identical profiles are classified once (the classification is a pure function).
"""

import contextlib
import csv
import functools
import gc
import hashlib
import io
import json
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import timezone

from aigov.audit.services import audit_record
from registry.import_copy import IMPORTED_FIELDS, write_orm, write_postgresql
from registry.models import ComputeMethod, GPAIModel, Release, SubjectKind
from registry.services.subjects import (
    MODEL_FIELDS,
    REQUIRED_COLUMNS,
    check_plausible,
    check_representative,
    classify_or_raise,
    model_profile,
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


# --- Step 1: the plan (reads only)


@dataclass
class ImportPlan:
    """What an import would do: the report, and the models to insert and to update (unsaved
    instances, classified and validated). `stamp` is the organisation's models as read."""

    report: ImportReport
    new: list[GPAIModel]
    changed: list[GPAIModel]
    stamp: dict[str, tuple]
    # The version 1 snapshot of each new model, in the order of `new`.
    new_data: list[dict]
    # Classification results by identity, serialised once each (shared by many rows).
    json_by_id: dict[int, str]
    # Lists (of modalities) serialised, by value.
    json_by_list: dict[tuple, str] = field(default_factory=dict)


def _stamp(organization) -> dict[str, tuple]:
    """name → (id, updated_at, version_number) of the organisation's models: enough to see
    whether anything changed between planning and writing."""
    return {
        name: (pk, updated_at, version)
        for pk, name, updated_at, version in GPAIModel.objects.filter(
            organization=organization
        ).values_list("pk", "name", "updated_at", "version_number")
    }


class _Classifier:
    """classify_or_raise, once per distinct profile; results (and errors) are shared."""

    def __init__(self):
        self.results: dict[object, dict | ValidationError] = {}
        self.json_by_id: dict[int, str] = {}

    def __call__(self, profile: dict) -> dict:
        try:  # with the type: 1 == 1.0 == True, but they may read differently
            key: object = tuple((k, v.__class__, v) for k, v in profile.items())
            hash(key)
        except TypeError:  # list answers (an existing model's questionnaire)
            key = json.dumps(profile, sort_keys=True, default=str)
        result = self.results.get(key)
        if result is None:
            try:
                result = classify_or_raise(profile)
                self.json_by_id[id(result)] = json.dumps(result)
            except ValidationError as exc:
                result = exc
            self.results[key] = result
        if isinstance(result, ValidationError):
            raise result
        return result


class _Validator:
    """`full_clean` of the fields a row sets (values, choices, lengths, ranges), with the
    same messages; uniqueness needs no query: names are matched to the stored models.

    A field's checks depend on its value only, so each distinct value (but names, which
    are all different) is checked once: rows repeat URLs, licences and modalities."""

    def __init__(self):
        self.fields = [GPAIModel._meta.get_field(name) for name in IMPORTED_FIELDS]
        self.known: dict[tuple, list | None] = {}

    def __call__(self, model: GPAIModel) -> None:
        errors: dict[str, list] = {}
        for model_field in self.fields:
            value = getattr(model, model_field.attname)
            if model_field.name == "name":
                problems = self._check(model_field, value, model)
            else:
                frozen = tuple(value) if isinstance(value, list) else value
                key = (model_field.name, value.__class__, frozen)
                if key not in self.known:
                    self.known[key] = self._check(model_field, value, model)
                problems = self.known[key]
            if problems:
                errors[model_field.name] = problems
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _check(model_field, value, model) -> list | None:
        try:
            model_field.clean(value, model)
        except ValidationError as exc:
            return exc.error_list
        return None


def _count(report: ImportReport, model: GPAIModel) -> None:
    flop = model.training_compute_flop or 0
    report.above_1e25 += flop > 1e25
    report.above_1e26 += flop > 1e26
    report.systemic_risk += bool(model.classification["eu"]["systemic_risk"])
    report.us_above_former_threshold += bool(model.classification["us"]["above_threshold"])


# The profile of every model an import creates (no answers yet), shared: never mutated.
NEW_PROFILE = {"subject": SubjectKind.GPAI_MODEL}


class _Builder:
    """Unsaved new models, built through Django's positional fast path (the field values
    in order, defaults computed once) instead of keyword arguments."""

    def __init__(self, organization, user):
        self.organization = organization
        fields = GPAIModel._meta.concrete_fields
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.template = [
            None if f.attname in ("id", "authorised_representative") else f.get_default()
            for f in fields
        ]
        self.template[self.index["organization_id"]] = organization.pk
        self.template[self.index["created_by_id"]] = getattr(user, "pk", None)
        self.template[self.index["profile"]] = NEW_PROFILE
        # The version snapshot of a new model but for the row's own fields (whose values
        # are plain JSON values already, as `snapshot` would give them).
        base = GPAIModel(*self.template)
        base.authorised_representative = {}
        self.base_snapshot = snapshot(base, MODEL_FIELDS)

    def snapshot(self, fields: dict) -> dict:
        data = self.base_snapshot.copy()
        data.update(fields)
        data["profile"] = NEW_PROFILE
        return data

    def __call__(self, fields: dict) -> GPAIModel:
        values = self.template.copy()
        index = self.index
        values[index["id"]] = uuid.uuid4()
        values[index["authorised_representative"]] = {}
        for name, value in fields.items():
            values[index[name]] = value
        model = GPAIModel(*values)
        model.organization = self.organization
        return model


@contextlib.contextmanager
def _without_gc():
    """No cyclic garbage collection while an import runs: it makes many objects and no
    cycles, and each collection would walk the growing plan (100,000 models) again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_without_gc()
def plan_import(
    *,
    organization,
    stream: Iterable[str],
    total_rows: int | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
    select: Callable[[dict], bool] | None = None,
) -> ImportPlan:
    """Decide what importing `stream` into `organization` would do; writes nothing.

    Later rows with a name already seen in the same file are skipped and reported;
    `select` limits the import to some rows. `progress(done, total)` is called every
    `PROGRESS_EVERY` rows and at the end."""
    report = ImportReport()
    stamp = _stamp(organization)
    # Stored models, without their old classification (the import computes a new one).
    existing = {
        model.name: model
        for model in GPAIModel.objects.filter(organization=organization).defer("classification")
    }
    classify = _Classifier()
    validate = _Validator()
    build = _Builder(organization, user)
    new: list[GPAIModel] = []
    new_data: list[dict] = []
    changed: list[GPAIModel] = []
    seen: dict[str, int] = {}
    line = 0
    for line, row in read_rows(stream):
        if progress is not None and line % PROGRESS_EVERY == 0:
            progress(line, total_rows or 0)
        if select is not None and not select(row):
            continue
        try:
            fields = fields_from_row(row)
        except ValueError as exc:
            report.skipped.append((line, str(exc)))
            continue
        name = fields["name"]
        if name in seen:
            report.skipped.append((line, f"same model name as row {seen[name]}"))
            continue
        seen[name] = line
        model = existing.get(name)
        before = None
        if model is None:
            model = build(fields)
            answers: dict = {}
        else:
            model.organization = organization
            # What an import can change: the row's fields and the profile's "subject".
            before = [getattr(model, key) for key in fields] + [model.profile]
            for key, value in fields.items():
                setattr(model, key, value)
            answers = {k: v for k, v in model.profile.items() if k != "subject"}
        try:  # in the order of subject_create / subject_update, for the same reason
            model.classification = classify(model_profile(model, answers))
            model.profile = (
                {**answers, "subject": SubjectKind.GPAI_MODEL} if answers else NEW_PROFILE
            )
            check_representative(model)
            # The same plausibility limits as every other write (registry.plausibility).
            check_plausible(model, answers)
            validate(model)
        except ValidationError as exc:
            report.skipped.append((line, "; ".join(exc.messages)))
            continue
        if before is None:
            new.append(model)
            new_data.append(build.snapshot(fields))
            report.created += 1
        elif [getattr(model, key) for key in fields] + [model.profile] != before:
            changed.append(model)
            report.updated += 1
        else:
            report.unchanged += 1
        _count(report, model)
    report.rows = line
    classify.json_by_id[id(NEW_PROFILE)] = json.dumps(NEW_PROFILE)
    report.profiles_classified = len(classify.results)
    if progress is not None:
        progress(line, total_rows or line)
    return ImportPlan(
        report=report,
        new=new,
        changed=changed,
        stamp=stamp,
        new_data=new_data,
        json_by_id=classify.json_by_id,
    )


# --- Step 2: writing the plan (registry.import_copy)


def _lock(organization) -> None:
    """One import per organisation at a time (until the transaction ends)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"registry.import:{organization.pk}"]
            )


@_without_gc()
def import_models(
    *,
    organization,
    stream: Iterable[str] | None = None,
    text: str | None = None,
    total_rows: int | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
    select: Callable[[dict], bool] | None = None,
    job=None,
    filename: str = "",
    writing: Callable[[ImportPlan], None] | None = None,
) -> ImportReport:
    """Create or update one GPAI model per named row (see `plan_import`), all in one
    transaction with one audit event; returns the report with the manifest."""
    if text is None:
        if stream is None:
            raise ValueError("either a stream or a text is needed")
        text = "".join(stream)
    lines = text.splitlines(keepends=True)
    plan = plan_import(
        organization=organization,
        stream=lines,
        total_rows=total_rows,
        user=user,
        progress=progress,
        select=select,
    )
    if writing is not None:
        writing(plan)
    with transaction.atomic():
        _lock(organization)
        if _stamp(organization) != plan.stamp:
            # Written meanwhile (another import, an edit): plan again, under the lock.
            plan = plan_import(organization=organization, stream=lines, user=user, select=select)
        report = plan.report
        report.file_sha256 = hashlib.sha256(text.encode()).hexdigest()
        now = timezone.now()
        for model in plan.new:
            model.created_at = model.updated_at = model.imported_at = now
        for model in plan.changed:
            model.updated_at = model.imported_at = now
        if connection.vendor == "postgresql":
            write_postgresql(plan, now)
        else:
            write_orm(plan, now)
        report.created_ids = [str(model.pk) for model in plan.new]
        report.updated_ids = [str(model.pk) for model in plan.changed]
        audit_record(
            action="gpai_model.imported",
            organization=organization,
            user=user,
            obj=job,  # the audit log links the job, whose result holds the manifest
            data={
                "source": "epoch",
                "filename": filename[:200],
                "file_sha256": report.file_sha256,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "skipped": len(report.skipped),
                "manifest_sha256": report.manifest_sha256(),
            },
        )
    return report
