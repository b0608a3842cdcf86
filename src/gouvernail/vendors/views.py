from gouvernail.core.views.generic import ObjectViewSet
from gouvernail.vendors import filtersets, forms, tables
from gouvernail.vendors.models import Contract, Vendor, VendorContact


class VendorViews(ObjectViewSet):
    model = Vendor
    table = tables.VendorTable
    filterset = filtersets.VendorFilterSet
    form = forms.VendorForm
    detail_fields = ("name", "typology", "is_critical", "is_active", "website", "notes")
    related_lists = (
        ("Contrats", "contracts", tables.ContractTable),
        ("Contacts", "contacts", tables.VendorContactTable),
    )


class VendorContactViews(ObjectViewSet):
    model = VendorContact
    table = tables.VendorContactTable
    filterset = filtersets.VendorContactFilterSet
    form = forms.VendorContactForm
    select_related = ("vendor",)


class ContractViews(ObjectViewSet):
    model = Contract
    table = tables.ContractTable
    filterset = filtersets.ContractFilterSet
    form = forms.ContractForm
    select_related = ("vendor",)
    detail_fields = (
        "reference",
        "subject",
        "vendor",
        "start_date",
        "duration_months",
        "end_date",
        "notice_months",
        "notice_deadline",
        ("to_renew", "À renouveler sous 12 mois"),
        "tacit_renewal",
        "annual_amount_ht",
        "annual_amount_ttc",
        "procurement_reference",
        "is_structuring",
        "notes",
    )
