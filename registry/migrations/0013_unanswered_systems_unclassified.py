"""Systems saved before any question was answered lose the "minimal" tier the wizard used
to store for them: they are not classified yet (registry.services.subjects.awaits_answers).
Their versions recorded without answers say so too. Data only; nothing to undo."""

from django.db import migrations


def _unanswered(profile) -> bool:
    return not {key for key in (profile or {}) if key != "subject"}


def unclassify_unanswered_systems(apps, schema_editor):
    AISystem = apps.get_model("registry", "AISystem")
    SubjectVersion = apps.get_model("registry", "SubjectVersion")
    cleared = []
    for system in AISystem.objects.only("id", "profile").iterator(chunk_size=1000):
        if _unanswered(system.profile):
            cleared.append(system.pk)
    for start in range(0, len(cleared), 1000):
        AISystem.objects.filter(pk__in=cleared[start : start + 1000]).update(
            profile={}, classification={}
        )
    versions = SubjectVersion.objects.filter(subject_kind="ai_system").only("id", "data")
    for version in versions.iterator(chunk_size=1000):
        if _unanswered((version.data or {}).get("profile")):
            SubjectVersion.objects.filter(pk=version.pk).update(classification={})


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_submission_subject_snapshot")]

    operations = [
        migrations.RunPython(unclassify_unanswered_systems, migrations.RunPython.noop),
    ]
