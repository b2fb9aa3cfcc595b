"""Browser forms of the registry: system and model details, the classification
questionnaire, list filters and the CSV import.

Forms only parse and check input and carry the labels users read; registering,
classifying and versioning happen in `registry.services`.
"""

import math

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from aigov.accounts.countries import EU_MEMBER_STATE_NAMES, EU_MEMBER_STATES
from registry.forms.model_search import QUERY_SUFFIX, ModelSearchWidget, model_offer
from registry.models import MODALITIES, ComputeMethod, GPAIModel, MarketStatus, Release
from registry.plausibility import MAX_TRAINING_FLOP, TEXT_LIMITS, number_text
from registry.regimes import DEFAULT_PROFILE
from registry.regimes.eu_ai_act_filings import REPRESENTATIVE_WHY
from registry.regimes.eu_ai_act_panel import NOT_CLASSIFIED, TIER_LABELS
from registry.regimes.profile import FIELDS, GROUPS, Field
from registry.services import MODEL_FIELDS, REQUIRED_COLUMNS, SYSTEM_FIELDS, representative_basis

# --- Labels

MEMBER_STATE_CHOICES = sorted(EU_MEMBER_STATE_NAMES.items(), key=lambda choice: choice[1])

MODALITY_LABELS = {
    "text": "Text",
    "image": "Image",
    "audio": "Audio",
    "video": "Video",
    "code": "Code",
    "biological_sequence": "Biological sequences",
    "tabular": "Tabular data",
    "other": "Other",
}
MODALITY_CHOICES = [(code, MODALITY_LABELS.get(code, code)) for code in MODALITIES]


def choice_label(field: forms.Field, value) -> str:
    """The label a choice field shows for `value` (option groups included)."""
    for key, label in field.choices:
        if isinstance(label, list | tuple):
            for sub_key, sub_label in label:
                if sub_key == value:
                    return str(sub_label)
        elif key == value:
            return str(label)
    return str(value)


# --- Fields


class CountField(forms.CharField):
    """A whole number that may be written large: 7000000000, 7,000,000,000 or 7e9."""

    MAXIMUM = 2**63 - 1  # BigIntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value).replace(",", "").replace("_", "").replace(" ", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValidationError("Enter a whole number, such as 7000000000 or 7e9.") from None
        if not math.isfinite(number) or number < 0:
            raise ValidationError("Enter a number of 0 or more.")
        if number != int(number):
            raise ValidationError("Enter a whole number.")
        if number > self.MAXIMUM:
            raise ValidationError("This number is too large.")
        # int(text) keeps every digit of a plain integer; float would round past 2**53.
        return int(text) if text.isdigit() else int(number)


def _flop_field(**kwargs) -> forms.FloatField:
    return forms.FloatField(
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        **kwargs,
    )


def long_text(limit_of: str, **kwargs) -> forms.CharField:
    """A free text of a subject, as long as `registry.plausibility.TEXT_LIMITS` allows."""
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return forms.CharField(max_length=TEXT_LIMITS[limit_of], **kwargs)


def show_text_limits(form: forms.Form) -> None:
    """Say the limit of every multi-line text under it (the browser also stops typing at
    it: `maxlength`), so nobody finds out only after writing too much."""
    for field in form.fields.values():
        long = isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)
        if long and field.max_length:
            limit = f"Up to {field.max_length:,} characters."
            field.help_text = f"{field.help_text} {limit}".strip()


# --- Details of systems and models


class RepresentativeMixin(forms.Form):
    """Art. 22 / Art. 54: an organisation outside the EU names its representative in the EU
    where the law requires one.

    The fields are shown only to such an organisation, and required where the subject's
    classification and market say so (`representative_basis`); the service checks the rule
    whenever the classification changes.
    """

    rep_name = forms.CharField(label="Representative's name", max_length=200, required=False)
    rep_address = forms.CharField(
        label="Representative's address",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rep_country = forms.ChoiceField(
        label="Representative's country",
        choices=[("", "Choose an EU member state"), *MEMBER_STATE_CHOICES],
        required=False,
        help_text="The representative must be established in the EU.",
    )
    rep_email = forms.EmailField(label="Representative's email address", required=False)

    REPRESENTATIVE_FIELDS = {
        "rep_name": "name",
        "rep_address": "address",
        "rep_country": "country",
        "rep_email": "email",
    }

    def setup_representative(self, organization, subject=None) -> None:
        self.needs_representative = organization.country not in EU_MEMBER_STATES
        basis = representative_basis(subject) if subject is not None else None
        self.representative_why = REPRESENTATIVE_WHY.get(basis or "", "")
        for name in self.REPRESENTATIVE_FIELDS:
            if self.needs_representative:
                self.fields[name].required = basis is not None
            else:
                del self.fields[name]

    def representative(self) -> dict:
        values = {
            key: self.cleaned_data[name]
            for name, key in self.REPRESENTATIVE_FIELDS.items()
            if name in self.fields
        }
        return values if any(values.values()) else {}

    @classmethod
    def representative_initial(cls, representative: dict) -> dict:
        return {
            name: representative.get(key, "") for name, key in cls.REPRESENTATIVE_FIELDS.items()
        }


class SubjectDetailsForm(RepresentativeMixin):
    """What systems and models share: the details part of the service's `fields`."""

    # (legend, field names); a field missing from the form (e.g. not needed) is skipped.
    FIELDSETS: tuple[tuple[str, tuple[str, ...]], ...] = ()
    SERVICE_FIELDS: tuple[str, ...] = ()
    REPRESENTATIVE_LEGEND = "Authorised representative in the EU"

    def __init__(self, *args, actor, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.setup_representative(actor.organization, subject)
        show_text_limits(self)
        # Errors are summarised in the order the fields are shown.
        self.order_fields([name for _, names in self._groups() for name in names])

    def _groups(self):
        return [
            *self.FIELDSETS,
            (self.REPRESENTATIVE_LEGEND, tuple(self.REPRESENTATIVE_FIELDS)),
            ("Version", ("substantial_modification", "modification_reason")),
        ]

    def fieldsets(self) -> list[tuple[str, list]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self._groups()
            if any(name in self.fields for name in names)
        ]

    def service_fields(self) -> dict:
        """The `fields` argument of subject_create / subject_update."""
        fields = {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}
        if self.needs_representative:
            fields["authorised_representative"] = self.representative()
        return fields

    @classmethod
    def initial_from(cls, subject) -> dict:
        initial = {name: getattr(subject, name) for name in cls.SERVICE_FIELDS}
        return {**initial, **cls.representative_initial(subject.authorised_representative or {})}


class SubstantialModificationMixin(forms.Form):
    """The edit form's version control: a substantial modification starts a new version."""

    substantial_modification = forms.BooleanField(
        label="This is a substantial modification",
        required=False,
        help_text="A change not foreseen in the initial conformity assessment that affects "
        "compliance or the intended purpose (Art. 3(23)). It starts a new version; the "
        "current version stays readable as it is.",
    )
    modification_reason = forms.CharField(
        label="What was substantially modified",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for a substantial modification.",
    )


class SystemForm(SubjectDetailsForm):
    """Step 1 of the wizard: the Annex VIII Section A facts of an AI system."""

    name = forms.CharField(label="Name", max_length=200)
    version = forms.CharField(
        label="Version", max_length=50, required=False, help_text="Your own label, e.g. 2.1."
    )
    trade_name = forms.CharField(label="Trade name", max_length=200, required=False)
    intended_purpose = long_text(
        "intended_purpose",
        label="Intended purpose",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the system is for, in the words of its instructions for use.",
    )
    components_and_functions = long_text(
        "components_and_functions",
        label="Components and functions supported by AI",
        required=False,
    )
    inputs_and_operating_logic = long_text(
        "inputs_and_operating_logic",
        label="Inputs and operating logic",
        required=False,
        help_text="The data or inputs the system uses and how it works, briefly.",
    )
    market_status = forms.ChoiceField(
        label="Market status", choices=MarketStatus.choices, initial=MarketStatus.IN_SERVICE
    )
    member_states = forms.MultipleChoiceField(
        label="EU member states where it is offered",
        choices=MEMBER_STATE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    gpai_model = forms.ModelChoiceField(
        label="General-purpose AI model it builds on",
        queryset=GPAIModel.objects.none(),
        required=False,
        empty_label="None",
        widget=ModelSearchWidget,
        help_text="Search your organisation's GPAI models by name, then choose one.",
    )
    url = forms.URLField(
        label="Web address with more information",
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    FIELDSETS = (
        ("The system", ("name", "version", "trade_name", "url")),
        (
            "What it does",
            ("intended_purpose", "components_and_functions", "inputs_and_operating_logic"),
        ),
        ("Where it is used", ("market_status", "member_states", "gpai_model")),
    )
    # The service's system fields, without the representative (handled apart).
    SERVICE_FIELDS = tuple(name for name in SYSTEM_FIELDS if name != "authorised_representative")

    def __init__(self, *args, actor, model_query: str | None = None, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        # Only models the actor may see can be chosen; another tenant's id is "invalid".
        self.fields["gpai_model"].queryset = GPAIModel.objects.visible_to(actor).only(
            "id", "name", "version"
        )
        # Offered: the chosen model and the matches of the search box, not every model.
        if model_query is None:
            model_query = self.data.get(f"gpai_model{QUERY_SUFFIX}", "") if self.is_bound else ""
        self.fields["gpai_model"].widget.offer = model_offer(
            actor, query=model_query, selected_id=self["gpai_model"].value()
        )

    def show_without_errors(self) -> None:
        """After a search for a base model (no JavaScript): the typed values shown again
        with the matches, and no error yet; nothing was saved."""
        self._errors = ErrorDict()

    @classmethod
    def initial_from(cls, subject) -> dict:
        return {**super().initial_from(subject), "gpai_model": subject.gpai_model_id}


class SystemEditForm(SubstantialModificationMixin, SystemForm):
    """Change a system's details, optionally as a substantial modification."""


class GPAIModelForm(SubjectDetailsForm):
    """A GPAI model's Annex XI / XII facts (what an import fills in, typed by hand)."""

    name = forms.CharField(label="Name", max_length=200)
    version = forms.CharField(
        label="Version", max_length=50, required=False, help_text="Your own label, e.g. 2.1."
    )
    parameters = CountField(
        label="Parameters", required=False, help_text="For example 70000000000 or 7e10."
    )
    training_tokens = CountField(
        label="Training data points or tokens", required=False, help_text="For example 1.5e13."
    )
    training_compute_flop = _flop_field(
        label="Training compute (FLOP)",
        required=False,
        help_text=f"For example 3.8e25; at most {number_text(MAX_TRAINING_FLOP)}, and more "
        "than the number of parameters.",
    )
    compute_method = forms.ChoiceField(
        label="How the training compute was determined",
        choices=ComputeMethod.choices,
        initial=ComputeMethod.DECLARED,
    )
    training_time_hours = _flop_field(label="Training time (hours)", required=False)
    energy_kwh = _flop_field(label="Energy used for training (kWh)", required=False)
    input_modalities = forms.MultipleChoiceField(
        label="Input modalities",
        choices=MODALITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    output_modalities = forms.MultipleChoiceField(
        label="Output modalities",
        choices=MODALITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    context_window = forms.IntegerField(
        label="Context window (tokens)", min_value=0, max_value=2**31 - 1, required=False
    )
    release = forms.ChoiceField(
        label="Release", choices=Release.choices, initial=Release.UNRELEASED
    )
    licence = forms.CharField(label="Licence", max_length=200, required=False)
    eu_business_users = forms.IntegerField(
        label="Registered business users in the EU",
        min_value=0,
        max_value=2**31 - 1,
        required=False,
        help_text="10,000 or more is a criterion for systemic risk (Annex XIII(f)).",
    )
    eu_placement_date = forms.DateField(
        label="Placed on the EU market on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="A past date, or a planned one at most a year from today.",
    )
    biological_sequence_data = forms.BooleanField(
        label="Trained mainly on biological sequence data", required=False
    )

    FIELDSETS = (
        ("The model", ("name", "version", "release", "licence", "eu_placement_date")),
        (
            "Training",
            (
                "parameters",
                "training_tokens",
                "training_compute_flop",
                "compute_method",
                "training_time_hours",
                "energy_kwh",
                "biological_sequence_data",
            ),
        ),
        ("Use", ("input_modalities", "output_modalities", "context_window", "eu_business_users")),
    )
    # The service's model fields, without those this form handles apart (the
    # representative) or that only an import sets (the source).
    SERVICE_FIELDS = tuple(
        name
        for name in MODEL_FIELDS
        if name not in ("authorised_representative", "source", "source_reference")
    )


class GPAIModelEditForm(SubstantialModificationMixin, GPAIModelForm):
    """Change a model's details, optionally as a substantial modification."""


# --- The classification questionnaire


def question_field(field: Field) -> forms.Field:
    """The form field that asks one profile question, as `profile.FIELDS` declares it."""
    common = {"label": field.label, "help_text": field.help, "required": False}
    if field.kind == "bool":
        return forms.BooleanField(**common)
    if field.kind == "multi_choice":
        return forms.MultipleChoiceField(
            choices=field.choice_labels, widget=forms.CheckboxSelectMultiple, **common
        )
    if field.kind in ("choice", "optional_choice"):
        empty = [("", field.empty_label)] if field.kind == "optional_choice" else []
        widget = forms.RadioSelect if field.widget == "radio" else forms.Select
        return forms.ChoiceField(choices=[*empty, *field.choice_labels], widget=widget, **common)
    if field.kind == "optional_date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if field.kind == "optional_text":
        return forms.CharField(max_length=200, **common)
    raise ValueError(f"No question for a field of kind {field.kind!r}.")


def questions() -> dict[str, Field]:
    """The profile fields a person answers (those with a label), grouped in page order."""
    asked = {name: field for name, field in FIELDS.items() if field.label}
    legends = [*GROUPS.values(), *(field.group for field in asked.values())]
    order = list(dict.fromkeys(legends))
    return dict(sorted(asked.items(), key=lambda item: order.index(item[1].group)))


class QuestionnaireForm(forms.Form):
    """The questions of the classification profile (DESIGN.md §6) that a person answers,
    generated from `registry.regimes.profile.FIELDS` (so from every registered regime).

    Bound with every question so that all posted answers are read; `keep(relevant)` then
    leaves only the questions that matter for those answers
    (`registry.regimes.relevant_questions`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = self.question_fields()

    @staticmethod
    def question_fields() -> dict[str, forms.Field]:
        return {name: question_field(field) for name, field in questions().items()}

    def keep(self, relevant) -> None:
        """Drop the questions not in `relevant`, except one showing an error."""
        for name in list(self.fields):
            if name not in relevant and not (self.is_bound and self.errors.get(name)):
                del self.fields[name]

    def groups(self) -> list[tuple[str, list]]:
        grouped: dict[str, list] = {}
        for name in self.fields:
            grouped.setdefault(FIELDS[name].group, []).append(self[name])
        return list(grouped.items())

    def answers(self) -> dict:
        """The profile answers given, without the unanswered optional ones."""
        answers = {}
        for name in self.fields:
            if name not in self.cleaned_data:
                continue
            value, kind = self.cleaned_data[name], FIELDS[name].kind
            if kind in ("optional_choice", "optional_text"):
                value = value or None
            elif kind == "optional_date":
                value = value.isoformat() if value else None
            elif kind == "choice" and not value:
                continue  # unanswered: the profile's default
            answers[name] = value
        return answers

    @classmethod
    def initial_from(cls, profile: dict) -> dict:
        """Initial values for stored (or previewed) answers, defaults where unanswered."""
        answers = {**DEFAULT_PROFILE, **profile}
        return {name: answers[name] for name in questions() if name in answers}

    @classmethod
    def service_error_names(cls) -> dict[str, str]:
        """subject_update names profile errors `profile.<field>`."""
        return {f"profile.{name}": name for name in questions()}


# --- Lists


class SystemSearchForm(forms.Form):
    """The AI system list's search box and tier filter (GET)."""

    q = forms.CharField(label="Search by name or version", max_length=200, required=False)
    tier = forms.ChoiceField(
        label="EU risk tier",
        choices=[("", "All tiers"), *TIER_LABELS.items(), ("none", NOT_CLASSIFIED)],
        required=False,
    )

    def filter_data(self) -> dict:
        """The data for `registry.filters`' FilterSet; nothing when the input is invalid."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ModelSearchForm(forms.Form):
    """The GPAI model list's search box and result filters (GET)."""

    q = forms.CharField(label="Search by name or version", max_length=200, required=False)
    systemic_risk = forms.BooleanField(label="Only systemic risk (EU)", required=False)
    us_report = forms.BooleanField(
        label="Only above the former US EO 14110 threshold (revoked 2025-01-20)", required=False
    )
    hide_imported = forms.BooleanField(
        label="Hide imported reference data (e.g. Epoch AI)", required=False
    )

    def filter_data(self) -> dict:
        if not self.is_valid():
            return {}
        data = {"q": self.cleaned_data["q"]} if self.cleaned_data["q"] else {}
        for name in ("systemic_risk", "us_report"):
            if self.cleaned_data[name]:
                data[name] = "true"
        if self.cleaned_data["hide_imported"]:
            data["imported"] = "false"
        return data


class RevenueForm(forms.Form):
    """The operator's annual gross revenue (SB 53's large frontier developer test)."""

    annual_revenue_usd = forms.IntegerField(
        label="Annual gross revenue, with affiliates (USD)",
        min_value=0,
        required=False,
        help_text="California SB 53: a frontier developer with more than USD 500,000,000 is a "
        "large frontier developer. Leave empty if not known.",
    )


# --- Import


class ModelImportForm(forms.Form):
    """An Epoch AI "All ML Systems" CSV; the service checks its content, not its name."""

    file = forms.FileField(
        label="CSV file",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text="A UTF-8 CSV in the Epoch AI “All ML Systems” format, with at least the "
        f"columns {', '.join(REQUIRED_COLUMNS)}. Each named row creates or updates one model.",
    )


class DesignateForm(forms.Form):
    """The AI Office's designation of a GPAI model with systemic risk (Art. 52(4))."""

    reason = forms.CharField(
        label="Grounds of the designation (Annex XIII criteria)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the provider and kept in the model's history.",
    )
