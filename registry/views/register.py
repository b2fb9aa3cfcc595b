"""The public register in the browser: search, stable entry pages, CSV and JSON exports,
and the Art. 52(6) list of GPAI models with systemic risk. No sign-in.

Every read goes through `registry.selectors` (`public_register()` and friends), and an
entry page shows only the values frozen as public on registration (`public_data`),
labelled by the filing type's own field list.
"""

from django.shortcuts import get_object_or_404, render
from django.views.generic import TemplateView, View

from aigov.web import paginate
from registry.exports import register_export_response
from registry.filters import PublicRegisterFilter
from registry.forms.filings import dress_register_filter_form
from registry.presenters import value_rows
from registry.regimes import FILING_TYPES, REGISTER_AREAS, regime_label
from registry.selectors import gpai_models_with_systemic_risk, public_register
from registry.views.filings import query_without_page

NEWEST_FIRST = ("-registered_at", "-id")


# What a list of the register shows of an entry: its lists read these columns only
# (`.values()`), not the filing's working data, submissions and search document.
ENTRY_ROW_COLUMNS = (
    "id", "registration_number", "filing_type", "regime", "registered_provider",
    "registered_subject", "registered_area", "registered_at",
)  # fmt: skip


def entry_row(entry: dict) -> dict:
    """What a list of the register shows of one entry (a `.values(*ENTRY_ROW_COLUMNS)` row)."""
    return {
        "filing": entry,
        "title": FILING_TYPES[entry["filing_type"]].title,
        "regime": regime_label(entry["regime"]),
        "provider": entry["registered_provider"],
        "subject": entry["registered_subject"],
        "area": REGISTER_AREAS.get(entry["registered_area"], ""),
    }


def register_filterset(request):
    filterset = PublicRegisterFilter(request.GET, queryset=public_register())
    dress_register_filter_form(filterset.form)
    return filterset


class RegisterSearchView(TemplateView):
    """Search the register: newest registrations first, 50 a page."""

    template_name = "register/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = register_filterset(self.request)
        # An invalid filter (a date like 2026-02-30) lists nothing rather than silently
        # dropping the filter and listing everything; the form says what is wrong.
        page = None
        if filterset.is_valid():
            entries = filterset.qs.order_by(*NEWEST_FIRST).values(*ENTRY_ROW_COLUMNS)
            page = paginate(self.request, entries)
        context.update(
            form=filterset.form,
            page=page,
            rows=[entry_row(filing) for filing in page or ()],
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            query=query_without_page(self.request),
        )
        return context


class RegisterEntryView(TemplateView):
    """One entry, at a stable address: only its public fields, with their labels."""

    template_name = "register/entry.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filing = get_object_or_404(public_register(), pk=self.kwargs["pk"])
        filing_type = FILING_TYPES[filing.filing_type]
        context.update(
            entry=entry_row({name: getattr(filing, name) for name in ENTRY_ROW_COLUMNS}),
            filing=filing,
            filing_type=filing_type,
            # Only what was frozen as public on registration, never the filing's data.
            rows=value_rows(
                filing_type,
                filing.public_data,
                names=set(filing.public_data) & set(filing_type.public_fields),
            ),
        )
        return context


class RegisterExportView(View):
    """The whole filtered register, oldest first, as CSV or JSON."""

    export_format = "csv"

    def get(self, request):
        filterset = register_filterset(request)
        if not filterset.is_valid():
            problems = "; ".join(
                f"{filterset.form.fields[name].label}: {' '.join(messages)}"
                for name, messages in filterset.form.errors.items()
            )
            detail = f"The download was not made. {problems}"
            return render(request, "errors/400.html", {"detail": detail}, status=400)
        rows = filterset.qs.order_by("registered_at", "id")
        return register_export_response(rows, self.export_format)


class GpaiSystemicRiskView(TemplateView):
    """Art. 52(6): the published list of GPAI models with systemic risk."""

    template_name = "register/gpai_systemic_risk.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = gpai_models_with_systemic_risk().order_by(*NEWEST_FIRST)
        page = paginate(self.request, entries.values(*ENTRY_ROW_COLUMNS))
        context.update(page=page, rows=[entry_row(filing) for filing in page])
        return context
