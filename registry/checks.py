"""System checks: the reference data the registry reads at run time is where settings say."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

REQUIRED_FILES = ("ai-act-articles.json", "ai-act-annexes.json", "ai-act-recitals.json")


@register()
def reference_data_present(app_configs, **kwargs) -> list[Error]:
    """Without the Act's text every result page would lose its quotations silently."""
    folder = Path(settings.EU_AI_ACT_DATA_DIR)
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if not missing:
        return []
    return [
        Error(
            f"The EU AI Act text is missing from {folder}: {', '.join(missing)}.",
            hint="AIGOV_DATA_DIR must point to a copy of the repository's data/ directory "
            "(or be unset to use it).",
            id="registry.E001",
        )
    ]
