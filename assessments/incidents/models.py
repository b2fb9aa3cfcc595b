"""Serious incident reports (DESIGN.md §8): the provider's facts, the authorities they are
routed to, each submitted stage as an immutable hashed snapshot, the timeline, the
reminders the deadline sweep has sent and the escalations it made (once each)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from aigov.accounts.models import Authored, TenantModel
from aigov.workflow import TimelineEvent
from aigov.workflow import Transition as WorkflowTransition
from assessments.incidents.deadlines import REGIMES
from registry.models import AISystem, GPAIModel


class IncidentRegime(models.TextChoices):
    EU = "eu", REGIMES["eu"].label
    EU_GPAI = "eu_gpai", REGIMES["eu_gpai"].label
    US_CA = "us_ca", REGIMES["us_ca"].label


# Every category code of every regime (the regime decides which are allowed).
CATEGORY_CHOICES = sorted(
    {(c.code, c.label) for regime in REGIMES.values() for c in regime.categories},
)


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REPORTED = "reported", "Initial report submitted"
    COMPLETE = "complete", "Complete report submitted"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the authority"
    INFORMATION_REQUESTED = "information_requested", "Information requested"
    CLOSED = "closed", "Closed"


class Stage(models.TextChoices):
    INITIAL = "initial", "Initial report"
    COMPLETE = "complete", "Complete report"
    FOLLOW_UP = "follow_up", "Follow-up report"
    FINAL = "final", "Final report"


class IncidentVerb(models.TextChoices):
    REPORT_INITIAL = "report_initial", "Submit the initial report"
    REPORT_COMPLETE = "report_complete", "Submit the complete report"
    REPORT_FOLLOW_UP = "report_follow_up", "Submit a follow-up report"
    REPORT_FINAL = "report_final", "Submit the final report"
    ACKNOWLEDGE = "acknowledge", "Acknowledge"
    REQUEST_INFORMATION = "request_information", "Request information"
    RECORD_MEASURES = "record_measures", "Record measures taken"
    CLOSE = "close", "Close"
    RECORD_NOTICE = "record_notice", "Record the notice given outside the platform"


_S, _V = IncidentStatus, IncidentVerb
_PROVIDER = frozenset({"operator"})
_AUTHORITY = frozenset({"authority"})
# After the complete report, every later report keeps the status (the service moves an
# answer to a request for information back to the authority).
_AFTER_COMPLETE = frozenset({_S.COMPLETE, _S.ACKNOWLEDGED, _S.INFORMATION_REQUESTED})
_OPEN = frozenset({_S.REPORTED, _S.COMPLETE, _S.ACKNOWLEDGED, _S.INFORMATION_REQUESTED})
_NOT_CLOSED = _OPEN | {_S.DRAFT}


def _rule(verb, sources, target, by, permission, needs_reason=False) -> WorkflowTransition:
    label = dict(IncidentVerb.choices)[verb]
    return WorkflowTransition(label, frozenset(sources), target, by, permission, needs_reason)


# The incident workflow: draft → reported (initial, may be incomplete) → complete →
# acknowledged / information requested ↔ → closed. Provider verbs submit a stage (each a
# hashed snapshot) or record the notice the category calls for outside the platform (SB
# 53's imminent risk; the service refuses it elsewhere); authority verbs triage. Only a
# routed authority triages (the party check in services.py).
INCIDENT_TRANSITIONS: dict[str, WorkflowTransition] = {
    _V.REPORT_INITIAL: _rule(
        _V.REPORT_INITIAL, {_S.DRAFT}, _S.REPORTED, _PROVIDER, "incidents.report"
    ),
    _V.REPORT_COMPLETE: _rule(
        _V.REPORT_COMPLETE,
        {_S.DRAFT, _S.REPORTED, _S.INFORMATION_REQUESTED},
        _S.COMPLETE,
        _PROVIDER,
        "incidents.report",
    ),
    _V.REPORT_FOLLOW_UP: _rule(
        _V.REPORT_FOLLOW_UP, _AFTER_COMPLETE, None, _PROVIDER, "incidents.report"
    ),
    _V.REPORT_FINAL: _rule(_V.REPORT_FINAL, _AFTER_COMPLETE, None, _PROVIDER, "incidents.report"),
    _V.ACKNOWLEDGE: _rule(
        _V.ACKNOWLEDGE, {_S.REPORTED, _S.COMPLETE}, _S.ACKNOWLEDGED, _AUTHORITY, "incidents.triage"
    ),
    _V.REQUEST_INFORMATION: _rule(
        _V.REQUEST_INFORMATION,
        {_S.REPORTED, _S.COMPLETE, _S.ACKNOWLEDGED},
        _S.INFORMATION_REQUESTED,
        _AUTHORITY,
        "incidents.triage",
        True,
    ),
    _V.RECORD_MEASURES: _rule(
        _V.RECORD_MEASURES, _OPEN, None, _AUTHORITY, "incidents.triage", True
    ),
    _V.CLOSE: _rule(_V.CLOSE, _OPEN, _S.CLOSED, _AUTHORITY, "incidents.triage", True),
    _V.RECORD_NOTICE: _rule(_V.RECORD_NOTICE, _NOT_CLOSED, None, _PROVIDER, "incidents.report"),
}
# The provider's verbs and the stage each one submits.
STAGE_OF_VERB = {
    _V.REPORT_INITIAL: Stage.INITIAL,
    _V.REPORT_COMPLETE: Stage.COMPLETE,
    _V.REPORT_FOLLOW_UP: Stage.FOLLOW_UP,
    _V.REPORT_FINAL: Stage.FINAL,
}
VERB_OF_STAGE = {stage: verb for verb, stage in STAGE_OF_VERB.items()}
AUTHORITY_VERBS = (_V.ACKNOWLEDGE, _V.REQUEST_INFORMATION, _V.RECORD_MEASURES, _V.CLOSE)
OPEN_STATUSES = _OPEN


class IncidentReport(TenantModel, Authored):
    """A serious incident of one of the provider's systems or models; the organisation is
    the provider. Never public: the provider and the authorities it is routed to see it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    regime = models.CharField(max_length=16, choices=IncidentRegime.choices)
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES)
    ai_system = models.ForeignKey(
        AISystem, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    gpai_model = models.ForeignKey(
        GPAIModel, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    subject_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    occurred_at = models.DateTimeField()
    aware_at = models.DateTimeField(help_text="When the provider became aware of it.")
    member_states = models.JSONField(default=list, blank=True)
    persons_affected = models.PositiveIntegerField(null=True, blank=True)
    what_happened = models.TextField()
    immediate_measures = models.TextField(blank=True)
    # Art. 73: the provider does not alter the system in a way that may affect a later
    # evaluation of the causes before informing the authority.
    not_altered = models.BooleanField(default=False)
    # SB 53: whether internal use was involved; None until the provider says.
    internal_use = models.BooleanField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=24, choices=IncidentStatus.choices, default=IncidentStatus.DRAFT
    )
    report_due_at = models.DateTimeField()
    reported_at = models.DateTimeField(null=True, blank=True)
    # The notice outside the platform the category calls for (SB 53's imminent risk: 24
    # hours to law enforcement / public safety): when it is due, and whom the provider
    # says it told and when. None where the category calls for none.
    notice_due_at = models.DateTimeField(null=True, blank=True)
    notice_to = models.CharField(max_length=200, blank=True)
    notice_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_report_at = models.DateTimeField(null=True, blank=True)
    final_at = models.DateTimeField(null=True, blank=True)
    authority_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["report_due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ai_system__isnull=True) ^ models.Q(gpai_model__isnull=True),
                name="incident_exactly_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.subject_name})"

    @property
    def subject(self):
        return self.ai_system or self.gpai_model

    @classmethod
    def visibility_filter(cls, actor):
        """The provider sees its own; an authority sees what was reported to it (never
        drafts); nobody else sees any."""
        if actor.kind == "operator":
            return models.Q(organization=actor.organization)
        if actor.kind == "authority":
            routed = IncidentRoute.objects.filter(authority=actor.organization).values("incident")
            return models.Q(pk__in=routed) & ~models.Q(status=IncidentStatus.DRAFT)
        return models.Q(pk__in=[])


class IncidentRoute(TenantModel):
    """One authority an incident is reported to (fixed when it is first reported)."""

    incident = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="routes")
    authority = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "authority"], name="incident_route_once")
        ]

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(incident__in=IncidentReport.objects.visible_to(actor).values("pk"))


class IncidentSubmission(TenantModel):
    """One submitted stage, frozen: the facts as sent, canonical JSON hashed with SHA-256."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        IncidentReport, on_delete=models.PROTECT, related_name="submissions"
    )
    number = models.PositiveIntegerField()
    stage = models.CharField(max_length=16, choices=Stage.choices)
    data = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "number"], name="incident_submission_number"
            )
        ]

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(incident__in=IncidentReport.objects.visible_to(actor).values("pk"))


class IncidentEvent(TimelineEvent):
    """The incident's timeline: each transition, with its reason or measures."""

    incident = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="events")
    timeline_of = "incident"
    transition = models.CharField(max_length=24, choices=IncidentVerb.choices)
    from_status = models.CharField(max_length=24, choices=IncidentStatus.choices)
    to_status = models.CharField(max_length=24, choices=IncidentStatus.choices)

    class Meta(TimelineEvent.Meta):
        pass

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(incident__in=IncidentReport.objects.visible_to(actor).values("pk"))


class ReminderKind(models.TextChoices):
    BEFORE_48H = "48h", "48 hours before"
    BEFORE_24H = "24h", "24 hours before"
    DUE = "due", "At the deadline"
    OVERDUE = "overdue", "Overdue (to the authority)"


class IncidentReminder(TenantModel):
    """A reminder the sweep sent: one per (incident, deadline, due time, kind), ever."""

    incident = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.CharField(max_length=16)  # notice, report, update, final, authority
    due_at = models.DateTimeField()
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    audience = models.CharField(max_length=16)  # provider or authority
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "deadline", "due_at", "kind"], name="incident_reminder_once"
            )
        ]

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(incident__in=IncidentReport.objects.visible_to(actor).values("pk"))


class IncidentEscalation(TenantModel):
    """An incident the sweep escalated to the supervisors of one authority it is routed to,
    because that authority had not acknowledged it in time: once per (incident, authority),
    ever. The organisation is the provider's, as on every incident row; only the authority
    escalated to sees it (an internal matter of the regulator)."""

    incident = models.ForeignKey(
        IncidentReport, on_delete=models.CASCADE, related_name="escalations"
    )
    authority = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    # The moment escalation became due (the authority's clock plus the configured delay).
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "authority"], name="incident_escalation_once"
            )
        ]

    @classmethod
    def visibility_filter(cls, actor):
        return models.Q(authority=actor.organization) & models.Q(
            incident__in=IncidentReport.objects.visible_to(actor).values("pk")
        )
