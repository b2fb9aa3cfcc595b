"""What each role may do. One table; views and services ask `actor.can(permission)`.

A permission not listed for a role is denied. Permissions whose name ends in `.view` are
reads; every other permission is a write and also needs the `write` scope.
"""

from aigov.accounts.models import Role, User

ADMINISTRATORS = (Role.ADMIN, Role.SUPERVISOR, Role.LEAD)
ALL_ROLES = tuple(Role)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {}


def _grant(permission: str, roles) -> None:
    for role in roles:
        ROLE_PERMISSIONS.setdefault(role, frozenset())
        ROLE_PERMISSIONS[role] = ROLE_PERMISSIONS[role] | {permission}


_grant("organization.view", ALL_ROLES)
_grant("organization.manage", ADMINISTRATORS)
_grant("members.view", ALL_ROLES)
_grant("members.manage", ADMINISTRATORS)
_grant("apikeys.view", ADMINISTRATORS)
_grant("apikeys.manage", ADMINISTRATORS)
_grant("audit.view", ADMINISTRATORS)
_grant("jobs.view", ALL_ROLES)
# Notifications are personal: everyone reads and marks their own (nobody else's).
_grant("notifications.view", ALL_ROLES)
_grant("notifications.mark", ALL_ROLES)
# Registry: reading is scoped by visible_to; only operator admins and editors write
# (those roles exist only in operator organisations).
_grant("registry.view", ALL_ROLES)
_grant("registry.edit", (Role.ADMIN, Role.EDITOR))
# Filings: operators draft and submit; authorities review; either side may withdraw a
# registration (the provider's own, or the regulator's decision).
_grant("filings.view", ALL_ROLES)
_grant("filings.edit", (Role.ADMIN, Role.EDITOR))
_grant("filings.review", (Role.SUPERVISOR, Role.REVIEWER))
_grant("filings.withdraw", (Role.ADMIN, Role.SUPERVISOR))
# Conformity assessments: the provider requests and answers; the assessing organisation
# (a notified body's staff, or the provider itself under internal control) assesses, and
# only its lead (or the provider's admin) records the decision.
_grant("assessments.view", ALL_ROLES)
_grant("assessments.request", (Role.ADMIN, Role.EDITOR))
_grant("assessments.assess", (Role.LEAD, Role.ASSESSOR, Role.ADMIN, Role.EDITOR))
_grant("assessments.decide", (Role.LEAD, Role.ADMIN))
# A notified body's lead assessor reviews (releases or returns) what its assessors post
# before the decision; what a lead posts is released at once (issue 10, item 5).
_grant("assessments.review", (Role.LEAD,))
# Serious incidents: the provider reports; the authorities it is routed to triage.
# Assessors take no part (incidents are never shown to them).
_grant("incidents.view", (Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.SUPERVISOR, Role.REVIEWER))
_grant("incidents.report", (Role.ADMIN, Role.EDITOR))
_grant("incidents.triage", (Role.SUPERVISOR, Role.REVIEWER))
# Certificates (Art. 44): the notified body's lead issues and suspends, restricts,
# withdraws or reinstates them; everyone who sees one reads it. The provider drafts its
# declaration of conformity (Art. 47); only its admin signs it.
_grant("certificates.view", ALL_ROLES)
_grant("certificates.issue", (Role.LEAD,))
_grant("certificates.manage", (Role.LEAD,))
_grant("declarations.edit", (Role.ADMIN, Role.EDITOR))
_grant("declarations.sign", (Role.ADMIN,))
# Capability evaluations of GPAI models (Art. 55(1)(a)): an evaluation institute's staff
# post them; the provider, the evaluator and the AI Office read them (visibility decides
# who sees which, assessments/evaluations/models.py).
_grant("evaluations.view", ALL_ROLES)
_grant("evaluations.submit", (Role.LEAD, Role.ASSESSOR))
# PDF documents (aigov.documents): whoever sees an object reads its PDF, and may ask for
# one to be rendered (a background job; a write, so an API key needs the write scope).
_grant("documents.view", ALL_ROLES)
_grant("documents.request", ALL_ROLES)
# Regulator figures (aigov.figures): every role of an authority reads them.
_grant("dashboard.view", (Role.SUPERVISOR, Role.REVIEWER, Role.VIEWER))
# The stateless classification preview changes nothing, so it is a read.
_grant("classification.view", ALL_ROLES)
# The requirement catalogues are the law, the same for every organisation.
_grant("catalogues.view", ALL_ROLES)


def roles_with(permission: str) -> tuple[str, ...]:
    """The roles granted `permission` (e.g. who reviews filings, who is told of them)."""
    return tuple(
        sorted(role for role, granted in ROLE_PERMISSIONS.items() if permission in granted)
    )


def members_in_roles(organization, roles) -> list[User]:
    """The active people of `organization` with one of `roles` there, by email: who is
    told of work (pass `roles_with(permission)` for the roles that do it)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("email")
    )


def is_write(permission: str) -> bool:
    return not permission.endswith(".view")
