"""`/api/v1/notifications/`: the caller's own notifications (per person, never a
colleague's; none for an API key), `?unread=1`, and marking them read."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from aigov.api.views import TenantReadOnlyViewSet
from aigov.notifications.api.serializers import NotificationSerializer, ReadAllSerializer
from aigov.notifications.models import Notification
from aigov.notifications.services import notification_read, notifications_read_all


class NotificationFilter(filters.FilterSet):
    # `1`/`true` or `0`/`false` (the REST flavour's boolean widget).
    unread = filters.BooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        label="Only unread (1) or only read (0) notifications.",
    )

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationViewSet(TenantReadOnlyViewSet):
    """The caller's notifications, newest first."""

    model = Notification
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    cursor_ordering = ("-created_at", "-id")
    permission_by_action = {
        "list": "notifications.view",
        "retrieve": "notifications.view",
        "read": "notifications.mark",
        "read_all": "notifications.mark",
    }

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification read."""
        notification = notification_read(actor=request.actor, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        """Mark every unread notification of the caller read."""
        return Response({"marked": notifications_read_all(actor=request.actor)})
