"""The one workflow kernel (DESIGN.md §9).

A workflow is a declarative table of transitions next to its model. The table answers
the one question pages, API actions and services all ask — may this actor do this to
this object now? — and `Workflow.move` makes the change: a compare-and-set on the status,
the timeline entry and the audit event, in the caller's transaction. What a transition
does beyond its status (numbers, deadlines, routing) stays in the app's service, which
hands those columns to `move` as `changes`.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from aigov.accounts.models import TenantModel
from aigov.audit.services import audit_record
from aigov.exceptions import StateConflict


@dataclass(frozen=True)
class Transition:
    """One row of a workflow table.

    `target` None is an action that keeps the status (e.g. assigning a reviewer) but is
    still only allowed from `sources`, by `by` (organisation kinds) with `permission`.
    """

    label: str
    sources: frozenset[str]
    target: str | None
    by: frozenset[str]
    permission: str
    needs_reason: bool = False


@dataclass(frozen=True)
class Moved:
    """What a move did: the timeline entry's content."""

    verb: str
    from_status: str
    to_status: str
    reason: str
    at: Any  # datetime


class TimelineEvent(TenantModel):
    """The columns every workflow's timeline row shares (a subclass adds the object it
    belongs to, and may narrow `transition` and the statuses to its choices)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    transition = models.CharField(max_length=24)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    reason = models.TextField(blank=True)
    actor_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # The name of the foreign key to the object this is the timeline of (e.g. "filing").
    timeline_of = ""

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @classmethod
    def columns_for(cls, obj) -> dict:
        """The columns that tie a new row to `obj`, the object it is the timeline of."""
        return {cls.timeline_of: obj}


def timeline_entry(model: type[TimelineEvent], actor, obj, moved: Moved):
    """Write one row of a workflow's timeline model: its object, the move, who made it and
    when. The one writer of every timeline, so that they stay alike."""
    return model.objects.create(
        organization=obj.organization,
        transition=moved.verb,
        from_status=moved.from_status,
        to_status=moved.to_status,
        reason=moved.reason,
        actor_organization=actor.organization,
        actor_user=actor.user,
        created_at=moved.at,  # the transition's moment, which a decision clock may start from
        **model.columns_for(obj),
    )


class TransitionConflict(StateConflict):
    """The object is not (or no longer) in a state that allows the transition."""

    def __init__(self, noun: str, status: str, verb: str):
        self.status = status
        self.transition = verb
        super().__init__(
            f"Cannot {verb.replace('_', ' ')} a {noun} that is {status.replace('_', ' ')}."
        )


def compare_and_set(obj, verb: str, changes: dict, *, sources, match: dict | None = None) -> None:
    """Write `changes` to `obj`'s row only while its status is one of `sources` (and its
    columns equal `match`). Of two concurrent writes exactly one wins; the other raises
    TransitionConflict and changes nothing. `obj` is left as it was read: the caller
    refreshes it once it has written the move down."""
    model = type(obj)
    won = model._default_manager.filter(pk=obj.pk, status__in=sources, **(match or {})).update(
        **changes
    )
    if won != 1:
        obj.refresh_from_db()
        raise TransitionConflict(str(model._meta.verbose_name), obj.status, verb)


# Why an actor who passes kind and role may still not use this verb on this object (e.g.
# it is not the authority of the current stage); None when it may.
PartyCheck = Callable[[Any, Any, str], str | None]


@dataclass(frozen=True)
class Workflow:
    """A transition table and the rules every use of it shares."""

    name: str  # audit actions are "<name>.<verb>"
    model: type[models.Model]
    transitions: dict[str, Transition]
    party: PartyCheck | None = None
    timeline: type[TimelineEvent] | None = None  # where each move is written down
    reason_required: str = "Give a reason; the other side will read it."

    def __getitem__(self, verb: str) -> Transition:
        return self.transitions[verb]

    def refusal(self, actor, obj, verb: str) -> str | None:
        """Why `actor` may not use `verb` on `obj` (whatever its status), or None."""
        rule = self.transitions[verb]
        if actor.kind not in rule.by:
            return f"{actor.kind.title()}s cannot {verb.replace('_', ' ')}."
        if not actor.can(rule.permission):
            return f"Your role may not do this ({rule.permission})."
        return self.party(actor, obj, verb) if self.party else None

    def allows(self, actor, obj, verb: str) -> bool:
        """Whether the actor may use `verb` on `obj` in its current status."""
        return obj.status in self.transitions[verb].sources and not self.refusal(actor, obj, verb)

    def available(self, actor, obj) -> list[str]:
        """The verbs this actor may use on this object now, in table order."""
        return [verb for verb in self.transitions if self.allows(actor, obj, verb)]

    def check(self, actor, obj, verb: str, reason: str = "") -> str:
        """Everything checked before a move; answers the reason, stripped.

        Raises PermissionDenied (not this actor), ValidationError (a reason is missing)
        or TransitionConflict (not from this status).
        """
        rule = self.transitions[verb]
        refused = self.refusal(actor, obj, verb)
        if refused:
            raise PermissionDenied(refused)
        reason = reason.strip()
        if rule.needs_reason and not reason:
            raise ValidationError({"reason": self.reason_required})
        if obj.status not in rule.sources:
            raise self.conflict(obj, verb)
        return reason

    def conflict(self, obj, verb: str) -> TransitionConflict:
        noun = self.model._meta.verbose_name
        return TransitionConflict(str(noun), obj.status, verb)

    @transaction.atomic
    def move(
        self,
        *,
        actor,
        obj,
        verb: str,
        reason: str = "",
        target: str | None = None,
        changes: dict | None = None,
        match: dict | None = None,
        audit_data: dict | None = None,
        now=None,
    ) -> Moved:
        """Compare-and-set `obj` from its status (and `match`) to the rule's target (or
        `target`, when the service decides another, e.g. the next review stage), writing
        `changes` too; then the timeline entry and the audit event.

        Of two concurrent moves exactly one wins; the other raises TransitionConflict and
        changes nothing. `obj` is refreshed from the database afterwards.
        """
        rule = self.transitions[verb]
        now = now or timezone.now()
        to_status = target or rule.target or obj.status
        row = {"status": to_status, **(changes or {})}
        compare_and_set(obj, verb, row, sources=[obj.status], match=match)
        moved = Moved(verb=verb, from_status=obj.status, to_status=to_status, reason=reason, at=now)
        if self.timeline:
            timeline_entry(self.timeline, actor, obj, moved)
        audit_record(
            action=f"{self.name}.{verb}",
            actor=actor,
            obj=obj,
            data={"from": moved.from_status, "to": to_status, **(audit_data or {})},
        )
        obj.refresh_from_db()
        return moved
