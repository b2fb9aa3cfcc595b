from datetime import UTC, datetime, time

import django_filters
from django.db.models import Q
from rest_framework.exceptions import ValidationError

from registry.models import AISystem, Filing, FilingStatus, GPAIModel, MarketStatus, Release
from registry.regimes import FILING_TYPES, REGIMES, REGISTER_AREAS
from registry.selectors import (
    PUBLISHABLE_TYPES,
    SUBJECT_TIERS,
    decided_at,
    decided_filter,
    due_soon_filter,
    in_time_condition,
    overdue_filter,
    search_public_register,
    subject_tier,
)

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

    # The regulator figures' filters (registry.figures): each number links to the queue
    # narrowed by the filters that define it, so the list shows exactly what was counted.
    tier = django_filters.ChoiceFilter(
        choices=list(SUBJECT_TIERS.items()), method="by_tier", label="EU risk tier"
    )
    area = django_filters.CharFilter(method="by_area", label="Annex III area")
    country = django_filters.CharFilter(field_name="organization__country", label="Country")
    submitted_after = django_filters.DateFilter(method="by_day", label="Submitted on or after")
    submitted_before = django_filters.DateFilter(method="by_day", label="Submitted before")
    decided_after = django_filters.DateFilter(method="by_decided", label="Decided on or after")
    decided_before = django_filters.DateFilter(method="by_decided", label="Decided before")
    decided_in_time = django_filters.ChoiceFilter(
        choices=[("true", "yes"), ("false", "no"), ("none", "no deadline")],
        method="by_in_time",
        label="Decided in time",
    )
    due_within_days = django_filters.NumberFilter(
        method="by_due_within",
        min_value=0,
        max_value=3660,
        label="Decision due within (days)",
    )
    compute_above = django_filters.NumberFilter(
        method="by_compute_above", min_value=0, label="GPAI training compute above (FLOP)"
    )

    class Meta(FilingFilter.Meta):
        fields = [*FilingFilter.Meta.fields, "assignee", "overdue"]

    FIGURE_FILTERS = (
        "tier",
        "area",
        "country",
        "submitted_after",
        "submitted_before",
        "decided_after",
        "decided_before",
        "decided_in_time",
        "due_within_days",
        "compute_above",
    )

    def by_tier(self, queryset, name, value):
        return queryset.annotate(subject_tier=subject_tier()).filter(subject_tier=value)

    def by_area(self, queryset, name, value):
        return queryset.filter(registered_area="" if value == "none" else value)

    def by_day(self, queryset, name, value):
        moment = datetime.combine(value, time.min, tzinfo=UTC)
        lookup = "gte" if name.endswith("_after") else "lt"
        return queryset.filter(**{f"submitted_at__{lookup}": moment})

    def by_decided(self, queryset, name, value):
        moment = datetime.combine(value, time.min, tzinfo=UTC)
        bound = {"after": moment} if name.endswith("_after") else {"before": moment}
        return queryset.filter(decided_filter(**bound))

    def by_in_time(self, queryset, name, value):
        decided = queryset.annotate(decided_at=decided_at()).filter(decided_at__isnull=False)
        if value == "none":
            return decided.filter(decision_due_at__isnull=True)
        if value == "true":
            return decided.filter(in_time_condition())
        return decided.filter(decision_due_at__isnull=False).exclude(in_time_condition())

    def by_due_within(self, queryset, name, value):
        return queryset.filter(due_soon_filter(int(value)))

    def by_compute_above(self, queryset, name, value):
        # As the figure counts: the float column against the float nearest the threshold.
        return queryset.filter(gpai_model__training_compute_flop__gt=float(value))

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
    # The name frozen at registration (a deployer's use: its provider's), never the live
    # organisation's: a rename is not published, and must not be found by searching.
    provider = django_filters.CharFilter(field_name="registered_provider", lookup_expr="icontains")
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
