"""The preview (dry run) and the commit of an import, in one streamed pass over the file.

Rows are read, parsed and resolved here (cells, relations by name, duplicates within the file),
then written through the référentiel's one upsert service (`inventory.services.equipment_upsert`
…), which matches, validates (the model's own `full_clean`, as the edit form runs it), derives,
and writes batch by batch (`BATCH_SIZE`) with a bounded number of queries, its journal included.

`refuse`: one rejected row and nothing is written (the transaction is rolled back).
`skip`: the valid rows are written, the rejected ones reported with their row, column and reason.

`values` maps the values a choice column does not know ({field: {value key: allowed value}},
the user's answers, kept with the saved mapping); the values still unknown are collected
(`ImportResult.unknown_values`) for the preview to ask about.

`create_missing`: the sites, services and people the file names and the organisation lacks are
created first (a first pass over the file finds them), through their référentiel's upsert, in
the same transaction as the rows: a refused import creates nothing either. A preview plans them
the same way inside a transaction it rolls back, so it shows exactly what the commit will do.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from gouvernail.connectors.spreadsheet.mapping import ColumnMapping, detect_header
from gouvernail.connectors.spreadsheet.parsers import CellError, normalize, parse_text
from gouvernail.connectors.spreadsheet.reader import Table
from gouvernail.connectors.spreadsheet.resolve import CREATABLE, TARGETS, Resolver, split_person
from gouvernail.connectors.spreadsheet.schemas import Kind
from gouvernail.core.memo import remembered
from gouvernail.core.models import Organisation, User
from gouvernail.core.upsert import REF, Outcome

__all__ = ("BATCH_SIZE", "ImportResult", "MissingName", "RejectedRow", "UnknownValue", "run_import", "value_key")

BATCH_SIZE = 500
SAMPLE_SIZE = 50
PARSED_MEMO_SIZE = 1000  # cell values remembered per column (`_Run.cell_value`)
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
class UnknownValue:
    """A value of a choice column that no synonym knows, as the file first writes it."""

    text: str
    rows: list[int] = field(default_factory=list)  # the first few rows giving it
    count: int = 0


@dataclass
class MissingName:
    """A site, service or person the file names and the organisation lacks: « à créer »."""

    target: str
    name: str
    row: int  # the first row naming it
    site: str = ""  # for a person: the site and service of that row, given to the new row
    service: str = ""

    @property
    def where(self) -> str:
        return TARGETS[self.target][2]


# The first words of the total rows a hand-kept file ends its blocks with (« Total », « Sous-total
# pôle technique », « TOTAUX »): such a row is a sum, not an item, and is passed over.
SUMMARY_WORDS = ("total", "totaux", "sous total", "somme", "total general")
SUMMARY_INITIALS = frozenset(word[0] for word in SUMMARY_WORDS)


def is_blank(cells: list) -> bool:
    return all(cell is None or parse_text(cell) == "" for cell in cells)


def is_summary(cells: list) -> bool:
    first = next((parse_text(cell) for cell in cells if parse_text(cell)), "")
    if first[:1].isascii() and first[:1].isalnum() and first[0].lower() not in SUMMARY_INITIALS:
        return False  # normalising keeps an ASCII letter or digit first: no summary word starts so
    words = normalize(first)
    return any(words == word or words.startswith(f"{word} ") for word in SUMMARY_WORDS)


def value_key(text: str) -> str:
    """How a value is remembered: normalised, or as typed when it has no letter (« ✓ »)."""
    return normalize(text) or text.strip()


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
    # {field: {value key: UnknownValue}}: values left for the user to map.
    unknown_values: dict[str, dict[str, UnknownValue]] = field(default_factory=dict)
    # {target: [MissingName]}: what create_missing creates (or would create, in a preview).
    missing: dict[str, list[MissingName]] = field(default_factory=dict)
    # Rows naming something missing (rejected when nothing is created).
    missing_rows: int = 0
    summary_rows: list[int] = field(default_factory=list)  # total rows passed over
    create_missing: bool = False

    @property
    def missing_count(self) -> int:
        return sum(len(names) for names in self.missing.values())

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
    from gouvernail.core.services import people_upsert, services_upsert, sites_upsert
    from gouvernail.governance.imports import decisions_upsert, scenarios_upsert
    from gouvernail.inventory.services import equipment_upsert
    from gouvernail.steering.services import actions_upsert, milestones_upsert, projects_upsert, roadmap_upsert
    from gouvernail.vendors.services import contracts_upsert, procedure_steps_upsert, vendors_upsert

    return {
        "procedure_steps": procedure_steps_upsert,
        "actions": actions_upsert,
        "roadmap": roadmap_upsert,
        "projects": projects_upsert,
        "milestones": milestones_upsert,
        "sites": sites_upsert,
        "services": services_upsert,
        "equipment": equipment_upsert,
        "people": people_upsert,
        "applications": applications_upsert,
        "vendors": vendors_upsert,
        "contracts": contracts_upsert,
        "decisions": decisions_upsert,
        "scenarios": scenarios_upsert,
    }[kind.code]


class _Run:
    def __init__(self, *, organisation, kind, mapping, acting_user, reason, on_error, write, values, create_missing):
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
        self.parsed: dict[str, dict] = defaultdict(dict)  # {field: {(class, cell): value}}
        self.values = {name: dict(answers) for name, answers in (values or {}).items()}
        self.result.create_missing = create_missing

    # Reading

    def cell_value(self, column, cell):
        """The column's value of a cell: the user's answer for a value no synonym knows, else
        the column's parser; an unknown value of a choice column is noted for the preview.
        A value read well is remembered (a file repeats its types, sites and dates); one that
        fails is read again each time, so that every row giving it is noted."""
        return remembered(self.parsed[column.field], cell, self.parse_cell, column, cell, limit=PARSED_MEMO_SIZE)

    def parse_cell(self, column, cell):
        if column.choices is None:
            return column.parse(cell)
        text = parse_text(cell)
        answers = self.values.get(column.field)
        if text and answers and value_key(text) in answers:
            return answers[value_key(text)]
        try:
            return column.parse(cell)
        except CellError:
            unknown = self.result.unknown_values.setdefault(column.field, {})
            entry = unknown.setdefault(value_key(text), UnknownValue(text[:120]))
            entry.count += 1
            if len(entry.rows) < 5:
                entry.rows.append(self.current_row)
            raise

    def parse(self, number: int, cells: list) -> tuple[dict, list[tuple[str, str]]]:
        values: dict = {}
        issues: list[tuple[str, str]] = []
        self.current_row = number
        for index, column in self.columns.items():
            cell = cells[index] if index < len(cells) else None
            try:
                value = self.cell_value(column, cell)
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
            if is_blank(cells):
                continue  # blank rows separate blocks in hand-kept files
            if is_summary(cells):
                self.result.summary_rows.append(number)
                continue
            values, issues = self.parse(number, cells)
            if not issues:
                key = self.kind.row_key(values)
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

    # Creating what is missing

    def find_missing(self, rows: Iterable) -> None:
        """First pass: the sites, services and people the file names and the organisation lacks."""
        creatable = {i: c for i, c in self.columns.items() if c.relation in CREATABLE}
        if not creatable:
            return
        by_relation = {column.relation: index for index, column in creatable.items()}
        found: dict[str, dict[str, MissingName]] = {target: {} for target in CREATABLE}
        rows_naming = 0
        for number, cells in rows:
            if is_summary(cells):
                continue
            named = False
            for index, column in creatable.items():
                text = parse_text(cells[index]) if index < len(cells) else ""
                if not text or self.resolver.known(column.relation, text) or not normalize(text):
                    continue
                named = True
                key = normalize(text)
                if column.relation == "person":
                    # « Claire Durand » and « DURAND Claire » are one person to create.
                    key = "|".join(normalize(part) for part in split_person(text))
                if key in found[column.relation]:
                    continue
                entry = MissingName(column.relation, text[:120], number)
                if column.relation == "person":
                    for other in ("site", "service"):
                        at = by_relation.get(other)
                        setattr(entry, other, parse_text(cells[at]) if at is not None and at < len(cells) else "")
                found[column.relation][key] = entry
            rows_naming += named
        self.result.missing = {target: list(names.values()) for target, names in found.items() if names}
        self.result.missing_rows = rows_naming

    def create_missing(self) -> None:
        """Creates what `find_missing` found, each through its référentiel's upsert (journaled,
        attributed to this import); a name its model refuses stays unknown and its rows rejected."""
        from gouvernail.core.services import people_upsert, services_upsert, sites_upsert

        missing = self.result.missing
        if not missing:
            return
        options = {
            "organisation": self.organisation,
            "source": "import",
            "acting_user": self.acting_user,
            "reason": f"{self.reason} : création des éléments nommés par le fichier",
        }
        if missing.get("site"):
            sites_upsert(rows=[{"name": m.name, REF: m.row} for m in missing["site"]], **options)
        if missing.get("service"):
            services_upsert(rows=[{"name": m.name, REF: m.row} for m in missing["service"]], **options)
        if missing.get("person"):
            places = Resolver(self.organisation, {"site", "service"})
            people = []
            for m in missing["person"]:
                first, last = split_person(m.name)
                row = {"last_name": last[:120], "first_name": first[:120], REF: m.row}
                for target in ("site", "service"):
                    text = getattr(m, target)
                    if text and places.known(target, text):
                        try:
                            row[target] = places.resolve(target, text)
                        except CellError:
                            pass  # an ambiguous name: the person is created without it
                people.append(row)
            people_upsert(rows=people, **options)
        self.resolver.load(list(self.resolver.by_name))

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
    values: dict[str, dict] | None = None,
    create_missing: bool = False,
) -> ImportResult:
    """Reads `table` as rows of `kind` and previews (dry_run) or writes them.

    `saved` is a named mapping ({normalized header: field}); `fields` overrides the proposal
    column by column ({column index: field}, what the mapping form returns); `values` and
    `create_missing`: see the module's docstring. Raises
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
        values=values,
        create_missing=create_missing,
    )
    if create_missing:
        _, again = detect_header(table, kind, saved)
        run.find_missing(again)
    if dry_run and not run.result.missing:
        run.consume(rows, table.total_rows, progress)
        return run.result
    if dry_run:
        # The preview creates what is missing, reads the rows against it, and undoes it all.
        with transaction.atomic():
            run.create_missing()
            run.consume(rows, table.total_rows, progress)
            transaction.set_rollback(True)
        return run.result
    with transaction.atomic():
        run.create_missing()
        run.consume(rows, table.total_rows, progress)
        if run.result.refused:
            transaction.set_rollback(True)
        else:
            run.result.written = True
    return run.result
