from gouvernail.core.forms import OrganisationModelForm
from gouvernail.vendors.models import Contract, Vendor, VendorContact

__all__ = ("ContractForm", "VendorContactForm", "VendorForm")


class VendorForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Vendor
        fields = ("name", "typology", "is_critical", "is_active", "website", "notes", "accounts")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = (
            self.fields["accounts"].queryset.filter(role="prestataire").select_related("user")
        )


class VendorContactForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = VendorContact
        fields = ("vendor", "role", "label", "email", "phone", "url")


class ContractForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Contract
        fields = (
            "reference",
            "subject",
            "vendor",
            "start_date",
            "duration_months",
            "end_date",
            "notice_months",
            "tacit_renewal",
            "annual_amount_ht",
            "annual_amount_ttc",
            "procurement_reference",
            "is_structuring",
            "notes",
        )
