from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from aigov.accounts.management.commands.create_organization import _describe
from aigov.accounts.models import Organization, User
from aigov.accounts.services import membership_add, user_create


class Command(BaseCommand):
    help = "Create a user (or reuse one with this email) and make them a member of an organisation."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--organization", required=True, help="organisation slug")
        parser.add_argument("--role", required=True)
        parser.add_argument("--password", default=None, help="omit to create without one")
        parser.add_argument("--full-name", default="")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organisation with slug {options['organization']!r}.")
        try:
            with transaction.atomic():
                user = User.objects.filter(email=options["email"].lower()).first()
                created = user is None
                if created:
                    user = user_create(
                        email=options["email"],
                        password=options["password"],
                        full_name=options["full_name"],
                    )
                membership_add(organization=organization, user=user, role=options["role"])
        except ValidationError as exc:
            raise CommandError(_describe(exc)) from None
        verb = "Created" if created else "Found"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {user.email}; now {options['role']} of {organization.name}."
            )
        )
