from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from gouvernail.core.models import OrganisationScopedModel
from gouvernail.vendors.choices import (
    COMPUTED_INDICATORS,
    DELAY_UNITS,
    ServiceLevelComparison,
    ServiceLevelIndicator,
)
from gouvernail.vendors.models.vendors import VendorScopedQuerySet

__all__ = ("ServiceLevel", "ServiceLevelMeasurement")


class ServiceLevelQuerySet(VendorScopedQuerySet):
    accounts_lookup = "contract__vendor__accounts"


class ServiceLevel(OrganisationScopedModel):
    """A service level the contract commits the vendor to (the study's scenario 1: « engagements de
    service formalisés (SLA) »): an indicator, its target over a measurement period, and the penalty
    per month missed when the contract has one."""

    contract = models.ForeignKey(
        "vendors.Contract", verbose_name="contrat", on_delete=models.CASCADE, related_name="service_levels"
    )
    indicator = models.CharField("indicateur", max_length=16, choices=ServiceLevelIndicator.choices)
    label = models.CharField("libellé", max_length=200, blank=True)
    target = models.DecimalField("cible", max_digits=10, decimal_places=2)
    unit = models.CharField("unité", max_length=30, help_text="Par exemple %, heures, jours ouvrés, oui = 1.")
    comparison = models.CharField(
        "sens", max_length=3, choices=ServiceLevelComparison.choices, default=ServiceLevelComparison.AT_LEAST
    )
    period = models.CharField("période de mesure", max_length=30, default="mensuelle")
    penalty_per_breach = models.DecimalField(
        "pénalité par période manquée (€ HT)", max_digits=10, decimal_places=2, null=True, blank=True
    )

    objects = ServiceLevelQuerySet.as_manager()

    class Meta:
        verbose_name = "niveau de service (SLA)"
        verbose_name_plural = "niveaux de service (SLA)"
        ordering = ("contract", "indicator", "pk")

    def __str__(self) -> str:
        return f"{self.label or self.get_indicator_display()} — {self.contract.reference}"

    def clean(self) -> None:
        super().clean()
        if self.indicator in COMPUTED_INDICATORS and self.unit.strip().lower() not in DELAY_UNITS:
            raise ValidationError(
                {
                    "unit": "Un délai se mesure en "
                    + ", ".join(f"« {unit} »" for unit in DELAY_UNITS)
                    + " : c'est l'unité dans laquelle il est calculé depuis les demandes du support."
                }
            )

    @property
    def is_computed(self) -> bool:
        """Whether its measurements come from the service desk (time to take, time to resolve)."""
        return self.indicator in COMPUTED_INDICATORS

    def target_display(self) -> str:
        sign = "≥" if self.comparison == ServiceLevelComparison.AT_LEAST else "≤"
        return f"{sign} {self.target.normalize():f} {self.unit}"

    def is_met(self, value: Decimal) -> bool:
        if self.comparison == ServiceLevelComparison.AT_LEAST:
            return value >= self.target
        return value <= self.target


class ServiceLevelMeasurementQuerySet(VendorScopedQuerySet):
    accounts_lookup = "service_level__contract__vendor__accounts"


class ServiceLevelMeasurement(OrganisationScopedModel):
    """The value of a service level for one month, entered from the vendor's monthly report."""

    service_level = models.ForeignKey(
        ServiceLevel, verbose_name="niveau de service", on_delete=models.CASCADE, related_name="measurements"
    )
    month = models.DateField("mois", help_text="Le premier jour du mois mesuré.")
    value = models.DecimalField("valeur mesurée", max_digits=10, decimal_places=2)
    met = models.BooleanField("engagement tenu", editable=False, default=True)
    penalty = models.DecimalField("pénalité due (€ HT)", max_digits=10, decimal_places=2, null=True, editable=False)
    source = models.CharField("source", max_length=120, blank=True, help_text="Rapport mensuel du prestataire…")
    # Computed from the service desk (`metrics.sla`) rather than entered: how many requests it
    # averages, so the figure can be opened (the requests list, filtered the same way).
    is_computed = models.BooleanField("calculée depuis le support", default=False, editable=False)
    request_count = models.PositiveIntegerField("demandes mesurées", null=True, editable=False)

    objects = ServiceLevelMeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure de niveau de service"
        verbose_name_plural = "mesures de niveaux de service"
        ordering = ("-month", "service_level")
        constraints = [
            models.UniqueConstraint(
                fields=["service_level", "month"],
                name="vendors_sla_measurement_unique_month",
                violation_error_message="Ce niveau de service a déjà une mesure pour ce mois.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_level} — {self.month:%m/%Y}"

    def clean(self) -> None:
        super().clean()
        if self.month and self.month.day != 1:
            self.month = date(self.month.year, self.month.month, 1)

    def save(self, *args, **kwargs):
        # Whether the target is met, and the penalty, derive from the value: never typed in.
        level = self.service_level
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "Le mois mesuré est indiqué par son premier jour."})
        self.met = level.is_met(self.value)
        self.penalty = None if self.met or level.penalty_per_breach is None else level.penalty_per_breach
        super().save(*args, **kwargs)
