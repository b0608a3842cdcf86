"""The assessment as a statement of applicability: one line per measure (status, proposal and
its explanation, reason, owner, target date, actions, proofs), as XLSX, ODS or PDF, and as
plain rows for the `gouvernail compliance` command."""

from decimal import Decimal

from django.http import HttpResponse

from gouvernail.compliance.scoring import WEIGHTING, overall_score, theme_scores
from gouvernail.core.exports import (
    CONTENT_TYPES,
    PdfUnavailable,
    _ods,
    _xlsx,
    export_filename,
    exported_line,
    render_pdf,
)
from gouvernail.core.formatting import display

FORMATS = ("xlsx", "ods", "pdf")
HEADERS = [
    "N°",
    "Thème",
    "Mesure",
    "Niveau",
    "Statut",
    "Statut proposé par les données",
    "Explication de la proposition",
    "Motif (non applicable ou écart)",
    "Responsable",
    "Échéance visée",
    "Actions du plan",
    "Preuves",
]


def statement_rows(assessment) -> list[list]:
    items = (
        assessment.items.select_related("measure__theme", "owner")
        .prefetch_related("actions")
        .order_by("measure__position")
    )
    rows = []
    for item in items:
        measure = item.measure
        rows.append(
            [
                measure.ref_id,
                measure.theme.name,
                measure.title,
                measure.get_level_display(),
                item.get_status_display(),
                item.get_proposed_status_display() if item.proposed_status else "",
                item.proposal_explanation,
                item.not_applicable_reason or item.override_reason,
                str(item.owner) if item.owner else "",
                item.target_date,
                ", ".join(str(a) for a in item.actions.all()),
                " ; ".join(url for url, _ in item.proof_links()),
            ]
        )
    return rows


def assessment_response(assessment, fmt: str, *, request) -> HttpResponse:
    organisation = assessment.organisation
    title = f"Déclaration d'applicabilité — {assessment}"
    rows = statement_rows(assessment)
    score = overall_score(theme_scores(assessment))
    score_line = f"Score global : {display(Decimal(str(score))) if score is not None else '—'} / 100"
    if fmt == "pdf":
        cells = [[{"text": display(value) or "", "is_number": False} for value in row] for row in rows]
        context = {
            "title": title,
            "organisation": organisation,
            "headers": HEADERS,
            "rows": cells,
            "filters": [score_line, WEIGHTING],
            "exported_line": exported_line(organisation),
        }
        try:
            content = render_pdf("core/object_list_pdf.html", context)
        except PdfUnavailable as error:
            return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    else:
        title_line = f"{exported_line(organisation)} — {score_line}"
        writer = _xlsx if fmt == "xlsx" else _ods
        content = writer(HEADERS, rows, title_line, "Applicabilité")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(title, fmt)}"'
    return response
