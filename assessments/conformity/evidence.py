"""What an evidence upload is, judged by its bytes alone (issue 10, item 4).

The name a file arrives with and the type the browser declares are never trusted: the
content is sniffed by its magic bytes. Executables and scripts are refused; archives other
than Office Open XML documents are refused, and those are opened only within the limits
of the zip-bomb guard; PDFs are scanned for active content (JavaScript, actions run on
opening, launching programs, embedded files), which quarantines them. Metric evidence is
validated JSON. Everything here is pure: no database, no storage.
"""

import hashlib
import io
import json
import math
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
CSV = "text/csv"
JSON = "application/json"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Detected type → the extension a download is named with, and how the type is shown.
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", TEXT: ".txt", CSV: ".csv", JSON: ".json"}
EXTENSIONS.update({DOCX: ".docx", XLSX: ".xlsx"})
LABELS = {
    PDF: "PDF",
    PNG: "PNG image",
    JPEG: "JPEG image",
    TEXT: "plain text",
    CSV: "CSV",
    JSON: "JSON",
    DOCX: "Word document (DOCX)",
    XLSX: "Excel workbook (XLSX)",
}
ACCEPTED_TYPES = "PDF, PNG, JPEG, plain text, CSV, JSON, DOCX or XLSX"

# Magic numbers of programs, refused whatever the file is called.
EXECUTABLES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows executable (MZ/PE)"),
    (b"\x7fELF", "a Linux executable (ELF)"),
    (b"\xfe\xed\xfa\xce", "a macOS executable (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", "a macOS executable (Mach-O)"),
    (b"\xce\xfa\xed\xfe", "a macOS executable (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "a macOS executable (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "a macOS universal binary or Java class file"),
    (b"\x00asm", "a WebAssembly module"),
    (b"#!", "a script (it starts with #!)"),
)

# PDF names that make a document do something when it is opened or clicked, or carry
# other files inside it: such a PDF is quarantined, not used as evidence.
PDF_ACTIVE_NAMES = {
    "JavaScript": "JavaScript",
    "JS": "JavaScript",
    "OpenAction": "an action run on opening (/OpenAction)",
    "AA": "automatic actions (/AA)",
    "Launch": "an action that launches a program (/Launch)",
    "EmbeddedFile": "an embedded file",
    "EmbeddedFiles": "embedded files",
    "RichMedia": "embedded rich media (/RichMedia)",
    "XFA": "an XFA form, which can carry script",
}
# Stream encodings the scan does not decode (anything but Flate), and Flate's predictors,
# which scramble what an object stream holds: such object streams are not scannable.
PDF_UNDECODED_FILTERS = frozenset(
    {"ASCIIHexDecode", "AHx", "ASCII85Decode", "A85", "LZWDecode", "LZW", "RunLengthDecode"}
    | {"RL", "Crypt", "DecodeParms", "Predictor"}
)
# Decompressed object-stream content scanned at most (bytes); more is suspicious in itself.
PDF_MAX_SCANNED = 64 * 1024 * 1024
# The Office content types (from [Content_Types].xml) accepted, and macro-carrying ones.
OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.ms-word.document.macroEnabled.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml": XLSX,
}
# More members than any real document has: refused before anything is decompressed.
ZIP_MAX_MEMBERS = 10_000
# Markup a browser would run script in: refused as text evidence.
ACTIVE_MARKUP = re.compile(rb"<\s*(script|html|svg|!doctype\s+html|iframe|object)\b", re.I)

# Metric evidence: each name's own validator (below); unknown names are refused.
METRIC_TITLES = {"refusal_test": "Refusal test", "must_answer_test": "Must-answer test"}
METRIC_NAMES = tuple(METRIC_TITLES)
# A reported rate may be rounded: it must be within this of refused/questions.
RATE_TOLERANCE = 0.0005


class EvidenceTooLarge(ValidationError):
    """The upload is over EVIDENCE_MAX_BYTES: a 413, nothing stored."""


@dataclass(frozen=True)
class Inspection:
    """What the bytes are: the detected type, and why they are quarantined (if they are).

    `note` tells the provider something worth knowing about an accepted file, such as a
    name that says another type than the content."""

    content_type: str
    quarantine: str = ""
    note: str = ""

    @property
    def accepted(self) -> bool:
        return not self.quarantine


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def check_size(size: int) -> None:
    """Refuse an upload over the limit before its bytes are read."""
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise EvidenceTooLarge(
            {"file": f"The file is {size:,} bytes; the limit is {limit:,} bytes ({_mib(limit)})."}
        )
    if size == 0:
        raise refuse("The file is empty.")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def inspect(data: bytes, filename: str = "") -> Inspection:
    """The detected type of `data`, or a ValidationError naming `file` that says why the
    bytes are refused. `filename` is used only to tell the provider about a mismatch."""
    check_size(len(data))
    head = data[:16]
    for magic, what in EXECUTABLES:
        if head.startswith(magic):
            raise refuse(f"The file is {what}; programs and scripts are not accepted as evidence.")
    # Readers find the PDF header anywhere in the first 1,024 bytes.
    if b"%PDF-" in data[:1024]:
        found = Inspection(PDF, quarantine=_pdf_active_content(data))
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = Inspection(PNG)
    elif head.startswith(b"\xff\xd8\xff"):
        found = Inspection(JPEG)
    elif head.startswith(b"PK\x03\x04"):
        found = _office(data)
    else:
        found = Inspection(_text_type(data))
    return _with_name_note(found, filename)


def _with_name_note(found: Inspection, filename: str) -> Inspection:
    suffix = PurePath(filename).suffix.lower()
    expected = EXTENSIONS[found.content_type]
    same = {expected, ".jpeg"} if expected == ".jpg" else {expected}
    if not suffix or suffix in same or (expected == ".txt" and suffix in {".md", ".log"}):
        return found
    note = (
        f"The name ends in {suffix}, but the content is {LABELS[found.content_type]}: "
        f"kept and served as {LABELS[found.content_type]} ({expected})."
    )
    return Inspection(found.content_type, found.quarantine, note)


# --- PDF

_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The `stream` keyword ends its line; readers accept CR LF, LF or a lone CR.
_STREAM = re.compile(rb"(?<!end)stream[ \t]*(?:\r\n|\r|\n)")
# How far before `stream` its dictionary is looked for.
_HEADER_WINDOW = 4096


def _names(chunk: bytes) -> set[str]:
    """Every PDF name in `chunk`, with `#xx` escapes decoded (`/J#61vaScript` is
    `/JavaScript`), so spelling a name oddly does not hide it."""
    found = set()
    for match in _NAME.finditer(chunk):
        raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        found.add(raw.decode("latin-1"))
    return found


class _Unscannable(Exception):
    """The PDF hides content where the scan cannot read it."""


def _inflate(view: memoryview, start: int, end: int, budget: int) -> bytes | None:
    """The Flate-decoded bytes of the stream at `start` (None if it is not Flate), at most
    `budget` + 1 of them. "endstream" may occur inside compressed bytes: a stream that
    ends early is decoded again up to the end of the file, where the stream really ends."""
    for stop in (end, len(view)):
        decompressor = zlib.decompressobj()
        try:
            content = decompressor.decompress(view[start:stop], budget + 1)
        except zlib.error:
            return None  # not Flate (an image, a font): nothing to decode
        if decompressor.eof or len(content) > budget or stop == len(view):
            return content
    return content


def _stream_names(data: bytes) -> set[str]:
    """The names inside object streams. Every object of a PDF is either in the file's own
    text (scanned as it is) or inside an object stream, so with these the scan has every
    dictionary; page content, fonts and images are not decoded. A stream counts as an
    object stream if its dictionary says /ObjStm or has /First (readers do not check the
    type), or if no dictionary is found before it; one the scan cannot decode makes the
    PDF unscannable."""
    budget = PDF_MAX_SCANNED
    view = memoryview(data)
    found: set[str] = set()
    for match in _STREAM.finditer(data):
        header_start = data.rfind(b"obj", max(0, match.start() - _HEADER_WINDOW), match.start())
        header = _names(data[header_start : match.start()]) if header_start >= 0 else None
        if header is not None and not header & {"ObjStm", "First"}:
            continue
        unreadable = (header or set()) & PDF_UNDECODED_FILTERS
        if unreadable:
            raise _Unscannable(
                f"The PDF keeps objects in a stream encoded with /{sorted(unreadable)[0]}, "
                "which aigov does not decode, so it cannot be checked for active content."
            )
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        content = _inflate(view, start, end, budget)
        if content is None:
            if header is None or "FlateDecode" in header:
                raise _Unscannable(
                    "An object stream of the PDF cannot be decompressed, so it cannot be "
                    "checked for active content."
                )
            content = bytes(view[start:end])  # not encoded at all
        budget -= len(content)
        if budget < 0:
            raise _Unscannable(
                "The PDF's object streams are too large to check for active content."
            )
        found |= _names(content)
    return found


def _pdf_active_content(data: bytes) -> str:
    """Why the PDF is quarantined, or "" when it carries no active content."""
    names = _names(data)
    if "Encrypt" in names:
        return "The PDF is encrypted, so its content cannot be checked for active content."
    try:
        names |= _stream_names(data)
    except _Unscannable as exc:
        return str(exc) + " It is quarantined: kept for inspection, never served as evidence."
    active = sorted({label for name, label in PDF_ACTIVE_NAMES.items() if name in names})
    if not active:
        return ""
    return (
        f"The PDF contains {', '.join(active)}. Active content can run on the reader's "
        "machine, so the file is quarantined: kept for inspection, never used or served as "
        "evidence. Upload a copy without it (for example printed to PDF)."
    )


# --- Office Open XML (zip) documents, within the zip-bomb guard


def _office(data: bytes) -> Inspection:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse("The file looks like a zip archive but cannot be read.") from None
    if len(members) > ZIP_MAX_MEMBERS:
        raise refuse(f"The archive has {len(members):,} files; this is not a document.")
    zip_bomb_guard(archive, members, len(data))
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        raise refuse(
            f"The file is a zip archive, not a Word or Excel document; accepted: {ACCEPTED_TYPES}."
        )
    types = archive.read("[Content_Types].xml")
    detected = next((kind for part, kind in OFFICE_MAIN_PARTS.items() if part in types), None)
    if detected is None:
        raise refuse(f"The Office document is neither DOCX nor XLSX; accepted: {ACCEPTED_TYPES}.")
    if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        return Inspection(
            detected,
            quarantine="The document contains macros (a VBA project), which can run on the "
            "reader's machine, so it is quarantined: kept for inspection, never used or "
            "served as evidence. Save it without macros (DOCX or XLSX) and upload that.",
        )
    return Inspection(detected)


def zip_bomb_guard(archive: zipfile.ZipFile, members, compressed: int) -> None:
    """Refuse an archive that unpacks to an absurd size or ratio. The sizes the archive
    declares are checked first, then the ones it really has (a member may lie about its
    size), decompressing no more than the limit."""
    limit = settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES
    ratio = settings.EVIDENCE_ZIP_MAX_RATIO
    ceiling = min(limit, compressed * ratio)

    def too_big(size: int) -> ValidationError:
        return refuse(
            f"The archive unpacks to more than {size:,} bytes from {compressed:,} "
            f"(limit {limit:,} bytes, at most {ratio} times its size): refused as a zip bomb."
        )

    declared = sum(member.file_size for member in members)
    if declared > ceiling:
        raise too_big(declared)
    total = 0
    for member in members:
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(64 * 1024):
                    total += len(chunk)
                    if total > ceiling:
                        raise too_big(total)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
            raise refuse(f"A part of the archive ({member.filename}) cannot be read.") from None


# --- Text


def _text_type(data: bytes) -> str:
    """JSON, CSV or plain text, if the bytes are UTF-8 text; otherwise refused."""
    if b"\x00" in data:
        raise refuse(f"The file's type is not recognised; accepted: {ACCEPTED_TYPES}.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(
            f"The file's type is not recognised (and it is not UTF-8 text); "
            f"accepted: {ACCEPTED_TYPES}."
        ) from None
    if ACTIVE_MARKUP.search(data[:4096]):
        raise refuse("The file is HTML or SVG markup, which can run script; upload a PDF of it.")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return JSON
    return CSV if _looks_like_csv(text) else TEXT


def _looks_like_csv(text: str) -> bool:
    """At least two lines, each with the same positive count of one delimiter."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return False
    for delimiter in (",", ";", "\t"):
        counts = {line.count(delimiter) for line in lines}
        if len(counts) == 1 and counts.pop() > 0:
            return True
    return False


# --- Metric evidence


def canonical(metric: dict) -> bytes:
    """The bytes a metric is hashed and downloaded as: sorted keys, no spaces."""
    return json.dumps(metric, sort_keys=True, separators=(",", ":")).encode()


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_metric(metric) -> dict:
    """A validated copy of a metric result, or a ValidationError naming each bad field
    (`metric.questions`, …). Known metrics: a refusal test (must-refuse questions) and a
    must-answer test, each with `questions` (> 0), `refused` (0..questions) and `rate`
    (refused / questions, rounding allowed); the minimums are checked by the checklist,
    not here."""
    if not isinstance(metric, dict):
        raise ValidationError({"metric": 'An object, e.g. {"name": "refusal_test", …}.'})
    errors: dict[str, str] = {}
    unknown = sorted(set(metric) - {"name", "questions", "refused", "rate", "notes"})
    for key in unknown:
        errors[f"metric.{key}"] = "Unknown field."
    name = metric.get("name")
    if name not in METRIC_NAMES:
        errors["metric.name"] = f"One of: {', '.join(METRIC_NAMES)}."
    questions: Any = metric.get("questions")
    refused: Any = metric.get("refused")
    rate: Any = metric.get("rate")
    if not _integer(questions) or questions <= 0:
        errors["metric.questions"] = "A whole number of questions, more than 0."
    if not _integer(refused) or refused < 0:
        errors["metric.refused"] = "A whole number of refused questions, 0 or more."
    elif _integer(questions) and refused > questions:
        errors["metric.refused"] = f"At most the number of questions ({questions})."
    if (
        not isinstance(rate, int | float)
        or isinstance(rate, bool)
        or not math.isfinite(rate)
        or not 0 <= rate <= 1
    ):
        errors["metric.rate"] = "The refusal rate as a number from 0 to 1 (e.g. 0.97)."
    elif "metric.questions" not in errors and "metric.refused" not in errors:
        expected = refused / questions
        if abs(rate - expected) > RATE_TOLERANCE:
            errors["metric.rate"] = (
                f"Inconsistent with refused/questions = {refused}/{questions} = {expected:.4f}."
            )
    notes = metric.get("notes", "")
    if not isinstance(notes, str) or len(notes) > 2000:
        errors["metric.notes"] = "Text of at most 2,000 characters."
    if errors:
        raise ValidationError(errors)
    clean = {"name": name, "questions": questions, "refused": refused, "rate": float(rate)}
    if notes:
        clean["notes"] = notes
    return clean
