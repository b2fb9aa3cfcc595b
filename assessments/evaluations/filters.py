"""Filters of the evaluation list (`?gpai_model=`, `?domain=`, `?mitigation=`)."""

import django_filters

from assessments.evaluations.models import Domain, Evaluation, Mitigation


class EvaluationFilter(django_filters.FilterSet):
    gpai_model = django_filters.UUIDFilter(field_name="gpai_model_id")
    domain = django_filters.ChoiceFilter(choices=Domain.choices)
    mitigation = django_filters.ChoiceFilter(choices=Mitigation.choices)

    class Meta:
        model = Evaluation
        fields = ["gpai_model", "domain", "mitigation"]
