"""The certificates app's API routes, registered with the core's router when ready."""

from django.urls import path

from aigov.api.routes import route_add, router
from assessments.certificates.api.views import (
    CertificateViewSet,
    DeclarationViewSet,
    PublicCertificateCheckView,
    PublicCertificateView,
)

router.register("certificates", CertificateViewSet, basename="certificate")
router.register("declarations", DeclarationViewSet, basename="declaration")
route_add(
    path(
        "public/certificates/<str:number>/",
        PublicCertificateView.as_view(),
        name="public-certificate",
    )
)
route_add(
    path(
        "public/certificates/<str:number>/check/",
        PublicCertificateCheckView.as_view(),
        name="public-certificate-check",
    )
)
