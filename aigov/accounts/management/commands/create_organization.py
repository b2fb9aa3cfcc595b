from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from aigov.accounts.models import AssessorType, OrganizationKind
from aigov.accounts.services import organization_create


class Command(BaseCommand):
    help = "Create an organisation (tenant): an operator, an authority or an assessor."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=OrganizationKind.values)
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2, e.g. DE")
        parser.add_argument("--slug", default="")
        parser.add_argument("--authority-code", default=None, help="authorities only")
        parser.add_argument(
            "--jurisdiction",
            action="append",
            default=[],
            dest="jurisdictions",
            help="authorities: EU, a country code or a subdivision such as CN-BJ (repeatable)",
        )
        parser.add_argument("--identification-number", default="", help="assessors only")
        parser.add_argument(
            "--assessor-type",
            default="",
            choices=["", *AssessorType.values],
            help="assessors only: notified_body, evaluator (evaluation institute) or red_team",
        )

    def handle(self, *args, **options):
        try:
            organization = organization_create(
                name=options["name"],
                kind=options["kind"],
                country=options["country"],
                slug=options["slug"],
                authority_code=options["authority_code"],
                jurisdictions=options["jurisdictions"],
                identification_number=options["identification_number"],
                assessor_type=options["assessor_type"],
            )
        except ValidationError as exc:
            raise CommandError(_describe(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {organization.kind} {organization.name!r} "
                f"(slug {organization.slug}, id {organization.pk})"
            )
        )


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
