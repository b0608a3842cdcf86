import django_tables2 as tables

from gouvernail.core.tables import AmountColumn, BaseTable, BooleanColumn
from gouvernail.vendors.models import Contract, Vendor, VendorContact

__all__ = ("ContractTable", "VendorContactTable", "VendorTable")


class VendorTable(BaseTable):
    name = tables.Column(linkify=True)
    is_critical = BooleanColumn()
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Vendor
        fields = ("name", "typology", "is_critical", "is_active")


class VendorContactTable(BaseTable):
    vendor = tables.Column(linkify=True)
    role = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = VendorContact
        fields = ("vendor", "role", "label", "email", "phone", "url")


class ContractTable(BaseTable):
    reference = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)
    start_date = tables.DateColumn(format="d/m/Y")
    end_date = tables.DateColumn(format="d/m/Y")
    notice_deadline = tables.DateColumn(format="d/m/Y")
    to_renew = BooleanColumn(accessor=tables.A("to_renew"), verbose_name="À renouveler < 12 mois", orderable=False)
    tacit_renewal = BooleanColumn()
    annual_amount_ht = AmountColumn()
    annual_amount_ttc = AmountColumn()
    is_structuring = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Contract
        fields = (
            "reference",
            "subject",
            "vendor",
            "start_date",
            "end_date",
            "notice_deadline",
            "to_renew",
            "tacit_renewal",
            "annual_amount_ht",
            "annual_amount_ttc",
            "is_structuring",
        )
        row_attrs = {"class": lambda record: "table-warning" if record.to_renew() else ""}
