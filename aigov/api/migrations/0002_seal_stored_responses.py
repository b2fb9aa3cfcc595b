"""Seal the responses stored before replays were encrypted (aigov.api.idempotency).

Rows written before this migration hold the Idempotency-Key and the body in clear (for a
key-creation POST, the new token). Each is rewritten as the code now stores it: the key's
SHA-256 and the body sealed with a key derived from SECRET_KEY and the Idempotency-Key.
"""

from django.db import migrations


def seal_existing(apps, schema_editor):
    from aigov.api.idempotency import SEALED_FORMAT, key_digest, seal

    IdempotencyRecord = apps.get_model("api", "IdempotencyRecord")
    for record in IdempotencyRecord.objects.all().iterator():
        body = bytes(record.response_body)
        if len(record.key) == 64 and body.startswith(SEALED_FORMAT):
            continue  # already sealed
        record.response_body = seal(record.organization_id, record.key, body)
        record.key = key_digest(record.key)
        record.save(update_fields=["key", "response_body"])


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
