"""The serious incidents' regulator figures, registered with the core's (`aigov.figures`)
when the app is ready. An authority counts the incidents reported to it
(`IncidentReport.objects.visible_to`: routed to it, never drafts); each number links to
the incident list (page and API) filtered the same way."""

from django.db.models import Count

from aigov.figures import Figure, Row, Window, figure_register
from assessments.incidents import deadlines
from assessments.incidents.models import IncidentReport, IncidentStatus


def by_category(actor, window: Window) -> list[Row]:
    grouped = IncidentReport.objects.visible_to(actor).values("regime", "category")
    counts = {
        (row["regime"], row["category"]): row["n"]
        for row in grouped.annotate(n=Count("pk")).order_by()
    }
    return [
        Row(
            f"{regime.code}:{category.code}",
            f"{regime.label}: {category.label}",
            counts.get((regime.code, category.code), 0),
            (("regime", regime.code), ("category", category.code)),
        )
        for regime in deadlines.REGIMES.values()
        for category in regime.categories
    ]


def by_stage(actor, window: Window) -> list[Row]:
    grouped = IncidentReport.objects.visible_to(actor).values("status")
    counts = {row["status"]: row["n"] for row in grouped.annotate(n=Count("pk")).order_by()}
    return [
        Row(str(status), status.label, counts.get(status, 0), (("status", str(status)),))
        for status in IncidentStatus
        if status != IncidentStatus.DRAFT  # an authority never sees a draft
    ]


_WHAT = "Serious incidents reported to your authority (routed to it), "

figure_register(
    Figure(
        code="incidents-by-category",
        title="Serious incidents by category",
        definition=_WHAT + "by regime and category (which sets the reporting deadline).",
        window="now",
        rows=by_category,
        unit="incidents",
        list_page="incident_list",
        list_api="api:incident-list",
    )
)
figure_register(
    Figure(
        code="incidents-by-stage",
        title="Serious incidents by stage",
        definition=_WHAT + "by where each stands today: initial or complete report "
        "submitted, acknowledged, information requested, closed.",
        window="now",
        rows=by_stage,
        unit="incidents",
        list_page="incident_list",
        list_api="api:incident-list",
    )
)
