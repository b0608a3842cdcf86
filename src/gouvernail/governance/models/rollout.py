from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel
from gouvernail.governance.choices import GovernanceEventKind

__all__ = ("GovernanceEvent",)


class GovernanceEventQuerySet(OrganisationQuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def next_review(self):
        return self.open().filter(kind=GovernanceEventKind.REVIEW).order_by("planned_on", "pk").first()


class GovernanceEvent(OrganisationScopedModel):
    """A planned step of the governance roll-out (validation, first COPIL, first dashboards…) or
    one of its reviews (at 6 and 12 months), with the agenda its meeting will follow."""

    committee = models.ForeignKey(
        "governance.Committee", verbose_name="instance", on_delete=models.RESTRICT, related_name="governance_events"
    )
    kind = models.CharField(
        "nature", max_length=6, choices=GovernanceEventKind.choices, default=GovernanceEventKind.STEP
    )
    position = models.PositiveSmallIntegerField("ordre", default=1)
    title = models.CharField("intitulé", max_length=200)
    planned_on = models.DateField("prévue le")
    is_approximate = models.BooleanField("date approximative", default=False)
    done_on = models.DateField("réalisée le", null=True, blank=True)
    agenda_template = models.TextField(
        "ordre du jour type", blank=True, help_text="Un point par ligne ; repris dans la réunion planifiée."
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name="réunion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governance_events",
    )

    objects = GovernanceEventQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "étape de la gouvernance"
        verbose_name_plural = "mise en œuvre de la gouvernance"
        ordering = ("planned_on", "position", "pk")

    def __str__(self) -> str:
        return self.title

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda_template.splitlines() if line.strip()]

    def is_overdue(self, today: date | None = None) -> bool:
        return self.done_on is None and self.planned_on < (today or date.today())

    def clean(self) -> None:
        super().clean()
        if self.meeting_id and self.committee_id and self.meeting.committee_id != self.committee_id:
            raise ValidationError({"meeting": "Cette réunion n'est pas une réunion de l'instance."})
