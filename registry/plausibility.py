"""What a system's or model's record may plausibly say: limits on numbers, dates and texts.

The one place these limits live. The subject services refuse a write that breaks one
(`plausibility_errors`, naming the field), so the browser, the API and the import give the
same answer; the browser forms and the API serializers read `TEXT_LIMITS` so the limit is
shown (help text, `maxlength`) and published in the OpenAPI schema.

These are checks of plausibility against typing mistakes (a wrong exponent, a wrong year),
not legal rules: no threshold of the AI Act or any other regime is decided here.
"""

import datetime
from typing import Any

# Training compute above this many FLOP is refused: far beyond any training run reported
# so far, so almost always a mistyped exponent. Exactly 1e29 is accepted.
MAX_TRAINING_FLOP = 1e29
# A placing-on-the-market date may be planned at most this many years ahead.
MAX_YEARS_AHEAD = 1

# Longest text (characters) of the free-text fields that have no length in the database.
# Short fields (name, version, trade name, licence, address) keep their column's length.
TEXT_LIMITS: dict[str, int] = {
    "intended_purpose": 5000,
    "components_and_functions": 5000,
    "inputs_and_operating_logic": 5000,
}


def number_text(value: float | int) -> str:
    """A count or FLOP figure as people write them: 3.8e25, 70,000,000."""
    if abs(value) >= 1e6:
        mantissa, _, exponent = f"{float(value):.3g}".partition("e")
        return f"{mantissa}e{int(exponent)}"
    return f"{value:,}"


def latest_placement(today: datetime.date) -> datetime.date:
    """The last plausible placing-on-the-market date seen from `today` (29 February looks
    ahead to 28 February)."""
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def placement_error(value: datetime.date | None, *, today: datetime.date) -> str | None:
    """Why a placing-on-the-market date is not plausible, or None."""
    if value is None:
        return None
    limit = latest_placement(today)
    if value > limit:
        return (
            f"{value.isoformat()} is more than a year ahead; give a date no later than "
            f"{limit.isoformat()} (register the planned date when it is within a year)."
        )
    return None


def text_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """The free texts longer than their limit."""
    errors: dict[str, list[str]] = {}
    for name, limit in TEXT_LIMITS.items():
        text = values.get(name)
        if isinstance(text, str) and len(text) > limit:
            errors[name] = [f"Keep this to {limit:,} characters or fewer (it has {len(text):,})."]
    return errors


def plausibility_errors(values: dict[str, Any], *, today: datetime.date) -> dict[str, list[str]]:
    """Field name -> messages for the values of a system or model that cannot be right.

    `values` holds the record's fields by name, and its questionnaire answers as
    `profile`; absent or empty ones are not checked.
    """
    errors = text_errors(values)
    flop = values.get("training_compute_flop")
    parameters = values.get("parameters")
    if flop is not None and flop > MAX_TRAINING_FLOP:
        errors["training_compute_flop"] = [
            f"{number_text(flop)} FLOP is more than 1e29, far beyond any training run reported "
            "so far; check the exponent (for example 3.8e25)."
        ]
    elif flop is not None and parameters is not None and parameters > flop:
        # Training touches every parameter several times per token, so the compute is
        # always far above the parameter count: one of the two numbers is mistyped.
        errors["parameters"] = [
            f"More parameters ({number_text(parameters)}) than training compute "
            f"({number_text(flop)} FLOP) is not possible; check both numbers."
        ]
    placement = placement_error(values.get("eu_placement_date"), today=today)
    if placement:
        errors["eu_placement_date"] = [placement]
    # The questionnaire's date (an ISO string; one that is not a date is the profile
    # check's to name).
    answered = (values.get("profile") or {}).get("placed_on_market")
    try:
        day = datetime.date.fromisoformat(answered) if isinstance(answered, str) else None
    except ValueError:
        day = None
    placement = placement_error(day, today=today)
    if placement:
        errors["profile.placed_on_market"] = [placement]
    return errors
