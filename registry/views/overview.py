"""The provider's overview on its dashboard: its AI systems by EU risk tier, its GPAI
models with systemic risk, and the dates on which EU obligations start to bind them.
Loaded by htmx into the dashboard block (a link without JavaScript); aggregate queries
only, so its cost does not grow with the number of systems."""

from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView

from aigov.web import ActorRequiredMixin
from registry.models import AISystem, GPAIModel
from registry.regimes.eu_ai_act_panel import tier_badge

# The order the overview lists tiers in: the most demanding first.
TIER_ORDER = ("prohibited", "high", "limited", "minimal", None)


def _counts_by(queryset, key: str) -> list[tuple]:
    """(value of the EU result's `key`, count) in one grouped query; the key is read as
    JSON, the same on PostgreSQL and SQLite."""
    path = f"classification__eu__{key}"
    return [
        (row[path], row["count"])
        for row in queryset.values(path).annotate(count=Count("id")).order_by()
    ]


class SubjectSummaryView(ActorRequiredMixin, TemplateView):
    """Counts by tier (each linking to the filtered list) and upcoming application dates."""

    permission_required = "registry.view"
    template_name = "registry/_summary_subjects.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        systems = AISystem.objects.visible_to(self.actor)
        by_tier = dict(_counts_by(systems, "tier"))
        models = GPAIModel.objects.visible_to(self.actor)
        today = timezone.localdate()
        upcoming: dict[str, int] = {}
        for queryset in (systems, models):
            for day, count in _counts_by(queryset, "applies_from"):
                # ISO dates compare as text; past and absent dates are not upcoming.
                if isinstance(day, str) and day > today.isoformat():
                    upcoming[day] = upcoming.get(day, 0) + count
        context.update(
            tiers=[
                {**tier_badge(tier), "count": by_tier.get(tier, 0)}
                for tier in TIER_ORDER
                if by_tier.get(tier)
            ],
            system_count=sum(by_tier.values()),
            model_count=models.count(),
            systemic_count=models.filter(classification__eu__systemic_risk=True).count(),
            upcoming=[
                {"day": date.fromisoformat(day), "count": count}
                for day, count in sorted(upcoming.items())
            ],
        )
        return context
