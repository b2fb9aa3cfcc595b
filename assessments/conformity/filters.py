"""Filters of the assessments API (the regulator figures link to lists narrowed by them)."""

import django_filters

from assessments.conformity.models import AssessmentStatus, ConformityAssessment, Procedure


class AssessmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices)
    procedure = django_filters.ChoiceFilter(choices=Procedure.choices)

    class Meta:
        model = ConformityAssessment
        fields = ["status", "procedure"]
