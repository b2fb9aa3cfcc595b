from django.core.management.base import BaseCommand, CommandError

from aigov.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero at the first broken event."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at sequence {report.first_broken}: {report.reason} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} events, head {report.head_hash}"
            )
        )
