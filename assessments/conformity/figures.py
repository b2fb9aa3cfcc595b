"""The conformity assessments' regulator figures, registered with the core's
(`aigov.figures`) when the app is ready. An authority counts the assessments it may read
(`ConformityAssessment.objects.visible_to`: those of subjects filed with it); each number
links to the assessments list (page and API) filtered the same way."""

from django.db.models import Count

from aigov.figures import Figure, Row, Window, figure_register
from assessments.conformity.models import AssessmentStatus, ConformityAssessment, Procedure


def _counts(actor, column: str) -> dict[str, int]:
    grouped = ConformityAssessment.objects.visible_to(actor).values(column)
    return {row[column]: row["n"] for row in grouped.annotate(n=Count("pk")).order_by()}


def by_status(actor, window: Window) -> list[Row]:
    counts = _counts(actor, "status")
    return [
        Row(str(status), status.label, counts.get(status, 0), (("status", str(status)),))
        for status in AssessmentStatus
    ]


def by_procedure(actor, window: Window) -> list[Row]:
    counts = _counts(actor, "procedure")
    return [
        Row(str(code), code.label, counts.get(code, 0), (("procedure", str(code)),))
        for code in Procedure
    ]


_WHAT = (
    "Conformity assessments of the systems and models filed with your authority (any "
    "filing, at any stage it reviewed), "
)

figure_register(
    Figure(
        code="assessments-by-status",
        title="Conformity assessments by status",
        definition=_WHAT + "by their status today.",
        window="now",
        rows=by_status,
        unit="assessments",
        list_page="assessment_list",
        list_api="api:assessment-list",
    )
)
figure_register(
    Figure(
        code="assessments-by-procedure",
        title="Conformity assessments by procedure",
        definition=_WHAT + "by the procedure followed (internal control, notified body, …).",
        window="now",
        rows=by_procedure,
        unit="assessments",
        list_page="assessment_list",
        list_api="api:assessment-list",
    )
)
