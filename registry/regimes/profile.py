"""The classification profile of DESIGN.md §6: field table, defaults and validation.

Field names are an API contract. Each field is one row of `FIELDS`; checking a value is
one small function per kind, so a new question is a new row, not a new branch.
"""

import datetime
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

SUBJECTS = ("ai_system", "gpai_model")

# Art. 5(1)(a)-(h), in the order of the Article, then the practice the Digital Omnibus
# adds (prohibited only in the amended text, from the date of its rule).
PRACTICES = (
    "subliminal_manipulation",
    "exploit_vulnerabilities",
    "social_scoring",
    "crime_prediction_profiling_only",
    "untargeted_face_scraping",
    "emotion_recognition_workplace_education",
    "biometric_categorisation_sensitive",
    "realtime_remote_biometric_id_law_enforcement",
    "non_consensual_intimate_imagery",
)
RBI_PRACTICE = "realtime_remote_biometric_id_law_enforcement"
NCII_PRACTICE = "non_consensual_intimate_imagery"
ART5_EXCEPTIONS = ("victim_search", "imminent_threat", "serious_crime_suspect")

# Annex III points; point 2 has no letters.
ANNEX_III_CODES = (
    "1(a)", "1(b)", "1(c)",
    "2",
    "3(a)", "3(b)", "3(c)", "3(d)",
    "4(a)", "4(b)",
    "5(a)", "5(b)", "5(c)", "5(d)",
    "6(a)", "6(b)", "6(c)", "6(d)", "6(e)",
    "7(a)", "7(b)", "7(c)", "7(d)",
    "8(a)", "8(b)",
)  # fmt: skip
ART_6_3_CONDITIONS = ("a", "b", "c", "d")
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
    kind: str
    default: Any
    choices: tuple[str, ...] = ()


# The profile, in questionnaire order. `relevant_questions` keeps this order.
FIELDS: dict[str, Field] = {
    "subject": Field("choice", "ai_system", SUBJECTS),
    "practices": Field("multi_choice", (), PRACTICES),
    "art5_exception": Field("optional_choice", None, ART5_EXCEPTIONS),
    "annex_iii_point": Field("optional_choice", None, ANNEX_III_CODES),
    "annex_i_product": Field("bool", False),
    "art_6_3_condition": Field("optional_choice", None, ART_6_3_CONDITIONS),
    "profiles_natural_persons": Field("bool", False),
    "interacts_with_persons": Field("bool", False),
    "generates_synthetic_content": Field("bool", False),
    "emotion_recognition": Field("bool", False),
    "biometric_categorisation": Field("bool", False),
    "deepfake": Field("bool", False),
    # "none" by default: the strictest Art. 43(1) outcome until the provider says otherwise.
    "harmonised_standards": Field("choice", "none", HARMONISED_STANDARDS),
    "deployer_public_authority": Field("bool", False),
    "training_compute_flop": Field("optional_number", None),
    "biological_sequence_data": Field("bool", False),
    "eu_business_users": Field("optional_count", None),
    "open_weights": Field("bool", False),
    # Art. 52(4): the Commission designated the model as having systemic risk. A fact of
    # the model's record (set by the AI Office), not a questionnaire answer.
    "commission_designated": Field("bool", False),
    "offered_in_china": Field("bool", False),
    "public_opinion_or_mobilisation": Field("bool", False),
    "cn_service_types": Field("multi_choice", (), CN_SERVICE_TYPES),
    "uses_filed_model": Field("optional_text", None),
    # Dated rulebooks (DESIGN.md §6, second revision).
    "placed_on_market": Field("optional_date", None),
    "public_interest_text": Field("bool", False),
    "offered_in_california": Field("bool", False),
    "annual_revenue_usd": Field("optional_number", None),
    # The day the law is read on; null means today (UTC). Not a questionnaire answer.
    "as_of": Field("optional_date", None),
}

# Lists are JSON's shape for the multiple-choice fields; the table keeps immutable tuples.
DEFAULT_PROFILE: dict[str, Any] = {
    name: list(field.default) if isinstance(field.default, tuple) else field.default
    for name, field in FIELDS.items()
}


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
