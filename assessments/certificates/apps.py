from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "assessments.certificates"
    label = "certificates"
    verbose_name = "Certificates and declarations"

    def ready(self) -> None:
        from assessments.certificates import (
            audit,  # noqa: F401 - registers the audit actions in words
            dashboard,  # noqa: F401 - registers the dashboard block
            documents,  # noqa: F401 - registers the certificate and declaration PDFs
            figures,  # noqa: F401 - registers the regulator figure
            tasks,  # noqa: F401 - registers the job handler
        )
        from assessments.certificates.api import routes  # noqa: F401 - registers the API routes
        from assessments.certificates.prefill import filing_values
        from registry.services.filings import prefill_source_add

        prefill_source_add(filing_values)
