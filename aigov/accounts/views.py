"""Browser views: signing in and out, the dashboard, the organisation switcher, API keys
and members. The audit log's pages are in `aigov.audit.views`, the jobs' in `aigov.jobs.views`.

Each view checks access (`aigov.web.ActorRequiredMixin`), reads through
`visible_to(actor)`, calls a service for any write, and renders. Service ValidationErrors
are shown on the form; PermissionDenied becomes the 403 page.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView, View

from aigov.accounts import ratelimit
from aigov.accounts.actor import ACTIVE_ORGANIZATION_SESSION_KEY, memberships_of
from aigov.accounts.forms import (
    ApiKeyCreateForm,
    EmailAuthenticationForm,
    MembershipRoleForm,
    OrganizationContactForm,
    SwitchOrganizationForm,
)
from aigov.accounts.models import IDENTIFIER_SCHEMES, ApiKey, Membership, Role
from aigov.accounts.services import (
    CONTACT_FIELDS,
    api_key_create,
    api_key_revoke,
    auth_record_login,
    auth_record_login_failed,
    auth_record_logout,
    auth_record_password_change,
    membership_change_role,
    membership_remove,
    organization_contact_update,
)
from aigov.audit.models import AuditEvent
from aigov.audit.presenters import event_rows
from aigov.dashboard import dashboard_blocks_for
from aigov.jobs.models import Job
from aigov.web import (
    ActorRequiredMixin,
    add_service_errors,
    get_visible_or_404,
    paginate,
    user_time_zone,
)

LOGIN_RATE_SCOPE = "login"
# One account is refused only after this many times AUTH_FAILURE_LIMIT failures (from any
# addresses): enough to stop guessing its password from many addresses, too many for
# anyone to lock a known account out with a handful of wrong passwords. One address is
# refused after AUTH_FAILURE_LIMIT.
ACCOUNT_FAILURE_FACTOR = 10
RECENT_ROWS = 8


# --- Signing in and out


class LoginView(auth_views.LoginView):
    """Email and password sign-in, refused for a while after too many failures."""

    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True
    blocked = False

    def post(self, request, *args, **kwargs):
        email = request.POST.get("username", "").strip().lower()
        address = ratelimit.client_address(request)
        # Checked before the password is, so that once blocked even a correct guess
        # teaches an attacker nothing.
        self.blocked = ratelimit.is_blocked(LOGIN_RATE_SCOPE, address) or ratelimit.is_blocked(
            LOGIN_RATE_SCOPE, email, limit=settings.AUTH_FAILURE_LIMIT * ACCOUNT_FAILURE_FACTOR
        )
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "blocked": self.blocked}

    def form_valid(self, form):
        response = super().form_valid(form)  # signs in and cycles the session key
        auth_record_login(user=form.get_user(), request=self.request)
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if self.blocked:
            # Blocked attempts are not audited: the block is what bounds how many failure
            # events one client can append to the audit chain.
            response.status_code = 429
            response["Retry-After"] = str(ratelimit.retry_after())
            return response
        # Only a wrong email/password pair counts, not an empty or malformed field.
        if form.has_error(NON_FIELD_ERRORS, "invalid_login") or form.has_error(
            NON_FIELD_ERRORS, "inactive"
        ):
            email = form.cleaned_data.get("username", "")
            ratelimit.record_failure(
                LOGIN_RATE_SCOPE, ratelimit.client_address(self.request), email
            )
            auth_record_login_failed(email=email, request=self.request)
        return response


def admin_login(request, extra_context=None):
    """`/admin/login/`: the admin has no sign-in of its own. It sends people to `/login/`,
    with its rate limit and audit events, and back to the admin page they asked for."""
    next_url = request.GET.get("next") or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if admin.site.has_permission(request):
        safe = url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(next_url if safe else reverse("admin:index"))
    # Signed in without admin access: sending them to sign in again would loop.
    raise PermissionDenied("Your account has no access to the administration site.")


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, like Django's own view), recorded in the audit log."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            auth_record_logout(user=request.user, request=request)
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; this session stays signed in, others are ended."""

    success_url = reverse_lazy("dashboard")

    @transaction.atomic
    def form_valid(self, form):
        # One transaction: the new password and its audit event are kept together.
        response = super().form_valid(form)
        auth_record_password_change(user=form.user, request=self.request)
        messages.success(self.request, "Your password has been changed.")
        return response


# --- Dashboard and organisation switcher


class DashboardView(ActorRequiredMixin, TemplateView):
    """The landing page, one template per organisation kind."""

    permission_required = "organization.view"

    def get_template_names(self):
        return [f"dashboard/{self.actor.kind}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.actor
        organization = actor.organization
        context["organization"] = organization
        context["role_label"] = Role(actor.role).label
        # None (rather than absent) hides a section the role may not see.
        context.update(
            member_count=None, recent_jobs=None, recent_events=None, active_key_count=None
        )
        context["identifiers"] = [
            (IDENTIFIER_SCHEMES.get(scheme, scheme), value)
            for scheme, value in sorted(organization.identifiers.items())
        ]
        if actor.can("members.view"):
            context["member_count"] = Membership.objects.visible_to(actor).count()
        if actor.can("jobs.view"):
            context["recent_jobs"] = list(Job.objects.visible_to(actor)[:RECENT_ROWS])
        if actor.can("audit.view"):
            events = AuditEvent.objects.visible_to(actor).select_related(
                "organization", "actor_user", "actor_api_key"
            )
            context["recent_events"] = event_rows(events[:RECENT_ROWS], actor)
        if actor.can("apikeys.view"):
            context["active_key_count"] = ApiKey.objects.visible_to(actor).active().count()
        context["blocks"] = dashboard_blocks_for(actor)
        return context


class SwitchOrganizationView(ActorRequiredMixin, View):
    """Make another of the user's organisations the active one."""

    http_method_names = ["post"]

    def post(self, request):
        form = SwitchOrganizationForm(request.POST)
        if not form.is_valid():
            raise Http404("No such organisation.")
        # Scoped by the signed-in user rather than the actor: the target is by definition
        # outside the active organisation. Not a member → 404, like a missing one.
        membership = get_object_or_404(
            memberships_of(request.user), organization_id=form.cleaned_data["organization"]
        )
        request.session[ACTIVE_ORGANIZATION_SESSION_KEY] = str(membership.organization_id)
        messages.success(request, f"You are now working in {membership.organization.name}.")
        # Back to the page that offered the switch (a 404 naming the organisation); only
        # an address on this site.
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect("dashboard")


# --- API keys


class OrganizationContactView(ActorRequiredMixin, TemplateView):
    """Edit the organisation's postal address and contact details."""

    permission_required = "organization.manage"
    template_name = "accounts/organization_contact.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.actor.organization
        context["form"] = form or OrganizationContactForm(
            initial={name: getattr(organization, name) for name in CONTACT_FIELDS}
        )
        return context

    def post(self, request):
        form = OrganizationContactForm(request.POST)
        if form.is_valid():
            try:
                organization_contact_update(actor=self.actor, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "The address and contact details are saved.")
                return redirect("dashboard")
        return self.render_to_response(self.get_context_data(form=form), status=422)


class ApiKeysView(ActorRequiredMixin, TemplateView):
    """The organisation's API keys, and the form that creates one."""

    permission_required = "apikeys.view"
    template_name = "accounts/api_keys.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        keys = ApiKey.objects.visible_to(self.actor).select_related("created_by")
        context["page"] = page = paginate(self.request, keys)
        context["rows"] = page.object_list
        if self.actor.can("apikeys.manage"):
            context["form"] = form or ApiKeyCreateForm()
        return context

    def post(self, request):
        self.require_permission("apikeys.manage")
        form = ApiKeyCreateForm(request.POST)
        if form.is_valid():
            try:
                key, token = api_key_create(
                    organization=self.actor.organization,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_at=form.expires_at(user_time_zone(request.user)),
                    actor=self.actor,
                )
            except ValidationError as exc:
                add_service_errors(form, exc, rename={"expires_at": "expires_on"})
            else:
                # The token exists only in this response: never in the session or a URL,
                # and kept out of caches and the back/forward history.
                response = render(
                    request, "accounts/api_key_created.html", {"key": key, "token": token}
                )
                response["Cache-Control"] = "no-store"
                return response
        return self.render_to_response(self.get_context_data(form=form))


class ApiKeyRevokeView(ActorRequiredMixin, TemplateView):
    """GET asks for confirmation; POST revokes the key."""

    permission_required = "apikeys.manage"
    template_name = "accounts/api_key_revoke.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["key"] = get_visible_or_404(ApiKey, self.actor, pk=self.kwargs["pk"])
        return context

    def post(self, request, pk):
        key = get_visible_or_404(ApiKey, self.actor, pk=pk)
        if key.revoked_at is not None:
            messages.info(request, f"The key “{key.name}” was already revoked.")
        else:
            api_key_revoke(key=key, actor=self.actor)
            messages.success(request, f"The key “{key.name}” is revoked and no longer works.")
        return redirect("api_keys")


# --- Members


class MembersView(ActorRequiredMixin, TemplateView):
    """Who belongs to the organisation, with a role form per member for administrators.

    Not paginated: a member list is short, and every row carries its own form.
    """

    permission_required = "members.view"
    template_name = "accounts/members.html"

    def role_form(self, membership, data=None):
        return MembershipRoleForm(
            data,
            organization=self.actor.organization,
            prefix=f"m-{membership.pk}",
            initial={"role": membership.role},
        )

    def get_context_data(self, bound_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = (
            Membership.objects.visible_to(self.actor).select_related("user").order_by("user__email")
        )
        can_manage = self.actor.can("members.manage")
        rows = []
        for membership in memberships:
            form = None
            if can_manage:
                if bound_form is not None and bound_form[0] == membership.pk:
                    form = bound_form[1]
                else:
                    form = self.role_form(membership)
            rows.append({"membership": membership, "form": form})
        context["rows"] = rows
        context["can_manage"] = can_manage
        context["invalid_form"] = bound_form[1] if bound_form else None
        return context


class MemberRoleView(MembersView):
    """Change one member's role (POST); errors are shown on that member's row."""

    permission_required = "members.manage"
    http_method_names = ["post"]

    def post(self, request, pk):
        membership = get_visible_or_404(
            Membership.objects.select_related("user", "organization"), self.actor, pk=pk
        )
        form = self.role_form(membership, data=request.POST)
        if form.is_valid():
            role = form.cleaned_data["role"]
            if role == membership.role:
                messages.info(request, f"{membership.user.email} already has that role.")
                return redirect("members")
            try:
                membership_change_role(membership=membership, role=role, actor=self.actor)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                label = membership.get_role_display()
                messages.success(request, f"{membership.user.email} is now {label}.")
                return redirect("members")
        return self.render_to_response(self.get_context_data(bound_form=(membership.pk, form)))


class MemberRemoveView(ActorRequiredMixin, TemplateView):
    """GET asks for confirmation; POST removes the member from the organisation."""

    permission_required = "members.manage"
    template_name = "accounts/member_remove.html"

    def get_membership(self):
        return get_visible_or_404(
            Membership.objects.select_related("user", "organization"),
            self.actor,
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["membership"] = self.get_membership()
        return context

    def post(self, request, pk):
        membership = self.get_membership()
        email = membership.user.email
        organization = membership.organization
        membership_remove(membership=membership, actor=self.actor)
        messages.success(request, f"{email} no longer belongs to {organization.name}.")
        if membership.user_id == request.user.pk:
            return redirect("dashboard")  # the members page may no longer be theirs to see
        return redirect("members")
