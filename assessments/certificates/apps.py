from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "assessments.certificates"
    label = "certificates"
    verbose_name = "Certificates and declarations"

    def ready(self) -> None:
        from assessments.certificates.prefill import filing_values
        from registry.services.filings import prefill_source_add

        prefill_source_add(filing_values)
