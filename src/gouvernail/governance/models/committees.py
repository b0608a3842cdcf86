from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import ProtectedError

from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel, Person
from gouvernail.governance.choices import AgendaItemKind, Capacity, CommitteeKind, Frequency, MeetingStatus

__all__ = ("AgendaItem", "Committee", "CommitteeMember", "Meeting")

FREQUENCY_STEP = {
    Frequency.WEEKLY: relativedelta(weeks=1),
    Frequency.MONTHLY: relativedelta(months=1),
    Frequency.QUARTERLY: relativedelta(months=3),
}

QUORUM_RULE = "Quorum : plus de la moitié des membres de l'instance (invités non comptés) sont présents."


class CommitteeQuerySet(OrganisationQuerySet):
    def with_last_held(self):
        """Annotates each committee with the date of its last held meeting (one query for a list)."""
        held = models.Q(meetings__status=MeetingStatus.HELD)
        return self.annotate(last_held=models.Max("meetings__date", filter=held))


class Committee(OrganisationScopedModel):
    """A governance body (COPIL SI, COTECH…): its role, its members, its rhythm and what it decides."""

    name = models.CharField("nom", max_length=120)
    kind = models.CharField("nature", max_length=10, choices=CommitteeKind.choices, default=CommitteeKind.COPIL)
    role = models.TextField("rôle", blank=True)
    frequency = models.CharField("fréquence", max_length=15, choices=Frequency.choices, default=Frequency.MONTHLY)
    decides = models.TextField("ce qu'elle décide", blank=True)

    objects = CommitteeQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "instance"
        verbose_name_plural = "instances"
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="governance_committee_unique_org_name",
                violation_error_message="Une instance porte déjà ce nom.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def last_held_date(self) -> date | None:
        if hasattr(self, "last_held"):  # annotated by CommitteeQuerySet.with_last_held()
            return self.last_held
        return self.meetings.filter(status=MeetingStatus.HELD).aggregate(last=models.Max("date"))["last"]

    def next_due(self) -> date | None:
        """The last held meeting plus one period of the frequency (None before any meeting)."""
        last = self.last_held_date()
        if last is None:
            return None
        return last + FREQUENCY_STEP[self.frequency]

    def is_overdue(self, today: date | None = None) -> bool:
        """Late when the due date has passed without a meeting being held (due today is not late)."""
        due = self.next_due()
        return due is not None and due < (today or date.today())

    def next_due_display(self) -> str:
        due = self.next_due()
        if due is None:
            return "Aucune réunion tenue"
        return f"{due:%d/%m/%Y}" + (" — en retard" if self.is_overdue() else "")

    def next_review_display(self) -> str:
        """The next review of the governance this committee holds (at 6 months, 12 months…)."""
        review = self.governance_events.next_review()
        if review is None:
            return "Aucune revue planifiée"
        late = " — en retard" if review.is_overdue() else ""
        approx = " (date approximative)" if review.is_approximate else ""
        return f"{review.title} : {review.planned_on:%d/%m/%Y}{approx}{late}"


class CommitteeMember(OrganisationScopedModel):
    committee = models.ForeignKey(Committee, verbose_name="instance", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name="personne", on_delete=models.RESTRICT, related_name="+")
    capacity = models.CharField("qualité", max_length=20, choices=Capacity.choices)

    permission_domain = "governance"

    class Meta:
        verbose_name = "membre d'instance"
        verbose_name_plural = "membres d'instance"
        ordering = ("committee", "capacity")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"],
                name="governance_member_unique_person",
                violation_error_message="Cette personne est déjà membre de l'instance.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_capacity_display()})"


class Meeting(OrganisationScopedModel):
    committee = models.ForeignKey(
        Committee, verbose_name="instance", on_delete=models.RESTRICT, related_name="meetings"
    )
    title = models.CharField("intitulé", max_length=200)
    date = models.DateField("date")
    start_time = models.TimeField("heure", null=True, blank=True)
    is_approximate = models.BooleanField("date approximative", default=False)
    place = models.CharField("lieu", max_length=200, blank=True)
    status = models.CharField("statut", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    attendees = models.ManyToManyField(Person, verbose_name="présents", blank=True, related_name="+")
    excused = models.ManyToManyField(Person, verbose_name="excusés", blank=True, related_name="+")

    permission_domain = "governance"

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ("-date",)
        indexes = [models.Index(fields=["organisation", "committee", "-date"], name="governance_meeting_org_date")]

    def __str__(self) -> str:
        return self.title

    def deletion_refusal(self) -> str | None:
        """Why the meeting may no longer be deleted, if it may not: its minutes or the decisions
        recorded at it are the record of what the committee did."""
        if self.pk is None:
            return None
        if self.agenda.exclude(minutes="").exists():
            return (
                f"La réunion « {self} » a un compte rendu saisi dans son ordre du jour : elle ne peut plus "
                "être supprimée. Corrigez-la plutôt (intitulé, date, statut)."
            )
        if self.decisions.filter(sequence__isnull=False).exists():
            return (
                f"Des décisions de la réunion « {self} » sont enregistrées au registre : elle ne peut plus "
                "être supprimée."
            )
        return None

    def delete(self, *args, **kwargs):
        reason = self.deletion_refusal()
        if reason:
            raise ProtectedError(reason, {self})
        return super().delete(*args, **kwargs)

    @property
    def is_held(self) -> bool:
        """Attendance and the quorum mean something only once the meeting is held."""
        return self.status == MeetingStatus.HELD

    def quorum(self) -> dict:
        """Voting members (guests excluded) present; quorum when more than half of them are."""
        voting = set(self.committee.members.exclude(capacity=Capacity.GUEST).values_list("person_id", flat=True))
        present = set(self.attendees.values_list("pk", flat=True)) & voting
        return {"members": len(voting), "present": len(present), "reached": 2 * len(present) > len(voting)}

    def quorum_display(self) -> str:
        q = self.quorum()
        verdict = "atteint" if q["reached"] else "non atteint"
        return f"{q['present']} membre(s) présent(s) sur {q['members']} : quorum {verdict}. {QUORUM_RULE}"


class AgendaItem(OrganisationScopedModel):
    meeting = models.ForeignKey(Meeting, verbose_name="réunion", on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField("ordre")
    title = models.CharField("sujet", max_length=200)
    kind = models.CharField("nature", max_length=12, choices=AgendaItemKind.choices, default=AgendaItemKind.FREE)
    project = models.ForeignKey(
        "steering.Project", verbose_name="projet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        "steering.ActionItem", verbose_name="action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name="décision à prendre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    minutes = models.TextField("compte rendu", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ("meeting", "position")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="governance_agenda_unique_position",
                violation_error_message="Un point de cette réunion occupe déjà ce rang.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"
