"""API filters of the conformity app."""

import django_filters

from assessments.conformity.models import (
    AssessmentStatus,
    ConformityAssessment,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    Procedure,
)


class EvidenceFilter(django_filters.FilterSet):
    """`?assessment=`, `?requirement=`, `?status=`, `?kind=` and `?sha256=` (is this the
    file I hold?)."""

    assessment = django_filters.UUIDFilter(field_name="assessment_id")
    status = django_filters.ChoiceFilter(choices=EvidenceStatus.choices)
    kind = django_filters.ChoiceFilter(choices=EvidenceKind.choices)
    sha256 = django_filters.CharFilter(method="by_sha256")

    class Meta:
        model = Evidence
        fields = ["assessment", "requirement", "status", "kind", "sha256"]

    def by_sha256(self, queryset, name, value):
        return queryset.filter(sha256=value.strip().lower())


class AssessmentFilter(django_filters.FilterSet):
    """`?status=` and `?procedure=`: the regulator figures link to lists narrowed by them."""

    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices)
    procedure = django_filters.ChoiceFilter(choices=Procedure.choices)

    class Meta:
        model = ConformityAssessment
        fields = ["status", "procedure"]
