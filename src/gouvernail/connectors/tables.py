import django_tables2 as tables

from gouvernail.connectors.models import ImportRecord, RejectedRow, SyncRun
from gouvernail.core.tables import BaseTable, BooleanColumn

__all__ = ("ImportRecordTable", "RejectedRowTable", "SyncRunTable")


class ImportRecordTable(BaseTable):
    created = tables.DateTimeColumn(verbose_name="Date", linkify=True, format="d/m/Y H:i")

    class Meta(BaseTable.Meta):
        model = ImportRecord
        fields = (
            "created",
            "kind",
            "file_name",
            "imported_by",
            "status",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
        )
        empty_text = "Aucun import pour l'instant."


class RejectedRowTable(BaseTable):
    class Meta(BaseTable.Meta):
        model = RejectedRow
        fields = ("row", "reason")


class SyncRunTable(BaseTable):
    started_at = tables.DateTimeColumn(format="d/m/Y H:i:s", linkify=True, verbose_name="Début")
    finished_at = tables.DateTimeColumn(format="d/m/Y H:i:s", verbose_name="Fin")
    full = BooleanColumn(verbose_name="Complète")
    config = tables.Column(verbose_name="source", accessor="config__kind")

    class Meta(BaseTable.Meta):
        model = SyncRun
        fields = (
            "started_at",
            "finished_at",
            "config",
            "status",
            "full",
            "trigger",
            "created_count",
            "updated_count",
            "unchanged_count",
            "deleted_count",
            "error_message",
        )

    def render_config(self, record):
        return record.config.get_kind_display()

    def value_config(self, record):
        return record.config.get_kind_display()
