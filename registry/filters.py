import django_filters
from django.db.models import Q

from registry.models import AISystem, GPAIModel, MarketStatus, Release

TIERS = [(tier, tier) for tier in ("prohibited", "high", "limited", "minimal")]


class SearchFilterMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name contains")
    tier = django_filters.ChoiceFilter(
        choices=TIERS, field_name="classification__eu__tier", label="EU risk tier"
    )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(version__icontains=value))


class AISystemFilter(SearchFilterMixin):
    market_status = django_filters.ChoiceFilter(choices=MarketStatus.choices)

    class Meta:
        model = AISystem
        fields = ["q", "tier", "market_status"]


class GPAIModelFilter(SearchFilterMixin):
    release = django_filters.ChoiceFilter(choices=Release.choices)
    systemic_risk = django_filters.BooleanFilter(field_name="classification__eu__systemic_risk")
    us_report = django_filters.BooleanFilter(
        field_name="classification__us__compute_report_required"
    )
    min_compute = django_filters.NumberFilter(field_name="training_compute_flop", lookup_expr="gte")

    class Meta:
        model = GPAIModel
        fields = ["q", "tier", "release", "systemic_risk", "us_report", "min_compute"]
