"""Filters of the incident list (`?status=`, `?regime=`, `?category=`): the regulator
figures link to lists narrowed by them."""

import django_filters

from assessments.incidents.models import IncidentRegime, IncidentReport, IncidentStatus


class IncidentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices)
    regime = django_filters.ChoiceFilter(choices=IncidentRegime.choices)
    category = django_filters.CharFilter()

    class Meta:
        model = IncidentReport
        fields = ["status", "regime", "category"]
