"""Browser routes. The names are referenced across the project; keep them stable."""

from django.urls import path

from aigov.accounts import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "organization/switch/",
        views.SwitchOrganizationView.as_view(),
        name="switch_organization",
    ),
    path(
        "organisation/contact/",
        views.OrganizationContactView.as_view(),
        name="organization_contact",
    ),
    path("api-keys/", views.ApiKeysView.as_view(), name="api_keys"),
    path("api-keys/<uuid:pk>/revoke/", views.ApiKeyRevokeView.as_view(), name="api_key_revoke"),
    path("members/", views.MembersView.as_view(), name="members"),
    path("members/<uuid:pk>/role/", views.MemberRoleView.as_view(), name="member_role"),
    path("members/<uuid:pk>/remove/", views.MemberRemoveView.as_view(), name="member_remove"),
]
