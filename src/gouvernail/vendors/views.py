from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from gouvernail.core.permissions import can_read
from gouvernail.core.views.generic import ObjectDetailView, ObjectViewMixin, ObjectViewSet
from gouvernail.vendors import filtersets, forms, reports, tables
from gouvernail.vendors.models import (
    Candidate,
    Contract,
    Criterion,
    Lot,
    ProcedureStep,
    Procurement,
    Score,
    ServiceLevel,
    ServiceLevelMeasurement,
    Vendor,
    VendorContact,
)
from gouvernail.vendors.services import procurement_award

# The criteria, candidates and scores of procurements share one rule (core.permissions).
ANALYSIS_DOMAIN = Score.permission_domain


class VendorViews(ObjectViewSet):
    model = Vendor
    table = tables.VendorTable
    filterset = filtersets.VendorFilterSet
    form = forms.VendorForm
    detail_fields = ("name", "typology", "is_critical", "is_active", "website", "notes")
    related_lists = (
        ("Contrats", "contracts", tables.ContractTable),
        ("Contacts", "contacts", tables.VendorContactTable),
    )


class VendorContactViews(ObjectViewSet):
    model = VendorContact
    table = tables.VendorContactTable
    filterset = filtersets.VendorContactFilterSet
    form = forms.VendorContactForm
    select_related = ("vendor",)


class ContractViews(ObjectViewSet):
    model = Contract
    table = tables.ContractTable
    filterset = filtersets.ContractFilterSet
    form = forms.ContractForm
    select_related = ("vendor",)
    detail_fields = (
        "reference",
        "subject",
        "vendor",
        "start_date",
        "duration_months",
        "end_date",
        "notice_months",
        "notice_deadline",
        ("to_renew", "À renouveler sous 12 mois"),
        "tacit_renewal",
        "annual_amount_ht",
        "annual_amount_ttc",
        "procurement_reference",
        "is_structuring",
        "notes",
    )
    related_lists = (("Niveaux de service (SLA)", "service_levels", tables.ServiceLevelTable),)


class ServiceLevelViews(ObjectViewSet):
    """The contract's service levels and their monthly measurements: « qualité de service du
    prestataire » (scenario 1 of the study)."""

    model = ServiceLevel
    table = tables.ServiceLevelTable
    filterset = filtersets.ServiceLevelFilterSet
    form = forms.ServiceLevelForm
    select_related = ("contract",)
    related_lists = (("Mesures mensuelles", "measurements", tables.ServiceLevelMeasurementTable),)


class ServiceLevelMeasurementViews(ObjectViewSet):
    model = ServiceLevelMeasurement
    table = tables.ServiceLevelMeasurementTable
    filterset = filtersets.ServiceLevelMeasurementFilterSet
    form = forms.ServiceLevelMeasurementForm
    select_related = ("service_level__contract",)


#
# Procurements
#


class ProcurementDetailView(ObjectDetailView):
    """The procurement with its lots, its calendar (late steps flagged) and its offer analysis."""

    template_name = "vendors/procurement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procurement = context["object"]
        # Counting the late steps fills the queryset's cache: the table reuses it.
        steps = procurement.steps.all()
        today = date.today()
        late_steps_count = sum(step.is_late(today) for step in steps)
        can_read_analysis = can_read(self.request.membership, ANALYSIS_DOMAIN)
        context.update(
            {
                "lots_table": tables.LotTable(
                    procurement.lots.all(), request=self.request, orderable=False, exclude=("procurement",)
                ),
                "steps_table": tables.ProcedureStepTable(
                    steps, request=self.request, orderable=False, exclude=("procurement",)
                ),
                "steps_count": len(steps),
                "late_steps_count": late_steps_count,
                "can_read_analysis": can_read_analysis,
                "analysis": reports.offer_analysis(procurement) if can_read_analysis else None,
            }
        )
        return context


class ProcurementViews(ObjectViewSet):
    model = Procurement
    detail_view = ProcurementDetailView
    table = tables.ProcurementTable
    filterset = filtersets.ProcurementFilterSet
    form = forms.ProcurementForm
    select_related = ("awarded_vendor", "awarded_contract")
    detail_fields = (
        "reference",
        "subject",
        "procedure_type",
        "status",
        "estimated_amount_ht",
        "is_structuring",
        "awarded_vendor",
        "awarded_contract",
        "notes",
    )

    @classmethod
    def visible_queryset(cls, membership):
        late = (
            ProcedureStep.objects.late(date.today())
            .filter(procurement=OuterRef("pk"))
            .order_by()
            .values("procurement")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .visible_queryset(membership)
            .annotate(late_steps=Coalesce(Subquery(late, output_field=IntegerField()), 0))
        )

    @classmethod
    def urls(cls, prefix: str) -> list:
        return [
            *super().urls(prefix),
            path(f"{prefix}/<int:pk>/attribuer/", ProcurementAwardView.as_view(viewset=cls), name="procurement_award"),
            path(
                f"{prefix}/<int:pk>/analyse.xlsx",
                AnalysisReportView.as_view(viewset=cls, export_format="xlsx"),
                name="procurement_analysis_xlsx",
            ),
            path(
                f"{prefix}/<int:pk>/analyse.pdf",
                AnalysisReportView.as_view(viewset=cls, export_format="pdf"),
                name="procurement_analysis_pdf",
            ),
        ]


class LotViews(ObjectViewSet):
    model = Lot
    table = tables.LotTable
    filterset = filtersets.LotFilterSet
    form = forms.LotForm
    select_related = ("procurement",)


class ProcedureStepViews(ObjectViewSet):
    model = ProcedureStep
    table = tables.ProcedureStepTable
    filterset = filtersets.ProcedureStepFilterSet
    form = forms.ProcedureStepForm
    select_related = ("procurement",)
    detail_fields = (
        "procurement",
        "position",
        "name",
        "planned_start",
        "planned_end",
        "is_estimate",
        "actual_date",
        "is_done",
        ("is_late", "En retard"),
        "notes",
    )


class CriterionViews(ObjectViewSet):
    model = Criterion
    table = tables.CriterionTable
    filterset = filtersets.CriterionFilterSet
    form = forms.CriterionForm
    select_related = ("procurement",)


class CandidateViews(ObjectViewSet):
    model = Candidate
    table = tables.CandidateTable
    filterset = filtersets.CandidateFilterSet
    form = forms.CandidateForm
    select_related = ("procurement", "vendor", "lot")
    related_lists = (("Notes", "scores", tables.ScoreTable),)


class ScoreViews(ObjectViewSet):
    model = Score
    table = tables.ScoreTable
    filterset = filtersets.ScoreFilterSet
    form = forms.ScoreForm
    select_related = ("candidate__procurement", "criterion")


class ProcurementAwardView(ObjectViewMixin, TemplateView):
    """Awards the procurement to a candidate, through `procurement_award` (journaled)."""

    template_name = "vendors/procurement_award.html"
    needs_edit = True

    def get_form(self, procurement):
        data = self.request.POST if self.request.method == "POST" else None
        return forms.AwardForm(data, procurement=procurement)

    def get(self, request, *args, **kwargs):
        procurement = self.get_object()
        return self.render_to_response(self.get_context_data(object=procurement, form=self.get_form(procurement)))

    def post(self, request, *args, **kwargs):
        procurement = self.get_object()
        form = self.get_form(procurement)
        if form.is_valid():
            try:
                procurement_award(
                    procurement=procurement,
                    candidate=form.cleaned_data["candidate"],
                    contract=form.cleaned_data["contract"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Marché « {procurement} » attribué à « {procurement.awarded_vendor} ».")
                return HttpResponseRedirect(procurement.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=procurement, form=form))


class AnalysisReportView(ObjectViewMixin, View):
    """The analysis report of a procurement, as XLSX or PDF: scores and justifications of every
    candidate, read under the offer analysis' rule (never by a Prestataire)."""

    def get_domain(self) -> str:
        return ANALYSIS_DOMAIN

    export_format = "xlsx"
    content_types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }

    def get(self, request, *args, **kwargs):
        procurement = self.get_object()
        try:
            analysis = reports.offer_analysis(procurement, strict=True)
        except ValidationError as error:
            messages.error(request, "Le rapport d'analyse ne peut pas être exporté : " + " ".join(error.messages))
            return redirect(procurement.get_absolute_url())
        build = reports.analysis_pdf if self.export_format == "pdf" else reports.analysis_xlsx
        try:
            content = build(analysis, user=request.user)
        except reports.PdfUnavailable as error:
            messages.error(request, str(error))
            return redirect(procurement.get_absolute_url())
        response = HttpResponse(content, content_type=self.content_types[self.export_format])
        filename = reports.report_filename(procurement, self.export_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
