"""Connector models: one module per concern, re-exported here."""

from gouvernail.connectors.models.imports import ImportMapping, ImportRecord, RejectedRow

__all__ = ("ImportMapping", "ImportRecord", "RejectedRow")
from gouvernail.connectors.models.runs import ConnectorConfig, ConnectorSecret, SyncRun

__all__ = ("ConnectorConfig", "ConnectorSecret", "SyncRun")
