"""The EU AI Act's own words for a legal basis such as "Art. 6(2)" or "Annex III 5(b)".

Reads the Official Journal text from `EU_AI_ACT_DATA_DIR` (default `data/eu-ai-act` in
the repository) once per process. The source is flat text, so paragraphs
("1. ", "2. ") and points ("(a) ", "(b) ") are found by their numbering, in sequence.
"""

import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings

BASIS_PATTERN = re.compile(
    r"^(?:Art\.|Article)\s*(?P<article>\d+)(?:\((?P<paragraph>\d+)\))?(?:\((?P<point>[a-z])\))?"
    r"|^Annex\s+(?P<annex>[IVX]+)"
    r"(?:\s+Section\s+(?P<section>[A-Z])|\((?P<letter>[a-z])\)"
    r"|\s+(?P<annex_point>\d+)(?:\((?P<annex_letter>[a-z])\))?)?"
)


@cache
def _articles() -> dict[str, dict]:
    path = Path(settings.EU_AI_ACT_DATA_DIR) / "ai-act-articles.json"
    return {str(row["article"]): row for row in json.loads(path.read_text())}


@cache
def _annexes() -> dict[str, dict]:
    path = Path(settings.EU_AI_ACT_DATA_DIR) / "ai-act-annexes.json"
    return {str(row["annex"]): row for row in json.loads(path.read_text())}


def _numbered(text: str, marker: str, first: str, successor) -> dict[str, str]:
    """Split text at markers numbered in sequence: 1., 2., … or (a), (b), …"""
    parts: dict[str, str] = {}
    current, position = first, 0
    starts: list[tuple[str, int]] = []
    while True:
        match = re.search(marker.format(re.escape(current)), text[position:])
        if match is None:
            break
        start = position + match.start(1)
        starts.append((current, start))
        position = position + match.end()
        current = successor(current)
    for index, (label, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        parts[label] = text[start:end].strip()
    return parts


def _paragraphs(text: str) -> dict[str, str]:
    return _numbered(text, r"(?:^|\s)({}\.\s)(?=[A-Z(])", "1", lambda n: str(int(n) + 1))


def _definitions(text: str) -> dict[str, str]:
    """Numbered items "(1) ", "(2) ", … as in Article 3's definitions."""
    return _numbered(text, r"(?:^|\s)(\({}\)\s)", "1", lambda n: str(int(n) + 1))


def _section(text: str, letter: str) -> str | None:
    """ "Section A — …" up to the next section of an annex."""
    match = re.search(rf"Section {letter}\b", text)
    if match is None:
        return None
    following = re.search(rf"Section {chr(ord(letter) + 1)}\b", text[match.end() :])
    end = match.end() + following.start() if following else len(text)
    return text[match.start() : end].strip()


def _points(text: str) -> dict[str, str]:
    points = _numbered(text, r"(?:^|\s)(\({}\)\s)", "a", lambda c: chr(ord(c) + 1))
    # "(i)" after "(h)" may be the roman sub-point (i) of (h), as in Art. 5(1)(h).
    if "h" in points and "(ii)" in points.get("i", ""):
        points["h"] = f"{points['h']} {points.pop('i')}"
    return points


def text_for_basis(basis: str) -> dict | None:
    """{"reference", "title", "text"} for a basis string, or None when not in the Act."""
    match = BASIS_PATTERN.match(basis.strip())
    if match is None:
        return None
    try:
        if match["article"]:
            row = _articles().get(match["article"])
            if row is None:
                return None
            text = row["content"]
            if match["paragraph"]:
                paragraph = match["paragraph"]
                text = _paragraphs(text).get(paragraph) or _definitions(text).get(paragraph, text)
                if match["point"]:
                    text = _points(text).get(match["point"], text)
            return {
                "reference": basis,
                "title": f"Article {row['article']} — {row['article_name']}",
                "text": text,
            }
        row = _annexes().get(match["annex"])
        if row is None:
            return None
        text = row["content"]
        if match["section"]:
            text = _section(text, match["section"]) or text
        elif match["letter"]:
            text = _points(text).get(match["letter"], text)
        elif match["annex_point"]:
            section = _paragraphs(text).get(match["annex_point"], text)
            text = (
                _points(section).get(match["annex_letter"], section)
                if match["annex_letter"]
                else section
            )
        return {"reference": basis, "title": f"Annex {row['annex']}", "text": text}
    except OSError:
        return None
