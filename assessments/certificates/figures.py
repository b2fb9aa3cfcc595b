"""The certificates' regulator figure, registered with the core's (`aigov.figures`) when
the app is ready: certificates of the systems filed with the authority, by status; each
number links to the certificates list (page and API) filtered the same way."""

from django.db.models import Count

from aigov.figures import Figure, Row, Window, figure_register
from assessments.certificates.models import Certificate, CertificateStatus


def by_status(actor, window: Window) -> list[Row]:
    grouped = Certificate.objects.visible_to(actor).values("status")
    counts = {row["status"]: row["n"] for row in grouped.annotate(n=Count("pk")).order_by()}
    return [
        Row(str(status), status.label, counts.get(status, 0), (("status", str(status)),))
        for status in CertificateStatus
    ]


figure_register(
    Figure(
        code="certificates-by-status",
        title="Certificates by status",
        definition="Notified bodies' certificates (Annex VII) of the AI systems filed with "
        "your authority, by their status today (valid, restricted, suspended, withdrawn, "
        "expired).",
        window="now",
        rows=by_status,
        unit="certificates",
        list_page="certificate_list",
        list_api="api:certificate-list",
    )
)
