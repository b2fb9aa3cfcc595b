"""How a subject's stored classification, details and answers read on the pages: the
result card and panels of each regime (`describe`), the questionnaire's live summary
(`panel`), a result in a few words (`result_summary`) and the (label, value) rows of details
and answers. Shared by the subject pages and the filing pages; nothing here writes."""

from django import forms
from django.urls import reverse

from registry.forms.subjects import QuestionnaireForm, choice_label
from registry.legal_text import text_for_basis
from registry.models import GPAIModel
from registry.presenters import format_number
from registry.regimes import REGIMES, relevant_questions
from registry.regimes.eu_ai_act_panel import tier_badge

# The regime whose result is the result page's main card (the EU tier); every other
# registered regime has a panel below it, from its module's `PANEL_TEMPLATE`, or the
# generic one.
MAIN_REGIME = "eu"
GENERIC_PANEL = "registry/_regime_panel.html"
# Conclusions any regime may reach; each regime names its own in `CONCLUSIONS`.
SHARED_CONCLUSIONS = {"not_assessed": "Not assessed", "not_applicable": "Not applicable"}
NOT_GIVEN = "—"


def conclusion_labels() -> dict[str, str]:
    labels = dict(SHARED_CONCLUSIONS)
    for regime in REGIMES.values():
        labels.update(getattr(regime, "CONCLUSIONS", {}))
    return labels


def explain(reason: dict, *, texts: bool = False, overrides: dict | None = None) -> dict:
    """One conclusion in words; with `texts`, the Act's own text of each basis found."""
    labels = {**conclusion_labels(), **(overrides or {})}
    basis = reason.get("basis", [])
    return {
        "label": labels.get(reason["conclusion"], reason["conclusion"]),
        "explanation": reason.get("explanation", ""),
        "basis": basis,
        "texts": [t for b in basis if (t := text_for_basis(b))] if texts else [],
    }


def describe(classification: dict) -> dict:
    """A stored classification, arranged for the result page by each regime's `describe`:
    the main regime's card at the top level, every other regime under its key and in
    `panels` (label, template, data)."""
    result: dict = {"rulebooks": classification.get("rulebooks", {}), "panels": []}
    for key, regime in REGIMES.items():
        described = regime.describe(classification, classification.get(key) or {}, explain)
        if key == MAIN_REGIME:
            result.update(described)
            continue
        result[key] = described
        template = getattr(regime, "PANEL_TEMPLATE", None) or GENERIC_PANEL
        result["panels"].append(
            {"key": key, "label": regime.LABEL, "template": template, "data": described}
        )
    return result


def panel(classification: dict | None) -> dict | None:
    """The live panel's short summary: the main regime's, then a line per other regime."""
    if classification is None:
        return None
    found: dict = {"regimes": []}
    for key, regime in REGIMES.items():
        summary = getattr(regime, "summary", None)
        line = summary(classification, classification.get(key) or {}) if summary else None
        if key == MAIN_REGIME:
            found.update(line or {})
        elif line:
            found["regimes"].append(line)
    return found


def result_summary(classification: dict) -> str:
    """A classification in a few words: the tier of a system, the GPAI status of a model."""
    eu = classification.get("eu") or {}
    if eu.get("gpai"):
        return "Systemic risk (EU)" if eu.get("systemic_risk") else "No systemic risk (EU)"
    return tier_badge(eu.get("tier"))["label"]


def display_value(field, value) -> str:
    if value in (None, "") and getattr(field, "choices", None):
        return choice_label(field, "") if any(k == "" for k, _ in field.choices) else NOT_GIVEN
    if value == [] and isinstance(field, forms.MultipleChoiceField):
        return "None"
    if value in (None, "", [], {}):
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(choice_label(field, item) for item in value)
    if getattr(field, "choices", None) and not isinstance(value, GPAIModel):
        return choice_label(field, value)
    if isinstance(value, int | float):
        # A FloatField's value is a measurement even when jsonb hands it back as an integer.
        return format_number(value, measured=isinstance(field, forms.FloatField))
    return str(value)


def detail_rows(form_class, data: dict) -> list[dict]:
    """(label, value, link) rows of a subject's details, read from a record or a version."""
    rows = []
    for name in form_class.SERVICE_FIELDS:
        if name not in data:
            continue
        field, value = form_class.base_fields[name], data[name]
        row = {"label": field.label, "value": display_value(field, value), "url": None}
        if isinstance(value, GPAIModel):
            row["url"] = reverse("model_detail", args=[value.pk])
        elif name == "url" and value:
            row["url"] = value
        rows.append(row)
    representative = data.get("authorised_representative") or {}
    if representative:
        parts = [representative.get(k, "") for k in ("name", "address", "country", "email")]
        value = ", ".join(p for p in parts if p)
        rows.append({"label": "Authorised representative", "value": value, "url": None})
    return rows


def answer_rows(profile: dict) -> list[dict]:
    """The questionnaire answers that mattered, as (question, answer) rows."""
    fields = QuestionnaireForm.question_fields()
    return [
        {"label": fields[name].label, "value": display_value(fields[name], profile.get(name))}
        for name in relevant_questions(profile)
        if name in fields and name in profile
    ]
