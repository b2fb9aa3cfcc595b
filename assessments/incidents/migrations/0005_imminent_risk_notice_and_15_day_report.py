"""SB 53 imminent-risk incidents recorded before 0004 had one clock: the report, due 24
hours after awareness. That 24 hours is the notice outside the platform; the report to Cal
OES is due 15 days after awareness, as for any critical safety incident. The stored due
time still tells the awareness the clock was counted from (it minus 24 hours)."""

from datetime import timedelta

from django.db import migrations

from aigov import clock

NOTICE = timedelta(hours=24)
REPORT_DAYS = 15  # deadlines.US_CA, imminent_risk, frozen here


def split(apps, schema_editor):
    IncidentReport = apps.get_model("incidents", "IncidentReport")
    rows = IncidentReport.objects.filter(
        regime="us_ca", category="imminent_risk", notice_due_at__isnull=True
    )
    for incident in rows.iterator():
        aware = incident.report_due_at - NOTICE
        incident.notice_due_at = incident.report_due_at
        incident.report_due_at = clock.add_calendar_days(aware, REPORT_DAYS, regime="us_ca")
        incident.save(update_fields=["notice_due_at", "report_due_at"])


def join(apps, schema_editor):
    IncidentReport = apps.get_model("incidents", "IncidentReport")
    rows = IncidentReport.objects.filter(
        regime="us_ca", category="imminent_risk", notice_due_at__isnull=False
    )
    for incident in rows.iterator():
        incident.report_due_at = incident.notice_due_at
        incident.notice_due_at = None
        incident.save(update_fields=["notice_due_at", "report_due_at"])


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_incident_notice_outside_platform")]

    operations = [migrations.RunPython(split, join)]
