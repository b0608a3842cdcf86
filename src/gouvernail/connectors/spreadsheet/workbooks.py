"""The template workbook of each import kind (XLSX and ODS): a first sheet with the expected
columns (French headers, the ones the import recognises) and one example row, a second sheet
« Valeurs permises » listing what each choice column accepts and how relations are named.

The example row is illustrative; the import reads it like any row (the round-trip test fills
a template and imports it).
"""

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from gouvernail.connectors.spreadsheet.parsers import parse_bool, parse_date, parse_decimal, parse_email, parse_int
from gouvernail.connectors.spreadsheet.resolve import CREATABLE, TARGETS
from gouvernail.connectors.spreadsheet.schemas import Column, Kind

__all__ = ("TEMPLATE_FORMATS", "allowed_rows", "example_row", "template_workbook")

TEMPLATE_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
VALUES_SHEET = "Valeurs permises"

# Example values typed as a référent would (illustrative, consistent with each other).
EXAMPLES = {
    ("equipment", "name"): "PC-ACCUEIL-01",
    ("equipment", "serial"): "5CG1234XYZ",
    ("equipment", "manufacturer"): "HP",
    ("equipment", "model"): "EliteDesk 800 G6",
    ("equipment", "os_name"): "Windows 11 Professionnel",
    ("equipment", "os_version"): "23H2",
    ("equipment", "antivirus_product"): "Microsoft Defender",
    ("applications", "name"): "Logiciel d'état civil",
    ("applications", "process"): "Actes d'état civil",
    ("applications", "platform"): "Windows / PostgreSQL",
    ("vendors", "name"): "Éditeur exemple",
    ("vendors", "website"): "https://www.exemple.fr",
    ("contracts", "reference"): "2024-INF-001",
    ("contracts", "subject"): "Maintenance du logiciel d'état civil",
    ("people", "last_name"): "Durand",
    ("people", "first_name"): "Claire",
    ("people", "function"): "Agent d'accueil",
    ("sites", "name"): "Hôtel de ville",
    ("sites", "city"): "Saint-Exemple",
    ("services", "name"): "Accueil",
    ("services", "parent"): "Direction générale",
    ("actions", "number"): 1,
    ("actions", "title"): "Activer la double authentification de la messagerie",
    ("actions", "description"): "Pour tous les agents et les élus (illustratif).",
    ("actions", "recurrence_months"): "",
    ("actions", "stop_reason"): "",
    ("projects", "name"): "Renouvellement des postes 2025",
    ("projects", "description"): "Remplacer les postes sous Windows 10 (illustratif).",
    ("projects", "sponsor"): "Claire Durand",
    ("projects", "lead"): "Claire Durand",
    ("projects", "planned_start"): date(2025, 1, 6),
    ("projects", "planned_end"): date(2025, 12, 19),
    ("projects", "actual_start"): "",
    ("projects", "actual_end"): "",
    ("projects", "budget_planned"): Decimal("45000.00"),
    ("projects", "budget_committed"): Decimal("12000.00"),
    ("projects", "budget_spent"): Decimal("8000.00"),
    ("projects", "structuring_kind"): "Poste de travail",
    ("projects", "axis"): "Cybersécurité",
    ("milestones", "project"): "Renouvellement des postes 2025",
    ("milestones", "name"): "Commande passée",
    ("milestones", "due_date"): date(2025, 3, 31),
    ("milestones", "done_date"): "",
    ("procedure_steps", "procurement"): "2025-MAPA-03",
    ("procedure_steps", "position"): 1,
    ("procedure_steps", "name"): "Publication de l'avis",
    ("procedure_steps", "planned_start"): date(2025, 2, 3),
    ("procedure_steps", "planned_end"): date(2025, 2, 3),
    ("procedure_steps", "actual_date"): "",
    ("procedure_steps", "is_done"): "Non",
    ("procedure_steps", "is_estimate"): "Non",
    ("roadmap", "axis"): "Cybersécurité",
    ("roadmap", "year"): 2025,
    ("roadmap", "title"): "Sauvegardes externalisées",
    ("roadmap", "start_month"): date(2025, 1, 1),
    ("roadmap", "end_month"): date(2025, 6, 1),
    ("decisions", "question"): "Externaliser les sauvegardes ?",
    ("decisions", "decided_on"): date(2023, 11, 14),
    ("decisions", "chosen_option"): "Sauvegarde externalisée chez un hébergeur en France",
    ("decisions", "rationale"): "Exemple (illustratif) : une copie hors site, remplacez cette ligne par les vôtres.",
    ("decisions", "context"): "Sauvegardes sur un seul disque, dans la salle du serveur.",
    ("decisions", "vote_for"): 9,
    ("decisions", "vote_against"): 0,
    ("decisions", "vote_abstain"): 1,
    ("decisions", "consensus"): "Non",
    ("decisions", "meeting"): "",
    ("scenarios", "analysis"): "Organisation de la fonction SI",
    ("scenarios", "criterion"): "Coût annuel",
    ("scenarios", "weight"): 2,
    ("scenarios", "direction"): "Moins c'est élevé, mieux c'est (coût, risque, délai)",
    ("scenarios", "scenario"): "S1",
    ("scenarios", "scenario_label"): "Mutualisation avec l'intercommunalité",
    ("scenarios", "level"): "Moyenne",
    ("scenarios", "justification"): "Exemple (illustratif) : remplacez cette ligne par les vôtres.",
}
RELATION_EXAMPLES = {
    "site": "Hôtel de ville",
    "service": "Accueil",
    "person": "Claire Durand",
    "vendor": "Éditeur exemple",
    "contract": "2024-INF-001",
    "committee": "COPIL SI",
}


def example_value(kind: Kind, column: Column):
    if (kind.code, column.field) in EXAMPLES:
        return EXAMPLES[(kind.code, column.field)]
    if column.relation:
        return RELATION_EXAMPLES[column.relation]
    if column.parse is parse_bool:
        return "Oui"
    if column.choices:
        return column.choices[0][1]
    if column.parse is parse_date:
        return date(2024, 3, 15)
    if column.parse is parse_int:
        return 1
    if column.parse is parse_decimal:
        return Decimal("1200.00")
    if column.parse is parse_email:
        return "claire.durand@mairie-exemple.fr"
    if column.field == "notes":
        return "Exemple (illustratif) : remplacez cette ligne par les vôtres."
    return ""


def example_row(kind: Kind) -> list:
    return [example_value(kind, column) for column in kind.columns]


def headers(kind: Kind) -> list[str]:
    return [column.label for column in kind.columns]


def allowed_rows(kind: Kind) -> list[list[str]]:
    """[column, what it accepts] lines of the second sheet."""
    lines = []
    for column in kind.columns:
        if column.choices:
            for _value, label in column.choices:
                lines.append([column.label, str(label)])
        elif column.relation:
            _, article, where = TARGETS[column.relation]
            created = (
                " (créé à l'import si vous cochez « créer ce qui manque »)" if column.relation in CREATABLE else ""
            )
            lines.append([column.label, f"{article} de l'organisation, par son nom ({where}){created}"])
        elif column.parse is parse_date:
            lines.append([column.label, "une date JJ/MM/AAAA"])
        elif column.parse in (parse_int, parse_decimal):
            lines.append([column.label, "un nombre"])
        if column.required:
            lines.append([column.label, "obligatoire"])
    return lines


def _xlsx(kind: Kind) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind.sheet_title
    sheet.append(headers(kind))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(example_row(kind))
    for cell in sheet[2]:
        if isinstance(cell.value, date):
            cell.number_format = "DD/MM/YYYY"
    values = workbook.create_sheet(VALUES_SHEET)
    values.append(["Colonne", "Valeur permise"])
    for cell in values[1]:
        cell.font = Font(bold=True)
    for line in allowed_rows(kind):
        values.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods(kind: Kind) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value):
        if isinstance(value, date):
            node = TableCell(valuetype="date", datevalue=value.isoformat())
            text = f"{value:%d/%m/%Y}"
        elif isinstance(value, (int, Decimal)):
            node = TableCell(valuetype="float", value=str(value))
            text = str(value)
        else:
            node = TableCell(valuetype="string")
            text = str(value)
        node.addElement(P(text=text))
        return node

    def table(name: str, rows: list[list]) -> Table:
        sheet = Table(name=name[:31])
        for values in rows:
            row = TableRow()
            for value in values:
                row.addElement(cell(value))
            sheet.addElement(row)
        return sheet

    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(table(kind.sheet_title, [headers(kind), example_row(kind)]))
    document.spreadsheet.addElement(table(VALUES_SHEET, [["Colonne", "Valeur permise"], *allowed_rows(kind)]))
    stream = io.BytesIO()
    document.write(stream)
    return stream.getvalue()


def template_workbook(kind: Kind, file_format: str) -> bytes:
    """The template of `kind` as `file_format` ("xlsx" or "ods")."""
    return {"xlsx": _xlsx, "ods": _ods}[file_format](kind)
