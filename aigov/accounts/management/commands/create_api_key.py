from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aigov.accounts.management.commands.create_organization import _describe
from aigov.accounts.models import ApiKeyScope, Organization
from aigov.accounts.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for an organisation and print its token (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="organisation slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--scope", choices=ApiKeyScope.values, default=ApiKeyScope.READ)
        parser.add_argument("--expires-in-days", type=int, default=None)

    def handle(self, *args, **options):
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organisation with slug {options['organization']!r}.")
        days = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            key, token = api_key_create(
                organization=organization,
                name=options["name"],
                scope=options["scope"],
                expires_at=expires_at,
            )
        except ValidationError as exc:
            raise CommandError(_describe(exc)) from None
        self.stderr.write(
            f"API key {key.name!r} ({key.scope}) for {organization.name}. "
            "Store the token now; it cannot be shown again:"
        )
        self.stdout.write(token)
