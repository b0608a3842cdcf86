import django_tables2 as tables

from gouvernail.connectors.models import SyncRun
from gouvernail.core.tables import BaseTable, BooleanColumn

__all__ = ("SyncRunTable",)


class SyncRunTable(BaseTable):
    started_at = tables.DateTimeColumn(format="d/m/Y H:i:s", linkify=True)
    finished_at = tables.DateTimeColumn(format="d/m/Y H:i:s")
    full = BooleanColumn()
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
