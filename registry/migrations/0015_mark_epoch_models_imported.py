"""Models imported before `imported_at` existed carry `source` (only an import sets it):
mark them imported as of their last write."""

from django.db import migrations
from django.db.models import F


def mark_imported(apps, schema_editor):
    GPAIModel = apps.get_model("registry", "GPAIModel")
    GPAIModel.objects.exclude(source="").filter(imported_at__isnull=True).update(
        imported_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0014_gpai_model_imported_at")]

    operations = [migrations.RunPython(mark_imported, migrations.RunPython.noop)]
