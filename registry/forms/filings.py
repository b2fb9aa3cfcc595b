"""Browser forms of filings, the review queue and the public register.

The filing form is generated from the filing type's `FieldSpec`s: a regime adds fields by
declaring them, never by editing this module. Forms parse and label input; drafting,
submitting and every decision happen in `registry.services`.
"""

from datetime import date

from django import forms

from aigov.accounts.models import User
from registry.models import FilingStatus
from registry.regimes import FILING_TYPES, REGIMES, REGISTER_AREAS
from registry.regimes.filings import FilingType
from registry.selectors import PUBLISHABLE_TYPES
from registry.services.filings import REVIEWER_ROLES

PUBLIC_LEGEND = "Published on the public register"
PRIVATE_LEGEND = "Seen only by the reviewing authority"
REASON_MAX_LENGTH = 5000


def regime_choices() -> list[tuple[str, str]]:
    return [("", "Any regime"), *((code, regime.LABEL) for code, regime in REGIMES.items())]


def filing_type_choices(codes) -> list[tuple[str, str]]:
    return [("", "Any type"), *((code, FILING_TYPES[code].title) for code in codes)]


class NumberInput(forms.NumberInput):
    """A number input that writes large numbers as 3e+25, not as 26 digits."""

    def format_value(self, value):
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
            return repr(float(value))
        return super().format_value(value)


class FilingNumberField(forms.FloatField):
    """A number as the filing stores it: whole numbers that a float holds exactly stay
    integers (keyword counts), others are floats (FLOP written as 3e25)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput(attrs={"step": "any"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        if number is not None and number.is_integer() and abs(number) <= 2**53:
            return int(number)
        return number


def _form_field(spec, required: bool) -> forms.Field:
    """The form field of one FieldSpec; `required` only when the form is for submitting."""
    hint = f"Legal basis: {spec.basis}." + (f" {spec.help}" if spec.help else "")
    common = {
        "label": spec.label,
        "help_text": hint,
        "required": required,
        "error_messages": {"required": f"Required to submit ({spec.basis})."},
    }
    if spec.kind == "longtext":
        field = forms.CharField(
            max_length=20000, widget=forms.Textarea(attrs={"rows": 4}), strip=True, **common
        )
    elif spec.kind == "email":
        field = forms.EmailField(**common)
    elif spec.kind == "url":
        field = forms.URLField(max_length=2000, assume_scheme="https", **common)
    elif spec.kind == "date":
        field = forms.DateField(
            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), **common
        )
    elif spec.kind == "choice":
        field = forms.ChoiceField(choices=[("", "Choose…"), *spec.choices], **common)
    elif spec.kind == "choices":
        field = forms.MultipleChoiceField(
            choices=spec.choices,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
            **common,
        )
    elif spec.kind == "number":
        field = FilingNumberField(min_value=spec.minimum or 0, **common)
    elif spec.kind == "bool":
        # False is an answer, so a checkbox is never "required" to be ticked.
        field = forms.BooleanField(**{**common, "required": False})
    else:
        field = forms.CharField(max_length=500, **common)
    return field


class FilingForm(forms.Form):
    """The field values of one filing, as its filing type declares them.

    `for_submit` makes every field the filing type requires (given the filing's context)
    required here too, so a submit shows every missing and every invalid field at once.
    """

    def __init__(
        self,
        *args,
        filing_type: FilingType,
        context: dict,
        public: bool = True,
        for_submit: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.filing_type = filing_type
        self.public = public and filing_type.publishable
        # Only the points this filing asks (e.g. Art. 49(4) restricts the non-public ones).
        self.specs = filing_type.fields_for(context)
        for spec in self.specs:
            needed = spec.is_required(context)
            field = _form_field(spec, needed and for_submit)
            # What the label says: required to submit, whatever this form enforces now
            # (a draft is saved incomplete).
            field.needed_to_submit = needed
            self.fields[spec.name] = field

    def fieldsets(self) -> list[tuple[str, list]]:
        """Fields grouped by who will read them: the public register or only the authority."""
        groups: dict[str, list] = {PUBLIC_LEGEND: [], PRIVATE_LEGEND: []}
        for spec in self.specs:
            legend = PUBLIC_LEGEND if self.public and spec.public else PRIVATE_LEGEND
            groups[legend].append(self[spec.name])
        return [(legend, fields) for legend, fields in groups.items() if fields]

    def service_data(self) -> dict:
        """The `data` argument of filing_update: JSON values, empty fields cleared."""
        data = {}
        for spec in self.specs:
            value = self.cleaned_data.get(spec.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif value is None and spec.kind == "choices":
                value = []
            elif value is None and spec.kind not in ("number", "date"):
                value = ""
            data[spec.name] = value
        return data

    @staticmethod
    def data_from_values(filing_type: FilingType, values: dict) -> dict:
        """Stored values as form data, to check a stored draft the way a post is checked."""
        data = {}
        for spec in filing_type.fields:
            value = values.get(spec.name)
            if value is None:
                continue
            if spec.kind == "bool":
                if value:
                    data[spec.name] = "on"
            elif spec.kind == "choices":
                data[spec.name] = list(value) if isinstance(value, list) else [value]
            else:
                data[spec.name] = value
        return data


class StartFilingForm(forms.Form):
    """Which filing to start: one of the types the subject's classification needs."""

    filing_type = forms.ChoiceField(choices=[(code, code) for code in sorted(FILING_TYPES)])


class RegisteredEntryForm(forms.Form):
    """Annex VIII Section C: which registered high-risk system the deployer uses, by the
    registration number of the provider's entry."""

    registration_number = forms.CharField(
        label="Registration number of the provider's entry",
        max_length=120,
        help_text="As shown on the provider's entry in the EU database, e.g. EU-HR-2026-000042.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class ReasonForm(forms.Form):
    """The reason of a decision, shown to the other side. Rendered once per action with the
    action as prefix, so every textarea has its own id and label."""

    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, label: str = "Reason", needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        # The service decides; the marker tells the reader before they try.
        field.needed_to_submit = needs_reason
        field.help_text = "The provider reads it with the decision."


def reviewers_of(organization):
    """The users a filing of this authority can be assigned to."""
    return (
        User.objects.filter(
            memberships__organization=organization, memberships__role__in=REVIEWER_ROLES
        )
        .distinct()
        .order_by("email")
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="Assigned reviewer",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers_of(organization)
        self.fields["assignee"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )


# --- Filter forms: django-filter builds them; these give them the labels users read.

STATUS_CHOICES = FilingStatus.choices


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=choices)


def dress_filing_filter_form(form) -> None:
    """FilingFilter's form (the provider's list) with readable labels.

    The filters' own fields are replaced by plain ones: their values are the same codes,
    and only the labels (titles instead of codes) differ.
    """
    form.fields["status"] = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    form.fields["filing_type"] = _choice("Filing type", filing_type_choices(sorted(FILING_TYPES)))
    form.fields["regime"] = _choice("Regime", regime_choices())


def dress_queue_filter_form(form, reviewers) -> None:
    """QueueFilter's form: assignee as me / unassigned / a reviewer, overdue as a choice."""
    dress_filing_filter_form(form)
    form.fields["assignee"] = forms.ChoiceField(
        label="Assigned to",
        required=False,
        choices=[
            ("", "Anyone"),
            ("me", "Me"),
            ("none", "Nobody (unassigned)"),
            *((user.email, user.email) for user in reviewers),
        ],
    )
    form.fields["overdue"] = forms.NullBooleanField(
        label="Decision deadline",
        required=False,
        widget=forms.Select(
            choices=[("", "Any"), ("true", "Overdue only"), ("false", "Not overdue")]
        ),
    )


def dress_register_filter_form(form) -> None:
    """PublicRegisterFilter's form with readable labels and date inputs."""
    form.fields["q"].label = "Search"
    form.fields["q"].help_text = "Registration number, name, provider or any published value."
    form.fields["filing_type"] = _choice(
        "Category (what is registered)", filing_type_choices(PUBLISHABLE_TYPES)
    )
    form.fields["regime"] = _choice("Regime", regime_choices())
    form.fields["area"] = _choice(
        "Area of use", [("", "Any area"), *sorted(REGISTER_AREAS.items())]
    )
    form.fields["provider"].label = "Provider"
    for name, label in (
        ("registered_after", "Registered on or after"),
        ("registered_before", "Registered before"),
    ):
        form.fields[name] = forms.DateField(
            label=label,
            required=False,
            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        )
