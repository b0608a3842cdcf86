"""Writes of the collecte: spreadsheet imports recorded and journaled, named column mappings."""

import hashlib
from pathlib import Path

from django.db import transaction

from gouvernail.connectors.choices import ImportStatus
from gouvernail.connectors.models import ImportMapping, ImportRecord, RejectedRow
from gouvernail.connectors.spreadsheet.engine import REFUSE, ImportResult, run_import
from gouvernail.connectors.spreadsheet.reader import open_table
from gouvernail.connectors.spreadsheet.schemas import get_kind
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as

__all__ = ("file_sha256", "import_file", "latest_mapping", "mapping_save")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def latest_mapping(organisation: Organisation, kind: str) -> ImportMapping | None:
    """The mapping of this kind saved or used last: what the next import starts from."""
    return ImportMapping.objects.filter(organisation=organisation, kind=kind).order_by("-last_updated").first()


def import_file(
    *,
    organisation: Organisation,
    kind: str,
    path: Path,
    file_name: str,
    on_error: str = REFUSE,
    dry_run: bool = True,
    mapping: ImportMapping | None = None,
    fields: dict[int, str] | None = None,
    acting_user: User | None,
    progress=None,
) -> tuple[ImportResult, ImportRecord | None]:
    """Previews (dry_run) or commits the import of `path`; a commit leaves an `ImportRecord`
    (journaled) even when it was refused, so the journal shows every attempt to write.

    Raises `ImportFileError` when the file itself cannot be imported.
    """
    schema = get_kind(kind)
    table = open_table(Path(path))
    result = run_import(
        organisation=organisation,
        kind=schema,
        table=table,
        saved=mapping.columns if mapping is not None else None,
        fields=fields,
        on_error=on_error,
        dry_run=dry_run,
        acting_user=acting_user,
        reason=f"Import de tableur « {file_name} »",
        progress=progress,
    )
    if dry_run:
        return result, None
    return result, _record(organisation, schema.code, path, file_name, result, mapping, acting_user)


@transaction.atomic
def _record(organisation, kind, path, file_name, result: ImportResult, mapping, acting_user) -> ImportRecord:
    headers = result.mapping.headers
    record = ImportRecord(
        organisation=organisation,
        kind=kind,
        file_name=file_name[:255],
        sha256=file_sha256(Path(path)),
        imported_by=acting_user,
        on_error=result.on_error,
        status=ImportStatus.REFUSED if result.refused else ImportStatus.DONE,
        header_row=result.mapping.header_row,
        headers=headers,
        mapping=mapping,
        columns={headers[index] or f"Colonne {index + 1}": name for index, name in result.mapping.fields.items()},
        created_count=0 if result.refused else result.created,
        updated_count=0 if result.refused else result.updated,
        unchanged_count=result.unchanged,
        rejected_count=result.rejected_count,
    )
    save_as(record, acting_user)
    RejectedRow.objects.bulk_create(
        (
            RejectedRow(organisation=organisation, record=record, row=row.row, cells=row.cells, reason=row.reason)
            for row in result.rejected
        ),
        batch_size=1000,
    )
    if mapping is not None:
        # « Used last » is what the next import proposes first.
        save_as(mapping, acting_user)
    return record


@transaction.atomic
def mapping_save(
    *, organisation: Organisation, kind: str, name: str, columns: dict[str, str], acting_user: User | None
) -> ImportMapping:
    """Creates or replaces the organisation's mapping `name` for this kind."""
    mapping = ImportMapping.objects.filter(organisation=organisation, kind=kind, name=name).first()
    if mapping is None:
        mapping = ImportMapping(organisation=organisation, kind=kind, name=name)
    else:
        mapping.row_version += 1
    mapping.columns = columns
    mapping.full_clean(exclude=["organisation"], validate_constraints=False)
    return save_as(mapping, acting_user)
