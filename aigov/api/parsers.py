"""The one JSON parser of the API: bounded depth, and only text PostgreSQL can store."""

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _check(value) -> None:
    """Walk the parsed document without recursion: refuse nesting deeper than
    API_MAX_JSON_DEPTH and strings (keys or values) that are not valid Unicode, such as
    lone surrogates (`"\\ud800"`), which json.loads accepts and the database refuses."""
    limit = settings.API_MAX_JSON_DEPTH
    stack = [(value, 1, "")]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                raise ParseError(f"JSON nested deeper than {limit} levels at `{path or '$'}`.")
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in items:
                name = f"{path}.{key}" if path else str(key)
                if isinstance(key, str):
                    _check_text(key, name)
                stack.append((child, depth + 1, name))
        elif isinstance(node, str):
            _check_text(node, path)


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = path.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise ParseError(f"JSON text at `{shown or '$'}` is not valid Unicode.") from None


class JSONParser(parsers.JSONParser):
    """DRF's parser, plus the checks above; a malformed body stays a 400 problem."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON nested too deeply.") from None
        _check(data)
        return data
