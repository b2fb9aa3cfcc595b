"""Certificates and declarations in the admin: to inspect, never to write."""

from django.contrib import admin

from aigov.admin import InspectAdmin
from assessments.certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateNumbering,
    DeclarationOfConformity,
)


@admin.register(Certificate)
class CertificateAdmin(InspectAdmin):
    list_display = ["number", "status", "subject_name", "organization", "issuer", "expires_on"]
    list_filter = ["status", "validity_basis"]
    search_fields = ["number", "subject_name"]


@admin.register(CertificateEvent)
class CertificateEventAdmin(InspectAdmin):
    list_display = ["certificate", "transition", "to_status", "actor_organization", "created_at"]
    list_filter = ["transition"]


@admin.register(CertificateNumbering)
class CertificateNumberingAdmin(InspectAdmin):
    list_display = ["organization", "number_format", "last_sequence"]


@admin.register(DeclarationOfConformity)
class DeclarationAdmin(InspectAdmin):
    list_display = ["ai_system", "version", "status", "signer_name", "signed_on"]
    list_filter = ["status"]
