"""Browser pages of serious incidents: the provider's list and report form, the
authority's queue by urgency, and the incident page with its clocks, stage history and
the actions the workflow allows the viewer now (a report stage, the record of a notice
given outside the platform, a triage verb).

Reads go through `visible_to(actor)`; every write is a service call.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from aigov.web import (
    ActorRequiredMixin,
    add_service_errors,
    get_visible_or_404,
    paginate,
    user_time_zone,
)
from aigov.workflow import TransitionConflict
from assessments.incidents import deadlines
from assessments.incidents.forms import IncidentForm, NoticeForm, ReportForm, TriageForm
from assessments.incidents.models import (
    AUTHORITY_VERBS,
    IncidentEscalation,
    IncidentReport,
    IncidentStatus,
    IncidentVerb,
    Stage,
)
from assessments.incidents.selectors import incident_clocks, incident_queue, next_open_clock
from assessments.incidents.services import (
    FACTS,
    INCIDENT_WORKFLOW,
    facts_asked,
    incident_create,
    incident_record_notice,
    incident_report,
    incident_triage,
    notice_pending,
    stage_verbs,
)
from registry.models import AISystem, GPAIModel

STAGE_LABELS = dict(Stage.choices)
VERB_LABELS = dict(IncidentVerb.choices)
DANGEROUS = {IncidentVerb.CLOSE}


def _category_label(incident) -> str:
    return deadlines.category(incident.regime, incident.category).label


class IncidentListView(ActorRequiredMixin, TemplateView):
    """The provider's incidents, or the authority's queue, most urgent first."""

    permission_required = "incidents.view"
    template_name = "assessments/incidents/incident_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = IncidentReport.objects.visible_to(self.actor).prefetch_related(
            "routes__authority"
        )
        status = self.request.GET.get("status", "")
        if status in IncidentStatus.values:
            queryset = queryset.filter(status=status)
        # The regulator figures link here narrowed by regime and category.
        regime = self.request.GET.get("regime", "")
        if regime in deadlines.REGIMES:
            queryset = queryset.filter(regime=regime)
            category = self.request.GET.get("category", "")
            if category:
                queryset = queryset.filter(category=category)
        page = paginate(self.request, incident_queue(queryset.select_related("organization")))
        now = timezone.now()
        rows = []
        for incident in page.object_list:
            running = next_open_clock(incident)
            rows.append(
                {
                    "incident": incident,
                    "category": _category_label(incident),
                    "clock": running,
                    "countdown": running.countdown(now) if running else "",
                    "overdue": running is not None and running.due_at < now,
                }
            )
        context.update(
            page=page,
            rows=rows,
            status=status,
            statuses=dict(IncidentStatus.choices),
            title="Incident queue" if self.actor.kind == "authority" else "Serious incidents",
            can_report=self.actor.kind == "operator" and self.actor.can("incidents.report"),
        )
        return context


def _subjects(actor) -> list:
    systems = AISystem.objects.visible_to(actor).order_by("name").values_list("pk", "name")
    models = GPAIModel.objects.visible_to(actor).order_by("name").values_list("pk", "name")
    return [
        ("AI systems (EU incidents)", [(f"ai_system:{pk}", name) for pk, name in systems]),
        (
            "GPAI models (GPAI systemic risk, SB 53)",
            [(f"gpai_model:{pk}", name) for pk, name in models],
        ),
    ]


class IncidentNewView(ActorRequiredMixin, TemplateView):
    """Report a serious incident: recorded as a draft, its deadline shown at once."""

    permission_required = "incidents.report"
    template_name = "assessments/incidents/incident_new.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", IncidentForm(subjects=_subjects(self.actor)))
        context["tz"] = user_time_zone(self.request.user)
        context["regimes"] = deadlines.REGIMES.values()
        return context

    def post(self, request):
        form = IncidentForm(request.POST, subjects=_subjects(self.actor))
        if form.is_valid():
            data = form.cleaned_data
            tz = user_time_zone(request.user)
            regime, _, category = data["category"].partition(":")
            kind, _, pk = data["subject"].partition(":")
            model = AISystem if kind == "ai_system" else GPAIModel
            subject = get_visible_or_404(model, self.actor, pk=pk)
            try:
                incident = incident_create(
                    actor=self.actor,
                    subject=subject,
                    regime=regime,
                    category=category,
                    title=data["title"],
                    occurred_at=form.in_zone(data["occurred_at"], tz),
                    aware_at=form.in_zone(data["aware_at"], tz),
                    member_states=data["member_states"],
                    persons_affected=data["persons_affected"],
                    what_happened=data["what_happened"],
                    immediate_measures=data["immediate_measures"],
                    not_altered=data["not_altered"],
                    internal_use=data["internal_use"],
                )
            except ValidationError as exc:
                add_service_errors(
                    form,
                    exc,
                    {"ai_system": "subject", "gpai_model": "subject", "regime": "category"},
                )
            else:
                messages.success(request, "Recorded as a draft. Submit the initial report next.")
                return redirect("incident_detail", pk=incident.pk)
        return self.render_to_response(self.get_context_data(form=form))


class IncidentDetailView(ActorRequiredMixin, TemplateView):
    """One incident: its clocks, facts, authorities, stage history and actions."""

    permission_required = "incidents.view"
    template_name = "assessments/incidents/incident_detail.html"

    def get_context_data(self, report_form=None, triage_forms=None, notice_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.actor
        incident = get_visible_or_404(
            IncidentReport.objects.prefetch_related("routes__authority"),
            actor,
            pk=self.kwargs["pk"],
        )
        now = timezone.now()
        stages = stage_verbs(actor, incident)
        tz = user_time_zone(self.request.user)
        triage_forms = triage_forms or {}
        may_record_notice = notice_pending(incident) and INCIDENT_WORKFLOW.allows(
            actor, incident, IncidentVerb.RECORD_NOTICE
        )
        context.update(
            incident=incident,
            category=deadlines.category(incident.regime, incident.category),
            # A form sent back with its errors is shown even if the notice was recorded
            # meanwhile, so the error says so.
            notice_form=notice_form or (NoticeForm() if may_record_notice else None),
            tz=tz,
            regime=deadlines.REGIMES[incident.regime],
            asked=facts_asked(incident.regime),
            clocks=[
                {
                    "clock": c,
                    "countdown": c.countdown(now),
                    "overdue": c.is_open() and c.due_at < now,
                }
                for c in incident_clocks(incident)
            ],
            routes=list(incident.routes.all()),
            submissions=list(incident.submissions.order_by("number")),
            events=incident.events.select_related("actor_organization"),
            reminders=incident.reminders.all() if actor.kind == "operator" else [],
            # The authority's own escalations only: an internal matter of each regulator.
            escalations=list(
                IncidentEscalation.objects.visible_to(actor)
                .filter(incident=incident)
                .select_related("authority")
            )
            if actor.kind == "authority"
            else [],
            stages=[(stage, STAGE_LABELS[stage]) for stage in stages],
            report_form=(report_form or self._report_form(incident, tz)) if stages else None,
            triage=[
                {
                    "verb": verb,
                    "label": VERB_LABELS[verb],
                    "danger": verb in DANGEROUS,
                    "needs_reason": INCIDENT_WORKFLOW[verb].needs_reason,
                    "form": triage_forms.get(verb) or TriageForm(prefix=verb),
                }
                for verb in AUTHORITY_VERBS
                if INCIDENT_WORKFLOW.allows(actor, incident, verb)
            ],
            stage_labels=STAGE_LABELS,
            verb_labels=VERB_LABELS,
        )
        return context

    def _report_form(self, incident, tz):
        resolved = incident.resolved_at.astimezone(tz) if incident.resolved_at else None
        return ReportForm(
            initial={
                "what_happened": incident.what_happened,
                "persons_affected": incident.persons_affected,
                "immediate_measures": incident.immediate_measures,
                "not_altered": incident.not_altered,
                "internal_use": incident.internal_use,
                "resolved_at": resolved,
            },
            regime=incident.regime,
        )


class IncidentActionView(ActorRequiredMixin, View):
    """POST targets of the incident page: submit a stage, or a triage verb. Errors
    re-render the page with the message next to the field."""

    permission_required = "incidents.view"

    def post(self, request, pk, what):
        incident = get_visible_or_404(IncidentReport, self.actor, pk=pk)
        detail = IncidentDetailView(request=request, kwargs={"pk": pk})
        detail.setup(request, pk=pk)
        try:
            if what == "report":
                return self._report(request, detail, incident)
            if what == "triage":
                return self._triage(request, detail, incident)
            if what == "notice":
                return self._notice(request, detail, incident)
        except TransitionConflict as exc:
            messages.error(request, str(exc))
            return redirect("incident_detail", pk=pk)
        raise Http404("No such action.")

    def _report(self, request, detail, incident):
        form = ReportForm(request.POST, regime=incident.regime)
        if form.is_valid():
            data = form.cleaned_data
            tz = user_time_zone(request.user)
            # Only the facts the form asks under this incident's regime.
            facts = {name: data[name] for name in FACTS if name in form.fields}
            facts["resolved_at"] = form.in_zone(data["resolved_at"], tz)
            try:
                incident_report(
                    actor=self.actor,
                    incident=incident,
                    stage=data["stage"],
                    note=data["note"],
                    **facts,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{STAGE_LABELS[data['stage']]} submitted.")
                return redirect("incident_detail", pk=incident.pk)
        return detail.render_to_response(detail.get_context_data(report_form=form))

    def _notice(self, request, detail, incident):
        form = NoticeForm(request.POST)
        if form.is_valid():
            tz = user_time_zone(request.user)
            try:
                incident_record_notice(
                    actor=self.actor,
                    incident=incident,
                    notice_to=form.cleaned_data["notice_to"],
                    notice_at=form.in_zone(form.cleaned_data["notice_at"], tz),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "The notice is recorded.")
                return redirect("incident_detail", pk=incident.pk)
        return detail.render_to_response(detail.get_context_data(notice_form=form))

    def _triage(self, request, detail, incident):
        verb = request.POST.get("verb", "")
        if verb not in AUTHORITY_VERBS:
            raise Http404("No such action.")
        form = TriageForm(request.POST, prefix=verb)
        if form.is_valid():
            try:
                incident_triage(
                    actor=self.actor,
                    incident=incident,
                    verb=verb,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{VERB_LABELS[verb]}: done.")
                return redirect("incident_detail", pk=incident.pk)
        return detail.render_to_response(detail.get_context_data(triage_forms={verb: form}))
