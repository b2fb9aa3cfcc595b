"""On PostgreSQL, a GIN index for the public register's full-text search.

The expression matches what `registry.selectors.search_public_register` generates
(SearchVector("search_document", config="simple")), so the planner can use it.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS filing_search_gin ON registry_filing
USING gin (to_tsvector('simple'::regconfig, COALESCE("search_document", '')))
"""
DROP = "DROP INDEX IF EXISTS filing_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_filings")]

    operations = [migrations.RunPython(create_index, drop_index)]
