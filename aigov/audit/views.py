"""The audit log's browser page: the organisation's events in words, filterable by who,
what, which object and when, each object linked to its page where it has one."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.views.generic import TemplateView

from aigov.audit.models import AuditEvent
from aigov.audit.presenters import action_label, event_rows
from aigov.web import ActorRequiredMixin, paginate


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="By (email contains)", required=False, max_length=254)
    action = forms.ChoiceField(label="Action", required=False)
    object = forms.CharField(label="Object ID", required=False, max_length=64)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any")] + [
            (action, action_label(action)) for action in actions
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return cleaned


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditLogView(ActorRequiredMixin, TemplateView):
    """The organisation's audit events, newest first, 50 a page."""

    permission_required = "audit.view"
    template_name = "audit/audit_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = AuditEvent.objects.visible_to(self.actor)
        actions = visible.order_by("action").values_list("action", flat=True).distinct()
        form = AuditFilterForm(self.request.GET or None, actions=list(actions))
        events = visible.select_related("organization", "actor_user", "actor_api_key")
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["actor"]:
                events = events.filter(actor_user__email__icontains=data["actor"])
            if data["action"]:
                events = events.filter(action=data["action"])
            if data["object"]:
                events = events.filter(object_id=data["object"].strip())
            if data["since"]:
                events = events.filter(created_at__gte=_day_start(data["since"]))
            if data["until"]:
                events = events.filter(created_at__lt=_day_start(data["until"] + timedelta(1)))
        page = paginate(self.request, events)
        context.update(
            form=form,
            page=page,
            rows=event_rows(page, self.actor),
            filtered=form.is_bound,
            query="&".join(f"{k}={v}" for k, v in self.request.GET.items() if k != "page" and v),
        )
        return context
