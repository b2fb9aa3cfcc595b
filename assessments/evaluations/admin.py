from django.contrib import admin

from aigov.admin import InspectAdmin
from assessments.evaluations.models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(InspectAdmin):
    list_display = ("model_name", "domain", "mitigation", "evaluator", "organization", "created_at")
    list_filter = ("domain", "mitigation", "framework")
    search_fields = ("model_name", "evaluator__name", "organization__name", "log_sha256")
    list_select_related = ("evaluator", "organization")
