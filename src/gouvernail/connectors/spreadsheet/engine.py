"""The preview (dry run) and the commit of an import, in one streamed pass over the file.

Rows are read, parsed, resolved and validated batch by batch (`BATCH_SIZE`), each batch with a
bounded number of queries: the existing rows it updates are fetched in one query, its creations
and updates are written with one bulk statement each, their history and journal entries too.
Validation is the model's own (`full_clean`, as the edit form runs it); the organisation-wide
unique constraints are the natural keys, checked against the rows already there and the rows
earlier in the file.

`refuse`: one rejected row and nothing is written (the transaction is rolled back).
`skip`: the valid rows are written, the rejected ones reported with their row, column and reason.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from gouvernail.connectors.spreadsheet.mapping import ColumnMapping, detect_header
from gouvernail.connectors.spreadsheet.parsers import CellError, parse_text
from gouvernail.connectors.spreadsheet.reader import Table
from gouvernail.connectors.spreadsheet.resolve import Matcher, Resolver
from gouvernail.connectors.spreadsheet.schemas import Kind
from gouvernail.core.choices import JournalAction
from gouvernail.core.journal import SKIPPED_FIELDS, display_value
from gouvernail.core.models import JournalEntry, Organisation, User

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


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def _derive(instance: models.Model) -> None:
    """What the model's save() computes, for rows written in bulk (which skips save())."""
    label = instance._meta.label
    if label == "inventory.Equipment":
        from gouvernail.inventory.os_rules import classify_os

        instance.os_class = classify_os(instance.os_name, instance.os_version, is_server=instance.family == "serveur")
    elif label == "vendors.Contract":
        from dateutil.relativedelta import relativedelta

        from gouvernail.vendors.models.vendors import derive_end_date

        if instance.start_date and instance.duration_months:
            instance.end_date = derive_end_date(instance.start_date, instance.duration_months)
        instance.notice_deadline = (
            instance.end_date - relativedelta(months=instance.notice_months or 0) if instance.end_date else None
        )


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
        self.matcher = Matcher(organisation, kind, with_service="service" in mapping.fields.values())
        self.relation_of = {column.field: column.relation for column in self.columns.values() if column.relation}
        self.fields = _tracked_fields(self.model)
        self.fk_names = [f.name for f in self.model._meta.concrete_fields if f.is_relation]
        self.seen: dict[tuple, int] = {}
        self.unique_seen: dict[tuple[str, str], int] = {}  # (field, value) → the file row that gave it
        self.content_type = ContentType.objects.get_for_model(self.model)

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
        return self.mapping.header_of(field_name, self.kind)

    # One batch

    def batch(self, rows: list[tuple[int, list]]) -> None:
        parsed = []
        for number, cells in rows:
            values, issues = self.parse(number, cells)
            pk = None
            if not issues:
                key = self.matcher.file_key(values)
                if key is not None and key in self.seen:
                    issues.append(
                        (
                            self.header(self.kind.key_fields[0]),
                            f"Ligne en double : même {self.kind.key_label} que la ligne {self.seen[key]}.",
                        )
                    )
                else:
                    if key is not None:
                        self.seen[key] = number
                    try:
                        pk = self.matcher.match(values)
                    except CellError as error:
                        issues.append((self.header(self.kind.key_fields[0]), str(error)))
                    else:
                        issues.extend(self.unique_issues(number, values, pk))
            parsed.append((number, cells, values, pk, issues))
        existing = self.model.objects.in_bulk([pk for *_, pk, issues in parsed if pk and not issues])
        creates, updates = [], []
        for number, cells, values, pk, issues in parsed:
            if issues:
                self.reject(number, cells, issues)
                continue
            instance = existing[pk] if pk else self.model(organisation=self.organisation)
            before = {f.attname: getattr(instance, f.attname) for f in self.fields} if pk else None
            for name, value in values.items():
                if value is None or value == "":
                    continue  # an empty cell never erases what the référentiel knows
                setattr(instance, f"{name}_id" if name in self.relation_of else name, value)
            try:
                instance.full_clean(
                    exclude=[*self.fk_names, "organisation"], validate_unique=False, validate_constraints=False
                )
                self.check_required_relations(instance)
            except ValidationError as error:
                self.reject(number, cells, self.issues_of(error))
                if pk:
                    self.restore(instance, before)
                continue
            _derive(instance)
            changed = self.changed_fields(instance, before)
            if pk and not changed:
                self.result.unchanged += 1
                continue
            bucket = "updated" if pk else "created"
            setattr(self.result, bucket, getattr(self.result, bucket) + 1)
            sampled = len(self.result.samples[bucket]) < SAMPLE_SIZE
            # Labels as the journal shows them cost: only for rows written or shown.
            changes = self.changes(instance, before, changed) if self.write or sampled else {}
            if sampled:
                self.result.samples[bucket].append(RowPreview(number, str(instance), changes))
            (updates if pk else creates).append((instance, changed, changes))
        if self.write and not self.result.refused:
            self.save(creates, updates)

    def unique_issues(self, number: int, values: dict, pk: int | None) -> list[tuple[str, str]]:
        """A unique value (a person's e-mail) given twice in the file or already held by another row.

        Checked against the rows as they were before the import: a file that swaps two
        people's addresses is refused, to be done in two steps.
        """
        issues = []
        for name in self.kind.unique_fields:
            value = values.get(name)
            if not value:
                continue
            key = (name, value.strip().lower())
            if key in self.unique_seen:
                issues.append((self.header(name), f"« {value} » figure déjà à la ligne {self.unique_seen[key]}."))
                continue
            self.unique_seen[key] = number
            owner = self.matcher.owner(name, value)
            if owner is not None and owner != pk:
                issues.append((self.header(name), f"« {value} » : {self.unique_message(name)}"))
        return issues

    def unique_message(self, field_name: str) -> str:
        for constraint in self.model._meta.constraints:
            if field_name in getattr(constraint, "fields", ()):
                return str(constraint.violation_error_message)
        return "valeur déjà utilisée par une autre fiche de l'organisation."

    def check_required_relations(self, instance) -> None:
        # Relations are left out of full_clean (resolved above, without a query per row).
        missing = {
            name: "Ce champ est obligatoire."
            for name in self.fk_names
            if name != "organisation"
            and not self.model._meta.get_field(name).null
            and getattr(instance, f"{name}_id") is None
        }
        if missing:
            raise ValidationError(missing)

    def restore(self, instance, before: dict) -> None:
        for attname, value in before.items():
            setattr(instance, attname, value)

    def issues_of(self, error: ValidationError) -> list[tuple[str, str]]:
        issues = []
        for name, messages in error.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else self.header(name)
            if name != NON_FIELD_ERRORS and name not in self.kind.by_field:
                column = str(self.model._meta.get_field(name).verbose_name)
            issues.extend((column, message) for message in messages)
        return issues

    def reject(self, number: int, cells: list, issues: list[tuple[str, str]]) -> None:
        self.result.rejected.append(RejectedRow(number, [parse_text(cell) for cell in cells], issues))

    def display(self, field_: models.Field, raw) -> str | None:
        if raw is None or raw == "":
            return None
        if field_.is_relation:
            target = self.relation_of.get(field_.name)
            return self.resolver.label(target, raw) if target else f"#{raw}"
        return display_value(None, field_, raw)

    def changed_fields(self, instance, before: dict | None) -> list[models.Field]:
        changed = []
        for f in self.fields:
            after = getattr(instance, f.attname)
            old = before.get(f.attname) if before is not None else None
            if (None if old == "" else old) != (None if after == "" else after):
                changed.append(f)
        return changed

    def changes(self, instance, before: dict | None, changed: list[models.Field]) -> dict[str, list]:
        """{field label: [before, after]} as the journal shows them."""
        return {
            str(f.verbose_name): [
                self.display(f, before.get(f.attname) if before is not None else None),
                self.display(f, getattr(instance, f.attname)),
            ]
            for f in changed
        }

    # Writing

    def save(self, creates: list, updates: list) -> None:
        now = timezone.now()
        history = self.model.history
        if creates:
            objects = [instance for instance, *_ in creates]
            self.model.objects.bulk_create(objects)
            history.bulk_history_create(
                objects, default_user=self.acting_user, default_change_reason=self.reason, default_date=now
            )
        if updates:
            objects = [instance for instance, *_ in updates]
            changed = {f.attname for _, fields, _ in updates for f in fields}
            for instance in objects:
                instance.row_version += 1  # an edit form opened before the import must not overwrite it
                instance.last_updated = now
            self.model.objects.bulk_update(objects, [*sorted(changed), "row_version", "last_updated"])
            history.bulk_history_create(
                objects,
                update=True,
                default_user=self.acting_user,
                default_change_reason=self.reason,
                default_date=now,
            )
        label = self.acting_user.email if self.acting_user is not None else "système"
        JournalEntry.objects.bulk_create(
            JournalEntry(
                organisation=self.organisation,
                timestamp=now,
                user=self.acting_user,
                user_label=label,
                action=action,
                content_type=self.content_type,
                object_id=str(instance.pk),
                object_repr=str(instance)[:300],
                changes=changes,
                reason=self.reason,
            )
            for action, pairs in ((JournalAction.CREATED, creates), (JournalAction.UPDATED, updates))
            for instance, _, changes in pairs
        )


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
        _consume(run, rows, table.total_rows, progress)
        return run.result
    with transaction.atomic():
        _consume(run, rows, table.total_rows, progress)
        if run.result.refused:
            transaction.set_rollback(True)
        else:
            run.result.written = True
    return run.result


def _consume(run: _Run, rows: Iterable, total: int | None, progress) -> None:
    batch: list[tuple[int, list]] = []
    last = 0
    for number, cells in rows:
        last = number
        if all(cell is None or parse_text(cell) == "" for cell in cells):
            continue  # blank rows separate blocks in hand-kept files
        batch.append((number, cells))
        if len(batch) >= BATCH_SIZE:
            run.batch(batch)
            batch = []
            if progress is not None:
                progress(last, total)
    if batch:
        run.batch(batch)
    if progress is not None:
        progress(total or last, total)
