import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel, Person
from gouvernail.governance.choices import RECORDED_STATUSES, DecisionStatus

__all__ = ("Decision", "DecisionDecider", "DecisionOption", "RecordedDecisionError")

IMMUTABLE_MESSAGE = (
    "Cette décision est enregistrée au registre : elle ne peut plus être modifiée. "
    "Pour la changer, créez une décision qui l'amende."
)


class RecordedDecisionError(ValidationError):
    def __init__(self, message: str = IMMUTABLE_MESSAGE):
        super().__init__(message)


class DecisionQuerySet(OrganisationQuerySet):
    def recorded(self):
        return self.filter(sequence__isnull=False)

    def pending(self):
        return self.filter(sequence__isnull=True)


class Decision(OrganisationScopedModel):
    """A decision to take, then taken. Once recorded (it has a `sequence`), it is immutable and
    chained to the previous recorded decision of the organisation by `previous_hash`."""

    question = models.CharField("question", max_length=300)
    context = models.TextField("contexte", blank=True)
    recommendation = models.TextField("recommandation", blank=True)
    committee = models.ForeignKey(
        "governance.Committee",
        verbose_name="instance qui décide",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="decisions",
    )
    needed_by = models.DateField("décision nécessaire avant le", null=True, blank=True)
    expected_decision = models.ForeignKey(
        "steering.ExpectedDecision",
        verbose_name="décision attendue d'un projet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    amends = models.ForeignKey(
        "self",
        verbose_name="amende la décision",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="amendments",
    )
    status = models.CharField(
        "statut", max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.TO_PREPARE
    )
    # Recorded content
    chosen_option = models.ForeignKey(
        "governance.DecisionOption",
        verbose_name="option retenue",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
        editable=False,
    )
    rationale = models.TextField("motivation", blank=True, editable=False)
    vote_for = models.PositiveIntegerField("voix pour", null=True, blank=True, editable=False)
    vote_against = models.PositiveIntegerField("voix contre", null=True, blank=True, editable=False)
    vote_abstain = models.PositiveIntegerField("abstentions", null=True, blank=True, editable=False)
    consensus = models.BooleanField("par consensus", default=False, editable=False)
    decided_on = models.DateField("décidée le", null=True, blank=True, editable=False)
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name="réunion",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="decisions",
        editable=False,
    )
    deciders = models.ManyToManyField(
        Person, verbose_name="décideurs", blank=True, related_name="+", through="governance.DecisionDecider"
    )
    follow_up_actions = models.ManyToManyField(
        "steering.ActionItem", verbose_name="actions de suite", blank=True, related_name="decisions"
    )
    recorded_at = models.DateTimeField("enregistrée le", null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # A decision taken before the authority used the register, recorded afterwards by an import of
    # its history: its date is the one of the file, its place in the chain the one of the import.
    is_history = models.BooleanField("reprise d'historique", default=False, editable=False)
    # Register chain
    sequence = models.PositiveIntegerField("n° au registre", null=True, blank=True, editable=False)
    previous_hash = models.CharField("empreinte précédente", max_length=64, blank=True, editable=False)
    content_hash = models.CharField("empreinte SHA-256", max_length=64, blank=True, editable=False)

    objects = DecisionQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "décision"
        verbose_name_plural = "décisions"
        ordering = ("-sequence", "-pk")
        indexes = [models.Index(fields=["organisation", "status"], name="governance_decision_org_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sequence"],
                name="governance_decision_unique_org_sequence",
                violation_error_message="Ce numéro du registre est déjà attribué.",
            )
        ]

    def __str__(self) -> str:
        prefix = f"D{self.sequence} — " if self.sequence else ""
        return f"{prefix}{self.question}"

    @property
    def is_recorded(self) -> bool:
        return self.sequence is not None

    @property
    def is_immutable(self) -> bool:
        """The generic pages offer neither « Modifier » nor « Supprimer » (both would be refused)."""
        return self.is_recorded

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("sequence", flat=True).first()
            if stored is not None:
                raise RecordedDecisionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk, sequence__isnull=False).exists():
            raise ProtectedError(IMMUTABLE_MESSAGE, {self})
        return super().delete(*args, **kwargs)

    def deletion_refusal(self) -> str | None:
        """Why the confirmation page refuses the deletion: a recorded decision is the record
        itself (its options and deciders are part of its hash), not a row « used by » another."""
        if self.pk is not None and type(self).objects.filter(pk=self.pk, sequence__isnull=False).exists():
            return IMMUTABLE_MESSAGE
        return None

    def clean(self) -> None:
        super().clean()
        if self.status in RECORDED_STATUSES and not self.is_recorded:
            raise ValidationError({"status": "Une décision prend cette issue en étant enregistrée, pas par ce champ."})

    def canonical_content(self) -> dict:
        """What the hash covers: the decision as recorded, its options and its place in the chain."""
        options = [
            {"label": o.label, "pros": o.pros, "cons": o.cons, "cost": o.cost, "risks": o.risks}
            for o in sorted(self.options.all(), key=lambda o: o.label)
        ]
        resolutions = [r.as_content() for r in sorted(self.resolutions.all(), key=lambda r: r.position)]
        return {
            "organisation": self.organisation_id,
            "sequence": self.sequence,
            "question": self.question,
            "context": self.context,
            "recommendation": self.recommendation,
            "committee": self.committee_id,
            "needed_by": self.needed_by.isoformat() if self.needed_by else None,
            "amends": self.amends_id,
            "status": self.status,
            "options": options,
            "chosen_option": self.chosen_option.label if self.chosen_option_id else None,
            "rationale": self.rationale,
            "vote": [self.vote_for, self.vote_against, self.vote_abstain],
            "consensus": self.consensus,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "meeting": self.meeting_id,
            "deciders": sorted(self.deciders.values_list("pk", flat=True)),
            "previous_hash": self.previous_hash,
            # Resolutions came later: a decision without any keeps the content (and hash) it had.
            **({"resolutions": resolutions} if resolutions else {}),
            # So did history imports: only a decision taken before the register carries the mark.
            **({"history": True} if self.is_history else {}),
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.canonical_content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class DecisionOption(OrganisationScopedModel):
    decision = models.ForeignKey(Decision, verbose_name="décision", on_delete=models.CASCADE, related_name="options")
    label = models.CharField("intitulé", max_length=200)
    pros = models.TextField("avantages", blank=True)
    cons = models.TextField("inconvénients", blank=True)
    cost = models.CharField("coût", max_length=200, blank=True)
    risks = models.TextField("risques", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "option de décision"
        verbose_name_plural = "options de décision"
        ordering = ("decision", "label")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "label"],
                name="governance_option_unique_label",
                violation_error_message="Deux options portent le même intitulé.",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def _decision_recorded(self) -> bool:
        """Whether the decision the option belongs to, as stored or as now set, is recorded: an
        option is neither edited in a recorded decision nor moved out of one."""
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


class DecisionDecider(models.Model):
    """Who took a decision: the link is part of a recorded decision's hash, so a person who
    decided cannot be deleted (RESTRICT: only the whole organisation's purge removes both)."""

    decision = models.ForeignKey(Decision, verbose_name="décision", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name="décideur", on_delete=models.RESTRICT, related_name="+")

    class Meta:
        # The table Django created for the former implicit link: same name, same columns.
        db_table = "governance_decision_deciders"
        verbose_name = "décideur"
        verbose_name_plural = "décideurs"
        unique_together = (("decision", "person"),)

    def __str__(self) -> str:
        return f"décideur de la décision « {self.decision} »"

    def save(self, *args, **kwargs):
        if self._decision_recorded():
            raise RecordedDecisionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._decision_recorded():
            raise ProtectedError(IMMUTABLE_MESSAGE, {self})
        return super().delete(*args, **kwargs)

    def _decision_recorded(self) -> bool:
        return Decision.objects.filter(pk=self.decision_id, sequence__isnull=False).exists()


@receiver(m2m_changed, sender=DecisionDecider)
def refuse_changing_the_deciders_of_a_recorded_decision(sender, instance, action, **kwargs):
    """`decision.deciders.add/remove/clear/set` bypass the link's save and delete: refused here
    once the decision is recorded (people have no reverse accessor, so `instance` is a decision)."""
    if action.startswith("pre_") and Decision.objects.filter(pk=instance.pk, sequence__isnull=False).exists():
        raise RecordedDecisionError()
