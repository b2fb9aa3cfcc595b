"""Reads of the registry that are reused or need more than `visible_to`."""

from datetime import timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from registry.models import (
    CLOSED_STATUSES,
    EDITABLE_STATUSES,
    WAITING_STATUSES,
    AISystem,
    Filing,
    FilingEvent,
    FilingStatus,
    GPAIModel,
    Submission,
    Transition,
)
from registry.regimes import FILING_TYPES, filings_needed

# The public register's search configuration: "simple" (no stemming) works for every
# language the register holds, including names in Chinese characters.
SEARCH_CONFIG = "simple"
PUBLISHABLE_TYPES = tuple(code for code, t in FILING_TYPES.items() if t.publishable)


# The subject's large columns, which lists of filings never show (measured: about 4 KB of
# classification JSON per row; benchmarks/ README section).
_SUBJECT_BULK = (
    "classification",
    "profile",
    "intended_purpose",
    "components_and_functions",
    "inputs_and_operating_logic",
)


def filings_with_parties() -> QuerySet[Filing]:
    """Filings with their provider, authority, assignee and subject (its name, not its
    bulk) in one query: what every list and page of filings shows."""
    deferred = (
        [f"ai_system__{name}" for name in _SUBJECT_BULK]
        + [f"gpai_model__{name}" for name in ("classification", "profile")]
        # A deployer's use (Section C): the provider's entry and its system, by name.
        + ["provider_filing__data", "provider_filing__public_data"]
        + ["provider_filing__search_document"]
        + [f"provider_filing__ai_system__{name}" for name in _SUBJECT_BULK]
    )
    return Filing.objects.select_related(
        "organization",
        "authority",
        "assignee",
        "ai_system",
        "gpai_model",
        "provider_filing__ai_system",
    ).defer(*deferred)


def filings_seen_by(actor) -> QuerySet[Filing]:
    """`filings_with_parties`, with the values each side may read: an authority reads the
    last submission (`submitted_data`), never what the provider edited since; the
    provider reads its working copy. Scope it with `visible_to(actor)` as usual."""
    queryset = filings_with_parties()
    if actor is None or actor.kind == "operator":
        return queryset
    last = Submission.objects.filter(filing=OuterRef("pk")).order_by("-number")
    return queryset.defer("data").annotate(submitted_data=Subquery(last.values("data")[:1]))


def filing_values_for(actor, filing: Filing) -> dict:
    """The field values `actor` may read of `filing` (see `filings_seen_by`)."""
    if actor is not None and actor.kind == "operator":
        return filing.data
    if hasattr(filing, "submitted_data"):
        return filing.submitted_data or {}
    last = filing.submissions.order_by("-number").values_list("data", flat=True).first()
    return last or {}


def registered_entry(filing_type: str, registration_number: str) -> Filing | None:
    """The registered entry of this type with this number, whoever filed it: what a
    deployer names to register its use (Art. 49(3)). Not scoped: the number is the key."""
    return (
        Filing.objects.select_related("ai_system", "organization")
        .filter(
            filing_type=filing_type,
            status=FilingStatus.REGISTERED,
            registration_number=registration_number.strip(),
        )
        .first()
    )


def public_register() -> QuerySet[Filing]:
    """The one read without an actor: what the law makes public.

    Registered filings of publishable types outside the Art. 49(4) non-public section,
    never drafts, pending, rejected, suspended or withdrawn ones.
    """
    return Filing.objects.filter(
        status=FilingStatus.REGISTERED, non_public=False, filing_type__in=PUBLISHABLE_TYPES
    )


def search_public_register(queryset: QuerySet[Filing], text: str) -> QuerySet[Filing]:
    """Full-text search on PostgreSQL (the stored, GIN-indexed `search_vector` column of
    migration 0006); a plain substring match on SQLite."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        matches = RawSQL(
            '"registry_filing"."search_vector" @@ websearch_to_tsquery(%s::regconfig, %s)',
            (SEARCH_CONFIG, text),
            output_field=BooleanField(),
        )
        return queryset.filter(matches)
    return queryset.filter(search_document__icontains=text)


def gpai_models_with_systemic_risk() -> QuerySet[Filing]:
    """Art. 52(6): the published list of GPAI models with systemic risk."""
    return public_register().filter(filing_type="eu.gpai_notification")


# The one overdue rule: which deadline runs in which states. The regulator's decision
# deadline runs while the filing waits for it; the provider's deadline to file runs while
# the filing is with the provider. The SQL filters and the rows built in Python both read it.
RUNNING_DEADLINE = {
    "decision_due_at": WAITING_STATUSES,
    "filing_due_at": EDITABLE_STATUSES,
}


def running_deadline(status: str, decision_due_at, filing_due_at):
    """The deadline that runs for a filing in `status` now, or None."""
    if status in RUNNING_DEADLINE["decision_due_at"]:
        return decision_due_at
    if status in RUNNING_DEADLINE["filing_due_at"]:
        return filing_due_at
    return None


def is_overdue(due, now) -> bool:
    """Past a running deadline (the same comparison as the SQL filters: strictly before)."""
    return due is not None and due < now


def _overdue(column: str, now) -> Q:
    return Q(status__in=RUNNING_DEADLINE[column], **{f"{column}__lt": now or timezone.now()})


def overdue_filter(now=None) -> Q:
    """Filings waiting for the regulator past their decision deadline."""
    return _overdue("decision_due_at", now)


# A regulator's "due soon": the authority dashboard's queue card and the figures.
DUE_SOON_DAYS = 7


def due_soon_filter(days: int, now=None) -> Q:
    """Filings waiting for the regulator whose decision deadline falls within `days` days
    from now (not yet overdue): the dashboard's and the figures' "due soon"."""
    now = now or timezone.now()
    return Q(
        status__in=RUNNING_DEADLINE["decision_due_at"],
        decision_due_at__gte=now,
        decision_due_at__lt=now + timedelta(days=days),
    )


# The regulator's final decision on a filing: accepting at the last stage (registered) or
# rejecting. Accepting at an earlier stage only passes the filing on (CAC).
DECISION_EVENT = Q(
    transition__in=(Transition.ACCEPT, Transition.REJECT),
    to_status__in=(FilingStatus.REGISTERED, FilingStatus.REJECTED),
)


def decided_filter(*, after=None, before=None) -> Q:
    """Filings whose final decision fell in [after, before) (aware datetimes)."""
    events = FilingEvent.objects.filter(DECISION_EVENT)
    if after is not None:
        events = events.filter(created_at__gte=after)
    if before is not None:
        events = events.filter(created_at__lt=before)
    return Q(pk__in=events.values("filing_id"))


# The EU risk tiers a filing's subject falls in, for the figures and the queue's filter.
SUBJECT_TIERS = {
    "prohibited": "Prohibited (Art. 5)",
    "high": "High-risk",
    "limited": "Limited risk (transparency)",
    "minimal": "Minimal risk",
    "gpai_systemic_risk": "GPAI model with systemic risk",
    "gpai": "GPAI model",
    "none": "Not classified",
}


def subject_tier() -> Case:
    """The EU risk tier of a filing's subject as classified now: an AI system's tier (a
    deployer's use: the provider's system), "gpai" / "gpai_systemic_risk" for a GPAI model
    (a model has no tier of its own), "none" when unclassified."""
    systemic = When(
        gpai_model__classification__eu__systemic_risk=True, then=Value("gpai_systemic_risk")
    )
    return Case(
        When(gpai_model__isnull=False, then=Case(systemic, default=Value("gpai"))),
        default=Coalesce(
            F("ai_system__classified_tier"),
            F("provider_filing__ai_system__classified_tier"),
            Value("none"),
        ),
        output_field=CharField(),
    )


def decided_at() -> Subquery:
    """When the filing's final decision (registered or rejected) was taken, or NULL."""
    events = FilingEvent.objects.filter(DECISION_EVENT, filing=OuterRef("pk"))
    return Subquery(events.order_by("-created_at").values("created_at")[:1])


def in_time_condition(annotation: str = "decided_at") -> Q:
    """Decided no later than its decision deadline (the overdue rule: late is strictly
    after), on a queryset annotated with `decided_at()` under `annotation`."""
    return Q(decision_due_at__isnull=False, **{f"{annotation}__lte": F("decision_due_at")})


def filing_overdue_filter(now=None) -> Q:
    """Drafts (or filings sent back) past the provider's deadline to file."""
    return _overdue("filing_due_at", now)


def with_overdue_flags(queryset: QuerySet[Filing], now=None) -> QuerySet[Filing]:
    """Annotates `decision_overdue` and `filing_overdue` (the two rules above), so lists
    and exports compute neither per row."""
    now = now or timezone.now()

    def flag(condition: Q) -> Case:
        return Case(
            When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
        )

    return queryset.annotate(
        decision_overdue=flag(overdue_filter(now)), filing_overdue=flag(filing_overdue_filter(now))
    )


def filings_to_start(actor) -> list[dict]:
    """Every filing the classification of one of the actor's systems and models needs and
    that is not started (no open filing of that type), systems first, by name.

    Three queries whatever the number of subjects: the open filings, the systems and the
    models (their classification only).
    """
    started = set(
        Filing.objects.visible_to(actor)
        .exclude(status__in=CLOSED_STATUSES)
        .values_list("ai_system_id", "gpai_model_id", "filing_type")
    )
    rows = []
    for model, key, kind in ((AISystem, "system", "ai_system"), (GPAIModel, "model", "gpai_model")):
        subjects = model.objects.visible_to(actor).only("id", "name", "classification")
        for subject in subjects.order_by("name", "id"):
            for filing_type in filings_needed(subject.classification, kind):
                opened = (
                    (subject.pk, None, filing_type.code)
                    if kind == "ai_system"
                    else (None, subject.pk, filing_type.code)
                )
                if opened not in started:
                    rows.append({"subject": subject, "subject_key": key, "type": filing_type})
    return rows


def systems_to_classify(actor) -> QuerySet[AISystem]:
    """The actor's AI systems saved before any question was answered: what they must file
    is not known until they are classified. Scoped, by name, names only."""
    return (
        AISystem.objects.visible_to(actor)
        .filter(classification={})
        .only("id", "name", "version")
        .order_by("name", "id")
    )


# How many models the base-model search offers at once; a longer list is narrowed by
# searching, never shown whole (an import can bring thousands).
MODEL_CHOICES_SHOWN = 20


def gpai_models_to_choose(actor, *, query: str = "", exclude=None) -> tuple[list, bool]:
    """The GPAI models the actor may build a system on whose name or version contains
    `query` (all when empty), by name: at most MODEL_CHOICES_SHOWN, and whether there are
    more. One query, whatever the number of models."""
    models = GPAIModel.objects.visible_to(actor).only("id", "name", "version")
    query = query.strip()
    if query:
        models = models.filter(Q(name__icontains=query) | Q(version__icontains=query))
    if exclude is not None:
        models = models.exclude(pk=exclude)
    found = list(models.order_by("name", "id")[: MODEL_CHOICES_SHOWN + 1])
    return found[:MODEL_CHOICES_SHOWN], len(found) > MODEL_CHOICES_SHOWN
