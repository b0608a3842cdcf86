"""The COPIL pack as a PowerPoint deck (python-pptx), laid out from a snapshot only.

Charts are native PowerPoint charts (chart data embedded in the file), not pictures: the DGS
can retouch them in PowerPoint or Impress. The roadmap Gantt is the one picture (matplotlib,
as on the roadmap page). Colours and logo are the organisation's; every colour is doubled by
a word (threshold levels, weather), never colour alone.
"""

import functools
import io
from copy import deepcopy
from datetime import date

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Inches, Pt

from gouvernail.reports.packs.snapshot import heading as pack_heading
from gouvernail.reports.packs.style import LEVEL_COLOURS, PackStyle, chunks, gantt_png

__all__ = ("SLIDE_TITLES", "render_pptx")

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.35)
ROWS_PER_SLIDE = 10
SLIDE_TITLES = {
    "agenda": "Ordre du jour",
    "dashboard": "Tableau de bord SI",
    "dashboard_chart": "Tableau de bord SI — évolution depuis le dernier COPIL",
    "trend": "Tableau de bord SI — tendance sur 12 mois",
    "projects": "Projets par météo",
    "watched": "Projets en risque ou en alerte",
    "actions": "Plan d'action : avancement",
    "overdue": "Plan d'action : actions en retard",
    "decisions": "Décisions à prendre",
    "roadmap": "Feuille de route",
    "contracts": "Contrats à renouveler",
    "service_quality": "Qualité de service du prestataire",
    "hygiene": "Hygiène informatique",
    "hygiene_gaps": "Hygiène informatique : principaux écarts",
    "budget": "Budget et trajectoire",
    "register": "Registre des décisions : point de contrôle signé",
}
DARK = RGBColor(0x1E, 0x1E, 0x1E)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
GREY = RGBColor(0x5E, 0x5E, 0x5E)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


@functools.cache
def _run_properties(size: int, colour: RGBColor, *, bold: bool = False):
    """A run's <a:rPr> (size in points, colour), built once and copied into every cell: python-pptx's
    font setters rebuild it element by element, for each run of each cell."""
    weight = ' b="1"' if bold else ""
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
    return parse_xml(f'<a:rPr {nsdecls("a")} sz="{size * 100}"{weight}>{fill}</a:rPr>')


@functools.cache
def _solid_fill(colour: RGBColor):
    return parse_xml(f'<a:solidFill {nsdecls("a")}><a:srgbClr val="{colour}"/></a:solidFill>')


_NO_LINE = parse_xml(f"<a:ln {nsdecls('a')}><a:noFill/></a:ln>")


def _styled(element, font) -> None:
    """Gives every run under `element` the properties `font` (a copy of one built once)."""
    for run in element.iter(qn("a:r")):
        if (properties := run.find(qn("a:rPr"))) is not None:
            run.remove(properties)
        run.insert(0, deepcopy(font))


def _cell_text(cell, text: str, font, fill=None) -> None:
    cell.text = text
    _styled(cell._tc, font)
    if fill is not None:
        cell._tc.get_or_add_tcPr().append(deepcopy(fill))


class _Deck:
    def __init__(self, snapshot: dict, style: PackStyle):
        self.snapshot = snapshot
        self.style = style
        self.presentation = Presentation()
        self.presentation.slide_width, self.presentation.slide_height = WIDTH, HEIGHT
        self.primary = _rgb(style.primary)

    # Slides and shapes

    def slide(self, title: str):
        slide = self.presentation.slides.add_slide(self.presentation.slide_layouts[5])  # « Titre seul »
        band = slide.shapes.add_shape(1, 0, 0, WIDTH, Inches(0.18))  # 1: rectangle
        band._element.spPr.extend([deepcopy(_solid_fill(self.primary)), deepcopy(_NO_LINE)])
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.9)
        heading.text = title
        heading.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        _styled(heading._element, _run_properties(28, self.primary, bold=True))
        self.footer(slide)
        return slide

    def footer(self, slide):
        meeting = self.snapshot["meeting"]
        box = slide.shapes.add_textbox(MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.3))
        run = box.text_frame.paragraphs[0].add_run()
        run.text = f"{self.snapshot['organisation']} — {self.snapshot['committee']} du {meeting['date_display']}"
        _styled(box._element, _run_properties(10, GREY))

    def text(self, slide, lines: list[str], *, top=BODY_TOP, height=None, size=18):
        box = slide.shapes.add_textbox(MARGIN, top, WIDTH - 2 * MARGIN, height or HEIGHT - top - Inches(0.7))
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.add_run().text = line
        _styled(box._element, _run_properties(size, DARK))
        return box

    def table(self, slide, headers: list[str], rows: list[list[str]], *, widths: list[float], top=BODY_TOP, fills=None):
        shape = slide.shapes.add_table(len(rows) + 1, len(headers), MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.4))
        table = shape.table
        total = sum(widths)
        # On the grid itself: python-pptx's setter resizes the whole frame at each column.
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = Emu(int((WIDTH - 2 * MARGIN) * width / total))
        header_font, body_font = _run_properties(12, WHITE, bold=True), _run_properties(11, DARK)
        primary = _solid_fill(self.primary)
        for column, header in enumerate(headers):
            cell = table.cell(0, column)
            _cell_text(cell, header, header_font, primary)
        for row_index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                fill = (fills or {}).get((row_index - 1, column))
                _cell_text(
                    table.cell(row_index, column), value or "—", body_font, _solid_fill(_rgb(fill)) if fill else None
                )
        return table

    def chart(
        self,
        slide,
        chart_type,
        categories,
        series: list[tuple[str, list]],
        *,
        legend=True,
        number_format="0",
        below=0,
    ):
        """A native chart filling the slide's body, `below` left free under it (for a note)."""
        data = CategoryChartData(number_format=number_format)
        data.categories = categories
        for name, values in series:
            data.add_series(name, values)
        frame = slide.shapes.add_chart(
            chart_type, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, HEIGHT - BODY_TOP - Inches(0.7) - below, data
        )
        chart = frame.chart
        chart.has_legend = legend
        if legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        chart.font.size = Pt(12)
        if chart_type != XL_CHART_TYPE.PIE:
            # PowerPoint's automatic axis leaves zero out when the values are close together
            # (1 200 and 1 260 requests a quarter): their bars would then look twice as far apart.
            chart.value_axis.minimum_scale = 0
            palette = [self.primary, RGBColor(0x8A, 0x8A, 0x8A)]
            for index, plot_series in enumerate(chart.plots[0].series):
                colour = palette[-1 - index] if len(series) > 1 else palette[0]
                if chart_type in (XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.LINE):
                    plot_series.format.line.color.rgb = colour
                else:
                    plot_series.format.fill.solid()
                    plot_series.format.fill.fore_color.rgb = colour
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(11)
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
        return chart

    # The deck

    def build(self) -> bytes:
        self.title_slide()
        self.agenda()
        self.dashboard()
        self.projects()
        self.actions()
        self.hygiene()
        self.decisions()
        self.roadmap()
        self.contracts()
        self.service_quality()
        self.budget()
        self.register()
        stream = io.BytesIO()
        self.presentation.save(stream)
        return stream.getvalue()

    def title_slide(self):
        snapshot, meeting = self.snapshot, self.snapshot["meeting"]
        slide = self.presentation.slides.add_slide(self.presentation.slide_layouts[0])
        band = slide.shapes.add_shape(1, 0, 0, WIDTH, Inches(2.2))
        band.fill.solid()
        band.fill.fore_color.rgb = self.primary
        band.line.fill.background()
        slide.shapes.title.text = pack_heading(snapshot)
        slide.shapes.title.left, slide.shapes.title.top = MARGIN, Inches(2.6)
        slide.shapes.title.width, slide.shapes.title.height = WIDTH - 2 * MARGIN, Inches(1.6)
        for run in slide.shapes.title.text_frame.paragraphs[0].runs:
            run.font.color.rgb = self.primary
            run.font.bold = True
        subtitle = slide.placeholders[1]
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
            MARGIN,
            Inches(4.4),
            WIDTH - 2 * MARGIN,
            Inches(1.5),
        )
        when = meeting["date_display"] + (f" à {meeting['time']}" if meeting["time"] else "")
        subtitle.text = f"{snapshot['organisation']}\n{when}" + (f" — {meeting['place']}" if meeting["place"] else "")
        if self.style.logo_path:
            slide.shapes.add_picture(self.style.logo_path, MARGIN, Inches(0.35), height=Inches(1.5))

    def agenda(self):
        slide = self.slide(SLIDE_TITLES["agenda"])
        items = self.snapshot["agenda"]
        lines = [f"{index}. {item['title']}" for index, item in enumerate(items, start=1)]
        self.text(slide, lines or ["Aucun point inscrit à l'ordre du jour."], size=20)

    def dashboard(self):
        snapshot = self.snapshot
        rows = snapshot["indicators"]
        previous = snapshot["previous_meeting"]
        since = f"COPIL du {previous['date_display']}" if previous else "COPIL précédent"
        slide = self.slide(SLIDE_TITLES["dashboard"])
        if not rows:
            self.text(slide, ["Aucun indicateur enregistré."])
        else:
            fills = {(index, 4): LEVEL_COLOURS[row["level"]] for index, row in enumerate(rows) if row["level"]}
            self.table(
                slide,
                [
                    "Indicateur",
                    "Période",
                    f"Valeur au {snapshot['meeting']['date_display']}",
                    f"Tendance depuis le {since}",
                    "Seuil",
                    "Règle",
                ],
                [
                    [
                        row["label"],
                        row["period"],
                        row["display"],
                        f"{row['trend']} (était {row['previous_display']})"
                        if row["trend"]
                        else "pas de valeur précédente",
                        row["level_text"],
                        row["thresholds"] or "—",
                    ]
                    for row in rows
                ],
                widths=[3.2, 1.4, 1.6, 2.2, 1.2, 2.6],
                fills=fills,
            )
            slide = self.slide(SLIDE_TITLES["dashboard_chart"])
            series = []
            if previous:
                series.append((since, [row["previous"] for row in rows]))
            series.append((f"COPIL du {snapshot['meeting']['date_display']}", [row["value"] for row in rows]))
            self.chart(
                slide, XL_CHART_TYPE.COLUMN_CLUSTERED, [row["label"] for row in rows], series, number_format="0.#"
            )
        trend = snapshot["indicator_trend"]
        if trend:
            slide = self.slide(SLIDE_TITLES["trend"])
            notes = trend.get("notes", [])  # packs archived before the marks have none
            room = Inches(0.3) * len(notes)
            self.chart(
                slide,
                XL_CHART_TYPE.LINE_MARKERS,
                trend["categories"],
                [(trend["label"], trend["values"])],
                legend=False,
                below=room,
            )
            if notes:
                self.text(slide, notes, top=HEIGHT - Inches(0.7) - room, height=room, size=12)

    def projects(self):
        projects = self.snapshot["projects"]
        slide = self.slide(SLIDE_TITLES["projects"])
        shown = [row for row in projects["by_status"] if row["count"]]
        if not shown:
            self.text(slide, ["Aucun projet enregistré."])
        else:
            chart = self.chart(
                slide,
                XL_CHART_TYPE.PIE,
                [row["label"] for row in shown],
                [("Projets", [row["count"] for row in shown])],
            )
            chart.plots[0].data_labels.show_category_name = True
        watched = projects["watched"]
        for page in chunks(watched, 4) if watched else []:
            slide = self.slide(SLIDE_TITLES["watched"])
            rows = []
            for project in page:
                report = project["report"]
                rows.append(
                    [
                        project["name"] + (f" ({project['lead']})" if project["lead"] else ""),
                        project["status_label"],
                        report["date_display"] if report else "Aucun point d'avancement",
                        report["summary"] if report else "",
                        report["blockers"] if report else "",
                        report["next_steps"] if report else "",
                    ]
                )
            fills = {
                (index, 1): LEVEL_COLOURS["rouge" if project["status"] == "en_alerte" else "orange"]
                for index, project in enumerate(page)
            }
            self.table(
                slide,
                ["Projet", "Météo", "Dernier point", "Synthèse", "Blocages", "Prochaines étapes"],
                rows,
                widths=[2.2, 1.1, 1.3, 3.0, 2.2, 2.2],
                fills=fills,
            )

    def actions(self):
        actions = self.snapshot["actions"]
        slide = self.slide(SLIDE_TITLES["actions"])
        if not actions["total"]:
            self.text(slide, ["Aucune action au plan d'action."])
        else:
            self.text(
                slide,
                [
                    f"{actions['done']} action(s) faite(s) sur {actions['total']} — "
                    f"avancement {actions['progress_percent']} % (hors actions abandonnées)."
                ],
                top=Inches(1.1),
                height=Inches(0.5),
                size=16,
            )
            rows = actions["by_status"]
            self.chart(
                slide,
                XL_CHART_TYPE.BAR_CLUSTERED,
                [row["label"] for row in rows],
                [("Actions", [row["count"] for row in rows])],
                legend=False,
            )
        overdue = actions["overdue"]
        if not overdue:
            slide = self.slide(SLIDE_TITLES["overdue"])
            self.text(slide, ["Aucune action en retard."])
        for page in chunks(overdue, ROWS_PER_SLIDE):
            slide = self.slide(SLIDE_TITLES["overdue"])
            self.table(
                slide,
                ["N°", "Action", "Porteur", "Échéance", "Retard", "Statut"],
                [
                    [
                        str(a["number"]),
                        a["title"],
                        a["owner"],
                        a["due_display"],
                        f"{a['days_late']} j",
                        a["status_label"],
                    ]
                    for a in page
                ],
                widths=[0.6, 5.0, 2.2, 1.2, 0.9, 1.4],
            )

    def hygiene(self):
        """Score by theme against the previous campaign, then the top gaps with their actions.
        Packs archived before this slide existed have no « hygiene » key: nothing is drawn."""
        hygiene = self.snapshot.get("hygiene")
        if not hygiene:
            return
        slide = self.slide(SLIDE_TITLES["hygiene"])
        score = "—" if hygiene["score"] is None else f"{hygiene['score']:n}".replace(".", ",")
        line = f"{hygiene['title']} : score {score} / 100"
        if hygiene["previous_date_display"]:
            before = "—" if hygiene["previous_score"] is None else f"{hygiene['previous_score']:n}".replace(".", ",")
            line += f" (campagne du {hygiene['previous_date_display']} : {before} / 100)"
        self.text(slide, [line], top=Inches(1.1), height=Inches(0.5), size=16)
        themes = hygiene["themes"]
        series = [(f"Campagne du {hygiene['campaign_date_display']}", [t["score"] or 0 for t in themes])]
        if hygiene["previous_date_display"]:
            series.insert(0, (f"Campagne du {hygiene['previous_date_display']}", [t["previous"] or 0 for t in themes]))
        self.chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, [f"{t['ref']}. {t['name']}" for t in themes], series)
        slide = self.slide(SLIDE_TITLES["hygiene_gaps"])
        if not hygiene["gaps"]:
            self.text(slide, ["Aucun écart."])
            return
        self.table(
            slide,
            ["N°", "Mesure", "Statut", "Actions du plan"],
            [[g["ref"], g["title"], g["status"], g["actions"]] for g in hygiene["gaps"]],
            widths=[0.6, 5.4, 1.6, 3.7],
        )

    def decisions(self):
        decisions = self.snapshot["decisions"]
        if not decisions:
            slide = self.slide(SLIDE_TITLES["decisions"])
            self.text(slide, ["Aucune décision à prendre."])
        for decision in decisions:
            slide = self.slide(SLIDE_TITLES["decisions"])
            lines = [decision["question"]]
            if decision["needed_by_display"]:
                lines.append(f"Décision nécessaire avant le {decision['needed_by_display']}")
            if decision["context"]:
                lines.append(decision["context"])
            self.text(slide, lines, height=Inches(1.3), size=16)
            top = BODY_TOP + Inches(1.4)
            if decision["options"]:
                self.table(
                    slide,
                    ["Option", "Avantages", "Inconvénients", "Coût", "Risques"],
                    [[o["label"], o["pros"], o["cons"], o["cost"], o["risks"]] for o in decision["options"]],
                    widths=[2.2, 2.6, 2.6, 1.4, 2.4],
                    top=top,
                )
            box = self.text(
                slide,
                [f"Recommandation : {decision['recommendation'] or 'aucune formulée.'}"],
                top=HEIGHT - Inches(1.6),
                height=Inches(0.9),
                size=16,
            )
            box.text_frame.paragraphs[0].runs[0].font.bold = True

    def roadmap(self):
        roadmap = self.snapshot["roadmap"]
        slide = self.slide(f"{SLIDE_TITLES['roadmap']} {roadmap['year']}")
        picture = gantt_png(roadmap, today=date.fromisoformat(self.snapshot["meeting"]["date"]))
        available_height = HEIGHT - BODY_TOP - Inches(0.6)
        shape = slide.shapes.add_picture(io.BytesIO(picture), MARGIN, BODY_TOP, height=available_height)
        if shape.width > WIDTH - 2 * MARGIN:
            ratio = (WIDTH - 2 * MARGIN) / shape.width
            shape.width, shape.height = int(shape.width * ratio), int(shape.height * ratio)
        shape.name = "Diagramme de Gantt de la feuille de route"

    def contracts(self):
        contracts = self.snapshot["contracts"]
        if not contracts:
            slide = self.slide(SLIDE_TITLES["contracts"])
            self.text(slide, ["Aucune date limite de dénonciation dans les 12 prochains mois."])
        for page in chunks(contracts, ROWS_PER_SLIDE):
            slide = self.slide(SLIDE_TITLES["contracts"])
            self.table(
                slide,
                [
                    "Référence",
                    "Objet",
                    "Prestataire",
                    "Dénonciation avant le",
                    "Fin",
                    "Reconduction tacite",
                    "Montant annuel TTC",
                ],
                [
                    [
                        c["reference"],
                        c["subject"],
                        c["vendor"],
                        c["notice_display"],
                        c["end_display"],
                        "Oui" if c["tacit_renewal"] else "Non",
                        c["amount_display"],
                    ]
                    for c in page
                ],
                widths=[1.4, 3.4, 2.0, 1.5, 1.2, 1.1, 1.4],
            )

    def service_quality(self):
        """Each service level of the contracts: target, the last three months (value and « tenu »
        / « non tenu », the colour only doubling the word), penalties. Nothing for packs archived
        before this slide existed, nor without any service level."""
        quality = self.snapshot.get("service_quality")
        if not quality:
            return
        months = quality["months"]
        for page in chunks(quality["rows"], 8):
            slide = self.slide(SLIDE_TITLES["service_quality"])
            fills = {}
            rows = []
            for index, row in enumerate(page):
                cells = []
                for offset, cell in enumerate(row["months"]):
                    if cell is None:
                        cells.append("non mesuré")
                        continue
                    cells.append(f"{cell['display']} — {cell['verdict']}")
                    fills[(index, 3 + offset)] = LEVEL_COLOURS["vert" if cell["met"] else "rouge"]
                rows.append(
                    [
                        row["label"],
                        f"{row['contract']} ({row['vendor']})",
                        row["target"],
                        *cells,
                        row["penalties_display"],
                    ]
                )
            self.table(
                slide,
                ["Engagement", "Contrat (prestataire)", "Cible", *(m["label"] for m in months), "Pénalités"],
                rows,
                widths=[2.6, 2.0, 1.4, *([1.5] * len(months)), 1.3],
                fills=fills,
            )
            self.text(
                slide,
                [f"Pénalités dues sur la période : {quality['penalties_total_display']}."],
                top=HEIGHT - Inches(1.2),
                height=Inches(0.5),
                size=14,
            )

    def budget(self):
        """« Budget et trajectoire »: the year's credits and execution by section (the Budget SI
        dashboard's figures), then planned against mandaté per year as a native chart."""
        budget = self.snapshot.get("budget")
        if not budget:
            return
        slide = self.slide(f"{SLIDE_TITLES['budget']} — exercice {budget['year']}")
        self.table(
            slide,
            ["Section", "Crédits ouverts", "Mandaté", "Taux d'exécution", "Reste à réaliser"],
            [
                [s["label"], s["opened_display"], s["mandated_display"], s["rate_display"], s["remaining_display"]]
                for s in budget["sections"]
            ],
            widths=[2.0, 2.0, 2.0, 1.6, 2.0],
        )
        trajectory = budget["trajectory"]
        if any(item["planned"] or item["executed"] for item in trajectory):
            slide = self.slide(
                f"{SLIDE_TITLES['budget']} — trajectoire {trajectory[0]['year']}–{trajectory[-1]['year']}"
            )
            self.chart(
                slide,
                XL_CHART_TYPE.COLUMN_CLUSTERED,
                [str(item["year"]) for item in trajectory],
                [
                    ("Prévu (trajectoire de référence)", [item["planned"] for item in trajectory]),
                    ("Mandaté", [item["executed"] for item in trajectory]),
                ],
                number_format='# ##0 "€"',
            )

    def register(self):
        """The register's signed checkpoint, as text and QR code (only when the organisation signs)."""
        checkpoint = self.snapshot.get("register_checkpoint")
        if not checkpoint:
            return
        import qrcode

        slide = self.slide(SLIDE_TITLES["register"])
        intro = (
            f"État du registre au {checkpoint['issued_display']} : {checkpoint['tree_size']} décision(s). "
            "Ce texte signé permet à chacun de vérifier, sans Gouvernail, que le registre n'a été "
            "ni tronqué ni réécrit."
        )
        self.text(slide, [intro], height=Inches(1.0), size=14)
        box = self.text(slide, checkpoint["note"].strip().split("\n"), top=BODY_TOP + Inches(1.1), size=10)
        box.width = WIDTH - 2 * MARGIN - Inches(3.4)
        for paragraph in box.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.name = "Courier New"
        picture = io.BytesIO()
        qrcode.make(checkpoint["note"], box_size=6, border=2).save(picture, format="PNG")
        picture.seek(0)
        slide.shapes.add_picture(picture, WIDTH - MARGIN - Inches(3.2), BODY_TOP + Inches(1.1), height=Inches(3.2))


def render_pptx(snapshot: dict, style: PackStyle) -> bytes:
    return _Deck(snapshot, style).build()
