"""Real Inspect logs (written once per session) and a private evidence storage per test."""

import pytest

from tests.assessments.evaluations.inspect_logs import write_inspect_log


@pytest.fixture(scope="session")
def inspect_logs(tmp_path_factory):
    """{"eval": path, "json": path}: the same tiny task's log in both formats."""
    root = tmp_path_factory.mktemp("inspect-logs")
    return {fmt: write_inspect_log(root / fmt, fmt) for fmt in ("eval", "json")}


@pytest.fixture(autouse=True)
def _private_evidence(evidence_root):
    """No evaluation test stores evidence outside its own folder."""
