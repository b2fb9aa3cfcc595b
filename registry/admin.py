from django.contrib import admin

from aigov.admin import InspectAdmin
from registry.models import (
    AISystem,
    Filing,
    FilingEvent,
    GPAIModel,
    RegistrationCounter,
    SubjectEvent,
    SubjectVersion,
    Submission,
)


@admin.register(AISystem)
class AISystemAdmin(InspectAdmin):
    list_display = ("name", "organization", "version", "market_status", "updated_at")
    list_filter = ("market_status",)
    search_fields = ("name", "trade_name", "organization__name")
    list_select_related = ("organization",)


@admin.register(GPAIModel)
class GPAIModelAdmin(InspectAdmin):
    list_display = ("name", "organization", "version", "training_compute_flop", "release")
    list_filter = ("release", "source")
    search_fields = ("name", "organization__name")
    list_select_related = ("organization",)


@admin.register(SubjectVersion)
class SubjectVersionAdmin(InspectAdmin):
    list_display = ("subject_kind", "subject_id", "number", "organization", "created_at")
    list_filter = ("subject_kind",)
    search_fields = ("subject_id",)
    list_select_related = ("organization",)


@admin.register(SubjectEvent)
class SubjectEventAdmin(InspectAdmin):
    list_display = ("subject_kind", "subject_id", "kind", "summary", "created_at")
    list_filter = ("kind", "subject_kind")
    search_fields = ("subject_id", "summary")


@admin.register(Filing)
class FilingAdmin(InspectAdmin):
    list_display = ("filing_type", "organization", "status", "authority", "registration_number")
    list_filter = ("regime", "filing_type", "status")
    search_fields = ("id", "registration_number", "registered_subject", "organization__name")
    list_select_related = ("organization", "authority")
    exclude = ("search_document",)


@admin.register(Submission)
class SubmissionAdmin(InspectAdmin):
    list_display = ("filing", "number", "submitted_at")
    search_fields = ("filing__id",)
    list_select_related = ("filing",)


@admin.register(FilingEvent)
class FilingEventAdmin(InspectAdmin):
    list_display = ("filing", "transition", "from_status", "to_status", "created_at")
    list_filter = ("transition",)
    list_select_related = ("filing",)


@admin.register(RegistrationCounter)
class RegistrationCounterAdmin(InspectAdmin):
    list_display = ("__str__",)
