from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel, Person
from gouvernail.steering.choices import (
    CLOSED_ACTION_STATUSES,
    STOPPED_ACTION_STATUSES,
    ActionStatus,
    Effort,
    Priority,
    StopReason,
)

__all__ = ("ActionEvent", "ActionItem", "ActionOccurrence")


class ActionItemQuerySet(OrganisationQuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_ACTION_STATUSES)

    def overdue(self, today: date):
        """Open actions whose due date has passed (an action due today is not yet late)."""
        return self.open().filter(due_date__lt=today)


class ActionItem(OrganisationScopedModel):
    """An item of the action plan. Its status changes are `ActionEvent`s: its logbook."""

    number = models.PositiveIntegerField("n°")
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    status = models.CharField("statut", max_length=20, choices=ActionStatus.choices, default=ActionStatus.TO_STUDY)
    stop_reason = models.CharField(
        "motif du report ou de l'abandon", max_length=20, choices=StopReason.choices, blank=True
    )
    owner_person = models.ForeignKey(
        Person, verbose_name="porteur (personne)", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_vendor = models.ForeignKey(
        "vendors.Vendor",
        verbose_name="porteur (prestataire)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField("échéance", null=True, blank=True)
    priority = models.CharField("priorité", max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    effort = models.CharField("effort", max_length=2, choices=Effort.choices, blank=True)
    remarks = models.TextField("remarques", blank=True)
    recurrence_months = models.PositiveSmallIntegerField(
        "récurrence (mois)",
        null=True,
        blank=True,
        help_text="Une action récurrente (« tous les 6 mois ») a des occurrences : la suivante est créée "
        "quand la précédente est faite.",
    )
    axis = models.ForeignKey(
        "steering.RoadmapAxis",
        verbose_name="axe de la feuille de route",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )

    objects = ActionItemQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "plan d'action"
        ordering = ("number",)
        indexes = [
            models.Index(fields=["organisation", "status"], name="steering_action_org_status"),
            models.Index(fields=["organisation", "due_date"], name="steering_action_org_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                name="steering_actionitem_unique_org_number",
                violation_error_message="Une action porte déjà ce numéro.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.owner_person_id and self.owner_vendor_id:
            raise ValidationError({"owner_vendor": "Le porteur est une personne ou un prestataire, pas les deux."})
        if self.status in STOPPED_ACTION_STATUSES and not self.stop_reason:
            raise ValidationError({"stop_reason": "Indiquez pourquoi l'action est reportée ou abandonnée."})
        if self.status not in STOPPED_ACTION_STATUSES:
            self.stop_reason = ""

    @property
    def owner(self):
        return self.owner_person or self.owner_vendor

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or date.today()
        return self.status not in CLOSED_ACTION_STATUSES and self.due_date is not None and self.due_date < today


class ActionEvent(OrganisationScopedModel):
    """A dated status change of an action, with its author and comment: one line of its logbook."""

    action = models.ForeignKey(ActionItem, verbose_name="action", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("date")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField("ancien statut", max_length=20, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField("nouveau statut", max_length=20, choices=ActionStatus.choices)
    stop_reason = models.CharField("motif", max_length=20, choices=StopReason.choices, blank=True)
    comment = models.TextField("commentaire", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "événement d'action"
        verbose_name_plural = "événements d'action"
        ordering = ("-at", "-pk")
        indexes = [models.Index(fields=["organisation", "action", "-at"], name="steering_event_org_action")]

    def __str__(self) -> str:
        return f"{self.action.number} : {self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class ActionOccurrenceQuerySet(OrganisationQuerySet):
    def pending(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today: date):
        return self.pending().filter(due_on__lt=today)


class ActionOccurrence(OrganisationScopedModel):
    """One occurrence of a recurring action (« renouveler les mots de passe Wifi tous les 6 mois »):
    its due date, and when it was done. The action's own due date follows its pending occurrence,
    so a late occurrence makes the action late in the indicators."""

    action = models.ForeignKey(ActionItem, verbose_name="action", on_delete=models.CASCADE, related_name="occurrences")
    due_on = models.DateField("échéance")
    done_on = models.DateField("faite le", null=True, blank=True)
    note = models.TextField("remarque", blank=True)

    objects = ActionOccurrenceQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "occurrence d'action récurrente"
        verbose_name_plural = "occurrences d'actions récurrentes"
        ordering = ("action", "due_on")

    def __str__(self) -> str:
        return f"{self.action} — échéance du {self.due_on:%d/%m/%Y}"

    @property
    def status_display(self) -> str:
        if self.done_on:
            return f"Faite le {self.done_on:%d/%m/%Y}"
        return "En retard" if self.due_on < date.today() else "À faire"
