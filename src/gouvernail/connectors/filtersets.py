from gouvernail.connectors.models import ImportRecord
from gouvernail.core.filtersets import OrganisationFilterSet

__all__ = ("ImportRecordFilterSet",)


class ImportRecordFilterSet(OrganisationFilterSet):
    search_fields = ("file_name", "sha256")

    class Meta:
        model = ImportRecord
        fields = ("q", "kind", "status")
