"""The register as a spreadsheet in the layout of `layout.COLUMNS`: export, and import read back.

The import reads a file into plain values (`parse_register`), every cell checked, each error
naming its row and column; `preview` says what each row would create or change; `services.
activities_import` writes it in one transaction. An export imported again changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from gouvernail.applications.models import Application
from gouvernail.core.exports import _ods, _xlsx, exported_line
from gouvernail.core.models import Service
from gouvernail.dataprotection.layout import COLUMNS, HEADERS, READ_ONLY_KINDS, SEPARATOR, normalise_header
from gouvernail.dataprotection.models import ProcessingActivity
from gouvernail.vendors.models import Vendor

__all__ = ("RegisterImportError", "activity_values", "export_register", "parse_register", "preview")

SHEET_TITLE = "Registre des traitements"
# The fields an import writes (the key, then the plain fields, then the relations).
RELATION_KINDS = {"applications", "processors"}
PLAIN_FIELDS = tuple(c.field for c in COLUMNS if c.kind not in READ_ONLY_KINDS | RELATION_KINDS)


class RegisterImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def activity_values(activity: ProcessingActivity) -> list:
    """One row of the export, cell by cell in the layout's order."""
    cells = []
    for column in COLUMNS:
        if column.kind == "created":
            cells.append(activity.created.date() if activity.created else None)
        elif column.kind == "applications":
            cells.append(SEPARATOR.join(sorted(a.name for a in activity.applications.all())) or None)
        elif column.kind == "processors":
            cells.append(SEPARATOR.join(sorted(p.vendor.name for p in activity.processors.all())) or None)
        elif column.kind == "service":
            cells.append(activity.responsible_service.name if activity.responsible_service else None)
        elif column.kind == "multi":
            labels = dict(column.choices)
            cells.append(SEPARATOR.join(str(labels[code]) for code in getattr(activity, column.field)) or None)
        elif column.kind == "choice":
            value = getattr(activity, column.field)
            cells.append(str(dict(column.choices)[value]) if value else None)
        elif column.kind == "bool":
            cells.append("Oui" if getattr(activity, column.field) else "Non")
        else:
            cells.append(getattr(activity, column.field) or None)
    return cells


def export_register(activities, *, export_format: str, organisation) -> bytes:
    activities = activities.select_related("responsible_service").prefetch_related("applications", "processors__vendor")
    rows = [activity_values(activity) for activity in activities]
    writer = _ods if export_format == "ods" else _xlsx
    return writer(list(HEADERS), rows, exported_line(organisation), SHEET_TITLE)


#
# Import
#


@dataclass
class ParsedRow:
    line: int
    values: dict = field(default_factory=dict)  # field → plain value (ids for relations)


@dataclass
class ParsedRegister:
    rows: list[ParsedRow]
    ignored_columns: list[str]
    missing_columns: list[str]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{where} : date illisible « {text} » (attendu jj/mm/aaaa).")


def _bool(value, where: str) -> bool:
    text = _text(value).casefold()
    if text in ("oui", "o", "x", "vrai", "true", "1"):
        return True
    if text in ("", "non", "n", "faux", "false", "0"):
        return False
    raise ValueError(f"{where} : « {_text(value)} » n'est ni « Oui » ni « Non ».")


def _by_label(choices, where: str, text: str) -> str:
    for value, label in choices:
        if text.casefold() in (str(label).casefold(), str(value).casefold()):
            return value
    allowed = ", ".join(f"« {label} »" for _, label in choices)
    raise ValueError(f"{where} : « {text} » n'est pas une valeur reconnue (valeurs possibles : {allowed}).")


def _parts(value) -> list[str]:
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def _cell(column, value, where: str, lookups: dict):
    if column.kind == "date":
        return _date(value, where)
    if column.kind == "bool":
        return _bool(value, where)
    if column.kind == "choice":
        text = _text(value)
        return _by_label(column.choices, where, text) if text else ""
    if column.kind == "multi":
        return [_by_label(column.choices, where, part) for part in _parts(value)]
    if column.kind in ("applications", "processors", "service"):
        known = lookups[column.kind]
        names = _parts(value) if column.kind != "service" else ([_text(value)] if _text(value) else [])
        unknown = [name for name in names if name.casefold() not in known]
        if unknown:
            what = {"applications": "application", "processors": "prestataire", "service": "service"}[column.kind]
            raise ValueError(
                f"{where} : {what} inconnu(e) du référentiel : " + ", ".join(f"« {n} »" for n in unknown) + "."
            )
        ids = sorted({known[name.casefold()] for name in names})
        if column.kind == "service":
            return ids[0] if ids else None
        return ids
    return _text(value)


def _lookups(organisation) -> dict:
    def index(queryset):
        return {name.casefold(): pk for pk, name in queryset.values_list("pk", "name")}

    return {
        "applications": index(Application.objects.filter(organisation=organisation)),
        "processors": index(Vendor.objects.filter(organisation=organisation)),
        "service": index(Service.objects.filter(organisation=organisation)),
    }


def parse_register(path: Path, *, organisation) -> ParsedRegister:
    """Reads the first sheet: the header row is the first one naming « Référence » (the export's
    title line above it is skipped). Raises RegisterImportError with every error found."""
    from gouvernail.connectors.spreadsheet.reader import ImportFileError, open_table

    try:
        rows = list(open_table(path).rows())
    except ImportFileError as error:
        raise RegisterImportError([str(error)]) from None
    wanted = {normalise_header(column.header): column for column in COLUMNS}
    key = normalise_header(COLUMNS[0].header)
    header_index = next(
        (i for i, (_, cells) in enumerate(rows) if any(normalise_header(c) == key for c in cells)), None
    )
    if header_index is None:
        raise RegisterImportError(
            ["Aucune ligne d'en-tête : la colonne « Référence » est introuvable dans la première feuille."]
        )
    header_line, headers = rows[header_index]
    positions, ignored = {}, []
    for position, header in enumerate(headers):
        column = wanted.get(normalise_header(header))
        if column is None:
            if _text(header):
                ignored.append(_text(header))
        elif column.field in positions:
            raise RegisterImportError([f"Ligne {header_line} : la colonne « {column.header} » figure deux fois."])
        else:
            positions[column.field] = (position, column)
    missing = [c.header for c in COLUMNS if c.field not in positions]
    missing_required = [c.header for c in COLUMNS if c.required and c.field not in positions]
    if missing_required:
        raise RegisterImportError([f"Colonne obligatoire absente : « {header} »." for header in missing_required])
    lookups = _lookups(organisation)
    parsed, errors, seen = [], [], {}
    for line, cells in rows[header_index + 1 :]:
        if not any(_text(cell) for cell in cells):
            continue
        row = ParsedRow(line)
        for name, (position, column) in positions.items():
            if column.kind in READ_ONLY_KINDS:
                continue
            value = cells[position] if position < len(cells) else None
            where = f"Ligne {line}, colonne « {column.header} »"
            try:
                row.values[name] = _cell(column, value, where, lookups)
            except ValueError as error:
                errors.append(str(error))
                continue
            if column.required and not row.values[name]:
                errors.append(f"{where} : valeur obligatoire.")
        reference = row.values.get("reference")
        if reference:
            if reference.casefold() in seen:
                first = seen[reference.casefold()]
                errors.append(f"Ligne {line}, colonne « Référence » : « {reference} » figure déjà ligne {first}.")
            seen[reference.casefold()] = line
        for name, limit in (("reference", 30), ("name", 200), ("joint_controller", 200), ("transfer_countries", 200)):
            if len(str(row.values.get(name) or "")) > limit:
                header = next(c.header for c in COLUMNS if c.field == name)
                errors.append(f"Ligne {line}, colonne « {header} » : {limit} caractères au plus.")
        parsed.append(row)
    if errors:
        raise RegisterImportError(errors)
    if not parsed:
        raise RegisterImportError(["Le fichier ne contient aucune activité de traitement sous la ligne d'en-tête."])
    return ParsedRegister(parsed, ignored, missing)


def current_values(activity: ProcessingActivity, fields) -> dict:
    values = {}
    for name in fields:
        if name == "applications":
            values[name] = sorted(activity.applications.values_list("pk", flat=True))
        elif name == "processors":
            values[name] = sorted(activity.processors.values_list("vendor_id", flat=True))
        elif name == "responsible_service":
            values[name] = activity.responsible_service_id
        else:
            values[name] = getattr(activity, name)
    return values


def row_changes(activity: ProcessingActivity | None, values: dict) -> list[str]:
    """The headers of the columns whose value the row would change (all of them for a new row)."""
    headers = {c.field: c.header for c in COLUMNS}
    if activity is None:
        return [headers[name] for name in values]
    before = current_values(activity, values)
    return [headers[name] for name, value in values.items() if before[name] != value]


def preview(organisation, parsed: ParsedRegister) -> list[dict]:
    existing = {
        a.reference.casefold(): a
        for a in ProcessingActivity.objects.filter(organisation=organisation).prefetch_related("applications")
    }
    lines = []
    for row in parsed.rows:
        activity = existing.get(row.values["reference"].casefold())
        changes = row_changes(activity, row.values)
        action = "créée" if activity is None else ("modifiée" if changes else "inchangée")
        lines.append({"line": row.line, "reference": row.values["reference"], "action": action, "changes": changes})
    return lines
