"""Writes of the collecte: spreadsheet imports recorded and journaled, named column mappings,
connector settings and their secrets (bound to their destination, journaled without value)."""

import hashlib
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gouvernail.connectors.choices import ImportStatus
from gouvernail.connectors.crypto import encrypt
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret, ImportMapping, ImportRecord, RejectedRow
from gouvernail.connectors.sources import SecretField, source_for
from gouvernail.connectors.spreadsheet.engine import REFUSE, ImportResult, run_import
from gouvernail.connectors.spreadsheet.reader import open_table
from gouvernail.connectors.spreadsheet.schemas import get_kind
from gouvernail.core.choices import JournalAction
from gouvernail.core.models import JournalEntry, Organisation, User
from gouvernail.core.services import save_as

__all__ = (
    "config_save",
    "config_secret_set",
    "file_sha256",
    "import_file",
    "latest_mapping",
    "mapping_save",
    "mapping_values_save",
    "merged_values",
    "stale_secret_message",
)


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
    values: dict[str, dict] | None = None,
    create_missing: bool = False,
) -> tuple[ImportResult, ImportRecord | None]:
    """Previews (dry_run) or commits the import of `path`; a commit leaves an `ImportRecord`
    (journaled) even when it was refused, so the journal shows every attempt to write.

    `values`: answers for unknown choice values, over those the saved `mapping` remembers;
    `create_missing`: create the sites, services and people the file names (see the engine).

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
        values=merged_values(mapping.values if mapping is not None else None, values),
        create_missing=create_missing,
    )
    if dry_run:
        return result, None
    return result, _record(organisation, schema.code, path, file_name, result, mapping, acting_user)


def merged_values(*layers: dict | None) -> dict[str, dict]:
    """Value answers layered field by field, the later over the earlier."""
    merged: dict[str, dict] = {}
    for layer in layers:
        for name, answers in (layer or {}).items():
            merged.setdefault(name, {}).update(answers)
    return merged


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
        created_missing={}
        if result.refused or not result.create_missing
        else {m[0].where: [entry.name for entry in m] for m in result.missing.values() if m},
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
def mapping_values_save(*, mapping: ImportMapping, values: dict[str, dict], acting_user: User | None) -> ImportMapping:
    """Remembers the user's answers for unknown values with the saved mapping (journaled)."""
    mapping.values = merged_values(mapping.values, values)
    mapping.row_version += 1
    return save_as(mapping, acting_user)


@transaction.atomic
def mapping_save(
    *,
    organisation: Organisation,
    kind: str,
    name: str,
    columns: dict[str, str],
    acting_user: User | None,
    values: dict[str, dict] | None = None,
) -> ImportMapping:
    """Creates or replaces the organisation's mapping `name` for this kind; the value answers
    it remembers are kept, `values` added over them."""
    mapping = ImportMapping.objects.filter(organisation=organisation, kind=kind, name=name).first()
    if mapping is None:
        mapping = ImportMapping(organisation=organisation, kind=kind, name=name)
    else:
        mapping.row_version += 1
    mapping.columns = columns
    mapping.values = merged_values(mapping.values, values)
    mapping.full_clean(exclude=["organisation"], validate_constraints=False)
    return save_as(mapping, acting_user)


#
# Connector settings and secrets
#


def stale_secret_message(secret: SecretField) -> str:
    return (
        f"La destination du connecteur a changé (adresse, port, compte…) : saisissez de nouveau le champ "
        f"« {secret.label} ». Un secret enregistré n'est jamais envoyé ailleurs que là où il a été saisi."
    )


def _journal_secret(config: ConnectorConfig, secret: SecretField, *, before, after, reason, acting_user) -> None:
    """A journal line saying that a secret changed: never its value, not even encrypted."""
    JournalEntry.objects.create(
        organisation_id=config.organisation_id,
        timestamp=timezone.now(),
        user=acting_user,
        user_label=acting_user.email if acting_user is not None else "système",
        action=JournalAction.UPDATED,
        content_type=ContentType.objects.get_for_model(ConnectorConfig),
        object_id=str(config.pk),
        object_repr=str(config)[:300],
        changes={f"Secret « {secret.label} »": [before, after]},
        reason=reason,
    )


@transaction.atomic
def config_secret_set(
    *, config: ConnectorConfig, name: str, value: str, acting_user: User | None = None
) -> ConnectorSecret:
    """Stores a secret, encrypted and bound to the configuration's destination as saved, and
    journals that it changed."""
    secret = next(item for item in source_for(config.kind).secrets if item.name == name)
    existing = ConnectorSecret.objects.filter(config=config, name=name).exclude(value_encrypted="").exists()
    row, _created = ConnectorSecret.objects.update_or_create(
        config=config,
        name=name,
        defaults={"value_encrypted": encrypt(value), "binding": config.destination_fingerprint()},
    )
    _journal_secret(
        config,
        secret,
        before="valeur enregistrée" if existing else None,
        after="nouvelle valeur (non journalisée)",
        reason="Secret du connecteur saisi : sa valeur n'est jamais journalisée.",
        acting_user=acting_user,
    )
    return row


@transaction.atomic
def config_save(*, config: ConnectorConfig, secrets: dict[str, str], acting_user: User | None) -> list[str]:
    """Saves a connector's settings and the secrets typed with them. A stored secret that was
    not typed again follows only if the destination did not change: a required one must then
    be typed (ValidationError, nothing saved), an optional one is erased. A secret stored
    before bindings existed is bound here to the destination it was used with.

    Returns French notes for the page (the secrets erased)."""
    source = source_for(config.kind)
    previous = config.saved_fingerprint()
    stored = ConnectorSecret.objects.filter(config=config).exclude(value_encrypted="") if config.pk else ()
    rows = {row.name: row for row in stored}
    current = config.destination_fingerprint()
    stale = [item for item in source.secrets if item.name in rows and item.name not in secrets]
    stale = [item for item in stale if (rows[item.name].binding or previous) != current]
    missing = {item.name: stale_secret_message(item) for item in stale if item.required}
    if missing:
        raise ValidationError(missing)
    save_as(config, acting_user)
    notes = []
    for item in source.secrets:
        if item.name in secrets:
            config_secret_set(config=config, name=item.name, value=secrets[item.name], acting_user=acting_user)
        elif item in stale:
            rows[item.name].delete()
            _journal_secret(
                config,
                item,
                before="valeur enregistrée",
                after=None,
                reason="Secret effacé : il était lié à l'ancienne destination du connecteur.",
                acting_user=acting_user,
            )
            notes.append(f"Le champ « {item.label} » enregistré était lié à l'ancienne destination : il a été effacé.")
        elif item.name in rows and not rows[item.name].binding:
            rows[item.name].binding = current
            rows[item.name].save(update_fields=["binding"])
    return notes


# The fields every configuration has, settable from the command line beside the source's own.
COMMON_SETTINGS = ("timezone", "interval_minutes", "full_every", "enabled")
_TRUE, _FALSE = {"1", "oui", "vrai", "true", "yes", "on"}, {"0", "non", "faux", "false", "no", "off"}


def config_settings_apply(*, config: ConnectorConfig, values: dict[str, str]) -> None:
    """Applies typed `KEY=VALUE` settings (`gouvernail connector configure`) to `config`, not
    saved: the source's own, validated by its schema (a mapping written « Nom = Service ; … »),
    and the common fields. Raises a ValidationError of French messages naming each key."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from gouvernail.connectors.schema import clean_settings, parse_mapping
    from gouvernail.core.models import Service

    source = source_for(config.kind)
    schema = {setting.name: setting for setting in source.schema}
    shown = set(source.fields)
    errors: dict[str, list[str]] = {}
    common = {name: value for name, value in values.items() if name in COMMON_SETTINGS}
    own = {name: value for name, value in values.items() if name not in COMMON_SETTINGS}
    services = dict(Service.objects.filter(organisation=config.organisation).values_list("pk", "name"))
    for name, setting in schema.items():
        if setting.kind == "mapping" and name in own:
            try:
                own[name] = parse_mapping(own[name], services, setting.keys_are, setting.key_noun)
            except ValidationError as error:
                errors[name] = [f"« {name} » : {message}" for message in error.messages]
    current = {name: config.setting(name) for name in schema}
    try:
        config.settings = clean_settings(
            source.schema, {**current, **{k: v for k, v in own.items() if k not in errors}}
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    for name, value in common.items():
        if name not in shown:
            errors[name] = [f"« {name} » n'est pas un réglage de cette source."]
        elif name == "timezone":
            try:
                ZoneInfo(value.strip())
                config.timezone = value.strip()
            except (ZoneInfoNotFoundError, ValueError):
                errors[name] = [f"« timezone » : fuseau horaire inconnu « {value} » (exemple : Europe/Paris)."]
        elif name == "enabled":
            if value.strip().lower() not in _TRUE | _FALSE:
                errors[name] = [f"« enabled » : écrivez oui ou non (lu : « {value} »)."]
            config.enabled = value.strip().lower() in _TRUE
        else:
            field = ConnectorConfig._meta.get_field(name)
            try:
                setattr(config, name, field.clean(value, config))
            except ValidationError as error:
                errors[name] = [f"« {name} » ({field.verbose_name}) : {message}" for message in error.messages]
    if errors:
        raise ValidationError(errors)
