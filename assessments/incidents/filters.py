"""Filters of the incident list (`?status=`, `?regime=`)."""

import django_filters

from assessments.incidents.models import IncidentRegime, IncidentReport, IncidentStatus


class IncidentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices)
    regime = django_filters.ChoiceFilter(choices=IncidentRegime.choices)

    class Meta:
        model = IncidentReport
        fields = ["status", "regime"]
