"""CSV and JSON exports of the queue and the public register (whole lists, streamed)."""

import csv
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

from registry.regimes import FILING_TYPES, REGISTER_AREAS
from registry.selectors import PUBLISHABLE_TYPES, with_overdue_flags


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


# A cell a spreadsheet would run as a formula starts with one of these (OWASP "CSV
# injection"); such a cell is written with a leading single quote.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value) -> str:
    """The cell as text, prefixed with `'` when a spreadsheet would evaluate it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """The one CSV writer of the project: every export streams through it."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([neutralise_cell(name) for name in header])
        for row in rows:
            yield writer.writerow([neutralise_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def queue_csv_response(filings) -> StreamingHttpResponse:
    now = timezone.now()
    filings = with_overdue_flags(filings, now)
    header = [
        "id",
        "filing_type",
        "provider",
        "subject",
        "status",
        "stage",
        "assignee",
        "submitted_at",
        "decision_due_at",
        "overdue",
    ]

    def rows():
        for filing in filings.iterator(chunk_size=1000):
            due = filing.decision_due_at
            yield [
                filing.pk,
                filing.filing_type,
                filing.organization.name,
                filing.subject.name,
                filing.status,
                FILING_TYPES[filing.filing_type].stages[filing.stage],
                filing.assignee.email if filing.assignee else "",
                filing.submitted_at.isoformat() if filing.submitted_at else "",
                due.isoformat() if due else "",
                "yes"
                if due and due < now and filing.status in ("submitted", "in_review")
                else "no",
            ]

    return _csv_response(f"queue-{now:%Y%m%d}.csv", header, rows())


def _entry(filing) -> dict:
    return {
        "id": str(filing.pk),
        "registration_number": filing.registration_number,
        "filing_type": filing.filing_type,
        "regime": filing.regime,
        "provider": filing.registered_provider,
        "subject": filing.registered_subject,
        "area": REGISTER_AREAS.get(filing.registered_area, ""),
        "registered_at": filing.registered_at.isoformat(),
        "public_fields": filing.public_data,
    }


def _published_columns() -> list[str]:
    """Every public field of every publishable filing type, once, in the types' order."""
    columns: list[str] = []
    for code in PUBLISHABLE_TYPES:
        columns += [name for name in FILING_TYPES[code].public_fields if name not in columns]
    return columns


def _cell(value) -> str:
    """A published value as one spreadsheet cell: lists joined, objects as JSON."""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def register_export_response(filings, export_format: str):
    now = timezone.now()
    if export_format == "json":

        def chunks():
            yield "["
            for index, filing in enumerate(filings.iterator(chunk_size=1000)):
                yield ("," if index else "") + json.dumps(_entry(filing), ensure_ascii=False)
            yield "]"

        response = StreamingHttpResponse(chunks(), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="register-{now:%Y%m%d}.json"'
        return response
    # One column per published field (a spreadsheet filters them); a field only another
    # filing type publishes is empty.
    entry_columns = [
        "id",
        "registration_number",
        "filing_type",
        "regime",
        "provider",
        "subject",
        "area",
        "registered_at",
    ]
    published = _published_columns()

    def rows():
        for filing in filings.iterator(chunk_size=1000):
            entry = _entry(filing)
            values = entry["public_fields"]
            yield [entry[name] for name in entry_columns] + [
                _cell(values.get(name)) for name in published
            ]

    # Prefixed: a published field may share a name with an entry column ("provider").
    header = entry_columns + [f"published.{name}" for name in published]

    return _csv_response(f"register-{now:%Y%m%d}.csv", header, rows())
