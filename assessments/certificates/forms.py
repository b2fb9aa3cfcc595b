"""Browser forms of certificates and declarations; the services validate again and
decide."""

from django import forms

from assessments.certificates.annex_v import ANNEX_V_ITEMS
from assessments.certificates.models import Certificate
from assessments.certificates.services import IssueKind

TEXT_MAX = 5000
ISSUE_KINDS = (
    (IssueKind.INITIAL, "A new certificate"),
    (IssueKind.SUPPLEMENT, "A supplement to a certificate in force (the system changed)"),
    (IssueKind.RENEWAL, "A renewal after re-assessment"),
)


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        label="What to issue", choices=ISSUE_KINDS, widget=forms.RadioSelect, initial="initial"
    )
    previous = forms.ModelChoiceField(
        label="Certificate it builds on",
        queryset=Certificate.objects.none(),
        required=False,
        to_field_name="number",
        empty_label="None",
        help_text="Only for a supplement or a renewal.",
    )
    expires_on = forms.DateField(
        label="Valid until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for the longest validity the law allows (Art. 44(2)); "
        "a supplement keeps its certificate's date.",
    )
    intended_purpose = forms.CharField(
        label="Intended purpose certified", widget=forms.Textarea(attrs={"rows": 3})
    )
    conditions = forms.CharField(
        label="Conditions of validity",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TEXT_MAX,
    )

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        if previous is not None:
            self.fields["previous"].queryset = previous


class StatusForm(forms.Form):
    """The reasons (and, for a restriction, what is still covered) of a status change."""

    reason = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
    )
    restriction = forms.CharField(
        label="Restricted to",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TEXT_MAX,
        help_text="The conditions, uses or versions the certificate still covers.",
    )


class NumberingForm(forms.Form):
    number_format = forms.CharField(
        label="Certificate number format",
        max_length=100,
        help_text="Use {body} (your identification number), {year} and {seq} (e.g. {seq:06d}).",
    )


class DeclarationForm(forms.Form):
    """Annex V points 1 to 7 of a draft, one field each, plus for whom it is signed."""

    signed_for = forms.CharField(label="Signed for, or on behalf of", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in ANNEX_V_ITEMS:
            self.fields[item.key] = forms.CharField(
                label=f"{item.point}. {item.label}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=TEXT_MAX,
                help_text="" if item.required else "Where applicable.",
            )


class SignForm(forms.Form):
    signer_name = forms.CharField(label="Your name", max_length=200)
    signer_function = forms.CharField(label="Your function", max_length=200)
    place = forms.CharField(label="Place of issue", max_length=200)
    confirm = forms.BooleanField(
        label="I sign this declaration; it cannot be changed afterwards",
        required=True,
    )


class VerifyForm(forms.Form):
    number = forms.CharField(label="Certificate number", max_length=100)


class DocumentCheckForm(forms.Form):
    file = forms.FileField(label="The PDF you were given")
