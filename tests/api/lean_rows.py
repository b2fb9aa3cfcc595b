"""Checks that a list's lean rows say exactly what its full serializer says."""

import json

from rest_framework.renderers import JSONRenderer


def assert_same_rows(full: list, lean: list, fields: list) -> None:
    """Every field equal as JSON (a UUID is its string), in the serializer's order, and
    the same JSON bytes."""
    assert len(lean) == len(full) > 0
    for full_row, lean_row in zip(full, lean, strict=True):
        full_json, lean_json = JSONRenderer().render(full_row), JSONRenderer().render(lean_row)
        full_row, lean_row = json.loads(full_json), json.loads(lean_json)
        assert list(lean_row) == list(full_row) == list(fields)
        for field in fields:
            assert lean_row[field] == full_row[field], field
        assert lean_json == full_json


def output_fields(serializer_class) -> list[str]:
    """The fields a serializer answers with, in its order."""
    return [name for name, field in serializer_class().fields.items() if not field.write_only]
