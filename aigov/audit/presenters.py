"""How audit events are put into words and linked, for the audit log page.

The core names its own actions; apps above it register theirs (and how to link the
objects they record) from their `AppConfig.ready()`, so the audit app imports no app.
"""

from collections.abc import Callable

from django.urls import reverse

# action → what happened, in words ("Submitted the filing").
ACTION_LABELS: dict[str, str] = {
    "auth.login": "Signed in",
    "auth.login_failed": "Failed to sign in",
    "auth.logout": "Signed out",
    "auth.password_changed": "Changed the password",
    "api_key.created": "Created an API key",
    "api_key.revoked": "Revoked an API key",
    "membership.added": "Added a member",
    "membership.removed": "Removed a member",
    "membership.role_changed": "Changed a member's role",
    "organization.created": "Created the organisation",
    "user.created": "Created a user account",
    "job.recovered": "Recovered a stalled background job",
    "job.succeeded": "A background job succeeded",
    "job.failed": "A background job failed",
}
# object type (app_label.model) → function(object id) giving the object's page.
OBJECT_LINKS: dict[str, Callable[[str], str]] = {
    "jobs.job": lambda pk: reverse("job_detail", args=[pk]),
}
OBJECT_NAMES: dict[str, str] = {"accounts.apikey": "API key", "jobs.job": "Background job"}


def register_actions(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def register_object(object_type: str, name: str, link: Callable[[str], str] | None = None):
    OBJECT_NAMES[object_type] = name
    if link is not None:
        OBJECT_LINKS[object_type] = link


def action_label(action: str) -> str:
    """The action in words; an unregistered one as readable as its code allows."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    noun, _, verb = action.rpartition(".")
    return f"{verb.replace('_', ' ').capitalize()} ({noun.replace('_', ' ')})"


def object_row(object_type: str, object_id: str) -> dict | None:
    if not object_type:
        return None
    link = OBJECT_LINKS.get(object_type)
    return {
        "name": OBJECT_NAMES.get(object_type, object_type),
        "id": object_id,
        "url": link(object_id) if link else None,
    }


def recorded_by(event, viewer) -> str:
    """Who did it: a person or key of the viewer's own organisation by name; another
    organisation's event (one shared with the viewer) by that organisation only."""
    if event.organization_id != viewer.organization.pk:
        return event.organization.name if event.organization_id else "system"
    if event.actor_user_id:
        return event.actor_user.email
    if event.actor_api_key_id:
        return f"API key “{event.actor_api_key.name}”"
    return "system"


def event_rows(events, viewer) -> list[dict]:
    """Events as the audit table shows them: the action in words, who did it as the
    viewer may know it, the object linked. `events` need organization, actor_user and
    actor_api_key selected."""
    return [
        {
            "event": event,
            "label": action_label(event.action),
            "by": recorded_by(event, viewer),
            "object": object_row(event.object_type, event.object_id),
        }
        for event in events
    ]
