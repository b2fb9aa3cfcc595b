"""Import GPAI models from a CSV in the Epoch AI "All ML Systems" format.

Idempotent: a model is found by (organisation, name); importing the same file again
updates nothing that has not changed and creates no duplicates. Data by Epoch AI,
CC BY 4.0 — the import records "epoch" as each model's source.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from registry.models import ComputeMethod, GPAIModel, Release
from registry.services import REQUIRED_COLUMNS, subject_create, subject_update

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

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [{"row": row, "reason": reason} for row, reason in self.skipped],
            "systemic_risk": self.systemic_risk,
            "above_1e25": self.above_1e25,
            "above_1e26": self.above_1e26,
            "us_above_former_threshold": self.us_above_former_threshold,
        }


def _number(row: dict, column: str, *, integer: bool = False):
    raw = (row.get(column) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{column!r} is not a number: {raw[:40]!r}") from None
    if value < 0:
        raise ValueError(f"{column!r} is negative")
    return int(value) if integer else value


def _first_url(raw: str) -> str:
    for candidate in raw.replace(",", " ").split():
        try:
            URLValidator()(candidate)
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


def import_models(
    *,
    organization,
    stream: Iterable[str],
    total_rows: int | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
    select: Callable[[dict], bool] | None = None,
) -> ImportReport:
    """Create or update one GPAI model per named row; later rows with a name already seen
    in the same file are skipped and reported. `select` limits the import to some rows."""
    report = ImportReport()
    existing = {m.name: m for m in GPAIModel.objects.filter(organization=organization)}
    seen: dict[str, int] = {}
    for index, (line, row) in enumerate(read_rows(stream), start=1):
        if progress is not None:
            progress(index, total_rows or 0)
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
        try:
            model = existing.get(name)
            if model is None:
                model = subject_create(
                    model_class=GPAIModel, fields=fields, organization=organization, user=user
                )
                report.created += 1
            else:
                version_before = (model.updated_at, model.version_number)
                model = subject_update(subject=model, fields=fields, user=user)
                changed = (model.updated_at, model.version_number) != version_before
                report.updated += changed
                report.unchanged += not changed
        except ValidationError as exc:
            report.skipped.append((line, "; ".join(exc.messages)))
            continue
        _count(report, model)
    return report


def _count(report: ImportReport, model: GPAIModel) -> None:
    flop = model.training_compute_flop or 0
    report.above_1e25 += flop > 1e25
    report.above_1e26 += flop > 1e26
    report.systemic_risk += bool(model.classification["eu"]["systemic_risk"])
    report.us_above_former_threshold += bool(model.classification["us"]["above_threshold"])


def count_rows(text: str) -> int:
    return max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)
