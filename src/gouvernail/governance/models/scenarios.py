from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from gouvernail.core.models import OrganisationScopedModel
from gouvernail.governance.choices import Direction, Level

__all__ = ("ScenarioAnalysis", "ScenarioCriterion", "ScenarioOption", "ScenarioRating")


class ScenarioAnalysis(OrganisationScopedModel):
    """A multi-criteria comparison of options (organisational scenarios, solutions…)."""

    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name="décision éclairée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="analyses",
    )

    permission_domain = "governance"

    class Meta:
        verbose_name = "analyse de scénarios"
        verbose_name_plural = "analyses de scénarios"
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title


class ScenarioCriterion(OrganisationScopedModel):
    analysis = models.ForeignKey(
        ScenarioAnalysis, verbose_name="analyse", on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField("ordre", default=1)
    name = models.CharField("critère", max_length=200)
    weight = models.DecimalField(
        "poids",
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"), "Le poids ne peut pas être négatif.")],
    )
    direction = models.CharField("sens", max_length=5, choices=Direction.choices, default=Direction.HIGHER)

    permission_domain = "governance"

    class Meta:
        verbose_name = "critère d'analyse"
        verbose_name_plural = "critères d'analyse"
        ordering = ("analysis", "position", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "name"],
                name="governance_criterion_unique_name",
                violation_error_message="Deux critères portent le même nom.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScenarioOption(OrganisationScopedModel):
    analysis = models.ForeignKey(
        ScenarioAnalysis, verbose_name="analyse", on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField("code", max_length=10)
    label = models.CharField("intitulé", max_length=200)
    assessment = models.TextField("appréciation", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "scénario"
        verbose_name_plural = "scénarios"
        ordering = ("analysis", "code")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "code"],
                name="governance_scenario_unique_code",
                violation_error_message="Deux scénarios portent le même code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class ScenarioRating(OrganisationScopedModel):
    option = models.ForeignKey(
        ScenarioOption, verbose_name="scénario", on_delete=models.CASCADE, related_name="ratings"
    )
    criterion = models.ForeignKey(
        ScenarioCriterion, verbose_name="critère", on_delete=models.CASCADE, related_name="ratings"
    )
    level = models.PositiveSmallIntegerField("niveau", choices=Level.choices)
    justification = models.TextField("justification", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "appréciation"
        verbose_name_plural = "appréciations"
        ordering = ("option", "criterion")
        constraints = [
            models.UniqueConstraint(
                fields=["option", "criterion"],
                name="governance_rating_unique",
                violation_error_message="Ce scénario est déjà apprécié sur ce critère.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.option.code} × {self.criterion} : {self.get_level_display()}"
