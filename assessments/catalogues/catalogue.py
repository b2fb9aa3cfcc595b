"""Requirement catalogues per dated rulebook (DESIGN.md §8): what the law asks of a
classified subject, with the law's own words, and how each requirement is checked.

The catalogues are declared by one module per regime (`eu_ai_act`, `cn_cac`,
`us_ca_sb53`) and built once per process: the EU texts are read at run time from
`data/eu-ai-act/` (`registry.legal_text`), and the limits kept as settings are read then.

Public functions: `catalogues()`, `catalogue_get(code)`, `all_requirements()`,
`get(code)` and `requirements_for(classification)`.
"""

import re
from dataclasses import fields
from functools import cache

from django.conf import settings

from assessments.catalogues import cn_cac, eu_ai_act, us_ca_sb53
from assessments.catalogues.base import (
    AUTOMATED,
    CHECKS,
    QUALITIES,
    Catalogue,
    Requirement,
    Spec,
)
from registry.legal_text import text_for_basis

__all__ = [
    "AUTOMATED",
    "CHECKS",
    "QUALITIES",
    "REGIMES",
    "Catalogue",
    "Requirement",
    "all_requirements",
    "catalogue_get",
    "catalogues",
    "get",
    "requirements_for",
]

# Regime key (as in the classification) -> the module declaring its catalogues.
MODULES = {"eu": eu_ai_act, "cn": cn_cac, "us_ca": us_ca_sb53}
REGIMES: dict[str, str] = {
    "eu": "EU AI Act",
    "cn": "China (CAC)",
    "us_ca": "California (SB 53)",
}

ANNEX_SECTION = re.compile(r"^Annex (?P<annex>[IVX]+) Section (?P<number>\d+)$")
EU_SOURCE = "Regulation (EU) 2024/1689 as published in the Official Journal"
NOT_FOUND = "The words of {reference} were not found in data/eu-ai-act/."


def _annex_section(annex: str, number: int) -> str | None:
    """ "Section 1 …" up to "Section 2" of an annex numbering its sections (Annex XI)."""
    found = text_for_basis(f"Annex {annex}")
    if found is None:
        return None
    text = found["text"]
    start = re.search(rf"\bSection {number}\b", text)
    if start is None:
        return None
    following = re.search(rf"\bSection {number + 1}\b", text[start.end() :])
    end = start.end() + following.start() if following else len(text)
    return text[start.start() : end].strip()


def quote(reference: str) -> str | None:
    """The EU AI Act's words for a reference such as "Art. 53(1)(a)", "Annex IV 2" or
    "Annex XI Section 2"; None when the committed text does not have it."""
    section = ANNEX_SECTION.match(reference)
    if section:
        return _annex_section(section["annex"], int(section["number"]))
    found = text_for_basis(reference)
    return found["text"] if found else None


def _requirement(regime: str, catalogue: str, text_source: str, spec: Spec) -> Requirement:
    words = [quote(reference) for reference in spec.quote]
    missing = [ref for ref, text in zip(spec.quote, words, strict=True) if not text]
    if missing:
        text_source = " ".join(NOT_FOUND.format(reference=ref) for ref in missing)
    elif spec.quote:
        text_source = f"{EU_SOURCE}, {', '.join(spec.quote)}."
    limits = {"minimum": spec.minimum, "maximum": spec.maximum}
    if spec.setting:
        bound = "minimum" if spec.minimum is not None else "maximum"
        limits[bound] = getattr(settings, spec.setting, limits[bound])
    declared = {f.name: getattr(spec, f.name) for f in fields(Spec)}
    return Requirement(
        **declared | limits,
        regime=regime,
        catalogue=catalogue,
        text="\n\n".join(text for text in words if text),
        text_source=text_source,
    )


@cache
def _build(overrides: tuple) -> tuple[Catalogue, ...]:
    """Every catalogue; `overrides` (the settings it reads) only key the cache."""
    built = []
    for regime, module in MODULES.items():
        for code, title, description, rulebook, since, text_source, specs in module.CATALOGUES:
            built.append(
                Catalogue(
                    code=code,
                    regime=regime,
                    title=title,
                    description=description,
                    rulebook=rulebook,
                    in_force_from=since,
                    serves=module.SERVES,
                    text_source=text_source,
                    requirements=tuple(
                        _requirement(regime, code, text_source, spec) for spec in specs
                    ),
                )
            )
    codes = [r.code for c in built for r in c.requirements]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise ValueError(f"Requirement codes declared twice: {', '.join(sorted(duplicates))}.")
    return tuple(built)


def _settings_read() -> tuple:
    names = sorted(
        spec.setting
        for module in MODULES.values()
        for *_, specs in module.CATALOGUES
        for spec in specs
        if spec.setting
    )
    read = [(name, getattr(settings, name, None)) for name in names]
    # The law's words are read from this directory (registry.legal_text).
    return (*read, ("EU_AI_ACT_DATA_DIR", str(settings.EU_AI_ACT_DATA_DIR)))


def catalogues() -> tuple[Catalogue, ...]:
    """Every catalogue, EU first, in the order the pages show them."""
    return _build(_settings_read())


def catalogue_get(code: str) -> Catalogue:
    """The catalogue `code`; KeyError for an unknown code."""
    for catalogue in catalogues():
        if catalogue.code == code:
            return catalogue
    raise KeyError(code)


def all_requirements() -> list[Requirement]:
    """Every requirement of every catalogue."""
    return [r for catalogue in catalogues() for r in catalogue.requirements]


@cache
def _by_code(built: tuple[Catalogue, ...]) -> dict[str, Requirement]:
    return {r.code: r for catalogue in built for r in catalogue.requirements}


def get(code: str) -> Requirement:
    """The requirement `code`; KeyError (a LookupError) for an unknown code."""
    return _by_code(catalogues())[code]


def requirements_for(classification: dict) -> list[Requirement]:
    """The requirements that apply to a subject with this classification: from the
    catalogues of the rulebook texts it was read under, those whose predicate holds."""
    return [
        requirement
        for catalogue in catalogues()
        if catalogue.serves_classification(classification)
        for requirement in catalogue.requirements
        if requirement.applies(classification)
    ]
