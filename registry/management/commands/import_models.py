import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aigov.accounts.models import Organization, OrganizationKind
from registry.importing import ImportFormatError, count_rows, import_models


class Command(BaseCommand):
    help = "Create or update GPAI models from an Epoch AI 'All ML Systems' CSV (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--organization", required=True, help="operator organisation slug")

    def handle(self, *args, path: Path, organization: str, **options):
        owner = Organization.objects.filter(slug=organization).first()
        if owner is None:
            raise CommandError(f"No organisation with slug {organization!r}.")
        if owner.kind != OrganizationKind.OPERATOR:
            raise CommandError("Models belong to operator organisations.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        total = count_rows(text)
        try:
            report = import_models(
                organization=owner,
                stream=text.splitlines(keepends=True),
                total_rows=total,
                progress=self._progress,
            )
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write("")
        self._summary(path, report)

    def _progress(self, done: int, total: int) -> None:
        if not total or (done % 25 and done != total):
            return
        width = 40
        filled = int(width * done / total)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done * 100 // total:3d}% ({done}/{total})"
        )
        sys.stderr.flush()

    def _summary(self, path, report) -> None:
        out = self.stdout.write
        out(
            f"Imported {path}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.skipped)} skipped."
        )
        if report.skipped:
            out("Skipped rows:")
            for row, reason in report.skipped:
                out(f"  row {row}: {reason}")
        out(f"Above 10^25 FLOP: {report.above_1e25}; above 10^26 FLOP: {report.above_1e26}.")
        out(f"Presumed systemic risk in the EU (Art. 51(2), > 10^25 FLOP): {report.systemic_risk}")
        out(
            "Above the former US EO 14110 §4.2 reporting threshold, revoked 2025-01-20 "
            "(> 10^26, or > 10^23 for models trained mainly on biological sequences): "
            f"{report.us_above_former_threshold}"
        )
        out(
            f"File SHA-256 {report.file_sha256}; digest of the ids written "
            f"{report.manifest_sha256()} (audit event gpai_model.imported)."
        )
        out('Data: Epoch AI, "All ML Systems", CC BY 4.0.')
