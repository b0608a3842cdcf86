"""Builders for the rows of the `connectors` app: a valid row with sensible defaults, overridable."""

from django.utils import timezone

from gouvernail.connectors.models import ConnectorConfig, ImportRecord, RejectedRow, SyncRun
from gouvernail.core.models import Organisation


def make_import_record(organisation: Organisation, **fields) -> ImportRecord:
    """A committed import of two equipment rows, one of them rejected."""
    record = ImportRecord.objects.create(
        organisation=organisation,
        **{
            "kind": "equipment",
            "file_name": "parc.xlsx",
            "sha256": "0" * 64,
            "status": "importe",
            "on_error": "skip",
            "headers": ["Nom", "Type"],
            "columns": {"Nom": "name", "Type": "family"},
            "created_count": 1,
            "rejected_count": 1,
            **fields,
        },
    )
    RejectedRow.objects.create(
        organisation=organisation,
        record=record,
        row=3,
        cells=["PC-02", "Grille-pain"],
        reason="Type : valeur inconnue.",
    )
    return record


def make_connector_config(organisation: Organisation, **fields) -> ConnectorConfig:
    defaults = {"kind": "gestsup", "host": "gestsup.example", "database": "gestsup", "user": "lecture"}
    return ConnectorConfig.objects.create(organisation=organisation, **{**defaults, **fields})


def make_sync_run(config: ConnectorConfig, **fields) -> SyncRun:
    defaults = {"started_at": timezone.now(), "trigger": "commande", "status": "reussie"}
    return SyncRun.objects.create(organisation=config.organisation, config=config, **{**defaults, **fields})
