"""Procurements (marchés publics): lots, the calendar of the procedure, and the offer analysis.

The offer analysis is declared here (criteria, candidates, scores); the weighted ranking is
computed by `gouvernail.vendors.ranking`, which knows nothing of the database.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from gouvernail.core.choices import Role
from gouvernail.core.formatting import display
from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel
from gouvernail.vendors.choices import ProcedureType, ProcurementStatus
from gouvernail.vendors.models.vendors import Contract, Vendor

__all__ = ("Candidate", "Criterion", "Lot", "ProcedureStep", "Procurement", "Score")

NEGATIVE_AMOUNT = "Le montant ne peut pas être négatif."
SCORE_RANGE = "La note doit être comprise entre 0 et 20."
# Validator messages are %-formatted with the limit: the percent sign is doubled.
WEIGHT_RANGE = "La pondération doit être comprise entre 0 et 100 %%."


def amount_ht(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, NEGATIVE_AMOUNT)],
    )


def refuse_move_with(row: models.Model, related: str, message: str) -> None:
    """Refuses to move `row` to another procurement while rows of `related` still depend on it
    (a criterion's scores belong to the procurement the criterion was scored in)."""
    if row.pk is None:
        return
    before = type(row)._base_manager.filter(pk=row.pk).values_list("procurement_id", flat=True).first()
    if before is not None and before != row.procurement_id and getattr(row, related).exists():
        raise ValidationError({"procurement": message})


#
# Procurements
#


class ProcurementQuerySet(OrganisationQuerySet):
    """A Prestataire sees only the procurements its vendor takes part in (as a candidate or as
    the awardee), and of those only what is published to candidates: the procurement, its lots
    and its calendar — never the offer analysis (see the `procurement_analysis` domain)."""

    # From a row of this queryset to its procurement.
    procurement_lookup = ""

    def visible_to(self, membership):
        queryset = super().visible_to(membership)
        if membership.role != Role.PRESTATAIRE:
            return queryset
        involved = Procurement.objects.filter(
            Q(awarded_vendor__accounts=membership) | Q(candidates__vendor__accounts=membership)
        ).values("pk")
        return queryset.filter(**{f"{self.procurement_lookup or 'pk'}__in": involved})


class ProcurementPartQuerySet(ProcurementQuerySet):
    procurement_lookup = "procurement"


class Procurement(OrganisationScopedModel):
    """A public procurement (marché public): its procedure, its lots, its calendar, its offer
    analysis and, once awarded, the vendor and the contract that came out of it."""

    reference = models.CharField("référence", max_length=80)
    subject = models.CharField("objet", max_length=300)
    procedure_type = models.CharField(
        "type de procédure", max_length=20, choices=ProcedureType.choices, default=ProcedureType.MAPA
    )
    estimated_amount_ht = amount_ht("montant estimé HT (€)")
    is_structuring = models.BooleanField("structurant", default=False)
    status = models.CharField(
        "statut", max_length=20, choices=ProcurementStatus.choices, default=ProcurementStatus.PREPARATION
    )
    awarded_vendor = models.ForeignKey(
        Vendor,
        verbose_name="attributaire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awarded_procurements",
    )
    awarded_contract = models.ForeignKey(
        Contract,
        verbose_name="contrat issu du marché",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procurements",
    )
    notes = models.TextField("remarques", blank=True)

    objects = ProcurementQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "marché public"
        verbose_name_plural = "marchés publics"
        ordering = ("reference",)
        indexes = [
            models.Index(fields=["organisation", "reference"], name="vendors_procurement_org_ref"),
            models.Index(fields=["organisation", "status"], name="vendors_procurement_org_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="vendors_procurement_unique_org_reference",
                violation_error_message="Un marché porte déjà cette référence dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.subject}"

    def clean(self) -> None:
        super().clean()
        contract, vendor = self.awarded_contract, self.awarded_vendor
        if contract is not None and vendor is not None and contract.vendor_id != vendor.pk:
            raise ValidationError(
                {"awarded_contract": f"Ce contrat est passé avec « {contract.vendor} », pas avec l'attributaire."}
            )

    def late_steps_count(self, today: date | None = None) -> int:
        return self.steps.late(today or date.today()).count()


class Lot(OrganisationScopedModel):
    """A lot of a procurement, awarded separately (lot 1 : infogérance, lot 2 : matériel…)."""

    procurement = models.ForeignKey(Procurement, verbose_name="marché", on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(
        "numéro", validators=[MinValueValidator(1, "Les lots se numérotent à partir de 1.")]
    )
    title = models.CharField("intitulé", max_length=300)
    estimated_amount_ht = amount_ht("montant estimé HT (€)")

    objects = ProcurementPartQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "lot"
        verbose_name_plural = "lots"
        ordering = ("procurement", "number")
        indexes = [models.Index(fields=["organisation", "procurement", "number"], name="vendors_lot_org_proc")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "procurement", "number"],
                name="vendors_lot_unique_org_procurement_number",
                violation_error_message="Ce marché a déjà un lot portant ce numéro.",
            )
        ]

    def __str__(self) -> str:
        return f"Lot {self.number} — {self.title}"

    def clean(self) -> None:
        super().clean()
        refuse_move_with(self, "candidates", "Des candidats ont répondu à ce lot : il ne peut pas changer de marché.")


#
# Calendar of the procedure
#


class ProcedureStepQuerySet(ProcurementPartQuerySet):
    def with_due(self):
        """Adds `due`, the due date of each step: its planned end, else its planned start."""
        return self.alias(due=Coalesce("planned_end", "planned_start"))

    def late(self, today: date):
        """Steps not done whose due date has passed (see ProcedureStep.is_late)."""
        return self.with_due().filter(is_done=False, due__lt=today)


class ProcedureStep(OrganisationScopedModel):
    """A step of the procedure's calendar (publication, DLRO, analysis, notification…).

    A step is late when it is not done and its due date, the planned end or else the planned
    start, is before today; a step without any date is never late.
    """

    procurement = models.ForeignKey(Procurement, verbose_name="marché", on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField("ordre")
    name = models.CharField("étape", max_length=300)
    planned_start = models.DateField("début prévu", null=True, blank=True)
    planned_end = models.DateField("fin prévue", null=True, blank=True)
    actual_date = models.DateField("date réelle", null=True, blank=True)
    is_done = models.BooleanField("réalisée", default=False)
    is_estimate = models.BooleanField(
        "date approximative", default=False, help_text="La date est une estimation (« fin février »)."
    )
    notes = models.TextField("remarques", blank=True)

    objects = ProcedureStepQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "étape de procédure"
        verbose_name_plural = "étapes de procédure"
        ordering = ("procurement", "position")
        indexes = [
            models.Index(fields=["organisation", "procurement", "position"], name="vendors_step_org_proc"),
            models.Index(fields=["organisation", "is_done", "planned_end"], name="vendors_step_org_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "procurement", "position"],
                name="vendors_step_unique_org_procurement_position",
                violation_error_message="Ce marché a déjà une étape à cette position.",
            )
        ]

    def __str__(self) -> str:
        return f"Étape {self.position} — {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            end, start = display(self.planned_end), display(self.planned_start)
            raise ValidationError({"planned_end": f"La fin prévue ({end}) précède le début prévu ({start})."})

    @property
    def due_date(self) -> date | None:
        return self.planned_end or self.planned_start

    def is_late(self, today: date | None = None) -> bool:
        today = today or date.today()
        return not self.is_done and self.due_date is not None and self.due_date < today


#
# Offer analysis
#


class Criterion(OrganisationScopedModel):
    """A criterion of the offer analysis, weighted in percent; a procurement's weights sum to 100 %."""

    procurement = models.ForeignKey(
        Procurement, verbose_name="marché", on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField("critère", max_length=200)
    weight = models.DecimalField(
        "pondération (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0, WEIGHT_RANGE), MaxValueValidator(100, WEIGHT_RANGE)],
    )
    position = models.PositiveSmallIntegerField("ordre", default=1)
    description = models.TextField("description", blank=True, help_text="Sous-critères, méthode de notation.")

    permission_domain = "procurement_analysis"

    class Meta:
        verbose_name = "critère d'analyse"
        verbose_name_plural = "critères d'analyse"
        ordering = ("procurement", "position", "name")
        indexes = [models.Index(fields=["organisation", "procurement"], name="vendors_criterion_org_proc")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "procurement", "name"],
                name="vendors_criterion_unique_org_procurement_name",
                violation_error_message="Ce marché a déjà un critère portant ce nom.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({display(self.weight.normalize() if self.weight is not None else None)} %)"

    def clean(self) -> None:
        super().clean()
        refuse_move_with(
            self, "scores", "Des candidats sont déjà notés sur ce critère : il ne peut pas changer de marché."
        )


class Candidate(OrganisationScopedModel):
    """A candidate (an offer) of the procurement, or of one of its lots."""

    procurement = models.ForeignKey(
        Procurement, verbose_name="marché", on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField("candidat", max_length=200)
    vendor = models.ForeignKey(
        Vendor,
        verbose_name="prestataire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
        help_text="Le prestataire du référentiel, s'il existe déjà.",
    )
    # RESTRICT: a lot with candidates cannot be deleted alone (their offers would lose their lot),
    # but deleting the whole procurement cascades through both.
    lot = models.ForeignKey(
        Lot, verbose_name="lot", null=True, blank=True, on_delete=models.RESTRICT, related_name="candidates"
    )
    is_admissible = models.BooleanField(
        "offre admise", default=True, help_text="Une offre irrégulière, inacceptable ou inappropriée n'est pas classée."
    )
    notes = models.TextField("remarques", blank=True)

    permission_domain = "procurement_analysis"

    class Meta:
        verbose_name = "candidat"
        verbose_name_plural = "candidats"
        ordering = ("procurement", "name")
        indexes = [models.Index(fields=["organisation", "procurement"], name="vendors_candidate_org_proc")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "procurement", "name"],
                condition=Q(lot__isnull=True),
                name="vendors_candidate_unique_org_procurement_name",
                violation_error_message="Ce marché a déjà un candidat portant ce nom.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "procurement", "lot", "name"],
                condition=Q(lot__isnull=False),
                name="vendors_candidate_unique_org_lot_name",
                violation_error_message="Ce lot a déjà un candidat portant ce nom.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.lot is not None and self.procurement_id is not None and self.lot.procurement_id != self.procurement_id:
            raise ValidationError({"lot": "Ce lot appartient à un autre marché."})
        refuse_move_with(self, "scores", "Ce candidat est déjà noté : il ne peut pas changer de marché.")


class Score(OrganisationScopedModel):
    """The score of a candidate on a criterion, from 0 to 20, with its justification."""

    candidate = models.ForeignKey(Candidate, verbose_name="candidat", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="critère", on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(
        "note (sur 20)",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0, SCORE_RANGE), MaxValueValidator(20, SCORE_RANGE)],
    )
    justification = models.TextField(
        "justification", blank=True, help_text="Ce qui motive la note : elle figure dans le rapport d'analyse."
    )

    permission_domain = "procurement_analysis"

    class Meta:
        verbose_name = "note"
        verbose_name_plural = "notes"
        ordering = ("candidate", "criterion")
        indexes = [
            models.Index(fields=["organisation", "candidate"], name="vendors_score_org_candidate"),
            models.Index(fields=["organisation", "criterion"], name="vendors_score_org_criterion"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "candidate", "criterion"],
                name="vendors_score_unique_org_candidate_criterion",
                violation_error_message="Ce candidat a déjà une note pour ce critère.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.criterion.name} : {display(self.score)}/20"

    def clean(self) -> None:
        super().clean()
        if (
            self.candidate_id is not None
            and self.criterion_id is not None
            and self.candidate.procurement_id != self.criterion.procurement_id
        ):
            raise ValidationError({"criterion": "Ce critère relève d'un autre marché que le candidat."})
