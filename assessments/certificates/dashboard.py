"""The certificates' block on every dashboard (registered with the core's dashboard when
the app is ready): the latest certificate events the organisation may see, so an
authority reads the notified bodies' notices (Art. 44(3)) and a provider its own."""

from aigov.accounts.models import OrganizationKind
from aigov.dashboard import dashboard_block

dashboard_block(
    template="certificates/_dashboard.html",
    kinds={OrganizationKind.OPERATOR, OrganizationKind.AUTHORITY, OrganizationKind.ASSESSOR},
    permission="certificates.view",
)
