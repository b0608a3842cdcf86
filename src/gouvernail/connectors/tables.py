import django_tables2 as tables

from gouvernail.connectors.models import ImportRecord, RejectedRow
from gouvernail.core.tables import BaseTable

__all__ = ("ImportRecordTable", "RejectedRowTable")


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
