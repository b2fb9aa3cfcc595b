"""Template helpers for the browser shell: permission checks and the user's time zone."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from aigov.web import user_time_zone

register = template.Library()


@register.filter
def can(actor, permission: str) -> bool:
    """`{% if actor|can:"apikeys.view" %}`: the navigation shows only what the actor may use."""
    return bool(actor) and actor.can(permission)


@register.filter
def user_zone(user):
    """`{% timezone user|user_zone %}`: times are stored in UTC, shown in the user's zone."""
    return user_time_zone(user)


@register.simple_tag
def timestamp(value, empty: str = "—"):
    """A `<time>` element in the active (the user's) time zone, or `empty` for None."""
    if value is None:
        return empty
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(),
        date_format(local, "j M Y, H:i T"),
    )
