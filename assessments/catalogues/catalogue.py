"""Minimal requirement list used until the full catalogues (branch wip-catalogues) land."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    code: str
    regime: str
    title: str
    basis: str
    check: str
    text: str = ""


_ALL = [
    Requirement("eu.art9", "eu", "Risk management system", "Art. 9", "evidence"),
    Requirement("eu.art11", "eu", "Technical documentation", "Art. 11", "evidence"),
    Requirement("eu.art49", "eu", "Registration", "Art. 49", "automated"),
    Requirement("cn.tc260.keywords", "cn", "Keyword library", "TC260", "automated"),
    Requirement(
        "eu.art53.1.a", "eu", "Technical documentation (Annex XI)", "Art. 53(1)(a)", "automated"
    ),
    Requirement("us_ca.framework", "us_ca", "Frontier AI framework", "SB 53", "automated"),
]


def requirements_for(classification):
    obligations = set((classification.get("eu") or {}).get("obligations") or [])
    out = []
    if "eu.art9" in obligations:
        out += _ALL[:3]
    if (classification.get("cn") or {}).get("security_assessment"):
        out.append(_ALL[3])
    if "us_ca.framework" in ((classification.get("us_ca") or {}).get("obligations") or []):
        out.append(_ALL[5])
    return out


def get(code):
    return next(r for r in _ALL if r.code == code)
