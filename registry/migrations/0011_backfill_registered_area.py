"""Give entries registered before 0010 their Annex III area (FilingType.area, frozen)."""

from django.db import migrations

# The EU filing types whose entries carry the area of the system's Annex III use.
AREA_TYPES = ("eu.high_risk", "eu.not_high_risk", "eu.deployer")


def backfill(apps, schema_editor):
    Filing = apps.get_model("registry", "Filing")
    entries = Filing.objects.filter(
        filing_type__in=AREA_TYPES, registration_number__isnull=False, registered_area=""
    ).select_related("ai_system", "provider_filing__ai_system")
    for filing in entries.iterator():
        system = filing.ai_system or (filing.provider_filing and filing.provider_filing.ai_system)
        point = ((system.profile if system else None) or {}).get("annex_iii_point")
        if point:
            filing.registered_area = f"eu.{point.split('(')[0]}"
            filing.save(update_fields=["registered_area"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_filing_registered_area")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
