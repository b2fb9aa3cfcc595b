"""Reads of incidents: the clocks each party sees, when an unacknowledged one is escalated,
and the authority's queue by urgency."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When

from aigov import clock
from assessments.incidents import deadlines
from assessments.incidents.models import IncidentReport, IncidentStatus


@dataclass(frozen=True)
class Clock:
    """One deadline of one incident, as a page shows it."""

    key: str  # notice, report, update, final, authority
    label: str
    due_at: datetime
    basis: str
    audience: str  # who must act: "provider" or "authority"
    met_at: datetime | None
    zone_regime: str

    @property
    def due_local(self) -> str:
        return clock.format_local(self.due_at, regime=self.zone_regime, with_time=True)

    def countdown(self, now: datetime) -> str:
        if self.met_at is not None:
            late = self.met_at > self.due_at
            return "met late" if late else "met"
        return deadlines.remaining(self.due_at, now)

    def is_open(self) -> bool:
        return self.met_at is None


def incident_clocks(incident: IncidentReport) -> list[Clock]:
    """Every deadline of the incident: the notice outside the platform where the category
    calls for one (met by the provider's record of it) and the report to the routed
    authority (met by the first report), both from awareness and category; the
    authority's response; and for GPAI the 4-weekly update and the final report."""
    regime = deadlines.REGIMES[incident.regime]
    rule = deadlines.category(incident.regime, incident.category)
    zone = regime.clock
    closed = incident.status == IncidentStatus.CLOSED
    clocks = []
    if rule.notice is not None and incident.notice_due_at is not None:
        clocks.append(
            Clock(
                "notice",
                f"Notice to {rule.notice.to}",
                incident.notice_due_at,
                rule.notice.basis,
                "provider",
                incident.notice_at,
                zone,
            )
        )
    clocks.append(
        Clock(
            "report",
            "Report to the authority",
            incident.report_due_at,
            rule.basis,
            "provider",
            incident.reported_at,
            zone,
        )
    )
    if incident.authority_due_at is not None:
        acted = incident.acknowledged_at or incident.closed_at
        clocks.append(
            Clock(
                "authority",
                "The authority acts",
                incident.authority_due_at,
                regime.authority_basis,
                "authority",
                acted,
                zone,
            )
        )
    if incident.last_report_at and not closed and not incident.final_at:
        update = deadlines.next_update_due(incident.regime, incident.last_report_at)
        if update is not None:
            clocks.append(
                Clock(
                    "update", "Next update", update, regime.follow_up_basis, "provider", None, zone
                )
            )
    if incident.resolved_at and incident.reported_at:
        final = deadlines.final_due(incident.regime, incident.resolved_at)
        if final is not None:
            clocks.append(
                Clock(
                    "final",
                    "Final report",
                    final,
                    regime.follow_up_basis,
                    "provider",
                    incident.final_at,
                    zone,
                )
            )
    return clocks


def escalation_due_at(incident: IncidentReport) -> datetime | None:
    """When an incident the authority has not acknowledged goes to its supervisors: the
    configured hours after the authority's own period (INCIDENT_ESCALATE_AFTER_HOURS), or,
    where the law gives it none, after the first report
    (INCIDENT_ESCALATE_UNCLOCKED_AFTER_HOURS; 0 = never). None once acknowledged or closed,
    and for a draft (not reported to anyone)."""
    if incident.reported_at is None or incident.acknowledged_at or incident.closed_at:
        return None
    if incident.status in (IncidentStatus.DRAFT, IncidentStatus.CLOSED):
        return None
    if incident.authority_due_at is not None:
        return incident.authority_due_at + timedelta(hours=settings.INCIDENT_ESCALATE_AFTER_HOURS)
    hours = settings.INCIDENT_ESCALATE_UNCLOCKED_AFTER_HOURS
    if not hours:
        return None
    return incident.reported_at + timedelta(hours=hours)


def next_open_clock(incident: IncidentReport) -> Clock | None:
    """The earliest deadline still running, for lists."""
    running = [c for c in incident_clocks(incident) if c.is_open()]
    return min(running, key=lambda c: c.due_at) if running else None


def incident_queue(queryset: QuerySet[IncidentReport]) -> QuerySet[IncidentReport]:
    """Open incidents first, the one whose authority clock (or else the provider's first
    deadline: a notice not yet recorded, else the report) runs out soonest on top; closed
    ones last, newest closed first."""
    return queryset.annotate(
        is_closed=Case(
            When(status=IncidentStatus.CLOSED, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        waiting=Case(
            When(
                Q(acknowledged_at__isnull=True) & Q(closed_at__isnull=True),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
        # A notice is always due before the report (hours, not days).
        provider_due=Case(
            When(
                Q(notice_due_at__isnull=False) & Q(notice_at__isnull=True),
                then=F("notice_due_at"),
            ),
            default=F("report_due_at"),
        ),
    ).order_by(
        "is_closed",
        F("waiting").desc(),
        F("authority_due_at").asc(nulls_last=True),
        "provider_due",
        "id",
    )
