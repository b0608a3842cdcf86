"""The preview (dry run) and the commit of an import, in one streamed pass over the file.

Rows are read, parsed and resolved here (cells, relations by name, duplicates within the file),
then written through the référentiel's one upsert service (`inventory.services.equipment_upsert`
…), which matches, validates (the model's own `full_clean`, as the edit form runs it), derives,
and writes batch by batch (`BATCH_SIZE`) with a bounded number of queries, its journal included.

`refuse`: one rejected row and nothing is written (the transaction is rolled back).
`skip`: the valid rows are written, the rejected ones reported with their row, column and reason.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from gouvernail.connectors.spreadsheet.mapping import ColumnMapping, detect_header
from gouvernail.connectors.spreadsheet.parsers import CellError, normalize, parse_text
from gouvernail.connectors.spreadsheet.reader import Table
from gouvernail.connectors.spreadsheet.resolve import Resolver
from gouvernail.connectors.spreadsheet.schemas import Kind
from gouvernail.core.models import Organisation, User
from gouvernail.core.upsert import REF, Outcome

__all__ = ("BATCH_SIZE", "ImportResult", "RejectedRow", "run_import")

BATCH_SIZE = 500
SAMPLE_SIZE = 50
REFUSE, SKIP = "refuse", "skip"


@dataclass
class RejectedRow:
    row: int  # as the spreadsheet numbers it
    cells: list[str]
    issues: list[tuple[str, str]]  # (column header, French reason)

    @property
    def reason(self) -> str:
        return " ; ".join(f"{column} : {reason}" if column else reason for column, reason in self.issues)


@dataclass
class RowPreview:
    row: int
    label: str
    changes: dict[str, list] = field(default_factory=dict)


@dataclass
class ImportResult:
    kind: Kind
    mapping: ColumnMapping
    on_error: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    samples: dict[str, list[RowPreview]] = field(default_factory=lambda: {"created": [], "updated": []})
    written: bool = False

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    @property
    def refused(self) -> bool:
        """Nothing written because the file had an error and the user asked for all or nothing."""
        return self.on_error == REFUSE and bool(self.rejected)


def _upsert(kind: Kind) -> Callable:
    """The référentiel's one upsert service: the import writes only through it."""
    from gouvernail.applications.services import applications_upsert
    from gouvernail.core.services import people_upsert
    from gouvernail.inventory.services import equipment_upsert
    from gouvernail.vendors.services import contracts_upsert, vendors_upsert

    return {
        "equipment": equipment_upsert,
        "people": people_upsert,
        "applications": applications_upsert,
        "vendors": vendors_upsert,
        "contracts": contracts_upsert,
    }[kind.code]


def file_key(kind: Kind, values: dict) -> tuple | None:
    """The key two rows of one file must not share (None when the row has none)."""
    if kind.code == "equipment":
        serial = (values.get("serial") or "").strip()
        if serial:
            return ("serial", serial.casefold())
        return ("name", normalize(values.get("name") or "")) if values.get("name") else None
    if kind.code == "people":
        if not values.get("last_name"):
            return None
        key = (normalize(values["last_name"]), normalize(values.get("first_name") or ""))
        return (*key, values.get("service")) if "service" in values else key
    value = values.get(kind.key_fields[0])
    return (normalize(value),) if value else None


class _Run:
    def __init__(self, *, organisation, kind, mapping, acting_user, reason, on_error, write):
        self.organisation = organisation
        self.kind = kind
        self.model = kind.model
        self.mapping = mapping
        self.acting_user = acting_user
        self.reason = reason
        self.write = write
        self.result = ImportResult(kind=kind, mapping=mapping, on_error=on_error, dry_run=not write)
        self.columns = {index: kind.by_field[name] for index, name in mapping.fields.items()}
        targets = {column.relation for column in self.columns.values() if column.relation}
        self.resolver = Resolver(organisation, targets)
        self.seen: dict[tuple, int] = {}
        self.upsert = _upsert(kind)
        self.cells_of: dict[int, list] = {}

    # Reading

    def parse(self, number: int, cells: list) -> tuple[dict, list[tuple[str, str]]]:
        values: dict = {}
        issues: list[tuple[str, str]] = []
        for index, column in self.columns.items():
            cell = cells[index] if index < len(cells) else None
            try:
                value = column.parse(cell)
                if column.relation and value:
                    value = self.resolver.resolve(column.relation, value)
            except CellError as error:
                issues.append((self.mapping.headers[index] or column.label, str(error)))
                continue
            values[column.field] = value
        return values, issues

    def header(self, field_name: str) -> str:
        if field_name in self.kind.by_field:
            return self.mapping.header_of(field_name, self.kind)
        if not field_name or field_name == NON_FIELD_ERRORS:
            return ""
        return str(self.model._meta.get_field(field_name).verbose_name)

    # The file's own checks here, the rest in the référentiel's upsert

    def valid_rows(self, rows: Iterable, total: int | None, progress) -> Iterable[dict]:
        """The file's rows as the upsert takes them; a row the file itself refuses (a cell that
        does not parse, a duplicate of an earlier row) is rejected here."""
        last = 0
        for number, cells in rows:
            last = number
            if progress is not None and number % BATCH_SIZE == 0:
                progress(last, total)
            if all(cell is None or parse_text(cell) == "" for cell in cells):
                continue  # blank rows separate blocks in hand-kept files
            values, issues = self.parse(number, cells)
            if not issues:
                key = file_key(self.kind, values)
                if key is not None and key in self.seen:
                    message = f"Ligne en double : même {self.kind.key_label} que la ligne {self.seen[key]}."
                    issues.append((self.header(self.kind.key_fields[0]), message))
                elif key is not None:
                    self.seen[key] = number
            if issues:
                self.reject(number, cells, issues)
                continue
            self.cells_of[number] = cells
            yield {**values, REF: number}
        if progress is not None:
            progress(total or last, total)

    def outcome(self, outcome: Outcome) -> None:
        cells = self.cells_of.pop(outcome.ref)
        if outcome.action == "rejected":
            issues = [(self.header(name), message) for name, messages in outcome.errors.items() for message in messages]
            self.reject(outcome.ref, cells, issues)
            return
        setattr(self.result, outcome.action, getattr(self.result, outcome.action) + 1)
        samples = self.result.samples.get(outcome.action)
        if samples is not None and len(samples) < SAMPLE_SIZE:
            samples.append(RowPreview(outcome.ref, str(outcome.instance), outcome.changes))

    def consume(self, rows: Iterable, total: int | None, progress) -> None:
        self.upsert(
            organisation=self.organisation,
            source="import",
            rows=self.valid_rows(rows, total, progress),
            acting_user=self.acting_user,
            reason=self.reason,
            dry_run=not self.write,
            on_outcome=self.outcome,
            batch_size=BATCH_SIZE,
        )

    def reject(self, number: int, cells: list, issues: list[tuple[str, str]]) -> None:
        self.result.rejected.append(RejectedRow(number, [parse_text(cell) for cell in cells], issues))


def run_import(
    *,
    organisation: Organisation,
    kind: Kind,
    table: Table,
    saved: dict[str, str] | None = None,
    fields: dict[int, str] | None = None,
    on_error: str = REFUSE,
    dry_run: bool = True,
    acting_user: User | None = None,
    reason: str = "",
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult:
    """Reads `table` as rows of `kind` and previews (dry_run) or writes them.

    `saved` is a named mapping ({normalized header: field}); `fields` overrides the proposal
    column by column ({column index: field}, what the mapping form returns). Raises
    `ImportFileError` when the file itself cannot be imported.
    """
    mapping, rows = detect_header(table, kind, saved)
    if fields is not None:
        mapping.fields = {index: name for index, name in fields.items() if name and index < len(mapping.headers)}
        mapping.how = {index: "choisi" for index in mapping.fields}
    mapping.check(kind)
    run = _Run(
        organisation=organisation,
        kind=kind,
        mapping=mapping,
        acting_user=acting_user,
        reason=reason,
        on_error=on_error,
        write=not dry_run,
    )
    if dry_run:
        run.consume(rows, table.total_rows, progress)
        return run.result
    with transaction.atomic():
        run.consume(rows, table.total_rows, progress)
        if run.result.refused:
            transaction.set_rollback(True)
        else:
            run.result.written = True
    return run.result
