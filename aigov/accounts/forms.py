"""Browser forms for signing in, API keys and memberships.

Forms only parse and check input; the writes happen in `aigov.accounts.services`.
"""

import math
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from aigov.accounts.models import ApiKeyScope, Role


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an email address and a password.

    `blocked=True` (too many recent failures, see `ratelimit`) refuses the attempt without
    checking the password at all.
    """

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The email address or the password is not correct.",
        "inactive": "This account is disabled.",
        "blocked": "Too many failed sign-in attempts. Sign-in is paused; try again in "
        "%(minutes)s minutes.",
    }

    def __init__(self, request=None, *args, blocked: bool = False, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.blocked = blocked

    def clean(self):
        if self.blocked:
            minutes = math.ceil(settings.AUTH_FAILURE_WINDOW / 60)
            raise ValidationError(
                self.error_messages["blocked"], code="blocked", params={"minutes": minutes}
            )
        return super().clean()

    def clean_username(self) -> str:
        # Addresses are stored lower-case (UserManager); the backend matches exactly.
        return self.cleaned_data["username"].strip().lower()


class ApiKeyCreateForm(forms.Form):
    """Name, scope and optional expiry date of a new API key."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use this key, for example “CI pipeline”.",
    )
    scope = forms.ChoiceField(
        label="Access",
        choices=ApiKeyScope.choices,
        initial=ApiKeyScope.READ,
        widget=forms.RadioSelect,
    )
    expires_on = forms.DateField(
        label="Expiry date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The key stops working at the end of this day, in your time zone. "
        "Leave empty for a key that does not expire.",
    )

    def expires_at(self, zone) -> datetime | None:
        """The expiry as an aware datetime: midnight after the chosen day in `zone`."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


class MembershipRoleForm(forms.Form):
    """A member's new role, limited to the roles of the organisation's kind."""

    role = forms.ChoiceField(label="Role")

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in organization.roles]


class SwitchOrganizationForm(forms.Form):
    """The organisation to work in; the view checks the user is a member of it."""

    organization = forms.UUIDField(label="Organisation")


class OrganizationContactForm(forms.Form):
    """The organisation's postal address and contact details."""

    address = forms.CharField(
        label="Postal address",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As registrations and declarations of conformity state it.",
    )
    contact_email = forms.EmailField(label="Contact email", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
