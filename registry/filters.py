import django_filters
from django.db.models import Q
from rest_framework.exceptions import ValidationError

from registry.models import AISystem, Filing, FilingStatus, GPAIModel, MarketStatus, Release
from registry.regimes import FILING_TYPES, REGIMES, REGISTER_AREAS
from registry.selectors import PUBLISHABLE_TYPES, overdue_filter, search_public_register

# "none": not classified yet (a system whose questions are not answered).
TIERS = [(tier, tier) for tier in ("prohibited", "high", "limited", "minimal", "none")]


class SearchFilterMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name contains")
    tier = django_filters.ChoiceFilter(choices=TIERS, method="filter_tier", label="EU risk tier")

    def filter_tier(self, queryset, name, value):
        if value == "none":
            return queryset.filter(classification__eu__tier__isnull=True)
        return queryset.filter(classification__eu__tier=value)

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
    # EO 14110 was revoked: the filter finds models above its former threshold (history).
    us_report = django_filters.BooleanFilter(field_name="classification__us__above_threshold")
    min_compute = django_filters.NumberFilter(field_name="training_compute_flop", lookup_expr="gte")
    # `imported=false` hides the reference data the organisation imported (Epoch AI);
    # `imported=true` shows only that.
    imported = django_filters.BooleanFilter(
        field_name="imported_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = GPAIModel
        fields = ["q", "tier", "release", "systemic_risk", "us_report", "min_compute", "imported"]


class FilingFilter(django_filters.FilterSet):
    # One `status IN (…)`, without the DISTINCT that MultipleChoiceFilter adds by default:
    # the filter has no join, and DISTINCT forces a full sort of every match.
    status = django_filters.MultipleChoiceFilter(
        choices=FilingStatus.choices, distinct=False, method="by_status"
    )
    filing_type = django_filters.ChoiceFilter(choices=[(c, c) for c in sorted(FILING_TYPES)])
    regime = django_filters.ChoiceFilter(choices=[(r, r) for r in sorted(REGIMES)])

    class Meta:
        model = Filing
        fields = ["status", "filing_type", "regime"]

    def by_status(self, queryset, name, value):
        return queryset.filter(status__in=value) if value else queryset


class QueueFilter(FilingFilter):
    """The regulator's queue: also by assignee ("me", "none" or an email) and overdue."""

    assignee = django_filters.CharFilter(method="by_assignee")
    overdue = django_filters.BooleanFilter(method="by_overdue")

    class Meta(FilingFilter.Meta):
        fields = [*FilingFilter.Meta.fields, "assignee", "overdue"]

    def by_assignee(self, queryset, name, value):
        if value == "me":
            user = self.request.actor.user
            if user is None:  # an API key acts for the organisation, not for a person
                raise ValidationError({"assignee": ["`me` needs a signed-in person, not a key."]})
            return queryset.filter(assignee=user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee__email=value.lower())

    def by_overdue(self, queryset, name, value):
        return queryset.filter(overdue_filter()) if value else queryset.exclude(overdue_filter())


class PublicRegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    filing_type = django_filters.ChoiceFilter(choices=[(c, c) for c in PUBLISHABLE_TYPES])
    regime = django_filters.ChoiceFilter(choices=[(r, r) for r in sorted(REGIMES)])
    provider = django_filters.CharFilter(field_name="organization__name", lookup_expr="icontains")
    area = django_filters.ChoiceFilter(
        field_name="registered_area", choices=sorted(REGISTER_AREAS.items())
    )
    registered_after = django_filters.DateFilter(
        field_name="registered_at", lookup_expr="date__gte"
    )
    registered_before = django_filters.DateFilter(
        field_name="registered_at", lookup_expr="date__lt"
    )

    class Meta:
        model = Filing
        fields = ["q", "filing_type", "regime", "area", "provider"]

    def search(self, queryset, name, value):
        return search_public_register(queryset, value)
