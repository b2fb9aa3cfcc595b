"""Template helpers for the browser shell: permission checks, the user's time zone and
the authority's zone (deadlines and filing dates)."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from aigov import clock
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


@register.simple_tag(takes_context=True)
def page_query(context, number, param: str = "page") -> str:
    """This page's query string with `param` set to page `number`: the search and filters
    stay, and a page with two paged lists keeps the other list's page."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


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


@register.filter
def authority_date(value, regime: str) -> str:
    """`{{ due|authority_date:filing.regime }}`: "2026-12-07 (Beijing time)" (`clock`)."""
    return "" if value is None else clock.format_local(value, regime=regime)


@register.simple_tag
def authority_time(value, regime: str, with_time: bool = False, empty: str = "—"):
    """A date in the authority's zone, labelled with it, in a `<time>` element (or `empty`
    for None). Deadlines end with their day, so they show the day only; `with_time` adds
    the local time for instants such as a submission."""
    if value is None:
        return empty
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(),
        clock.format_local(value, regime=regime, with_time=with_time),
    )
