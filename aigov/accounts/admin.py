from django.contrib import admin

from aigov.accounts.models import ApiKey, Membership, Organization, User
from aigov.admin import InspectAdmin


@admin.register(Organization)
class OrganizationAdmin(InspectAdmin):
    list_display = (
        "name",
        "slug",
        "kind",
        "assessor_type",
        "country",
        "authority_code",
        "created_at",
    )
    list_filter = ("kind", "assessor_type", "country")
    search_fields = ("name", "slug", "authority_code", "identification_number")


@admin.register(User)
class UserAdmin(InspectAdmin):
    list_display = ("email", "full_name", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff")
    search_fields = ("email", "full_name")
    exclude = ("password",)


@admin.register(Membership)
class MembershipAdmin(InspectAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "organization__name")
    list_select_related = ("user", "organization")


@admin.register(ApiKey)
class ApiKeyAdmin(InspectAdmin):
    list_display = ("name", "prefix", "organization", "scope", "expires_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "organization__name")
    list_select_related = ("organization",)
    exclude = ("secret_hash",)
