"""The one base for browser views: who may see a page, and how objects are fetched.

Every browser view that shows tenant data inherits `ActorRequiredMixin` and reads tenant
rows only through `Model.objects.visible_to(request.actor)` or `get_visible_or_404`, so
another organisation's row answers 404 exactly like a missing one (DESIGN.md §4).
"""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render

from aigov.accounts.actor import Actor, memberships_of

UTC = ZoneInfo("UTC")
PAGE_SIZE = 50

NO_MEMBERSHIP_DETAIL = (
    "Your account does not belong to any organisation yet. Ask an administrator of your "
    "organisation to add you."
)


class ActorRequiredMixin(LoginRequiredMixin):
    """Signed in, a member of an organisation, and allowed `permission_required`.

    Anonymous users are sent to the sign-in page; a user without any membership gets the
    403 page; a missing permission raises PermissionDenied (the 403 handler).
    """

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.actor:
                # Rendered here rather than raised so the page can say what to do next.
                return render(
                    request, "errors/403.html", {"detail": NO_MEMBERSHIP_DETAIL}, status=403
                )
            if self.permission_required:
                self.require_permission(self.permission_required)
        return super().dispatch(request, *args, **kwargs)

    def handle_no_permission(self):
        request = self.request
        if request.headers.get("HX-Request") and not request.user.is_authenticated:
            # An htmx request (a poll after the session ended) would follow the redirect and
            # swap the sign-in page into a fragment; send the whole browser there instead,
            # returning afterwards to the page it was on.
            current = urlsplit(request.headers.get("HX-Current-URL", "")).path or "/"
            login = redirect_to_login(current, self.get_login_url(), self.get_redirect_field_name())
            return HttpResponse(headers={"HX-Redirect": login.url})
        return super().handle_no_permission()

    @property
    def actor(self):
        return self.request.actor

    def require_permission(self, permission: str) -> None:
        """For views whose methods need more than `permission_required` (e.g. POST)."""
        if not self.request.actor.can(permission):
            raise PermissionDenied(f"Your role may not do this ({permission}).")


class VisibleElsewhere(Http404):
    """A 404 for a row that another of the signed-in user's organisations may see.

    The page still answers 404 (the active organisation may not see the row); it names
    the organisation and offers to switch to it, which the user could do anyway.
    """

    def __init__(self, organization):
        super().__init__(f"This belongs to {organization.name}.")
        self.organization = organization


def get_visible_or_404(model, actor, **lookup):
    """The single fetch helper: a row outside the actor's view is a 404, like a missing one.

    `model` is a tenant model, or a queryset of one when the caller needs `select_related`.
    """
    queryset = model if isinstance(model, QuerySet) else model.objects.all()
    try:
        return queryset.visible_to(actor).get(**lookup)
    except queryset.model.DoesNotExist:
        organization = _organization_that_sees(queryset, actor, lookup)
        if organization is not None:
            raise VisibleElsewhere(organization) from None
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from None


def _organization_that_sees(queryset, actor, lookup):
    """Another of the signed-in user's organisations whose view holds the row, or None.

    Asked only on the 404 path, and only for people (an API key has one organisation).
    """
    if actor is None or actor.user is None:
        return None
    others = memberships_of(actor.user).exclude(organization=actor.organization)
    for membership in others.order_by("created_at"):
        other = Actor(organization=membership.organization, role=membership.role, user=actor.user)
        if queryset.visible_to(other).filter(**lookup).exists():
            return membership.organization
    return None


def paginate(request, queryset, per_page: int = PAGE_SIZE, param: str = "page"):
    """The `?page=` page of `queryset` (`param` names it where a page has two lists);
    out-of-range or junk page numbers get the nearest."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def add_service_errors(form, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on `form`, next to the field it names.

    `rename` maps service argument names to form field names (`expires_at` → `expires_on`);
    errors about anything the form does not have go to the top of the form.
    """
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        field = rename.get(name, name)
        if field == NON_FIELD_ERRORS or field not in form.fields:
            field = None
        form.add_error(field, messages)


def user_time_zone(user) -> ZoneInfo:
    """The user's time zone for showing and reading times; UTC when unset or unknown."""
    name = getattr(user, "time_zone", "") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC
