from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gouvernail.core.models import OrganisationScopedModel, Person, Service, Site
from gouvernail.inventory.choices import (
    AntivirusStatus,
    Condition,
    EquipmentFamily,
    EquipmentSource,
    EquipmentState,
    OsClass,
)
from gouvernail.inventory.os_rules import classify_os

__all__ = ("Equipment",)


class Equipment(OrganisationScopedModel):
    """A device of the fleet (parc): workstation, mobile, server, network device or printer."""

    family = models.CharField("type", max_length=20, choices=EquipmentFamily.choices)
    name = models.CharField("nom", max_length=120)
    serial = models.CharField("numéro de série", max_length=120, blank=True)
    manufacturer = models.CharField("fabricant", max_length=120, blank=True)
    model = models.CharField("modèle", max_length=120, blank=True)
    site = models.ForeignKey(
        Site, verbose_name="site", null=True, blank=True, on_delete=models.SET_NULL, related_name="equipment"
    )
    service = models.ForeignKey(
        Service, verbose_name="service", null=True, blank=True, on_delete=models.SET_NULL, related_name="equipment"
    )
    assigned_to = models.ForeignKey(
        Person,
        verbose_name="affecté à",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="equipment",
        help_text="Laissez vide pour un équipement non affecté (poste partagé, stock).",
    )
    purchase_date = models.DateField("date d'achat", null=True, blank=True)
    condition = models.CharField("état à l'achat", max_length=20, choices=Condition.choices, default=Condition.NEW)
    warranty_end = models.DateField("fin de garantie", null=True, blank=True)
    state = models.CharField("statut", max_length=20, choices=EquipmentState.choices, default=EquipmentState.IN_SERVICE)
    os_name = models.CharField("système d'exploitation", max_length=120, blank=True)
    os_version = models.CharField(
        "version / build", max_length=60, blank=True, help_text="Par exemple 10.0.22631 ou 22631 pour Windows."
    )
    os_class = models.CharField(
        "génération Windows", max_length=20, choices=OsClass.choices, default=OsClass.UNKNOWN, editable=False
    )
    antivirus_product = models.CharField("antivirus", max_length=120, blank=True)
    antivirus_status = models.CharField(
        "état de l'antivirus", max_length=20, choices=AntivirusStatus.choices, default=AntivirusStatus.UNKNOWN
    )
    antivirus_seen = models.DateField("dernier état antivirus le", null=True, blank=True)
    notes = models.TextField("remarques", blank=True)
    source = models.CharField(
        "source", max_length=20, choices=EquipmentSource.choices, blank=True, editable=False, default=""
    )
    external_id = models.CharField("identifiant dans la source", max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = "équipement"
        verbose_name_plural = "équipements"
        ordering = ("name",)
        indexes = [
            models.Index(fields=["organisation", "name"], name="inventory_eq_org_name"),
            models.Index(fields=["organisation", "family", "state"], name="inventory_eq_org_family"),
            models.Index(fields=["organisation", "os_class"], name="inventory_eq_org_os"),
            models.Index(fields=["organisation", "source", "external_id"], name="inventory_eq_org_source"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "serial"],
                condition=~Q(serial=""),
                name="inventory_equipment_unique_org_serial",
                violation_error_message="Un équipement porte déjà ce numéro de série dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.serial = self.serial.strip()
        if self.purchase_date and self.warranty_end and self.warranty_end < self.purchase_date:
            raise ValidationError({"warranty_end": "La fin de garantie précède la date d'achat."})

    def derive(self) -> None:
        """The fields computed from others; `save()` and the bulk upsert both call it."""
        self.os_class = classify_os(self.os_name, self.os_version, is_server=self.family == EquipmentFamily.SERVER)

    def save(self, *args, **kwargs) -> None:
        self.derive()
        super().save(*args, **kwargs)

    @property
    def is_assigned(self) -> bool:
        return self.assigned_to_id is not None
