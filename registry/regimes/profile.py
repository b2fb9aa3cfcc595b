"""The classification profile of DESIGN.md §6: field table, defaults and validation.

Field names are an API contract. Each field is one row of `FIELDS`; checking a value is
one small function per kind, so a new question is a new row, not a new branch.
"""

import datetime
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from registry.regimes.eu_ai_act_tables import (
    ANNEX_III_AREAS,
    ANNEX_III_POINTS,
    ART5_PRACTICES,
    ART50_TRIGGERS,
    NCII_PRACTICE,  # noqa: F401 - the regimes read the codes from the profile
    RBI_PRACTICE,
)
from registry.regimes.eu_ai_act_tables import (
    ART5_EXCEPTIONS as ART5_EXCEPTION_TITLES,
)
from registry.regimes.eu_ai_act_tables import (
    ART_6_3_CONDITIONS as ART_6_3_CONDITION_TEXTS,
)

SUBJECTS = ("ai_system", "gpai_model")

# The EU codes come from the regime's own tables, in the order of the Act: Art. 5(1)(a)-(h)
# then the practice the Digital Omnibus adds; the Annex III points (point 2 has no letters).
PRACTICES = tuple(ART5_PRACTICES)
ART5_EXCEPTIONS = tuple(ART5_EXCEPTION_TITLES)
ANNEX_III_CODES = tuple(ANNEX_III_POINTS)
ART_6_3_CONDITIONS = tuple(ART_6_3_CONDITION_TEXTS)
HARMONISED_STANDARDS = ("full", "partial", "none")
CN_SERVICE_TYPES = ("recommendation", "deep_synthesis", "generative")


class ProfileError(ValueError):
    """A profile that cannot be classified; `errors` maps field name to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def reason(conclusion: str, basis: list[str], explanation: str) -> dict[str, Any]:
    """One explained conclusion, the shape of every regime's `reasons` entries."""
    return {"conclusion": conclusion, "basis": list(basis), "explanation": explanation}


class Field(NamedTuple):
    """One profile field: how it is checked and, when it is a question, how it is asked.

    A field with a `label` is a question of the questionnaire (the browser form is generated
    from this table); `regime` is the key of the regime that asks it, and that regime's
    `QUESTIONS` say when it matters.
    """

    kind: str
    default: Any
    choices: tuple[str, ...] = ()
    regime: str = ""
    label: str = ""
    help: str = ""
    group: str = ""
    # (code, label) pairs, or (group label, pairs) for a select with option groups.
    choice_labels: tuple = ()
    # "radio" for radio buttons; a single choice is a select otherwise.
    widget: str = ""
    # The label of the empty answer of an optional choice.
    empty_label: str = ""


def _yes_no(regime: str, **question: Any) -> Field:
    """A yes/no question of `regime`, "no" until answered."""
    return Field("bool", False, regime=regime, **question)


def _titled(table: dict[str, dict[str, str]], prefix: str = "") -> tuple:
    return tuple((code, f"{prefix}{row['title']} ({row['basis']})") for code, row in table.items())


def _annex_iii_labels() -> tuple:
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, title in ANNEX_III_POINTS.items():
        groups.setdefault(code.split("(")[0], []).append((code, f"{code} {title}"))
    return tuple((ANNEX_III_AREAS[area], tuple(points)) for area, points in groups.items())


def _art50(name: str, text: str) -> str:
    return f"{text} ({ART50_TRIGGERS[name]['basis']})"


def _transparency(name: str, text: str) -> Field:
    """An Art. 50 trigger as a yes/no question, with its basis in the question."""
    return _yes_no("eu", label=_art50(name, text), group=GROUPS["eu_transparency"])


# Fieldset legends in questionnaire order; a regime's new legend comes after these.
GROUPS = {
    "eu_prohibited": "Prohibited practices (Art. 5)",
    "eu_high_risk": "High-risk uses (Art. 6, Annex I and Annex III)",
    "eu_transparency": "Transparency (Art. 50)",
    "eu_dates": "Dates",
    "us_ca": "California (SB 53)",
    "cn": "China (CAC filings)",
}
_PROHIBITED, _HIGH, _TRANSPARENCY, _DATES = (
    GROUPS[key] for key in ("eu_prohibited", "eu_high_risk", "eu_transparency", "eu_dates")
)

# The profile, in questionnaire order. `relevant_questions` keeps this order.
FIELDS: dict[str, Field] = {
    "subject": Field("choice", "ai_system", SUBJECTS),
    "practices": Field(
        "multi_choice",
        (),
        PRACTICES,
        "eu",
        label="Does the system do any of these?",
        help="Prohibited AI practices (Art. 5(1)). Tick none if none applies.",
        group=_PROHIBITED,
        choice_labels=_titled(ART5_PRACTICES),
    ),
    "art5_exception": Field(
        "optional_choice",
        None,
        ART5_EXCEPTIONS,
        "eu",
        label="Is the real-time remote biometric identification used only for one of these "
        "objectives?",
        group=_PROHIBITED,
        choice_labels=_titled(ART5_EXCEPTION_TITLES),
        widget="radio",
        empty_label="None of these objectives",
    ),
    "annex_iii_point": Field(
        "optional_choice",
        None,
        ANNEX_III_CODES,
        "eu",
        label="Annex III point",
        help="The high-risk use listed in Annex III that the intended purpose falls under.",
        group=_HIGH,
        choice_labels=_annex_iii_labels(),
        empty_label="None of these uses",
    ),
    "annex_i_product": _yes_no(
        "eu",
        label="The system is a product, or a safety component of a product, covered by the "
        "Union harmonisation legislation of Annex I that needs third-party conformity "
        "assessment",
        help="Art. 6(1): for example machinery, toys, medical devices, lifts or radio equipment.",
        group=_HIGH,
    ),
    "art_6_3_condition": Field(
        "optional_choice",
        None,
        ART_6_3_CONDITIONS,
        "eu",
        label="Does the system pose no significant risk because it only …",
        help="Art. 6(3) derogation from the Annex III rule.",
        group=_HIGH,
        choice_labels=tuple(
            (code, f"… {text} (Art. 6(3)({code}))")
            for code, text in ART_6_3_CONDITION_TEXTS.items()
        ),
        widget="radio",
        empty_label="No derogation claimed",
    ),
    "profiles_natural_persons": _yes_no(
        "eu",
        label="The system profiles natural persons",
        help="Profiling keeps an Annex III system high-risk (Art. 6(3), third subparagraph).",
        group=_HIGH,
    ),
    "interacts_with_persons": _transparency(
        "interacts_with_persons", "It interacts directly with people"
    ),
    "generates_synthetic_content": _transparency(
        "generates_synthetic_content", "It generates synthetic audio, images, video or text"
    ),
    "emotion_recognition": _transparency("emotion_recognition", "It recognises emotions"),
    "biometric_categorisation": _transparency(
        "biometric_categorisation", "It categorises people by biometric data"
    ),
    "deepfake": _transparency("deepfake", "It generates or manipulates deep fakes"),
    # "none" by default: the strictest Art. 43(1) outcome until the provider says otherwise.
    "harmonised_standards": Field(
        "choice",
        "none",
        HARMONISED_STANDARDS,
        "eu",
        label="Are harmonised standards (or common specifications) applied?",
        help="Decides the conformity assessment procedure for biometrics (Art. 43(1)).",
        group=_HIGH,
        choice_labels=(("full", "Yes, in full"), ("partial", "In part"), ("none", "No")),
        widget="radio",
    ),
    "deployer_public_authority": _yes_no(
        "eu",
        label="It is deployed by a public authority, or a body acting on its behalf",
        help="Public-authority deployers register their use (Art. 49(3)) and assess the impact "
        "on fundamental rights (Art. 27).",
        group=_HIGH,
    ),
    # A GPAI model's compute, use and release come from its record, not the questionnaire.
    "training_compute_flop": Field("optional_number", None, regime="eu"),
    "biological_sequence_data": Field("bool", False, regime="eu"),
    "eu_business_users": Field("optional_count", None, regime="eu"),
    "open_weights": Field("bool", False, regime="eu"),
    # Art. 52(4): the Commission designated the model as having systemic risk. A fact of
    # the model's record (set by the AI Office), not a questionnaire answer.
    "commission_designated": Field("bool", False, regime="eu"),
    "offered_in_china": _yes_no(
        "cn",
        label="It is offered to the public in mainland China",
        group=GROUPS["cn"],
    ),
    "public_opinion_or_mobilisation": _yes_no(
        "cn",
        label="It has public-opinion attributes or social-mobilisation capability",
        group=GROUPS["cn"],
    ),
    "cn_service_types": Field(
        "multi_choice",
        (),
        CN_SERVICE_TYPES,
        "cn",
        label="Which services does it provide in China?",
        group=GROUPS["cn"],
        choice_labels=(
            ("recommendation", "Algorithmic recommendation"),
            ("deep_synthesis", "Deep synthesis (synthetic images, audio, video or text)"),
            ("generative", "Generative AI offered to the public"),
        ),
    ),
    "uses_filed_model": Field(
        "optional_text",
        None,
        regime="cn",
        label="CAC filing number of the model it calls",
        help="Only if the service calls a model already filed with the CAC; the app then "
        "registers (登记) instead of filing.",
        group=GROUPS["cn"],
    ),
    # Dated rulebooks (DESIGN.md §6, second revision).
    "placed_on_market": Field(
        "optional_date",
        None,
        regime="eu",
        label="When was it first placed on the EU market or put into service?",
        help="Leave empty if not yet. Systems already on the market keep older rules for a "
        "while (Art. 50(2) marking, Art. 111(2)).",
        group=_DATES,
    ),
    "significantly_changed_on": Field(
        "optional_date",
        None,
        regime="eu",
        label="When was its design last significantly changed?",
        help="Leave empty if it has not been. A high-risk system already on the market before "
        "2 August 2026 is caught by the Regulation only once its design is significantly "
        "changed on or after that day (Art. 111(2)).",
        group=_DATES,
    ),
    "public_interest_text": _yes_no(
        "eu",
        label=_art50(
            "public_interest_text",
            "It generates or manipulates text published to inform the public on matters of "
            "public interest",
        ),
        help="Unless the text was reviewed by a person and someone holds editorial responsibility.",
        group=_TRANSPARENCY,
    ),
    "offered_in_california": _yes_no(
        "us_ca",
        label="It is offered in California",
        help="California SB 53 (Transparency in Frontier AI Act) binds frontier developers "
        "from 2026-01-01; the revenue test uses your organisation's annual gross revenue.",
        group=GROUPS["us_ca"],
    ),
    # Filled from the operator organisation's record by the service.
    "annual_revenue_usd": Field("optional_number", None, regime="us_ca"),
    # The day the law is read on; null means today (UTC). Not a questionnaire answer.
    "as_of": Field("optional_date", None),
}


# Lists are JSON's shape for the multiple-choice fields; the table keeps immutable tuples.
def default_of(field: Field) -> Any:
    """A field's default answer as JSON holds it."""
    return list(field.default) if isinstance(field.default, tuple) else field.default


DEFAULT_PROFILE: dict[str, Any] = {name: default_of(field) for name, field in FIELDS.items()}


def _is_number(value: Any) -> bool:
    # bool is an int subclass, but `true` is not a FLOP count.
    return isinstance(value, int | float) and not isinstance(value, bool)


# Each checker returns (normalised value, error messages).
def _bool(value: Any, field: Field) -> tuple[Any, list[str]]:
    if isinstance(value, bool):
        return value, []
    return field.default, ["Must be true or false."]


def _choice(value: Any, field: Field) -> tuple[Any, list[str]]:
    if isinstance(value, str) and value in field.choices:
        # The table's own string, so a str subclass (e.g. TextChoices) comes out plain.
        return field.choices[field.choices.index(value)], []
    return field.default, [f"Must be one of: {', '.join(field.choices)}."]


def _optional_choice(value: Any, field: Field) -> tuple[Any, list[str]]:
    if value is None:
        return None, []
    if isinstance(value, str) and value in field.choices:
        return _choice(value, field)
    return None, [f"Must be null or one of: {', '.join(field.choices)}."]


def _multi_choice(value: Any, field: Field) -> tuple[Any, list[str]]:
    if not isinstance(value, list | tuple):
        return list(field.default), ["Must be a list."]
    errors = []
    for item in value:
        if not (isinstance(item, str) and item in field.choices):
            errors.append(f"Unknown value {item!r}; use {', '.join(field.choices)}.")
    duplicates = sorted({item for item in value if isinstance(item, str) and value.count(item) > 1})
    errors += [f"Duplicate value {item!r}." for item in duplicates]
    if errors:
        return list(field.default), errors
    # Canonical (table) order: the same answers always give the same profile.
    return [choice for choice in field.choices if choice in value], []


def exact_number(value: int | float) -> int | float:
    """The number a person meant, so that thresholds compare exactly.

    The float 1e25 is 10000000000000000905969664, just above 10^25; whoever wrote `1e25`
    meant 10^25. A float is read back through its shortest decimal form, and a whole
    number becomes an int, which Python compares with the int thresholds exactly.
    """
    if isinstance(value, int):
        return value
    decimal = Decimal(repr(value))
    return int(decimal) if decimal == decimal.to_integral_value() else value


def _optional_number(value: Any, field: Field) -> tuple[Any, list[str]]:
    if value is None:
        return None, []
    if not _is_number(value):
        return None, ["Must be a number or null."]
    if isinstance(value, float) and not math.isfinite(value):
        return None, ["Must be a finite, non-negative number."]
    if value < 0:
        return None, ["Must be a finite, non-negative number."]
    if isinstance(value, int) and value.bit_length() > 1000:
        return None, ["Number is too large."]
    return exact_number(value), []


def _optional_count(value: Any, field: Field) -> tuple[Any, list[str]]:
    if value is None:
        return None, []
    if not (isinstance(value, int) and not isinstance(value, bool)) or value < 0:
        return None, ["Must be a non-negative whole number or null."]
    return value, []


def _optional_text(value: Any, field: Field) -> tuple[Any, list[str]]:
    if value is None:
        return None, []
    if not isinstance(value, str) or not value.strip():
        return None, ["Must be null or a non-empty filing number."]
    return value.strip(), []


def _optional_date(value: Any, field: Field) -> tuple[Any, list[str]]:
    if value is None:
        return None, []
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value, []
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value), []
        except ValueError:
            pass
    return None, ["Must be null or a date (YYYY-MM-DD)."]


CHECKERS: dict[str, Callable[[Any, Field], tuple[Any, list[str]]]] = {
    "bool": _bool,
    "choice": _choice,
    "optional_choice": _optional_choice,
    "multi_choice": _multi_choice,
    "optional_number": _optional_number,
    "optional_count": _optional_count,
    "optional_text": _optional_text,
    "optional_date": _optional_date,
}


def _cross_field_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """Answers that claim an exception to a rule the profile does not trigger."""
    errors = {}
    practices = data.get("practices")
    if data.get("art5_exception") is not None and not (
        isinstance(practices, list | tuple) and RBI_PRACTICE in practices
    ):
        errors["art5_exception"] = [
            f"Only applies to the practice {RBI_PRACTICE!r} (Art. 5(1)(h)); tick it or clear this."
        ]
    if data.get("art_6_3_condition") is not None and data.get("annex_iii_point") is None:
        errors["art_6_3_condition"] = [
            "The Art. 6(3) derogation only applies to an Annex III use; give annex_iii_point "
            "or clear this."
        ]
    return errors


def validate_profile(data: dict) -> tuple[dict, dict[str, list[str]]]:
    """Return the normalised profile (defaults filled) and every error, keyed by field.

    A field with an error takes its default in the returned profile.
    """
    if not isinstance(data, dict):
        return dict(DEFAULT_PROFILE), {"non_field_errors": ["The profile must be an object."]}
    errors: dict[str, list[str]] = {
        str(name): ["Unknown field."] for name in data if name not in FIELDS
    }
    profile = {}
    for name, field in FIELDS.items():
        value = data.get(name, field.default)
        profile[name], messages = CHECKERS[field.kind](value, field)
        if messages:
            errors[name] = messages
    for name, messages in _cross_field_errors(data).items():
        errors.setdefault(name, []).extend(messages)
        profile[name] = FIELDS[name].default
    if profile["as_of"] is None:
        profile["as_of"] = today()
    return profile, errors


def today() -> datetime.date:
    """Today in UTC, the default `as_of` (DESIGN.md §6)."""
    return datetime.datetime.now(datetime.UTC).date()
