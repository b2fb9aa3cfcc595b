"""How a regime declares its filing types: fields, publicity, review stages, numbering,
routing and deadlines. Pure data and small functions; no database access.

Each regime module exposes `FILING_TYPES` (code → FilingType). The workflow in
`registry.filings` reads these declarations and never branches on the regime.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

FIELD_KINDS = ("text", "longtext", "email", "url", "date", "choice", "choices", "number", "bool")


@dataclass(frozen=True)
class FieldSpec:
    """One item of a filing's field list, e.g. Annex VIII Section A point 4."""

    name: str
    label: str
    basis: str
    kind: str = "text"
    required: bool = True
    public: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    minimum: float | None = None  # for numbers
    # Required only when this returns True for the filing's context (see `context`).
    required_when: Callable[[dict], bool] | None = None
    # Asked at all only when this returns True (e.g. a point the law says is not provided).
    applies_when: Callable[[dict], bool] | None = None

    def is_required(self, context: dict) -> bool:
        if self.required_when is not None:
            return self.required_when(context)
        return self.required


@dataclass(frozen=True)
class FilingType:
    """A kind of registration under one regime."""

    code: str
    regime: str
    title: str
    basis: str
    # "ai_system" or "gpai_model"; "registered_filing" when another organisation files about
    # a registered entry, named in `extra["references"]` (EU Annex VIII Section C).
    subject_kind: str
    fields: tuple[FieldSpec, ...]
    # Whether a subject with this classification needs this filing.
    needed: Callable[[dict], bool]
    # The authority_code of the authority that reviews each stage, from the context.
    stages: tuple[str, ...]
    route: Callable[[str, dict], str]
    # The registration number issued on acceptance: (context, sequence, day) → number.
    number: Callable[[dict, int, date], str]
    number_prefix: Callable[[dict, date], str]
    # The regulator's decision deadline after a complete submission, or None. Deadlines
    # are counted with `aigov.clock` on the calendar of the regime's zone.
    decision_due: Callable[[datetime], datetime | None] = lambda submitted: None
    # The decision period in words, for the pages ("30 working days"); read when shown, so
    # a setting can decide it.
    decision_period: Callable[[], str] = lambda: ""
    # Whether the decision clock starts again when the filing moves on to the next
    # review stage (read at that moment, so a setting can decide it).
    restarts_clock_at_next_stage: Callable[[], bool] = lambda: False
    # The provider's deadline to file, from the context, or None.
    filing_due: Callable[[dict], datetime | None] = lambda context: None
    # On the public register at all (US reports are confidential).
    publishable: bool = True
    description: str = ""
    # The only fields of an entry in a restricted section (context "non_public": EU
    # Art. 49(4)), and the basis of that restriction, added to each field's own basis.
    non_public_fields: tuple[str, ...] | None = None
    non_public_basis: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Further subject kinds that may file this type (a GPAI model files a CAC genAI filing).
    other_subject_kinds: tuple[str, ...] = ()
    # The public register's area of the registered subject ("eu.4": EU Annex III area 4),
    # frozen on registration like the names; "" where the type has none.
    area: Callable[[Any], str] = lambda subject: ""

    def for_subject(self, kind: str) -> bool:
        """Whether a subject of this kind files this type."""
        return kind == self.subject_kind or kind in self.other_subject_kinds

    @property
    def public_fields(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields if spec.public)

    def field(self, name: str) -> FieldSpec:
        return next(spec for spec in self.fields if spec.name == name)

    def fields_for(self, context: dict | None) -> tuple[FieldSpec, ...]:
        """The fields a filing with this context asks, in order."""
        if context is None:
            return self.fields
        if context.get("non_public") and self.non_public_fields is not None:
            return tuple(
                replace(spec, basis=f"{spec.basis}; {self.non_public_basis}")
                for spec in self.fields
                if spec.name in self.non_public_fields
            )
        return tuple(
            spec for spec in self.fields if spec.applies_when is None or spec.applies_when(context)
        )

    def public_fields_for(self, context: dict) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields_for(context) if spec.public)


def validate_fields(filing_type: FilingType, data: dict, context: dict) -> dict[str, list[str]]:
    """Every missing or invalid field at once, keyed by field name."""
    errors: dict[str, list[str]] = {}
    specs = filing_type.fields_for(context)
    known = {spec.name for spec in specs}
    for name in sorted(set(data) - known):
        if _is_empty(data[name]) and name in {spec.name for spec in filing_type.fields}:
            continue  # a point this filing does not ask, left empty
        errors[name] = [f"Not a field of {filing_type.title}."]
    for spec in specs:
        value = data.get(spec.name)
        if _is_empty(value):
            if spec.is_required(context):
                errors[spec.name] = [f"Required: {spec.label} ({spec.basis})."]
            continue
        message = _check_value(spec, value)
        if message:
            errors[spec.name] = [message]
    return errors


def _is_empty(value) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _check_value(spec: FieldSpec, value) -> str | None:
    allowed = {code for code, _ in spec.choices}
    listed = ", ".join(code for code, _ in spec.choices)  # as declared: "1, 2, … 12"
    if spec.kind in ("text", "longtext"):
        if not isinstance(value, str):
            return "Must be text."
        if spec.kind == "text" and len(value) > 500:
            return "At most 500 characters."
        if len(value) > 20000:
            return "At most 20,000 characters."
    elif spec.kind in ("email", "url"):
        validator = EmailValidator() if spec.kind == "email" else URLValidator()
        try:
            validator(value)
        except (ValidationError, TypeError):
            return f"Not a valid {'email address' if spec.kind == 'email' else 'URL'}."
    elif spec.kind == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return "Must be a date (YYYY-MM-DD)."
    elif spec.kind == "choice":
        if not _one_of(value, allowed):
            return f"Must be one of: {listed}."
    elif spec.kind == "choices":
        if not isinstance(value, list) or not all(_one_of(item, allowed) for item in value):
            return f"Must be a list of: {listed}."
        if len(set(value)) != len(value):
            return "Each value only once."
    elif spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return "Must be a non-negative number."
        if spec.minimum is not None and value < spec.minimum:
            return f"Must be at least {spec.minimum:,g} ({spec.basis})."
    elif spec.kind == "bool" and not isinstance(value, bool):
        return "Must be true or false."
    return None


def _one_of(value, allowed: set) -> bool:
    # A JSON list or object is never a code (and is not hashable: no 500 on `in`).
    return not isinstance(value, list | dict) and value in allowed


def slug_name(name: str) -> str:
    """A name as used inside CAC numbers: ASCII letters and digits in CamelCase."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    return "".join(word[:1].upper() + word[1:] for word in words) or "Model"
