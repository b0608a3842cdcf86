import django_filters

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.inventory.models import Equipment

__all__ = ("EquipmentFilterSet",)


class EquipmentFilterSet(OrganisationFilterSet):
    search_fields = ("name", "serial", "manufacturer", "model", "os_name", "assigned_to__last_name")

    assigned = django_filters.BooleanFilter(
        field_name="assigned_to", lookup_expr="isnull", exclude=True, label="Affecté"
    )
    purchased_before = django_filters.DateFilter(field_name="purchase_date", lookup_expr="lt", label="Acheté avant le")

    class Meta:
        model = Equipment
        fields = ("q", "family", "site", "service", "state", "condition", "os_class", "antivirus_status", "assigned")
