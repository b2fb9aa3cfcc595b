"""The filing page, for the provider and for the reviewing authority: what it shows (the
values, the submissions and their diffs, the timeline, what is being approved), the
actions the workflow offers, and what each decision will do."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from aigov.accounts.models import IDENTIFIER_SCHEMES
from aigov.audit.models import AuditEvent
from aigov.audit.presenters import event_rows
from aigov.web import get_visible_or_404
from aigov.workflow import TransitionConflict
from registry.forms.filings import (
    AssignForm,
    ReasonForm,
)
from registry.models import (
    EDITABLE_STATUSES,
    FILING_TRANSITIONS,
    Filing,
    FilingEvent,
    FilingStatus,
    Submission,
    Transition,
)
from registry.presenters import (
    DANGEROUS,
    REASON_LABELS,
    STATUS_LABELS,
    TRANSITION_LABELS,
    deadlines,
    decision_clock_note,
    diff_rows,
    registered_as,
    stage_label,
    status_badge,
    value_rows,
)
from registry.regimes import FILING_TYPES, regime_label
from registry.selectors import (
    filings_with_parties,
    with_overdue_flags,
)
from registry.services.filings import (
    FILING_WORKFLOW,
    assign_allowed,
    filing_context,
    next_number_preview,
)
from registry.views.gpai import designation_context
from registry.views.subject_results import MAIN_REGIME, answer_rows, describe


def available_actions(actor, filing) -> list[str]:
    """The status transitions this actor may use on this filing now, asked of the
    workflow (the assignment has its own form)."""
    return [verb for verb in FILING_WORKFLOW.available(actor, filing) if verb in FILING_TRANSITIONS]


def reason_form(verb: str, data=None) -> ReasonForm | None:
    rule = FILING_TRANSITIONS[verb]
    if not rule.needs_reason:
        return None
    return ReasonForm(
        data,
        prefix=verb,
        label=REASON_LABELS.get(verb, "Reason"),
        needs_reason=True,
    )


# Decisions that ask for confirmation on a page saying what will happen.
CONFIRMED = {Transition.ACCEPT, Transition.REJECT, Transition.SUSPEND, Transition.WITHDRAW}


def consequence(filing, verb: str) -> str:
    """What a decision will do, in the words of the confirmation page."""
    declared = FILING_TYPES[filing.filing_type]
    if verb == Transition.ACCEPT and filing.stage + 1 < len(declared.stages):
        following = declared.stages[filing.stage + 1]
        return (
            f"Accepts the {stage_word(declared.stages[filing.stage])} review and passes "
            f"the filing on to the {stage_word(following)} review."
        )
    if verb == Transition.ACCEPT:
        number = next_number_preview(filing)
        where = (
            "publishes it on the public register"
            if declared.publishable and not filing.non_public
            else "keeps it off the public register"
        )
        return f"Registers {filing.subject.name} as {number} and {where}."
    if verb == Transition.REJECT:
        return (
            f"Rejects the filing for good: {filing.organization.name} will have to start a "
            "new filing. Your reason is sent to the provider."
        )
    if verb == Transition.SUSPEND:
        return (
            f"Suspends registration {filing.registration_number}: it leaves the public "
            "register until it is reinstated. Your reason is sent to the provider."
        )
    return (
        f"Withdraws registration {filing.registration_number} for good: it leaves the "
        "public register and cannot be reinstated."
    )


def stage_word(stage: str) -> str:
    return stage.replace("_", " ")


def success_message(filing, verb: str) -> str:
    if verb == Transition.SUBMIT:
        return f"Submitted to {filing.authority.name}. You will be told of its decision."
    if verb == Transition.ACCEPT and filing.status == FilingStatus.REGISTERED:
        return f"Accepted: registered as {filing.registration_number}."
    if verb == Transition.ACCEPT and filing.status == FilingStatus.SUBMITTED:
        return f"Accepted at this stage: passed on to {filing.authority.name}."
    return f"{TRANSITION_LABELS[verb]}: the filing is now “{STATUS_LABELS[filing.status]}”."


def filings_queryset(now):
    return with_overdue_flags(filings_with_parties(), now)


def get_filing(actor, pk, now=None):
    return get_visible_or_404(filings_queryset(now or timezone.now()), actor, pk=pk)


def under_review(actor, filing, latest: Submission | None) -> dict | None:
    """What the reviewer approves: the subject's version, classification and answers as
    sent with the last submission, the provider and its identifiers, and the subject's
    earlier filings with this authority."""
    if latest is None:
        return None
    subject = filing.subject
    snapshot = latest.subject_snapshot or {
        # Sent before submissions froze the subject: shown as it is now, and said so.
        "version": subject.version_number,
        "profile": subject.profile,
        "classification": subject.classification,
        "current": True,
    }
    described = describe(snapshot["classification"])
    regime_result = (
        described if filing.regime == MAIN_REGIME else described.get(filing.regime) or {}
    )
    provider = filing.organization
    earlier = (
        Filing.objects.visible_to(actor)
        .filter(ai_system_id=filing.ai_system_id, gpai_model_id=filing.gpai_model_id)
        .exclude(pk=filing.pk)
        .only("id", "filing_type", "status", "registration_number", "created_at")
        .order_by("-created_at")
        if filing.provider_filing_id is None
        else Filing.objects.none()
    )
    return {
        "subject": subject,
        "kind": "AI system" if filing.ai_system_id or filing.provider_filing_id else "GPAI model",
        "version": snapshot["version"],
        "as_now": snapshot.get("current", False),
        "tier": described.get("tier")
        if filing.regime == MAIN_REGIME and filing.gpai_model_id is None
        else None,
        "reasons": regime_result.get("reasons") or [],
        "regime": regime_label(filing.regime),
        "answers": answer_rows(snapshot["profile"]),
        "provider": provider,
        "identifiers": [
            (IDENTIFIER_SCHEMES.get(scheme, scheme), value)
            for scheme, value in sorted(provider.identifiers.items())
        ],
        "earlier": [
            {
                "filing": other,
                "title": FILING_TYPES[other.filing_type].title,
                "status": status_badge(other.status),
            }
            for other in earlier
        ],
    }


def filing_page_context(
    request, filing, *, reason_forms=None, assign_form=None, conflict=None, designate_form=None
) -> dict:
    """Everything the filing page shows, for the provider and for the reviewing authority."""
    actor = request.actor
    now = timezone.now()
    declared = FILING_TYPES[filing.filing_type]
    submissions = list(
        Submission.objects.visible_to(actor).filter(filing=filing).select_related("submitted_by")
    )
    latest = submissions[0] if submissions else None
    reviewing = actor.kind == "authority"
    # The authority reviews exactly what was sent; the provider sees the values it edits.
    shown = latest.data if reviewing and latest else filing.data
    events = FilingEvent.objects.visible_to(actor).filter(filing=filing)
    events = list(events.select_related("actor_organization", "actor_user"))
    reason_forms = reason_forms or {}
    actions = []
    for verb in available_actions(actor, filing):
        url = (
            reverse("filing_submit", args=[filing.pk])
            if verb == Transition.SUBMIT
            else reverse("filing_transition", args=[filing.pk])
        )
        actions.append(
            {
                "verb": verb,
                "label": TRANSITION_LABELS[verb],
                "url": url,
                "form": reason_forms.get(verb) or reason_form(verb),
                "danger": verb in DANGEROUS,
            }
        )
    can_assign = reviewing and assign_allowed(actor, filing)
    if can_assign and assign_form is None:
        assign_form = AssignForm(
            organization=actor.organization, initial={"assignee": filing.assignee_id}
        )
    public = declared.publishable and not filing.non_public
    values = value_rows(declared, shown, context=filing_context(filing))
    return {
        "filing": filing,
        "filing_type": declared,
        "subject": filing.subject,
        # A deployer's use (Section C) names the provider's entry; its system is not ours.
        "entry": filing.provider_filing,
        "subject_url": None
        if filing.provider_filing_id
        else reverse(
            "system_detail" if filing.ai_system_id else "model_detail", args=[filing.subject.pk]
        ),
        "status": status_badge(filing.status),
        "stage": stage_label(filing),
        "deadlines": deadlines(filing, now),
        "clock_note": decision_clock_note(filing, declared, events),
        "reviewing": reviewing,
        "registered_as": registered_as(filing),
        "under_review": under_review(actor, filing, latest) if reviewing else None,
        "audit_rows": event_rows(
            AuditEvent.objects.visible_to(actor)
            .filter(object_type="registry.filing", object_id=str(filing.pk))
            .select_related("organization", "actor_user", "actor_api_key"),
            actor,
        )
        if actor.can("filings.review") or actor.can("audit.view")
        else None,
        "public": public,
        "public_values": [row for row in values if public and row["public"]],
        "private_values": [row for row in values if not (public and row["public"])],
        "shown_submission": latest if reviewing else None,
        # The reviewer's first question on a resubmission: what changed since last time.
        "latest_diff": diff_rows(declared, latest.diff)
        if reviewing and latest and latest.number > 1
        else None,
        "submissions": [
            {"submission": s, "diff": diff_rows(declared, s.diff)} for s in submissions
        ],
        "events": [
            {
                "event": event,
                "label": TRANSITION_LABELS.get(event.transition, event.transition),
                "from": STATUS_LABELS.get(event.from_status, event.from_status),
                "to": STATUS_LABELS.get(event.to_status, event.to_status),
                # A person's name stays inside their own organisation.
                "person": event.actor_user
                if event.actor_organization_id == actor.organization.pk
                else None,
            }
            for event in events
        ],
        "actions": actions,
        "action_errors": any(form is not None and form.errors for form in reason_forms.values()),
        "can_edit": filing.status in EDITABLE_STATUSES and actor.can("filings.edit"),
        "moved_on": reviewing and filing.authority_id != actor.organization.pk,
        "assign_form": assign_form if can_assign else None,
        "conflict": conflict,
        "back_url": reverse("queue") if reviewing else reverse("filing_list"),
        "back_label": "Review queue" if reviewing else "All filings",
        # The AI Office designates a GPAI model from its review page (Art. 52(4)).
        **designation_context(actor, filing, designate_form),
    }


def render_filing_page(request, filing, status: int = 200, **kwargs):
    return render(
        request,
        "filings/filing_detail.html",
        filing_page_context(request, filing, **kwargs),
        status=status,
    )


def render_conflict(request, pk, exc: TransitionConflict):
    """The filing as it is now, with why the action could not be done (HTTP 409)."""
    filing = get_filing(request.actor, pk)
    return render_filing_page(
        request,
        filing,
        status=409,
        conflict=f"{exc} Someone may have acted on it meanwhile; here it is as it is now.",
    )
