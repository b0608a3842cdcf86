from gouvernail.applications.models import Application
from gouvernail.core.forms import OrganisationModelForm

__all__ = ("ApplicationForm",)


class ApplicationForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Application
        fields = (
            "name",
            "vendor",
            "process",
            "platform",
            "in_place_since",
            "in_place_note",
            "sourcing",
            "sourcing_note",
            "hosting",
            "hosting_note",
            "users_count",
            "users_note",
            "sites",
            "scope_note",
            "contacts",
            "criticality",
            "need_confidentiality",
            "need_integrity",
            "need_availability",
            "need_traceability",
            "rto_hours",
            "rpo_hours",
            "data_location",
            "mfa_available",
            "mfa_enabled",
            "contract",
            "notes",
        )
