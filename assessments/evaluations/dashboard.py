"""The evaluations' block on the dashboards of providers, evaluators and the AI Office
(registered with the core's dashboard when the app is ready)."""

from aigov.accounts.models import OrganizationKind
from aigov.dashboard import dashboard_block

dashboard_block(
    template="assessments/evaluations/_dashboard.html",
    kinds={OrganizationKind.OPERATOR, OrganizationKind.AUTHORITY, OrganizationKind.ASSESSOR},
    permission="evaluations.view",
)
