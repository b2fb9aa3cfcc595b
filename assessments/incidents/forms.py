"""Browser forms of serious incidents; the services validate again and decide."""

from datetime import datetime

from django import forms

from aigov.accounts.countries import EU_MEMBER_STATE_NAMES
from assessments.incidents.deadlines import REGIMES
from assessments.incidents.models import Stage
from assessments.incidents.services import FACTS, facts_asked

TEXT_MAX = 20000
LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MEMBER_STATES = sorted(EU_MEMBER_STATE_NAMES.items(), key=lambda item: item[1])


def category_choices() -> list:
    """One choice per regime and category ("eu:death"), grouped by regime."""
    return [
        (regime.label, [(f"{regime.code}:{c.code}", c.label) for c in regime.categories])
        for regime in REGIMES.values()
    ]


class _ZonedForm(forms.Form):
    def in_zone(self, value: datetime | None, tz) -> datetime | None:
        """The wall-clock time typed, read in the user's zone."""
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=tz)


class _FactsForm(_ZonedForm):
    what_happened = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX
    )
    persons_affected = forms.IntegerField(label="Persons affected", min_value=0, required=False)
    immediate_measures = forms.CharField(
        label="Immediate measures taken",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )
    not_altered = forms.BooleanField(
        label="The system has not been altered in a way that may affect a later evaluation "
        "of the causes before informing the authority",
        required=False,
        help_text="EU AI Act incidents only (Art. 73): required for the complete report.",
    )
    internal_use = forms.NullBooleanField(
        label="Internal use was involved",
        required=False,
        help_text="California SB 53 incidents only: required for the complete report.",
    )


class IncidentForm(_FactsForm):
    category = forms.ChoiceField(label="What kind of incident")
    subject = forms.ChoiceField(label="The AI system or GPAI model concerned")
    title = forms.CharField(label="Short title", max_length=200)
    occurred_at = forms.DateTimeField(label="When it occurred", widget=LOCAL_INPUT)
    aware_at = forms.DateTimeField(
        label="When you became aware of it",
        widget=LOCAL_INPUT,
        help_text="The reporting deadline runs from this moment.",
    )
    member_states = forms.MultipleChoiceField(
        label="Member state(s) where it occurred",
        choices=MEMBER_STATES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="For EU incidents: the report goes to each one's market surveillance authority.",
    )
    field_order = [
        "category",
        "subject",
        "title",
        "occurred_at",
        "aware_at",
        "member_states",
        "what_happened",
        "persons_affected",
        "immediate_measures",
        "not_altered",
        "internal_use",
    ]

    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose"), *category_choices()]
        self.fields["subject"].choices = [("", "Choose"), *subjects]


class ReportForm(_FactsForm):
    """A stage of one incident: only the facts its regime asks."""

    stage = forms.ChoiceField(label="Stage", choices=Stage.choices, widget=forms.HiddenInput)
    resolved_at = forms.DateTimeField(
        label="When it was resolved", widget=LOCAL_INPUT, required=False
    )
    note = forms.CharField(
        label="Note to the authority",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        required=False,
    )

    def __init__(self, *args, regime: str, **kwargs):
        super().__init__(*args, **kwargs)
        asked = facts_asked(regime)
        for name in [name for name in self.fields if name in FACTS and name not in asked]:
            del self.fields[name]


class NoticeForm(_ZonedForm):
    """The notice the provider gave outside the platform (SB 53's imminent risk)."""

    notice_to = forms.CharField(
        label="Authority notified",
        max_length=200,
        error_messages={"required": "Name the authority you notified."},
        help_text="The law enforcement or public safety agency you told.",
    )
    notice_at = forms.DateTimeField(
        label="When you gave the notice",
        widget=LOCAL_INPUT,
        error_messages={"required": "Give when you gave the notice."},
    )


class TriageForm(forms.Form):
    reason = forms.CharField(
        label="Reason or measures",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
