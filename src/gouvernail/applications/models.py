from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gouvernail.applications.choices import Criticality, DataLocation, Hosting, Sourcing
from gouvernail.core.models import OrganisationScopedModel, Site

__all__ = ("Application",)


def security_level(label: str) -> models.PositiveSmallIntegerField:
    """A DICT need from 1 (faible) to 4 (très fort), as in the usual EBIOS / PSSI scales."""
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "Le besoin se note de 1 (faible) à 4 (très fort)."),
            MaxValueValidator(4, "Le besoin se note de 1 (faible) à 4 (très fort)."),
        ],
    )


class Application(OrganisationScopedModel):
    """A line of the application map (cartographie applicative): what software supports which process."""

    name = models.CharField("nom", max_length=160)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        verbose_name="éditeur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    process = models.CharField("processus supporté", max_length=300, blank=True)
    platform = models.CharField("OS / base de données", max_length=160, blank=True)
    in_place_since = models.DateField("en place depuis", null=True, blank=True)
    in_place_note = models.CharField("précision sur la mise en place", max_length=200, blank=True)
    sourcing = models.CharField(
        "logiciel du marché ou interne", max_length=20, choices=Sourcing.choices, default=Sourcing.MARKET
    )
    sourcing_note = models.CharField("précision sur l'origine", max_length=300, blank=True)
    hosting = models.CharField("hébergement", max_length=20, choices=Hosting.choices, default=Hosting.WEB)
    hosting_note = models.CharField("précision sur l'hébergement", max_length=200, blank=True)
    users_count = models.PositiveIntegerField("nombre d'utilisateurs", null=True, blank=True)
    users_note = models.CharField(
        "utilisateurs", max_length=200, blank=True, help_text="Par exemple « Tous les agents »."
    )
    sites = models.ManyToManyField(Site, verbose_name="sites", blank=True, related_name="applications")
    scope_note = models.CharField("site ou service concerné", max_length=200, blank=True)
    contacts = models.TextField("contacts", blank=True, help_text="Rôles et canaux (support, chef de projet…).")
    criticality = models.CharField("criticité", max_length=20, choices=Criticality.choices, default=Criticality.MEDIUM)
    need_confidentiality = security_level("besoin en confidentialité")
    need_integrity = security_level("besoin en intégrité")
    need_availability = security_level("besoin en disponibilité")
    need_traceability = security_level("besoin en traçabilité")
    rto_hours = models.PositiveIntegerField(
        "RTO (heures)", null=True, blank=True, help_text="Durée maximale d'interruption admissible."
    )
    rpo_hours = models.PositiveIntegerField(
        "RPO (heures)", null=True, blank=True, help_text="Perte de données maximale admissible."
    )
    data_location = models.CharField(
        "données hébergées en", max_length=20, choices=DataLocation.choices, default=DataLocation.UNKNOWN
    )
    mfa_available = models.BooleanField("MFA disponible", default=False)
    mfa_enabled = models.BooleanField("MFA activé", default=False)
    contract = models.ForeignKey(
        "vendors.Contract",
        verbose_name="contrat",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "application"
        verbose_name_plural = "applications"
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "name"], name="applications_app_org_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="applications_application_unique_org_name",
                violation_error_message="Une application porte déjà ce nom dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.mfa_enabled and not self.mfa_available:
            raise ValidationError({"mfa_enabled": "Le MFA ne peut pas être activé s'il n'est pas disponible."})
