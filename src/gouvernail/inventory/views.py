from gouvernail.core.views.generic import ObjectViewSet
from gouvernail.inventory import filtersets, forms, tables
from gouvernail.inventory.models import Equipment


class EquipmentViews(ObjectViewSet):
    model = Equipment
    table = tables.EquipmentTable
    filterset = filtersets.EquipmentFilterSet
    form = forms.EquipmentForm
    select_related = ("site", "service", "assigned_to")
    detail_fields = (
        "family",
        "name",
        "serial",
        "manufacturer",
        "model",
        "site",
        "service",
        "assigned_to",
        "purchase_date",
        "condition",
        "warranty_end",
        "state",
        "os_name",
        "os_version",
        "os_class",
        "antivirus_product",
        "antivirus_status",
        "antivirus_seen",
        "notes",
    )
