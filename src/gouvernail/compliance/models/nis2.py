"""The organisation's NIS2 self-check (eligibility) and the registration facts it must keep ready."""

from django.db import models

from gouvernail.compliance.choices import EntityType, Nis2Category
from gouvernail.core.models import OrganisationScopedModel

__all__ = ("Nis2Profile",)


class Nis2Profile(OrganisationScopedModel):
    """What the organisation declares about itself and the category the rules in nis2.py give it.

    The category is recomputed on every save with the rules version in force (the French
    transposition is still a bill): `rules_version` says which one gave it.
    """

    entity_type = models.CharField("nature de l'entité", max_length=20, choices=EntityType.choices)
    population = models.PositiveIntegerField("population (habitants)", null=True, blank=True)
    has_commune_over_30000 = models.BooleanField(
        "compte une commune de plus de 30 000 habitants",
        default=False,
        help_text="Pour un groupement : l'une de ses communes membres dépasse 30 000 habitants.",
    )
    sector = models.CharField(
        "secteur (annexes I et II de la directive)", max_length=120, default="Administration publique", blank=True
    )
    designated = models.BooleanField(
        "désignée par arrêté",
        default=False,
        help_text="Désignation expresse par le Premier ministre (art. 10 du projet).",
    )
    category = models.CharField("catégorie", max_length=15, choices=Nis2Category.choices, editable=False)
    rule = models.TextField("règle appliquée", editable=False)
    rules_version = models.CharField("version des règles", max_length=40, editable=False)
    # Registration facts (directive art. 3(4)), kept ready for MonEspaceNIS2.
    legal_name = models.CharField("dénomination", max_length=200, blank=True)
    address = models.TextField("adresse", blank=True)
    contact_emails = models.TextField("adresses e-mail de contact", blank=True, help_text="Une par ligne.")
    contact_phones = models.TextField("numéros de téléphone", blank=True, help_text="Un par ligne.")
    public_ip_ranges = models.TextField(
        "plages d'adresses IP publiques", blank=True, help_text="Une plage par ligne (ex. 203.0.113.0/28)."
    )
    member_states = models.CharField("États membres où des services sont fournis", max_length=200, default="France")
    registered_on = models.DateField("enregistrée sur MonEspaceNIS2 le", null=True, blank=True)

    permission_domain = "compliance"

    class Meta:
        verbose_name = "profil NIS2"
        verbose_name_plural = "profils NIS2"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="compliance_nis2_unique_org",
                violation_error_message="L'organisation a déjà un profil NIS2.",
            )
        ]

    def __str__(self) -> str:
        return f"Profil NIS2 — {self.get_category_display()}"

    def save(self, *args, **kwargs) -> None:
        from gouvernail.compliance.nis2 import classify

        result = classify(
            entity_type=self.entity_type,
            population=self.population,
            has_commune_over_30000=self.has_commune_over_30000,
            designated=self.designated,
        )
        self.category, self.rule, self.rules_version = result.category, result.rule, result.version
        super().save(*args, **kwargs)
