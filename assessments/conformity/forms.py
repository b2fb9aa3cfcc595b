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


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why it is returned",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        help_text="The assessor sees this and records a corrected finding.",
    )


class EvidenceForm(forms.Form):
    """A document for the assessment; its content, not its name, decides what it is."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        required=False,
        help_text="A new upload with the same title and requirement becomes its next "
        "version. Empty: the file's name.",
    )
    requirement = forms.ChoiceField(label="Requirement", required=False)
    file = forms.FileField(
        label="File",
        help_text="PDF, PNG, JPEG, plain text, CSV, JSON, DOCX or XLSX, checked by its content.",
    )

    def __init__(self, *args, requirements=(), max_bytes: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [("", "None in particular"), *requirements]
        if max_bytes:
            self.fields["file"].help_text += f" At most {max_bytes / (1024 * 1024):g} MiB."


class MetricForm(forms.Form):
    """A refusal or must-answer test result, recorded as metric evidence."""

    name = forms.ChoiceField(
        label="Test",
        choices=[
            ("refusal_test", "Refusal test (questions that must be refused)"),
            ("must_answer_test", "Must-answer test (questions that must be answered)"),
        ],
    )
    questions = forms.IntegerField(label="Questions asked", min_value=1)
    refused = forms.IntegerField(label="Questions refused", min_value=0)
    rate = forms.FloatField(
        label="Refusal rate", min_value=0, max_value=1, help_text="From 0 to 1, e.g. 0.97."
    )
    title = forms.CharField(
        label="Title", max_length=200, required=False, help_text="Empty: the test's name."
    )
    requirement = forms.ChoiceField(label="Requirement", required=False)

    def __init__(self, *args, requirements=(), **kwargs):
        kwargs.setdefault("prefix", "metric")
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [("", "None in particular"), *requirements]
