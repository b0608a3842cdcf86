from django.db import models

from gouvernail.core.models import OrganisationScopedModel, Person
from gouvernail.governance.choices import Responsibility

__all__ = ("RaciAssignment", "Role")


class Role(OrganisationScopedModel):
    """A role of the IT governance (Référent SI, RSSI, DPO, membre du COPIL, prestataire
    d'infogérance) with its missions, held by people or vendors; a column of the RACI matrix."""

    name = models.CharField("rôle", max_length=120)
    short_name = models.CharField(
        "intitulé court", max_length=20, blank=True, help_text="En-tête de colonne de la matrice RACI (RSSI, DPO…)."
    )
    position = models.PositiveSmallIntegerField("ordre", default=1)
    missions = models.TextField("missions", blank=True, help_text="Une mission par ligne.")
    missions_source = models.CharField(
        "source des missions",
        max_length=300,
        blank=True,
        help_text="D'où viennent les missions : une délibération, une fiche de poste, l'étude de gouvernance…",
    )
    holder_people = models.ManyToManyField(Person, verbose_name="tenu par (personnes)", blank=True, related_name="+")
    holder_vendors = models.ManyToManyField(
        "vendors.Vendor", verbose_name="tenu par (prestataires)", blank=True, related_name="governance_roles"
    )

    permission_domain = "roles"

    class Meta:
        verbose_name = "rôle de la gouvernance"
        verbose_name_plural = "rôles de la gouvernance"
        ordering = ("position", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="governance_role_unique_org_name",
                violation_error_message="Ce rôle existe déjà dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def heading(self) -> str:
        return self.short_name or self.name

    def mission_lines(self) -> list[str]:
        return [line.strip().lstrip("•-– ").strip() for line in self.missions.splitlines() if line.strip()]

    def holders(self) -> list:
        return [*self.holder_people.all(), *self.holder_vendors.all()]


class RaciAssignment(OrganisationScopedModel):
    """One cell of the RACI matrix: the responsibility of a role on a domain of the action plan
    and the roadmap (a roadmap axis, which actions and roadmap items both belong to)."""

    axis = models.ForeignKey(
        "steering.RoadmapAxis", verbose_name="domaine", on_delete=models.CASCADE, related_name="raci_assignments"
    )
    role = models.ForeignKey(Role, verbose_name="rôle", on_delete=models.CASCADE, related_name="raci_assignments")
    responsibility = models.CharField("responsabilité", max_length=2, choices=Responsibility.choices)
    is_illustrative = models.BooleanField(
        "illustratif", default=False, help_text="Proposé pour l'exemple, sans source (l'étude n'en dit rien)."
    )
    note = models.CharField("remarque", max_length=300, blank=True)

    permission_domain = "roles"

    class Meta:
        verbose_name = "case de la matrice RACI"
        verbose_name_plural = "matrice RACI"
        ordering = ("axis__position", "axis__name", "role__position", "role__name")
        constraints = [
            models.UniqueConstraint(
                fields=["axis", "role"],
                name="governance_raci_unique_axis_role",
                violation_error_message="Ce rôle a déjà une responsabilité sur ce domaine.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.axis} — {self.role} : {self.responsibility}"
