from gouvernail.core.forms import OrganisationModelForm
from gouvernail.inventory.models import Equipment

__all__ = ("EquipmentForm",)


class EquipmentForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Equipment
        fields = (
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
            "antivirus_product",
            "antivirus_status",
            "antivirus_seen",
            "notes",
        )
