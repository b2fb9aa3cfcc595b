"""API filters of certificates: the regulator figures link to lists narrowed by them."""

import django_filters

from assessments.certificates.models import Certificate, CertificateStatus


class CertificateFilter(django_filters.FilterSet):
    """`?status=`, `?ai_system=` and `?number=`."""

    status = django_filters.ChoiceFilter(choices=CertificateStatus.choices)
    ai_system = django_filters.UUIDFilter(field_name="ai_system_id")

    class Meta:
        model = Certificate
        fields = ["status", "ai_system", "number"]
