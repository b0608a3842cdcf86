from django.http import Http404
from django.utils import formats, timezone
from django.views.generic import TemplateView

from gouvernail.core.exports import EXPORT_FORMATS, export_choices, table_export_response
from gouvernail.core.permissions import can_read
from gouvernail.core.views.generic import MembershipRequiredMixin
from gouvernail.metrics import charts
from gouvernail.mutualisation.consolidation import COMPARED, consolidate
from gouvernail.mutualisation.rows import comparison_rows, member_rows
from gouvernail.mutualisation.tables import consolidated_table

DOMAIN = "dashboards"


class ConsolidatedView(MembershipRequiredMixin, TemplateView):
    """« Vue consolidée » : the COPIL indicators of every member of the current organisation
    (an operator), side by side, with sums and medians and the comparisons an operator is asked
    for; exportable. Each member's own pages open only for those who hold a membership there."""

    template_name = "mutualisation/consolidated.html"
    domain = DOMAIN

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        openable = {m.organisation_id for m in request.memberships if can_read(m, DOMAIN)}
        self.consolidated = consolidate(request.organisation, self.today, openable=openable)
        export_format = request.GET.get("_export")
        if export_format:
            if export_format not in EXPORT_FORMATS:
                raise Http404("Format d'export inconnu.")
            return table_export_response(
                consolidated_table(self.consolidated),
                export_format,
                label=f"vue consolidée {request.organisation.slug}",
                organisation=request.organisation,
            )
        return super().get(request, *args, **kwargs)

    def comparisons(self) -> list[dict]:
        """One horizontal bar chart per compared figure: each member's value, coloured by its level."""
        found = []
        for number, code in enumerate(COMPARED, start=1):
            column = next(c for c in self.consolidated.columns if c.code == code)
            pairs = self.consolidated.values_of(code)
            bars = [
                charts.Bar(row.organisation.name, float(cell.value), "", cell.level or "", cell.text)
                for row, cell in pairs
                if cell.value is not None
            ]
            table_id = f"comparaison-{number}"
            svg = (
                charts.chart_svg(
                    bars,
                    label_id=f"graphique-comparaison-{number}",
                    label=f"{column.title} ({column.period_text}) par membre : diagramme en barres",
                    described_by=table_id,
                    unit=column.indicator.unit,
                )
                if bars
                else ""
            )
            found.append({"column": column, "svg": svg, "rows": comparison_rows(pairs), "table_id": table_id})
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consolidated = self.consolidated
        context.update(
            {
                "consolidated": consolidated,
                "member_rows": member_rows(consolidated, self.request),
                "columns_totals": list(
                    zip(consolidated.columns, consolidated.totals, consolidated.measured, strict=True)
                ),
                "comparisons": self.comparisons() if consolidated.rows else [],
                "as_of": f"données au {formats.date_format(self.today, 'SHORT_DATE_FORMAT')}",
                "export_formats": export_choices(EXPORT_FORMATS),
                "hidden_rows": sum(not row.can_open for row in consolidated.rows),
            }
        )
        return context
