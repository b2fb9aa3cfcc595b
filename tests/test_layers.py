"""Dependencies point one way (DESIGN.md §3): demo → assessments → registry → aigov.

A lower layer never imports a higher one, not even inside a function; it offers a
registration (API routes, job handlers, system checks) that the higher layer fills. The
project's URLconf, `aigov/urls.py`, is the one place that names every app.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["aigov", "registry", "assessments", "demo"]  # lowest first
MAY_IMPORT_ANY_LAYER = {Path("aigov/urls.py")}


def imported_modules(source: str, module: str) -> set[str]:
    """Every module `source` (the text of `module`) imports, relative imports resolved."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            # `from registry import models` imports registry.models, as does `import`.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def layer_violations(layer: str) -> list[str]:
    higher = LAYERS[LAYERS.index(layer) + 1 :]
    violations = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative in MAY_IMPORT_ANY_LAYER:
            continue
        module = ".".join(relative.with_suffix("").parts)
        for name in sorted(imported_modules(path.read_text(), module)):
            if name.split(".")[0] in higher:
                violations.append(f"{relative} imports {name}")
    return violations


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_no_layer_imports_a_higher_one(layer):
    assert layer_violations(layer) == []


def test_the_rule_sees_imports_in_any_form():
    source = (
        "import registry.models\n"
        "def handler():\n"
        "    from registry.services import filing_create\n"
        "from . import sibling\n"
        "from ..jobs import services\n"
    )
    found = imported_modules(source, "aigov.api.routes")
    assert {"registry.models", "registry.services", "aigov.api.sibling"} <= found
    assert "aigov.jobs.services" in found
