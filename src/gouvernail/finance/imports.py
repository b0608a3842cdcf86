"""Import of the finance software's export of engagements and mandats (CSV, XLSX, XLS, ODS).

Read with the spreadsheet import's reader and cell parsers; previewed first; committed in one
transaction or not at all. Each row is matched to a budget line of its year by its imputation
(account number, then function when the file gives one) and to a vendor by SIRET (as learnt
from earlier rows), then by name. A row matched to no line or no vendor is imported and listed
as such, never dropped. A row already imported (same year, nature and piece number) is skipped.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from gouvernail.connectors.spreadsheet.parsers import CellError, normalize, parse_date, parse_decimal, parse_text
from gouvernail.connectors.spreadsheet.reader import open_table
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as
from gouvernail.finance.choices import ExecutionKind
from gouvernail.finance.models import BudgetLine, ExecutionEntry, euros_text, to_cents
from gouvernail.vendors.models import Vendor

HEADER_SCAN_ROWS = 20
# Field → header names a finance software writes (compared once normalised: no accents, case, punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "date d emission", "date emission", "date du mandat", "date de l engagement", "date piece"),
    "imputation": ("imputation", "imputation budgetaire", "article budgetaire", "article", "compte"),
    "third_party": ("tiers", "nom du tiers", "creancier", "fournisseur", "beneficiaire", "raison sociale"),
    "siret": ("siret", "siret du tiers", "n siret", "numero siret"),
    "amount": ("montant", "montant ttc", "montant ht", "mt", "montant du mandat", "montant de l engagement"),
    "subject": ("objet", "libelle", "objet de la piece", "objet du mandat"),
    "kind": ("type", "type de piece", "nature de la piece", "type piece"),
    "reference": ("n piece", "numero de piece", "n mandat", "n engagement", "numero", "reference", "n doc"),
    "year": ("exercice", "annee"),
}
LABELS = {
    "date": "date",
    "imputation": "imputation",
    "third_party": "tiers",
    "siret": "SIRET",
    "amount": "montant",
    "subject": "objet",
    "kind": "type de pièce",
    "reference": "n° de pièce",
    "year": "exercice",
}
REQUIRED = ("date", "imputation", "amount")
KIND_WORDS = {
    "mandat": ExecutionKind.PAYMENT,
    "m": ExecutionKind.PAYMENT,
    "md": ExecutionKind.PAYMENT,
    "engagement": ExecutionKind.COMMITMENT,
    "e": ExecutionKind.COMMITMENT,
    "ej": ExecutionKind.COMMITMENT,
}


@dataclass
class PreviewRow:
    number: int
    year: int
    kind: str
    reference: str
    date: object
    imputation: str
    third_party: str
    siret: str
    amount: Decimal
    subject: str
    line: BudgetLine | None = None
    vendor: Vendor | None = None
    line_note: str = ""
    already_imported: bool = False

    @property
    def kind_label(self) -> str:
        return ExecutionKind(self.kind).label

    @property
    def amount_display(self) -> str:
        return euros_text(self.amount)


@dataclass
class ExecutionPreview:
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → header as written in the file

    @property
    def new_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.already_imported]

    @property
    def unmatched_lines(self) -> list[PreviewRow]:
        return [row for row in self.new_rows if row.line is None]

    @property
    def unmatched_vendors(self) -> list[PreviewRow]:
        return [row for row in self.new_rows if row.vendor is None]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.new_rows), Decimal("0.00"))


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, dict[int, str], dict[str, str]] | None:
    """(index of the header row, column index → field, field → header) of the first row of the
    file's top that names at least the required columns."""
    synonyms = {name: key for key, names in COLUMNS.items() for name in names}
    for index, (_number, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[int, str] = {}
        headers: dict[str, str] = {}
        for column, cell in enumerate(cells):
            key = synonyms.get(normalize(parse_text(cell))) if cell not in (None, "") else None
            if key and key not in headers:
                found[column], headers[key] = key, parse_text(cell)
        if all(key in headers for key in REQUIRED):
            return index, found, headers
    return None


def _tokens(imputation: str) -> list[str]:
    return re.findall(r"\d+", imputation)


class _Matcher:
    """Budget lines by year and account, vendors by SIRET then name: loaded once per file."""

    def __init__(self, organisation: Organisation):
        self.lines: dict[int, list[BudgetLine]] = {}
        for line in BudgetLine.objects.filter(organisation=organisation).select_related("account", "contract"):
            self.lines.setdefault(line.year, []).append(line)
        self.by_siret = dict(
            ExecutionEntry.objects.filter(organisation=organisation, vendor__isnull=False)
            .exclude(siret="")
            .values_list("siret", "vendor")
        )
        self.vendors = {v.pk: v for v in Vendor.objects.filter(organisation=organisation)}
        self.by_name = {normalize(v.name): v for v in self.vendors.values()}

    def line(self, year: int, imputation: str, vendor: Vendor | None = None) -> tuple[BudgetLine | None, str]:
        """The one line of `year` whose account (then function, chapter, contract's vendor) the
        imputation names; None and the reason otherwise."""
        tokens = _tokens(imputation)
        candidates = [line for line in self.lines.get(year, []) if line.account.number in tokens]
        if len(candidates) > 1:
            narrowed = [line for line in candidates if line.function and line.function in tokens]
            candidates = narrowed or candidates
        if len(candidates) > 1:
            chapters = [line for line in candidates if line.account.chapter in tokens]
            candidates = chapters if len(chapters) == 1 else candidates
        if len(candidates) > 1 and vendor is not None:
            # Several lines share the article: the one whose contract is with this vendor.
            theirs = [line for line in candidates if line.contract_id and line.contract.vendor_id == vendor.pk]
            candidates = theirs if len(theirs) == 1 else candidates
        if not candidates:
            return None, f"aucune ligne {year} pour l'imputation « {imputation} »"
        if len(candidates) > 1:
            return None, f"{len(candidates)} lignes {year} possibles pour « {imputation} » : rattachez-la à la main"
        return candidates[0], ""

    def vendor(self, siret: str, name: str) -> Vendor | None:
        if siret and siret in self.by_siret:
            return self.vendors.get(self.by_siret[siret])
        return self.by_name.get(normalize(name)) if name else None


def execution_preview(
    *, organisation: Organisation, path: Path, default_kind: str = ExecutionKind.PAYMENT
) -> ExecutionPreview:
    """Reads the whole file and says what would be written, and what is wrong (French, naming
    the row and the column). Writes nothing."""
    preview = ExecutionPreview()
    rows = list(open_table(Path(path)).rows())
    header = _find_header(rows)
    if header is None:
        needed = ", ".join(f"« {LABELS[key]} »" for key in REQUIRED)
        preview.errors.append(
            f"Aucune ligne d'en-tête ne nomme les colonnes {needed} dans les {HEADER_SCAN_ROWS} premières lignes."
        )
        return preview
    index, fields, preview.columns = header
    matcher = _Matcher(organisation)
    existing = set(
        ExecutionEntry.objects.filter(organisation=organisation)
        .exclude(reference="")
        .values_list("year", "kind", "reference")
    )
    seen: set[tuple] = set()
    for number, cells in rows[index + 1 :]:
        values = {key: cells[column] if column < len(cells) else None for column, key in fields.items()}
        if all(value in (None, "") for value in values.values()):
            continue  # a blank row between blocks, or the sheet's trailing rows
        row = _parse_row(number, values, preview, default_kind)
        if row is None:
            continue
        key = (row.year, row.kind, row.reference)
        if row.reference and key in seen:
            preview.errors.append(
                f"Ligne {number}, colonne « {preview.columns.get('reference', 'n° de pièce')} » : "
                f"la pièce {row.reference} figure deux fois dans le fichier."
            )
            continue
        seen.add(key)
        row.already_imported = bool(row.reference) and key in existing
        row.vendor = matcher.vendor(row.siret, row.third_party)
        row.line, row.line_note = matcher.line(row.year, row.imputation, row.vendor)
        preview.rows.append(row)
    if not preview.rows and not preview.errors:
        preview.errors.append("Le fichier ne contient aucune ligne sous l'en-tête.")
    return preview


def _parse_row(number: int, values: dict, preview: ExecutionPreview, default_kind: str) -> PreviewRow | None:
    errors_before = len(preview.errors)

    def cell(key, parser):
        try:
            return parser(values.get(key))
        except CellError as error:
            preview.errors.append(f"Ligne {number}, colonne « {preview.columns.get(key, LABELS[key])} » : {error}")
            return None

    def missing(key):
        preview.errors.append(
            f"Ligne {number}, colonne « {preview.columns.get(key, LABELS[key])} » : valeur obligatoire manquante."
        )

    day = cell("date", parse_date)
    amount = cell("amount", parse_decimal)
    imputation = parse_text(values.get("imputation"))
    for key, value in (("date", day), ("amount", amount), ("imputation", imputation)):
        if value in (None, "") and len(preview.errors) == errors_before:
            missing(key)
    siret = re.sub(r"\s", "", parse_text(values.get("siret")))
    if siret and not re.fullmatch(r"\d{14}", siret):
        preview.errors.append(
            f"Ligne {number}, colonne « {preview.columns.get('siret', 'SIRET')} » : "
            f"« {siret[:20]} » n'est pas un SIRET (14 chiffres)."
        )
    kind = default_kind
    if "kind" in preview.columns and values.get("kind") not in (None, ""):
        kind = KIND_WORDS.get(normalize(parse_text(values["kind"])))
        if kind is None:
            preview.errors.append(
                f"Ligne {number}, colonne « {preview.columns['kind']} » : "
                f"« {parse_text(values['kind'])[:30]} » n'est ni un mandat ni un engagement."
            )
    year = day.year if day else None
    if "year" in preview.columns and values.get("year") not in (None, ""):
        year_value = cell("year", parse_decimal)
        if year_value is not None and (year_value != int(year_value) or not 2000 <= year_value <= 2100):
            preview.errors.append(
                f"Ligne {number}, colonne « {preview.columns['year']} » : exercice invalide (ex. 2026)."
            )
        elif year_value is not None:
            year = int(year_value)
    if amount is not None and abs(amount) >= Decimal("1e12"):
        preview.errors.append(f"Ligne {number}, colonne « {preview.columns['amount']} » : montant hors limites.")
    if len(preview.errors) > errors_before:
        return None
    return PreviewRow(
        number=number,
        year=year,
        kind=kind,
        reference=parse_text(values.get("reference"))[:60],
        date=day,
        imputation=imputation[:60],
        third_party=parse_text(values.get("third_party"))[:200],
        siret=siret,
        amount=to_cents(amount),
        subject=parse_text(values.get("subject"))[:300],
    )


@dataclass
class ImportOutcome:
    created: int
    skipped: int
    unmatched_lines: int
    unmatched_vendors: int
    total: Decimal


@transaction.atomic
def execution_import(
    *, organisation: Organisation, path: Path, default_kind: str = ExecutionKind.PAYMENT, acting_user: User | None
) -> ImportOutcome:
    """Writes every new row of the file, or nothing: any error in the file refuses it whole."""
    preview = execution_preview(organisation=organisation, path=path, default_kind=default_kind)
    if preview.errors:
        raise ValidationError(preview.errors)
    for row in preview.new_rows:
        entry = ExecutionEntry(
            organisation=organisation,
            year=row.year,
            kind=row.kind,
            reference=row.reference,
            date=row.date,
            imputation=row.imputation,
            line=row.line,
            vendor=row.vendor,
            third_party=row.third_party,
            siret=row.siret,
            amount=row.amount,
            subject=row.subject,
        )
        entry.full_clean(exclude=["organisation"], validate_constraints=False)
        save_as(entry, acting_user)
    return ImportOutcome(
        created=len(preview.new_rows),
        skipped=len(preview.rows) - len(preview.new_rows),
        unmatched_lines=len(preview.unmatched_lines),
        unmatched_vendors=len(preview.unmatched_vendors),
        total=preview.total,
    )
