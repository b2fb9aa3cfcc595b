"""The browser form of an evaluation; the service validates again and decides."""

from django import forms

from assessments.evaluations.models import FRAMEWORK_LEVELS, Domain, Framework, Mitigation
from assessments.evaluations.services import DEFAULT_REQUIREMENTS, art55_requirements


def level_choices() -> list:
    """Each framework's levels grouped under it, the service checks the pair."""
    return [
        ("", "No level"),
        *(
            (dict(Framework.choices)[framework], list(levels))
            for framework, levels in FRAMEWORK_LEVELS.items()
        ),
    ]


class EvaluationForm(forms.Form):
    gpai_model = forms.UUIDField(
        label="GPAI model ID",
        help_text="The model's ID as its provider gave it to you (shown on its model page).",
    )
    domain = forms.ChoiceField(label="Domain", choices=Domain.choices)
    mitigation = forms.ChoiceField(
        label="Evaluated", choices=Mitigation.choices, widget=forms.RadioSelect
    )
    framework = forms.ChoiceField(label="Framework", choices=Framework.choices, required=False)
    level = forms.ChoiceField(
        label="Level under the framework",
        choices=level_choices,
        required=False,
        help_text="For Anthropic's RSP an AI Safety Level; for OpenAI's Preparedness "
        "Framework a risk level.",
    )
    framework_name = forms.CharField(
        label="Other framework: its name", max_length=200, required=False
    )
    other_level = forms.CharField(
        label="Other framework: the level or result it names", max_length=100, required=False
    )
    result = forms.CharField(label="Result, in one line", max_length=300)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    requirements = forms.MultipleChoiceField(
        label="Art. 55 requirements this evaluation supports",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    log = forms.FileField(
        label="Inspect eval log (optional)",
        required=False,
        help_text="The .eval or .json log inspect_ai wrote; its task, model, metrics and "
        "sample counts are read from it, and it is kept with its SHA-256.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirements"].choices = [
            (r.code, f"{r.basis} — {r.title}") for r in art55_requirements()
        ]
        self.fields["requirements"].initial = list(DEFAULT_REQUIREMENTS)
