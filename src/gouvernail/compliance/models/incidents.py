"""The security incident register and the clocks a significant incident or a personal-data breach
starts: NIS2 early warning (24 h), incident notification (72 h) and final report (one month after
the notification), and the notification of a personal-data breach to the CNIL (72 h, RGPD art. 33).
Deadlines are computed by clocks.py; incident writes go through services (they move the clocks).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gouvernail.compliance.choices import ClockKind, ClockState, IncidentStatus, Severity
from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel, Site

__all__ = ("IncidentClock", "SecurityIncident")


class SecurityIncident(OrganisationScopedModel):
    """A security incident: when it was detected, what it touched, how serious, whether personal
    data is involved (then it is also a breach for the RGPD register, art. 33(5))."""

    number = models.PositiveIntegerField("n°", editable=False)
    title = models.CharField("intitulé", max_length=200)
    detected_at = models.DateTimeField("détecté le")
    aware_at = models.DateTimeField(
        "pris en compte le",
        null=True,
        blank=True,
        help_text="Moment où l'organisation a eu connaissance de l'incident : départ des délais NIS2 et CNIL "
        "(à défaut, la date de détection).",
    )
    description = models.TextField("description", blank=True)
    applications = models.ManyToManyField(
        "applications.Application", verbose_name="applications touchées", blank=True, related_name="+"
    )
    sites = models.ManyToManyField(Site, verbose_name="sites touchés", blank=True, related_name="+")
    severity = models.CharField("gravité", max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    nis2_significant = models.BooleanField(
        "incident important au sens de NIS2",
        default=False,
        help_text="Perturbation grave du service ou préjudice important : ouvre les délais de déclaration NIS2.",
    )
    personal_data = models.BooleanField(
        "données personnelles concernées",
        default=False,
        help_text="Violation de données personnelles : ouvre le délai de 72 h de notification à la CNIL "
        "(sauf risque improbable pour les personnes, à justifier).",
    )
    personal_data_no_risk_reason = models.TextField(
        "motif d'absence de notification à la CNIL",
        blank=True,
        help_text="Si la violation n'est pas susceptible d'engendrer un risque pour les personnes.",
    )
    status = models.CharField("état", max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    measures_taken = models.TextField("mesures prises", blank=True)
    actions = models.ManyToManyField(
        "steering.ActionItem", verbose_name="actions du plan", blank=True, related_name="security_incidents"
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        verbose_name="point à l'ordre du jour du COPIL",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    permission_domain = "compliance"

    class Meta:
        verbose_name = "incident de sécurité"
        verbose_name_plural = "incidents de sécurité"
        ordering = ("-detected_at", "-pk")
        indexes = [models.Index(fields=["organisation", "detected_at"], name="compliance_incident_org_detect")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="compliance_incident_unique_org_number")
        ]

    def __str__(self) -> str:
        return f"Incident {self.number} — {self.title}"

    @property
    def clock_start(self):
        return self.aware_at or self.detected_at


class ClockQuerySet(OrganisationQuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True).exclude(state=ClockState.WAIVED)


class IncidentClock(OrganisationScopedModel):
    """One legal deadline of an incident: its kind, deadline, when it was met, and its reminder."""

    incident = models.ForeignKey(
        SecurityIncident, verbose_name="incident", on_delete=models.CASCADE, related_name="clocks"
    )
    kind = models.CharField("obligation", max_length=20, choices=ClockKind.choices)
    deadline = models.DateTimeField("échéance")
    done_at = models.DateTimeField("fait le", null=True, blank=True)
    reference = models.CharField("référence de la déclaration", max_length=120, blank=True)
    state = models.CharField("état", max_length=15, choices=ClockState.choices, default=ClockState.DUE, editable=False)
    reminded_at = models.DateTimeField("relance envoyée le", null=True, blank=True, editable=False)
    reminded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ClockQuerySet.as_manager()
    permission_domain = "compliance"

    class Meta:
        verbose_name = "délai de déclaration"
        verbose_name_plural = "délais de déclaration"
        ordering = ("deadline",)
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind"], name="compliance_clock_unique_incident_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — incident {self.incident.number}"

    def current_state(self, now=None) -> str:
        now = now or timezone.now()
        if self.state == ClockState.WAIVED:
            return ClockState.WAIVED
        if self.done_at is not None:
            return ClockState.DONE if self.done_at <= self.deadline else ClockState.LATE_DONE
        return ClockState.OVERDUE if now > self.deadline else ClockState.DUE
