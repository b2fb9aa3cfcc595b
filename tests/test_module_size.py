"""A module becomes a package before it is long (STYLE.md point 1): none of the code's
modules is over 600 lines. Migrations are generated and tests may be long."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ["aigov", "registry", "assessments", "demo", "benchmarks"]
MAX_LINES = 600


def test_no_module_is_over_600_lines():
    too_long = {}
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}
