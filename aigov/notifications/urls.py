"""The notifications' browser routes."""

from django.urls import path

from aigov.notifications import views

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
    path(
        "notifications/<uuid:pk>/open/",
        views.NotificationOpenView.as_view(),
        name="notification_open",
    ),
]
