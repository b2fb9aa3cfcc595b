"""The registry's dashboard blocks, registered with the core's dashboard when the app is
ready (`aigov.dashboard`), so the core's templates name no registry page."""

from aigov.accounts.models import OrganizationKind
from aigov.dashboard import dashboard_block

dashboard_block(
    template="registry/_dashboard_subjects.html",
    kinds={OrganizationKind.OPERATOR},
    permission="registry.view",
)
dashboard_block(
    template="filings/_dashboard_operator.html",
    kinds={OrganizationKind.OPERATOR},
    permission="filings.view",
)
dashboard_block(
    template="filings/_dashboard_queue.html",
    kinds={OrganizationKind.AUTHORITY},
    permission="filings.view",
)
dashboard_block(
    template="dashboard/_figures_block.html",
    kinds={OrganizationKind.AUTHORITY},
    permission="dashboard.view",
)
