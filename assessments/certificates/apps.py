from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "assessments.certificates"
    label = "certificates"
    verbose_name = "Certificates and declarations"
