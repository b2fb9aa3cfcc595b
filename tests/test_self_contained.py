"""The project runs and tests from a bare clone: nothing reads outside the repository."""

import subprocess
from pathlib import Path

from django.conf import settings

from registry.legal_text import text_for_basis

ROOT = Path(settings.BASE_DIR).resolve()
# Spelled in two parts so that this file does not match itself.
OUTSIDE = ("../" + "shared", "SHARED_" + "DATA_DIR")


def test_reference_data_lives_in_the_repository():
    for path in (settings.DATA_DIR, settings.EU_AI_ACT_DATA_DIR, settings.CAC_DATA_DIR):
        assert Path(path).resolve().is_relative_to(ROOT), path
        assert Path(path).is_dir(), path
    assert Path(settings.EPOCH_DEMO_CSV).resolve().is_relative_to(ROOT)
    assert Path(settings.EPOCH_DEMO_CSV).stat().st_size > 10_000


def test_the_act_is_quoted_from_the_repository_copy():
    assert "creditworthiness" in text_for_basis("Annex III 5(b)")["text"]


def test_no_tracked_file_points_outside_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        if name == "README.md" or name.startswith("data/") or not path.is_file():
            continue  # the README may cite the design notes beside a checkout
        text = path.read_text(encoding="utf-8", errors="ignore")
        if any(marker in text for marker in OUTSIDE):
            offenders.append(name)
    assert offenders == []


def test_a_data_folder_without_the_act_fails_the_system_check(settings, tmp_path):
    from registry.checks import reference_data_present

    assert reference_data_present(None) == []
    settings.EU_AI_ACT_DATA_DIR = tmp_path
    [error] = reference_data_present(None)
    assert error.id == "registry.E001" and "ai-act-articles.json" in error.msg
