"""Browser forms of conformity assessments; the services validate again and decide."""

from django import forms

from aigov.accounts.models import Organization, OrganizationKind
from assessments.conformity.models import Decision, Outcome, Procedure

REASON_MAX = 5000
TEXT_MAX = 20000


class RequestForm(forms.Form):
    procedure = forms.ChoiceField(label="Procedure", widget=forms.RadioSelect)
    assessor_organization = forms.ModelChoiceField(
        label="Notified body",
        queryset=Organization.objects.filter(kind=OrganizationKind.ASSESSOR).order_by("name"),
        required=False,
        empty_label="Choose the notified body",
        help_text="Only for assessment by a notified body (Annex VII).",
    )
    not_lodged_elsewhere = forms.BooleanField(
        label="The same application has not been lodged with any other notified body",
        required=False,
        help_text="Annex VII points 3.1(f) and 4.2(b) ask for this written declaration.",
    )

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Procedure.choices)
        self.fields["procedure"].choices = [(code, labels[code]) for code in procedures]


class VerbForm(forms.Form):
    """The reason (and, for a decision, its outcome) of one workflow verb."""

    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=REASON_MAX,
        help_text=f"At most {REASON_MAX:,} characters.",
    )
    decision = forms.ChoiceField(
        label="Decision", choices=[("", "Choose"), *Decision.choices], required=False
    )
    conditions = forms.CharField(
        label="Conditions",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=REASON_MAX,
        help_text="Only for a decision with conditions.",
    )


class FindingForm(forms.Form):
    requirement = forms.ChoiceField(label="Requirement")
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices)
    narrative = forms.CharField(
        label="What was found",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        help_text=f"At most {TEXT_MAX:,} characters.",
    )

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = list(requirements)


class AnswerForm(forms.Form):
    response = forms.CharField(
        label="Corrective action",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        help_text=f"At most {TEXT_MAX:,} characters.",
    )
