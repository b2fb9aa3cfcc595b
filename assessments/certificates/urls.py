"""Browser routes of certificates, declarations and the public verification (names are
used by templates and tests)."""

from django.urls import path

from assessments.certificates import views

urlpatterns = [
    path("certificates/", views.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/numbering/", views.NumberingView.as_view(), name="certificate_numbering"),
    path(
        "certificates/summary/", views.CertificateSummaryView.as_view(), name="certificate_summary"
    ),
    path(
        "certificates/<uuid:pk>/",
        views.CertificateDetailView.as_view(),
        name="certificate_detail",
    ),
    path(
        "certificates/issue/<uuid:pk>/",
        views.CertificateIssueView.as_view(),
        name="certificate_issue",
    ),
    path("declarations/new/", views.DeclarationNewView.as_view(), name="declaration_new"),
    path(
        "declarations/<uuid:pk>/",
        views.DeclarationDetailView.as_view(),
        name="declaration_detail",
    ),
    # Public: no account needed.
    path("verify/", views.VerifyFormView.as_view(), name="verify"),
    path(
        "verify/declarations/<uuid:pk>/",
        views.DeclarationVerifyView.as_view(),
        name="declaration_verify",
    ),
    path("verify/<str:number>/", views.VerifyView.as_view(), name="certificate_verify"),
]
