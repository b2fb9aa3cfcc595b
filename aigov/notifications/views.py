"""The notification list: newest first, unread marked; opening one (a POST) marks it read
and goes to its object's page; "mark all read"."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView, View

from aigov.notifications.models import Notification
from aigov.notifications.services import notification_read, notifications_read_all
from aigov.web import ActorRequiredMixin, get_visible_or_404, paginate


class NotificationListView(ActorRequiredMixin, TemplateView):
    """The signed-in person's notifications in the active organisation."""

    permission_required = "notifications.view"
    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = Notification.objects.visible_to(self.actor)
        context["page"] = paginate(self.request, mine.order_by("-created_at", "-id"))
        context["unread"] = mine.filter(read_at__isnull=True).count()
        return context


class NotificationOpenView(ActorRequiredMixin, View):
    """POST: mark the notification read and go to the page it is about."""

    permission_required = "notifications.mark"

    def post(self, request, pk):
        notification = get_visible_or_404(Notification, self.actor, pk=pk)
        notification_read(actor=self.actor, notification=notification)
        # Written by the product as a site path; checked again so a row can never send a
        # browser elsewhere.
        if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
            return redirect(notification.url)
        return redirect("notification_list")


class NotificationReadAllView(ActorRequiredMixin, View):
    """POST: mark every unread notification read."""

    permission_required = "notifications.mark"

    def post(self, request):
        marked = notifications_read_all(actor=self.actor)
        noun = "notification" if marked == 1 else "notifications"
        messages.success(request, f"Marked {marked} {noun} read.")
        return redirect("notification_list")
