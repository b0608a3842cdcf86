"""The offer analysis of a procurement: the score grid with its ranking, on the page and in the
analysis report (rapport d'analyse des offres) exported as XLSX or PDF.

`offer_analysis()` reads the rows (four queries, whatever the number of candidates) and hands
plain values to `gouvernail.vendors.ranking`; candidates are ranked within their lot.
"""

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from gouvernail.core.exports import PdfUnavailable, inert_workbook, render_pdf
from gouvernail.core.formatting import display
from gouvernail.vendors import ranking
from gouvernail.vendors.models import Candidate, Criterion, Lot, Procurement, Score

__all__ = ("PdfUnavailable", "analysis_pdf", "analysis_xlsx", "exported_line", "offer_analysis", "report_filename")


@dataclass
class AnalysisRow:
    candidate: Candidate
    cells: list[tuple[Criterion, Score | None]]
    result: ranking.RankedCandidate | None = None  # None when the weights are wrong

    @property
    def status_label(self) -> str:
        if not self.candidate.is_admissible:
            return "Offre non admise"
        if self.result is None:
            return ""
        if self.result.missing:
            return "Incomplet : note manquante pour " + ", ".join(f"« {name} »" for name in self.result.missing)
        return ""


@dataclass
class AnalysisGroup:
    lot: Lot | None
    rows: list[AnalysisRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.lot) if self.lot is not None else "Offres sans lot"


@dataclass
class OfferAnalysis:
    procurement: Procurement
    criteria: list[Criterion]
    groups: list[AnalysisGroup]
    weights_total: Decimal
    error: str | None = None

    @property
    def candidates_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def is_ranked(self) -> bool:
        return self.error is None and bool(self.criteria)


def offer_analysis(procurement: Procurement, *, strict: bool = False) -> OfferAnalysis:
    """The grid and the ranking. With `strict`, weights not summing to 100 % raise the French
    ValidationError (for the exports); otherwise its message is kept in `error` (for the page)."""
    criteria = list(Criterion.objects.filter(procurement=procurement).order_by("position", "name"))
    candidates = list(
        Candidate.objects.filter(procurement=procurement).select_related("vendor", "lot").order_by("name", "pk")
    )
    scores: dict[int, dict[int, Score]] = {}
    for score in Score.objects.filter(candidate__procurement=procurement):
        scores.setdefault(score.candidate_id, {})[score.criterion_id] = score
    criterion_inputs = [ranking.CriterionInput(c.pk, c.name, c.weight) for c in criteria]
    total = ranking.weights_total(criterion_inputs)

    by_lot: dict[int | None, list[Candidate]] = {}
    for candidate in candidates:
        by_lot.setdefault(candidate.lot_id, []).append(candidate)
    lots = sorted({c.lot_id: c.lot for c in candidates if c.lot is not None}.values(), key=lambda lot: lot.number)
    error = None
    groups = []
    for lot in ([None] if None in by_lot else []) + lots:
        members = by_lot[lot.pk if lot is not None else None]
        rows = {
            c.pk: AnalysisRow(c, [(criterion, scores.get(c.pk, {}).get(criterion.pk)) for criterion in criteria])
            for c in members
        }
        inputs = [
            ranking.CandidateInput(c.pk, c.name, {k: s.score for k, s in scores.get(c.pk, {}).items()}, c.is_admissible)
            for c in members
        ]
        try:
            results = ranking.rank(inputs, criterion_inputs)
        except ValidationError as exc:
            if strict:
                raise
            error = " ".join(exc.messages)
            groups.append(AnalysisGroup(lot, list(rows.values())))
            continue
        ordered = []
        for result in results:
            row = rows[result.candidate.key]
            row.result = result
            ordered.append(row)
        groups.append(AnalysisGroup(lot, ordered))
    if strict and not candidates:
        ranking.check_weights(criterion_inputs)
    return OfferAnalysis(procurement, criteria, groups, total, error if criteria else None)


def exported_line(user) -> str:
    when = display(timezone.now())
    who = f" par {user.email}" if user is not None and getattr(user, "email", "") else ""
    return f"Exporté le {when}{who} depuis Gouvernail."


def report_filename(procurement: Procurement, extension: str) -> str:
    reference = slugify(procurement.reference) or procurement.pk
    return f"analyse-des-offres-{reference}-{timezone.localdate():%Y-%m-%d}.{extension}"


#
# XLSX
#


def analysis_xlsx(analysis: OfferAnalysis, *, user=None) -> bytes:
    """Three sheets: the ranking (with the « exporté le » line), the criteria, the score grid."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    procurement = analysis.procurement
    bold = Font(bold=True)
    workbook = Workbook()

    sheet = workbook.active
    sheet.title = "Classement"
    sheet.append([f"Rapport d'analyse des offres — {procurement}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [f"Procédure : {procurement.get_procedure_type_display()} ; statut : {procurement.get_status_display()}"]
    )
    sheet.append([exported_line(user)])
    sheet.append([])
    headers = ["Lot", "Rang", "Ex aequo", "Candidat", "Prestataire", "Note pondérée (sur 20)", "Observation"]
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for group in analysis.groups:
        for row in group.rows:
            result = row.result
            sheet.append(
                [
                    str(group.lot) if group.lot else "",
                    result.rank if result else None,
                    "Oui" if result and result.is_tied else "Non",
                    row.candidate.name,
                    str(row.candidate.vendor) if row.candidate.vendor else "",
                    result.total if result else None,
                    row.status_label,
                ]
            )
            sheet.cell(sheet.max_row, 6).number_format = "0.00"
    for column, width in zip("ABCDEFG", (28, 8, 10, 40, 32, 22, 50), strict=True):
        sheet.column_dimensions[column].width = width

    criteria_sheet = workbook.create_sheet("Critères")
    criteria_sheet.append(["Ordre", "Critère", "Pondération (%)", "Description"])
    for cell in criteria_sheet[1]:
        cell.font = bold
    for criterion in analysis.criteria:
        criteria_sheet.append([criterion.position, criterion.name, criterion.weight, criterion.description])
    criteria_sheet.append(["", "Total", analysis.weights_total, ""])
    criteria_sheet.cell(criteria_sheet.max_row, 2).font = bold
    for column, width in zip("ABCD", (8, 40, 16, 60), strict=True):
        criteria_sheet.column_dimensions[column].width = width

    grid = workbook.create_sheet("Grille des notes")
    grid.append(["Lot", "Candidat", "Critère", "Pondération (%)", "Note (sur 20)", "Note pondérée", "Justification"])
    for cell in grid[1]:
        cell.font = bold
    for group in analysis.groups:
        for row in group.rows:
            for criterion, score in row.cells:
                value = score.score if score is not None else None
                weighted = None
                if value is not None:
                    weighted = (value * criterion.weight / 100).quantize(ranking.CENT, rounding=ROUND_HALF_UP)
                grid.append(
                    [
                        str(group.lot) if group.lot else "",
                        row.candidate.name,
                        criterion.name,
                        criterion.weight,
                        value,
                        weighted,
                        score.justification if score is not None else "Note manquante",
                    ]
                )
                grid.cell(grid.max_row, 7).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFG", (28, 36, 30, 16, 14, 14, 80), strict=True):
        grid.column_dimensions[column].width = width

    inert_workbook(workbook)  # candidate names and justifications are typed text
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


#
# PDF
#


def analysis_pdf(analysis: OfferAnalysis, *, user=None) -> bytes:
    """The report as a PDF, rendered by WeasyPrint from an HTML template (A4 landscape)."""
    return render_pdf(
        "vendors/procurement_analysis_report.html",
        {"analysis": analysis, "procurement": analysis.procurement, "exported_line": exported_line(user)},
    )
