import django_filters

from gouvernail.connectors.models import ImportRecord, SyncRun
from gouvernail.core.filtersets import OrganisationFilterSet

__all__ = ("ImportRecordFilterSet", "SyncRunFilterSet")


class ImportRecordFilterSet(OrganisationFilterSet):
    search_fields = ("file_name", "sha256")

    class Meta:
        model = ImportRecord
        fields = ("q", "kind", "status")


class SyncRunFilterSet(OrganisationFilterSet):
    search_fields = ("error_message",)

    started_from = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte", label="Depuis le")
    started_to = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label="Jusqu'au")

    class Meta:
        model = SyncRun
        fields = ("q", "status", "full", "trigger", "started_from", "started_to")
