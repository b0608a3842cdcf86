from gouvernail.applications.models import Application
from gouvernail.core.filtersets import OrganisationFilterSet

__all__ = ("ApplicationFilterSet",)


class ApplicationFilterSet(OrganisationFilterSet):
    search_fields = ("name", "vendor__name", "process", "scope_note")

    class Meta:
        model = Application
        fields = ("q", "vendor", "sourcing", "hosting", "criticality", "data_location", "mfa_available", "mfa_enabled")
