import django_tables2 as tables

from gouvernail.core.tables import BaseTable
from gouvernail.inventory.models import Equipment

__all__ = ("EquipmentTable",)


class EquipmentTable(BaseTable):
    name = tables.Column(linkify=True)
    site = tables.Column(linkify=True)
    service = tables.Column(linkify=True)
    assigned_to = tables.Column(linkify=True)
    purchase_date = tables.DateColumn(format="d/m/Y")
    # Kept out of the page to stay readable on a laptop; still in the exports.
    manufacturer = tables.Column(visible=False)
    model = tables.Column(visible=False)
    condition = tables.Column(visible=False)
    os_name = tables.Column(visible=False)
    os_version = tables.Column(visible=False)

    class Meta(BaseTable.Meta):
        model = Equipment
        fields = (
            "name",
            "family",
            "serial",
            "manufacturer",
            "model",
            "site",
            "service",
            "assigned_to",
            "purchase_date",
            "condition",
            "state",
            "os_name",
            "os_version",
            "os_class",
            "antivirus_status",
        )
