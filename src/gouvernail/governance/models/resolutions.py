from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError

from gouvernail.core.models import OrganisationScopedModel
from gouvernail.governance.choices import ActBody, ActKind, ResolutionRole
from gouvernail.governance.models.decisions import IMMUTABLE_MESSAGE, Decision, RecordedDecisionError

__all__ = ("DecisionAct", "DecisionResolution")


class DecisionResolution(OrganisationScopedModel):
    """One numbered resolution of a decision, as proposed to the committee, optionally naming an
    option and what is done with it (target, engaged now, fallback…). Proposed while the decision
    is being prepared; once the decision is recorded, resolutions are in its hash and frozen, each
    marked adopted or not."""

    decision = models.ForeignKey(
        Decision, verbose_name="décision", on_delete=models.CASCADE, related_name="resolutions"
    )
    position = models.PositiveSmallIntegerField("n°")
    text = models.TextField("résolution")
    option = models.ForeignKey(
        "governance.DecisionOption",
        verbose_name="option concernée",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="resolutions",
    )
    role = models.CharField("portée", max_length=10, choices=ResolutionRole.choices, blank=True)
    adopted = models.BooleanField("adoptée", null=True, editable=False)

    permission_domain = "governance"

    class Meta:
        verbose_name = "résolution"
        verbose_name_plural = "résolutions"
        ordering = ("decision", "position")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "position"],
                name="governance_resolution_unique_position",
                violation_error_message="Deux résolutions de la décision portent le même numéro.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"

    def clean(self) -> None:
        super().clean()
        if self.option_id and self.decision_id and self.option.decision_id != self.decision_id:
            raise ValidationError({"option": "Cette option n'est pas une option de la décision."})
        if self.role and not self.option_id:
            raise ValidationError({"role": "Une portée (cible, repli…) s'applique à une option : choisissez-la."})

    def as_content(self) -> dict:
        """What the decision's hash covers of the resolution."""
        return {
            "position": self.position,
            "text": self.text,
            "option": self.option.label if self.option_id else None,
            "role": self.role,
            "adopted": self.adopted,
        }

    def _decision_recorded(self) -> bool:
        decision_ids = {self.decision_id}
        if self.pk is not None:
            decision_ids |= set(type(self).objects.filter(pk=self.pk).values_list("decision_id", flat=True))
        return Decision.objects.filter(pk__in=decision_ids - {None}, sequence__isnull=False).exists()

    def save(self, *args, **kwargs):
        if self._decision_recorded():
            raise RecordedDecisionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._decision_recorded():
            raise ProtectedError(IMMUTABLE_MESSAGE, {self})
        return super().delete(*args, **kwargs)


class DecisionAct(OrganisationScopedModel):
    """The act (délibération, arrêté) that gives a committee's decision legal force, when the
    assembly or the executive must adopt it: its number, body and dates up to publication. Not in
    the decision's hash: an act comes after the decision and its dates are filled in over weeks."""

    decision = models.ForeignKey(
        Decision,
        verbose_name="décision du registre",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="acts",
    )
    kind = models.CharField("nature", max_length=12, choices=ActKind.choices, default=ActKind.DELIBERATION)
    number = models.CharField("numéro", max_length=40, help_text="Par exemple 2026_02_031.")
    title = models.CharField("objet", max_length=300)
    body = models.CharField("instance", max_length=20, choices=ActBody.choices, default=ActBody.COUNCIL)
    adopted_on = models.DateField("adopté le", null=True, blank=True)
    transmitted_on = models.DateField(
        "transmis en préfecture le",
        null=True,
        blank=True,
        help_text="Date de l'accusé de réception du contrôle de légalité.",
    )
    published_on = models.DateField("publié le", null=True, blank=True)
    url = models.URLField("acte publié (lien)", blank=True)
    note = models.TextField("remarque", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "acte (délibération, arrêté)"
        verbose_name_plural = "actes (délibérations, arrêtés)"
        ordering = ("-adopted_on", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "number"],
                name="governance_act_unique_number",
                violation_error_message="Un acte de même nature porte déjà ce numéro.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.number}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.adopted_on and self.transmitted_on and self.transmitted_on < self.adopted_on:
            errors["transmitted_on"] = "La transmission en préfecture ne peut pas précéder l'adoption de l'acte."
        if self.adopted_on and self.published_on and self.published_on < self.adopted_on:
            errors["published_on"] = "La publication ne peut pas précéder l'adoption de l'acte."
        if errors:
            raise ValidationError(errors)
