from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gouvernail.core.models import OrganisationScopedModel
from gouvernail.steering.choices import RoadmapItemStatus

__all__ = ("RoadmapAxis", "RoadmapItem", "RoadmapTheme")

YEAR_VALIDATORS = [
    MinValueValidator(2000, "Année invalide (4 chiffres, ex. 2026)."),
    MaxValueValidator(2100, "Année invalide (4 chiffres, ex. 2026)."),
]


class RoadmapAxis(OrganisationScopedModel):
    """An axis of the multi-year digital roadmap (e.g. « Cybersécurité », « Identités & accès »)."""

    name = models.CharField("nom", max_length=160)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    description = models.TextField("description", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "axe de la feuille de route"
        verbose_name_plural = "axes de la feuille de route"
        ordering = ("position", "name")
        indexes = [models.Index(fields=["organisation", "position"], name="steering_axis_org_position")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="steering_roadmapaxis_unique_org_name",
                violation_error_message="Un axe porte déjà ce nom.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoadmapTheme(OrganisationScopedModel):
    """The theme of a roadmap year (2026 « Structurer », 2027 « Consolider & sécuriser »…)."""

    year = models.PositiveSmallIntegerField("année", validators=YEAR_VALIDATORS)
    title = models.CharField("thème", max_length=160)
    description = models.TextField("description", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "thème annuel"
        verbose_name_plural = "thèmes annuels"
        ordering = ("year",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="steering_roadmaptheme_unique_org_year",
                violation_error_message="Cette année a déjà un thème.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.title}"


class RoadmapItem(OrganisationScopedModel):
    """An item of the roadmap: a cell entry of the axes × years matrix, and a bar of the Gantt
    when it has months. `is_estimate` marks months that are estimates (shown as such)."""

    # RESTRICT, not PROTECT: an axis with items cannot be deleted alone, but deleting the whole
    # organisation cascades through both.
    axis = models.ForeignKey(RoadmapAxis, verbose_name="axe", on_delete=models.RESTRICT, related_name="items")
    year = models.PositiveSmallIntegerField("année", validators=YEAR_VALIDATORS)
    title = models.CharField("intitulé", max_length=300)
    start_month = models.DateField("mois de début", null=True, blank=True, help_text="Le premier jour du mois suffit.")
    end_month = models.DateField("mois de fin", null=True, blank=True)
    is_estimate = models.BooleanField("dates estimées", default=False)
    status = models.CharField(
        "statut", max_length=20, choices=RoadmapItemStatus.choices, default=RoadmapItemStatus.PLANNED
    )
    projects = models.ManyToManyField(
        "steering.Project", verbose_name="projets liés", blank=True, related_name="roadmap_items"
    )
    actions = models.ManyToManyField(
        "steering.ActionItem", verbose_name="actions liées", blank=True, related_name="roadmap_items"
    )

    permission_domain = "governance"

    class Meta:
        verbose_name = "élément de la feuille de route"
        verbose_name_plural = "éléments de la feuille de route"
        ordering = ("year", "axis__position", "start_month", "title")
        indexes = [models.Index(fields=["organisation", "year", "axis"], name="steering_item_org_year_axis")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError({"end_month": "Le mois de fin précède le mois de début."})
        if (self.start_month is None) != (self.end_month is None):
            raise ValidationError({"end_month": "Indiquez les deux mois (début et fin) ou aucun."})

    def derive(self) -> None:
        """Months are stored as their first day, whatever day was typed (the imports' upsert
        calls this as `save()` does)."""
        if self.start_month:
            self.start_month = self.start_month.replace(day=1)
        if self.end_month:
            self.end_month = self.end_month.replace(day=1)

    def save(self, *args, **kwargs) -> None:
        self.derive()
        super().save(*args, **kwargs)
