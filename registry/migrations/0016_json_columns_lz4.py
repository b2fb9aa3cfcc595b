"""The large JSON columns of systems, models and versions (a classification is ~4 KB)
compressed with lz4 instead of pglz: several times faster to write and read, a little
larger. PostgreSQL 14+ built with lz4 only; elsewhere (SQLite, an older server) nothing
changes. Values already stored keep their compression until rewritten."""

from django.db import migrations

COLUMNS = {
    "registry_aisystem": ("profile", "classification"),
    "registry_gpaimodel": ("profile", "classification"),
    "registry_subjectversion": ("data", "classification"),
}


def _lz4_available(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
        "AND 'lz4' = ANY(enumvals)"
    )
    return cursor.fetchone() is not None


def set_compression(method: str):
    def apply(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            if not _lz4_available(cursor):
                return
            quote = connection.ops.quote_name
            for table, columns in COLUMNS.items():
                alters = ", ".join(
                    f"ALTER COLUMN {quote(column)} SET COMPRESSION {method}" for column in columns
                )
                cursor.execute(f"ALTER TABLE {quote(table)} {alters}")

    return apply


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_mark_epoch_models_imported")]

    operations = [migrations.RunPython(set_compression("lz4"), set_compression("pglz"))]
