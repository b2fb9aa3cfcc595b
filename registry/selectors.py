"""Reads of the registry that are reused or need more than `visible_to`."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from registry.models import Filing, FilingStatus
from registry.regimes import FILING_TYPES

# The public register's search configuration: "simple" (no stemming) works for every
# language the register holds, including names in Chinese characters.
SEARCH_CONFIG = "simple"
PUBLISHABLE_TYPES = tuple(code for code, t in FILING_TYPES.items() if t.publishable)


def public_register() -> QuerySet[Filing]:
    """The one read without an actor: what the law makes public.

    Registered filings of publishable types outside the Art. 49(4) non-public section,
    never drafts, pending, rejected, suspended or withdrawn ones.
    """
    return Filing.objects.filter(
        status=FilingStatus.REGISTERED, non_public=False, filing_type__in=PUBLISHABLE_TYPES
    ).select_related("organization", "ai_system", "gpai_model")


def search_public_register(queryset: QuerySet[Filing], text: str) -> QuerySet[Filing]:
    """Full-text search on PostgreSQL (GIN-indexed); a plain substring match on SQLite."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.annotate(
            search=SearchVector("search_document", config=SEARCH_CONFIG)
        ).filter(search=SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch"))
    return queryset.filter(search_document__icontains=text)


def gpai_models_with_systemic_risk() -> QuerySet[Filing]:
    """Art. 52(6): the published list of GPAI models with systemic risk."""
    return public_register().filter(filing_type="eu.gpai_notification")


def overdue_filter(now=None) -> Q:
    """Filings waiting for the regulator past their decision deadline."""
    now = now or timezone.now()
    waiting = (FilingStatus.SUBMITTED, FilingStatus.IN_REVIEW)
    return Q(status__in=waiting, decision_due_at__lt=now)
