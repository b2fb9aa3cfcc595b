"""Template helpers for the browser shell: permission checks and the user's time zone."""

from django import template

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
