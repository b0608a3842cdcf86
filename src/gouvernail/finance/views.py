from datetime import date

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from gouvernail.connectors.spreadsheet.reader import ImportFileError
from gouvernail.connectors.uploads import Upload
from gouvernail.core.exports import EXPORT_FORMATS, export_choices, table_export_response
from gouvernail.core.tables import AmountColumn, BaseTable
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewMixin, ObjectViewSet
from gouvernail.finance import figures, filtersets, forms
from gouvernail.finance import tables as finance_tables
from gouvernail.finance.charts import trajectory_svg
from gouvernail.finance.choices import REFERENCE_SCENARIO, Section
from gouvernail.finance.imports import execution_import, execution_preview
from gouvernail.finance.models import (
    Account,
    BudgetLine,
    ExecutionEntry,
    FinanceSettings,
    PaymentCredit,
    Programme,
    TrajectoryEntry,
    euros_text,
)
from gouvernail.finance.services import forecast_apply, forecast_propose

DOMAIN = "finance"
IMPORT_KIND = "finance_execution"
TRAJECTORY_YEARS = 3  # the roadmap's horizon: 2026–2028 in the study


class AccountViews(ObjectViewSet):
    model = Account
    table = finance_tables.AccountTable
    filterset = filtersets.AccountFilterSet
    form = forms.AccountForm


class ProgrammeViews(ObjectViewSet):
    model = Programme
    table = finance_tables.ProgrammeTable
    filterset = filtersets.ProgrammeFilterSet
    form = forms.ProgrammeForm
    select_related = ("axis", "project")
    detail_fields = (
        "code",
        "label",
        "amount",
        ("credits_total", "Total des crédits de paiement (€)"),
        "voted_on",
        "axis",
        "project",
        "is_closed",
        "notes",
    )
    related_lists = (
        ("Crédits de paiement", "credits", finance_tables.PaymentCreditTable),
        ("Lignes budgétaires", "lines_with_amounts", finance_tables.BudgetLineTable),
    )


class PaymentCreditViews(ObjectViewSet):
    model = PaymentCredit
    table = finance_tables.PaymentCreditTable
    filterset = filtersets.PaymentCreditFilterSet
    form = forms.PaymentCreditForm
    select_related = ("programme",)


class BudgetLineDetailView(ObjectDetailView):
    """The line with what feeds it, the forecast proposed from it, and its engagements and mandats."""

    template_name = "finance/budgetline_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = BudgetLine.objects.with_amounts().get(pk=context["object"].pk)
        feeds = [
            (label, obj)
            for label, obj in (
                ("Opération (AP)", line.programme),
                ("Contrat", line.contract),
                ("Projet", line.project),
                ("Application", line.application),
            )
            if obj is not None
        ]
        context.update(
            {
                "line": line,
                "feeds": feeds,
                "forecast": forecast_propose(line),
                "entries_table": finance_tables.ExecutionEntryTable(
                    line.entries.select_related("vendor"),
                    request=self.request,
                    orderable=False,
                    exclude=("line", "year"),
                ),
            }
        )
        return context


class BudgetLineViews(ObjectViewSet):
    model = BudgetLine
    detail_view = BudgetLineDetailView
    table = finance_tables.BudgetLineTable
    filterset = filtersets.BudgetLineFilterSet
    form = forms.BudgetLineForm
    select_related = ("account", "programme", "axis", "contract", "project", "application", "service")
    pdf_title = "Budget SI — lignes budgétaires"
    detail_fields = (
        "year",
        "section",
        ("imputation", "Imputation"),
        "account",
        "function",
        "service",
        "label",
        "axis",
        "primitive_amount",
        "amendments_amount",
        "carried_over_amount",
        "indexation_percent",
        "forecast_amount",
        "notes",
    )

    @classmethod
    def visible_queryset(cls, membership):
        return super().visible_queryset(membership).with_amounts()

    @classmethod
    def urls(cls, prefix: str) -> list:
        return [
            *super().urls(prefix),
            path(f"{prefix}/<int:pk>/prevision/", ForecastApplyView.as_view(viewset=cls), name="budgetline_forecast"),
        ]


class ForecastApplyView(ObjectViewMixin, View):
    """Writes the proposed forecast on the line (POST only); the user then adjusts it."""

    needs_edit = True

    def post(self, request, *args, **kwargs):
        line = self.get_object()
        forecast_apply(line=line, acting_user=request.user)
        messages.success(request, "Prévision de l'exercice suivant reprise de la proposition : ajustez-la si besoin.")
        return HttpResponseRedirect(line.get_absolute_url())


class ExecutionEntryViews(ObjectViewSet):
    model = ExecutionEntry
    table = finance_tables.ExecutionEntryTable
    filterset = filtersets.ExecutionEntryFilterSet
    form = forms.ExecutionEntryForm
    select_related = ("line__account", "vendor")


class TrajectoryEntryViews(ObjectViewSet):
    model = TrajectoryEntry
    table = finance_tables.TrajectoryEntryTable
    filterset = filtersets.TrajectoryEntryFilterSet
    form = forms.TrajectoryEntryForm
    select_related = ("axis",)


class FinanceSettingsViews(ObjectViewSet):
    model = FinanceSettings
    table = finance_tables.FinanceSettingsTable
    filterset = filtersets.FinanceSettingsFilterSet
    form = forms.FinanceSettingsForm


#
# Computed pages: trajectory, cost per application
#


def _export_or_none(request, table, label: str):
    export_format = request.GET.get("_export")
    if not export_format:
        return None
    if export_format not in EXPORT_FORMATS:
        raise Http404("Format d'export inconnu.")
    return table_export_response(table, export_format, label=label, organisation=request.organisation)


def _year_param(request, name: str, default: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return value if 2000 <= value <= 2100 else default


class TrajectoryView(MembershipRequiredMixin, TemplateView):
    """« Trajectoire pluriannuelle » (PPI): by roadmap axis and section, planned per year in the
    chosen scenario against what was mandated, and the gap; a chart and a table, exportable."""

    template_name = "finance/trajectory.html"
    domain = DOMAIN

    def get(self, request, *args, **kwargs):
        organisation = request.organisation
        known = figures.scenarios(organisation)
        scenario = request.GET.get("scenario") or (known[0] if known else REFERENCE_SCENARIO)
        first_years = TrajectoryEntry.objects.filter(organisation=organisation, scenario=scenario).order_by("year")
        first = first_years.values_list("year", flat=True).first() or date.today().year
        start = _year_param(request, "debut", first)
        self.years = list(range(start, start + TRAJECTORY_YEARS))
        self.rows = figures.trajectory(organisation, self.years, scenario)
        self.scenario, self.known = scenario, known
        table = self.table()
        response = _export_or_none(request, table, f"trajectoire {scenario}")
        if response is not None:
            return response
        return super().get(request, *args, **kwargs)

    def table(self):
        columns = {"axis": tables.Column(verbose_name="Axe"), "section": tables.Column(verbose_name="Section")}
        data = []
        for row in self.rows:
            item = {"axis": row.axis, "section": Section(row.section).label}
            for year in self.years:
                item[f"planned_{year}"] = row.planned.get(year, 0)
                item[f"executed_{year}"] = row.executed.get(year, 0)
                item[f"gap_{year}"] = row.gap(year)
            data.append(item)
        for year in self.years:
            columns[f"planned_{year}"] = AmountColumn(verbose_name=f"Prévu {year} (€)")
            columns[f"executed_{year}"] = AmountColumn(verbose_name=f"Mandaté {year} (€)")
            columns[f"gap_{year}"] = AmountColumn(verbose_name=f"Écart {year} (€)")
        table_class = type(
            "TrajectoryTable",
            (BaseTable,),
            {
                **columns,
                "Meta": type(
                    "Meta", (BaseTable.Meta,), {"empty_text": "Aucun montant de trajectoire pour ce scénario."}
                ),
            },
        )
        return table_class(data, orderable=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = figures.trajectory_totals(self.rows, self.years)
        context.update(
            {
                "years": self.years,
                "scenario": self.scenario,
                "scenarios": self.known,
                "table": self.table(),
                "totals": [
                    (year, totals["planned"].get(year, 0), totals["executed"].get(year, 0)) for year in self.years
                ],
                "chart": trajectory_svg(
                    self.years,
                    totals["planned"],
                    totals["executed"],
                    label=f"Trajectoire {self.years[0]}–{self.years[-1]} : prévu et mandaté par année",
                    label_id="trajectory-chart-title",
                    described_by="trajectory-totals",
                ),
                "export_formats": export_choices(EXPORT_FORMATS),
                "start": self.years[0],
            }
        )
        return context


class ApplicationCostTable(BaseTable):
    application = tables.Column(
        verbose_name="Application", linkify=lambda record: record.application.get_absolute_url()
    )
    contract = AmountColumn(verbose_name="Contrat (€)")
    lines = AmountColumn(verbose_name="Autres dépenses mandatées (€)")
    support = AmountColumn(verbose_name="Part du support (€)")
    total = AmountColumn(verbose_name="Coût complet (€)")
    users = tables.Column(
        verbose_name="Utilisateurs", accessor="application__users_count", attrs={"td": {"class": "text-end"}}
    )
    per_user = AmountColumn(verbose_name="Coût par utilisateur (€)")

    class Meta(BaseTable.Meta):
        empty_text = "Aucune application dans la cartographie."

    def value_application(self, record):
        return record.application.name


class ApplicationCostView(MembershipRequiredMixin, TemplateView):
    """« Coût complet par application » for a year, highest first, with the cost per user."""

    template_name = "finance/application_costs.html"
    domain = DOMAIN

    def get(self, request, *args, **kwargs):
        self.year = _year_param(request, "exercice", date.today().year)
        self.costs = figures.application_costs(request.organisation, self.year)
        self.table = ApplicationCostTable(self.costs, orderable=False)
        response = _export_or_none(request, self.table, f"coût complet par application {self.year}")
        if response is not None:
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settings_row = FinanceSettings.objects.filter(organisation=self.request.organisation).first()
        context.update(
            {
                "year": self.year,
                "table": self.table,
                "export_formats": export_choices(EXPORT_FORMATS),
                "hourly_cost": settings_row.hourly_support_cost if settings_row else None,
                "settings_row": settings_row,
            }
        )
        return context


#
# Import of the finance software's export
#


class ExecutionImportView(MembershipRequiredMixin, TemplateView):
    """Step 1: the file is uploaded and kept server-side; step 2 previews it."""

    template_name = "finance/execution_import.html"
    domain = DOMAIN
    needs_edit = True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=forms.ExecutionImportForm()))

    def post(self, request, *args, **kwargs):
        form = forms.ExecutionImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = Upload.store(
                    form.cleaned_data["file"],
                    organisation_id=request.organisation.pk,
                    user_id=request.user.pk,
                    kind=f"{IMPORT_KIND}:{form.cleaned_data['default_kind']}",
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("finance:execution_import_preview", token=upload.token)
        return self.render_to_response(self.get_context_data(form=form))


class ExecutionImportPreviewView(MembershipRequiredMixin, TemplateView):
    """Step 2: what would be written, the rows matched to no line or vendor, the errors; the
    commit writes all of it or nothing."""

    template_name = "finance/execution_import_preview.html"
    domain = DOMAIN
    needs_edit = True

    def upload(self) -> Upload:
        upload = Upload.load(
            self.kwargs["token"], organisation_id=self.request.organisation.pk, user_id=self.request.user.pk
        )
        if not upload.kind.startswith(f"{IMPORT_KIND}:"):
            raise Http404("Import inconnu.")
        return upload

    def get(self, request, *args, **kwargs):
        upload = self.upload()
        default_kind = upload.kind.split(":", 1)[1]
        try:
            preview = execution_preview(organisation=request.organisation, path=upload.path, default_kind=default_kind)
        except ImportFileError as error:
            upload.delete()
            messages.error(request, str(error))
            return redirect("finance:execution_import")
        return self.render_to_response(self.get_context_data(upload=upload, preview=preview))

    def post(self, request, *args, **kwargs):
        upload = self.upload()
        default_kind = upload.kind.split(":", 1)[1]
        try:
            outcome = execution_import(
                organisation=request.organisation, path=upload.path, default_kind=default_kind, acting_user=request.user
            )
        except ValidationError as error:
            for message in error.messages[:20]:
                messages.error(request, message)
            return redirect("finance:execution_import_preview", token=upload.token)
        except ImportFileError as error:
            messages.error(request, str(error))
            upload.delete()
            return redirect("finance:execution_import")
        upload.delete()
        summary = (
            f"{outcome.created} ligne(s) importée(s) pour {euros_text(outcome.total)}, "
            f"{outcome.skipped} déjà présente(s) ; {outcome.unmatched_lines} sans ligne budgétaire, "
            f"{outcome.unmatched_vendors} sans prestataire reconnu."
        )
        messages.success(request, summary)
        return redirect(reverse("finance:executionentry_list") + ("?unmatched=true" if outcome.unmatched_lines else ""))
