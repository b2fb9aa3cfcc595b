"""Browser pages of certificates and declarations of conformity: the list (with the
provider's declarations), the certificate page with the issuer's actions, issuing one from
a decided assessment, the declaration page (edit, sign), and the public verification.

Reads go through `visible_to(actor)` (the public pages through their selectors); every
write is a service call; which actions a page offers is asked of the workflow.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from aigov.exceptions import StateConflict
from aigov.web import ActorRequiredMixin, add_service_errors, get_visible_or_404, paginate
from assessments.certificates.annex_v import ANNEX_V_ITEMS
from assessments.certificates.forms import (
    DeclarationForm,
    DocumentCheckForm,
    IssueForm,
    NumberingForm,
    SignForm,
    StatusForm,
    VerifyForm,
)
from assessments.certificates.models import (
    IN_FORCE,
    MANUAL_VERBS,
    Certificate,
    CertificateEvent,
    CertificateNumbering,
    CertificateStatus,
    CertificateVerb,
    DeclarationOfConformity,
    DeclarationStatus,
    latest_expiry,
)
from assessments.certificates.selectors import (
    CERTIFICATE_KIND,
    DECLARATION_KIND,
    PdfTooLarge,
    certificate_for_verification,
    declaration_for_verification,
    document_check,
    public_certificate,
    verification_url,
)
from assessments.certificates.services import (
    CERTIFICATE_WORKFLOW,
    certificate_issue,
    certificate_transition,
    declaration_draft,
    declaration_sign,
    declaration_update,
    numbering_set,
    validity_basis_of,
)
from assessments.conformity.models import ConformityAssessment
from registry.models import AISystem

# Labels from the workflow table, so the buttons say what the services call the verbs.
VERB_LABELS = {verb: CERTIFICATE_WORKFLOW[verb].label for verb in MANUAL_VERBS}
DANGEROUS = {CertificateVerb.WITHDRAW, CertificateVerb.SUSPEND}


class CertificateListView(ActorRequiredMixin, TemplateView):
    """Certificates the actor holds, issued or may read; for a provider also its
    declarations of conformity and where to draft one."""

    permission_required = "certificates.view"
    template_name = "certificates/certificate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.actor
        queryset = Certificate.objects.visible_to(actor).select_related("organization", "issuer")
        status = self.request.GET.get("status", "")
        if status in CertificateStatus.values:
            queryset = queryset.filter(status=status)
        page = paginate(self.request, queryset)
        context.update(
            page=page,
            rows=page.object_list,
            status=status,
            statuses=CertificateStatus.choices,
            # Paged apart from the certificates, by `?declarations_page=`.
            declarations=paginate(
                self.request,
                DeclarationOfConformity.objects.visible_to(actor)
                .select_related("ai_system")
                .order_by("ai_system__name", "-version", "id"),
                param="declarations_page",
            ),
            can_draft=actor.kind == "operator" and actor.can("declarations.edit"),
            # Only high-risk systems have a declaration to draw up (Art. 47).
            systems=AISystem.objects.visible_to(actor)
            .filter(classification__eu__tier="high")
            .order_by("name")
            .values_list("pk", "name")
            if actor.kind == "operator"
            else [],
            can_number=actor.kind == "assessor" and actor.can("certificates.manage"),
        )
        return context


class CertificateDetailView(ActorRequiredMixin, TemplateView):
    """One certificate: its scope, validity, status with reasons, timeline, supplements,
    and the issuer's actions."""

    permission_required = "certificates.view"
    template_name = "certificates/certificate_detail.html"

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.actor
        certificate = get_visible_or_404(
            Certificate.objects.select_related(
                "organization", "issuer", "assessment", "supplements", "renews"
            ),
            actor,
            pk=self.kwargs["pk"],
        )
        forms = forms or {}
        context.update(
            certificate=certificate,
            events=certificate.events.select_related("actor_organization"),
            supplements=certificate.supplement_set.order_by("issued_on"),
            verify_url=verification_url(certificate),
            actions=[
                {
                    "verb": verb,
                    "label": VERB_LABELS[verb],
                    "form": forms.get(verb) or StatusForm(prefix=verb),
                    "danger": verb in DANGEROUS,
                    "restricts": verb == CertificateVerb.RESTRICT,
                }
                for verb in MANUAL_VERBS
                if CERTIFICATE_WORKFLOW.allows(actor, certificate, verb)
            ],
        )
        return context

    def post(self, request, pk):
        certificate = get_visible_or_404(Certificate, self.actor, pk=pk)
        verb = request.POST.get("verb", "")
        if verb not in MANUAL_VERBS:
            raise Http404("No such action.")
        form = StatusForm(request.POST, prefix=verb)
        if form.is_valid():
            try:
                certificate_transition(
                    actor=self.actor,
                    certificate=certificate,
                    verb=verb,
                    reason=form.cleaned_data["reason"],
                    restriction=form.cleaned_data["restriction"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StateConflict as exc:
                messages.error(request, str(exc))
                return redirect("certificate_detail", pk=pk)
            else:
                messages.success(request, f"{VERB_LABELS[verb]}: done.")
                return redirect("certificate_detail", pk=pk)
        return self.render_to_response(self.get_context_data(forms={verb: form}))


class CertificateIssueView(ActorRequiredMixin, TemplateView):
    """Issue the certificate of a conformant Annex VII decision (the lead assessor)."""

    permission_required = "certificates.issue"
    template_name = "certificates/certificate_issue.html"

    def _assessment(self):
        return get_visible_or_404(
            ConformityAssessment.objects.select_related("ai_system", "organization"),
            self.actor,
            pk=self.kwargs["pk"],
        )

    def _previous(self, assessment):
        return Certificate.objects.visible_to(self.actor).filter(
            ai_system=assessment.ai_system_id, supplements__isnull=True
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self._assessment()
        if form is None:
            system = assessment.ai_system
            form = IssueForm(
                previous=self._previous(assessment),
                initial={
                    "kind": "initial",
                    "intended_purpose": system.intended_purpose if system else "",
                    "conditions": assessment.conditions,
                },
            )
        basis = validity_basis_of(assessment)
        context.update(
            assessment=assessment,
            form=form,
            basis_label=dict(Certificate._meta.get_field("validity_basis").choices)[basis],
            # The service issues as of today, so the cap shown is today's.
            cap=latest_expiry(timezone.localdate(), basis),
        )
        return context

    def post(self, request, pk):
        assessment = self._assessment()
        form = IssueForm(request.POST, previous=self._previous(assessment))
        if form.is_valid():
            data = form.cleaned_data
            try:
                certificate = certificate_issue(actor=self.actor, assessment=assessment, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StateConflict as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Certificate {certificate.number} issued.")
                return redirect("certificate_detail", pk=certificate.pk)
        return self.render_to_response(self.get_context_data(form=form))


class NumberingView(ActorRequiredMixin, TemplateView):
    """A notified body's own certificate number format."""

    permission_required = "certificates.manage"
    template_name = "certificates/numbering.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        numbering = CertificateNumbering.objects.filter(organization=self.actor.organization)
        current = numbering.first()
        number_format = (
            current.number_format if current else (CertificateNumbering.DEFAULT_NUMBER_FORMAT)
        )
        context["form"] = form or NumberingForm(initial={"number_format": number_format})
        context["last_sequence"] = current.last_sequence if current else 0
        return context

    def post(self, request):
        form = NumberingForm(request.POST)
        if form.is_valid():
            try:
                numbering_set(actor=self.actor, number_format=form.cleaned_data["number_format"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Certificate number format saved.")
                return redirect("certificate_list")
        return self.render_to_response(self.get_context_data(form=form))


class DeclarationNewView(ActorRequiredMixin, View):
    """Draft the next declaration of a system from its registered data (POST only)."""

    permission_required = "declarations.edit"

    def post(self, request):
        system = get_visible_or_404(AISystem, self.actor, pk=request.POST.get("ai_system"))
        try:
            declaration = declaration_draft(actor=self.actor, ai_system=system)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("certificate_list")
        return redirect("declaration_detail", pk=declaration.pk)


class DeclarationDetailView(ActorRequiredMixin, TemplateView):
    """One declaration: every Annex V item; a draft is edited and signed here."""

    permission_required = "certificates.view"
    template_name = "certificates/declaration_detail.html"

    def _declaration(self):
        return get_visible_or_404(
            DeclarationOfConformity.objects.select_related(
                "organization", "ai_system", "certificate", "supersedes"
            ),
            self.actor,
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, edit_form=None, sign_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.actor
        declaration = self._declaration()
        draft = declaration.status == DeclarationStatus.DRAFT
        mine = actor.kind == "operator"
        context.update(
            declaration=declaration,
            items=[(item, declaration.content.get(item.key, "")) for item in ANNEX_V_ITEMS],
            edit_form=(
                edit_form
                or DeclarationForm(
                    initial={**declaration.content, "signed_for": declaration.signed_for}
                )
            )
            if draft and mine and actor.can("declarations.edit")
            else None,
            sign_form=(sign_form or SignForm(initial={"place": declaration.place}))
            if draft and mine and actor.can("declarations.sign") and actor.user
            else None,
            versions=DeclarationOfConformity.objects.visible_to(actor)
            .filter(ai_system=declaration.ai_system_id)
            .order_by("-version"),
        )
        return context

    def post(self, request, pk):
        declaration = self._declaration()
        try:
            if request.POST.get("action") == "sign":
                return self._sign(request, declaration)
            return self._edit(request, declaration)
        except StateConflict as exc:
            messages.error(request, str(exc))
            return redirect("declaration_detail", pk=pk)

    def _edit(self, request, declaration):
        form = DeclarationForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            signed_for = data.pop("signed_for")
            try:
                declaration_update(
                    actor=self.actor,
                    declaration=declaration,
                    content=data,
                    fields={"signed_for": signed_for},
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {f"content.{i.key}": i.key for i in ANNEX_V_ITEMS})
            else:
                messages.success(request, "Draft saved.")
                return redirect("declaration_detail", pk=declaration.pk)
        return self.render_to_response(self.get_context_data(edit_form=form))

    def _sign(self, request, declaration):
        form = SignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                declaration_sign(
                    actor=self.actor,
                    declaration=declaration,
                    signer_name=data["signer_name"],
                    signer_function=data["signer_function"],
                    place=data["place"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Declaration signed.")
                return redirect("declaration_detail", pk=declaration.pk)
        return self.render_to_response(self.get_context_data(sign_form=form))


class VerifyFormView(TemplateView):
    """The public entry: type a certificate number (no account needed)."""

    template_name = "certificates/verify_form.html"

    def get(self, request):
        form = VerifyForm(request.GET or None)
        if form.is_valid():
            return redirect("certificate_verify", number=form.cleaned_data["number"].strip())
        return self.render_to_response({"form": form})


class VerifyView(TemplateView):
    """A certificate's live status, scope and parties, read fresh on every request; a
    visitor may upload the PDF they were given to check it is one aigov issued."""

    template_name = "certificates/verify.html"

    def get_context_data(self, check_form=None, check=None, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = certificate_for_verification(self.kwargs["number"])
        if certificate is None:
            raise Http404("No certificate has this number.")
        context.update(
            record=public_certificate(certificate),
            certificate=certificate,
            check_form=check_form or DocumentCheckForm(),
            check=check,
        )
        return context

    def post(self, request, number):
        certificate = certificate_for_verification(number)
        if certificate is None:
            raise Http404("No certificate has this number.")
        return _checked(self, request, CERTIFICATE_KIND, certificate)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


def _checked(view, request, kind, obj):
    """Answer a visitor's PDF hash check on the verification page (nothing is stored)."""
    form = DocumentCheckForm(request.POST, request.FILES)
    check = None
    if form.is_valid():
        try:
            check = document_check(kind, obj, form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PdfTooLarge as exc:
            form.add_error("file", str(exc))
    return view.render_to_response(view.get_context_data(check_form=form, check=check))


class DeclarationVerifyView(TemplateView):
    """A signed declaration's status (signed or superseded), parties and fingerprint; a
    visitor may check an uploaded PDF of it."""

    template_name = "certificates/verify_declaration.html"

    def get_context_data(self, check_form=None, check=None, **kwargs):
        context = super().get_context_data(**kwargs)
        declaration = declaration_for_verification(self.kwargs["pk"])
        if declaration is None:
            raise Http404("No signed declaration has this reference.")
        context.update(
            declaration=declaration, check_form=check_form or DocumentCheckForm(), check=check
        )
        return context

    def post(self, request, pk):
        declaration = declaration_for_verification(pk)
        if declaration is None:
            raise Http404("No signed declaration has this reference.")
        return _checked(self, request, DECLARATION_KIND, declaration)


class CertificateSummaryView(ActorRequiredMixin, TemplateView):
    """The dashboard block's content (loaded with htmx): certificates in force and the
    latest events — for an authority, the notified bodies' notices on filed systems."""

    permission_required = "certificates.view"
    template_name = "certificates/_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Certificate.objects.visible_to(self.actor)
        context.update(
            in_force=visible.filter(status__in=IN_FORCE).count(),
            events=CertificateEvent.objects.visible_to(self.actor)
            .select_related("certificate", "actor_organization")
            .order_by("-created_at", "-id")[:6],
        )
        return context
