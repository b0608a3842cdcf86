from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel, Person
from gouvernail.steering.choices import RUNNING_PROJECT_STATUSES, ProjectStatus, StructuringKind

__all__ = ("ExpectedDecision", "Milestone", "Project", "StatusReport")

NON_NEGATIVE = [MinValueValidator(0, "Le montant ne peut pas être négatif.")]


def amount(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE)


class ProjectQuerySet(OrganisationQuerySet):
    def running(self):
        return self.filter(status__in=RUNNING_PROJECT_STATUSES)


class Project(OrganisationScopedModel):
    """A project of the digital portfolio. Its weather status moves with each status report."""

    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    sponsor = models.ForeignKey(
        Person, verbose_name="commanditaire", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead = models.ForeignKey(
        Person, verbose_name="chef de projet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("météo", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ON_TRACK)
    planned_start = models.DateField("début prévu", null=True, blank=True)
    planned_end = models.DateField("fin prévue", null=True, blank=True)
    actual_start = models.DateField("début réel", null=True, blank=True)
    actual_end = models.DateField("fin réelle", null=True, blank=True)
    budget_planned = amount("budget prévu (€)")
    budget_committed = amount("budget engagé (€)")
    budget_spent = amount("budget consommé (€)")
    is_structuring = models.BooleanField("structurant", default=False)
    structuring_kind = models.CharField("domaine", max_length=20, choices=StructuringKind.choices, blank=True)
    axis = models.ForeignKey(
        "steering.RoadmapAxis",
        verbose_name="axe de la feuille de route",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    actions = models.ManyToManyField(
        "steering.ActionItem", verbose_name="actions liées", blank=True, related_name="projects"
    )

    objects = ProjectQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "projet"
        verbose_name_plural = "projets"
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "status"], name="steering_project_org_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="steering_project_unique_org_name",
                violation_error_message="Un projet porte déjà ce nom.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = "La fin prévue précède le début prévu."
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = "La fin réelle précède le début réel."
        for field in ("budget_committed", "budget_spent"):
            if getattr(self, field) is not None and self.budget_planned is None:
                errors[field] = "Renseignez d'abord le budget prévu."
        if self.structuring_kind and not self.is_structuring:
            self.is_structuring = True
        if errors:
            raise ValidationError(errors)


class StatusReport(OrganisationScopedModel):
    """A dated weather report of a project: status, summary, blockers, next steps."""

    project = models.ForeignKey(Project, verbose_name="projet", on_delete=models.CASCADE, related_name="reports")
    date = models.DateField("date")
    status = models.CharField("météo", max_length=20, choices=ProjectStatus.choices)
    summary = models.TextField("synthèse")
    blockers = models.TextField("points de blocage", blank=True)
    next_steps = models.TextField("prochaines étapes", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    permission_domain = "governance"

    class Meta:
        verbose_name = "point d'avancement"
        verbose_name_plural = "points d'avancement"
        ordering = ("-date", "-pk")
        indexes = [models.Index(fields=["organisation", "project", "-date"], name="steering_report_org_project")]

    def __str__(self) -> str:
        return f"{self.project} — {self.date:%d/%m/%Y}"


class Milestone(OrganisationScopedModel):
    """A dated milestone of a project."""

    project = models.ForeignKey(Project, verbose_name="projet", on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("jalon", max_length=200)
    due_date = models.DateField("date prévue")
    done_date = models.DateField("atteint le", null=True, blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "jalon"
        verbose_name_plural = "jalons"
        ordering = ("due_date",)

    def __str__(self) -> str:
        return f"{self.project} — {self.name}"

    def is_late(self, today: date | None = None) -> bool:
        """Not reached and its date has passed (a milestone due today is not yet late)."""
        return self.done_date is None and self.due_date < (today or date.today())


class ExpectedDecision(OrganisationScopedModel):
    """« Décision attendue du COPIL »: a question a project needs the steering committee to settle."""

    project = models.ForeignKey(
        Project, verbose_name="projet", on_delete=models.CASCADE, related_name="expected_decisions"
    )
    question = models.CharField("question", max_length=300)
    options = models.TextField("options envisagées", blank=True, help_text="Une option par ligne.")
    needed_by = models.DateField("décision nécessaire avant le", null=True, blank=True)
    is_settled = models.BooleanField("tranchée", default=False)

    permission_domain = "governance"

    class Meta:
        verbose_name = "décision attendue du COPIL"
        verbose_name_plural = "décisions attendues du COPIL"
        ordering = ("is_settled", "needed_by")
        indexes = [models.Index(fields=["organisation", "is_settled", "needed_by"], name="steering_expdec_org_open")]

    def __str__(self) -> str:
        return self.question
