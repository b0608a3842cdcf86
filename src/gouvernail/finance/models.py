"""The IT budget in the M57 nomenclature: accounts, budget lines, programmes (AP) and their
payment credits (CP), execution (engagements and mandats), the multi-year trajectory and the
organisation's cost settings."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from gouvernail.core.formatting import display
from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel
from gouvernail.finance.choices import REFERENCE_SCENARIO, ExecutionKind, Section

__all__ = (
    "Account",
    "BudgetLine",
    "BudgetLineQuerySet",
    "ExecutionEntry",
    "FinanceSettings",
    "PaymentCredit",
    "Programme",
    "TrajectoryEntry",
)

ZERO = Decimal("0.00")
YEAR_VALIDATORS = [
    MinValueValidator(2000, "Indiquez un exercice à partir de 2000."),
    MaxValueValidator(2100, "Indiquez un exercice jusqu'en 2100."),
]
NON_NEGATIVE = [MinValueValidator(0, "Le montant ne peut pas être négatif.")]
siret_validator = RegexValidator(r"^\d{14}$", "Le SIRET comporte exactement 14 chiffres.")
MONEY = DecimalField(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")


def to_cents(value) -> Decimal:
    """An amount rounded to the cent (half up, as public accounting rounds)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def euros_text(value) -> str:
    """« 1 234,56 € »: French grouping and decimal comma, always two decimals."""
    return f"{display(to_cents(value))}\u00a0€"


def money(label: str, *, signed: bool = False, **kwargs) -> models.DecimalField:
    """An amount in euros: Decimal, two places, never a float."""
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, validators=[] if signed else NON_NEGATIVE, **kwargs
    )


class Account(OrganisationScopedModel):
    """An account (nature) of the M57 plan de comptes that the IT budget uses, with its chapter.
    Shipped from a small reference table; the organisation edits and completes it."""

    section = models.CharField("section", max_length=20, choices=Section.choices)
    chapter = models.CharField(
        "chapitre",
        max_length=4,
        validators=[RegexValidator(r"^\d{2,3}$", "Le chapitre s'écrit avec 2 ou 3 chiffres (ex. 21, 011).")],
    )
    number = models.CharField(
        "compte (nature)",
        max_length=10,
        validators=[RegexValidator(r"^\d{2,8}$", "Le compte s'écrit avec 2 à 8 chiffres (ex. 2183).")],
    )
    title = models.CharField("intitulé", max_length=200)
    note = models.CharField("remarque", max_length=300, blank=True)
    is_active = models.BooleanField("utilisé", default=True)

    permission_domain = "finance"

    class Meta:
        verbose_name = "compte M57"
        verbose_name_plural = "comptes M57"
        ordering = ("section", "number")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                name="finance_account_unique_org_number",
                violation_error_message="Ce compte existe déjà dans la nomenclature de l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Programme(OrganisationScopedModel):
    """An autorisation de programme (AP): the ceiling of what may be committed for a multi-year
    investment, valid until cancelled, and paid through yearly crédits de paiement (CP)."""

    code = models.CharField("numéro d'AP", max_length=40)
    label = models.CharField("intitulé", max_length=200)
    amount = money("montant de l'AP (€)")
    voted_on = models.DateField("votée le", null=True, blank=True)
    axis = models.ForeignKey(
        "steering.RoadmapAxis",
        verbose_name="axe de la feuille de route",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        "steering.Project", verbose_name="projet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_closed = models.BooleanField("soldée ou annulée", default=False)
    notes = models.TextField("remarques", blank=True)

    permission_domain = "finance"

    class Meta:
        verbose_name = "autorisation de programme"
        verbose_name_plural = "autorisations de programme"
        ordering = ("code",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="finance_programme_unique_org_code",
                violation_error_message="Une autorisation de programme porte déjà ce numéro.",
            )
        ]

    def __str__(self) -> str:
        return f"AP {self.code} — {self.label}"

    @property
    def lines_with_amounts(self):
        """The budget lines of the AP with their execution (for its detail page)."""
        return self.lines.with_amounts().select_related("account")

    def credits_total(self) -> Decimal:
        """The sum of the programme's crédits de paiement, all years."""
        return self.credits.aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]


class PaymentCredit(OrganisationScopedModel):
    """The crédits de paiement (CP) of an AP for one year: what may be mandated that year."""

    programme = models.ForeignKey(
        Programme, verbose_name="autorisation de programme", on_delete=models.CASCADE, related_name="credits"
    )
    year = models.PositiveSmallIntegerField("exercice", validators=YEAR_VALIDATORS)
    amount = money("crédits de paiement (€)")

    permission_domain = "finance"

    class Meta:
        verbose_name = "crédit de paiement"
        verbose_name_plural = "crédits de paiement"
        ordering = ("programme__code", "year")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                name="finance_credit_unique_programme_year",
                violation_error_message="Cette AP a déjà des crédits de paiement pour cet exercice.",
            )
        ]

    def __str__(self) -> str:
        return f"CP {self.year} — {self.programme}"

    def clean(self) -> None:
        super().clean()
        if self.programme_id is None or self.amount is None:
            return
        others = self.programme.credits.exclude(pk=self.pk).aggregate(
            total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
        )["total"]
        if others + self.amount > self.programme.amount:
            room = self.programme.amount - others
            message = (
                f"Les crédits de paiement dépasseraient le montant de l'AP : il reste {euros_text(room)} à répartir."
            )
            raise ValidationError({"amount": message})


class BudgetLineQuerySet(OrganisationQuerySet):
    def with_amounts(self) -> "BudgetLineQuerySet":
        """Every line with its crédits ouverts, engagé, mandaté and reste à réaliser, computed in
        the database: the one query path of the lists, exports, dashboard and COPIL slide.
        Idempotent: a filter that needed the amounts may have added them already."""
        if "opened" in self.query.annotations:
            return self
        entries = ExecutionEntry.objects.filter(line=OuterRef("pk")).order_by().values("line")

        def total(kind: str):
            summed = entries.filter(kind=kind).annotate(total=Sum("amount")).values("total")
            return Coalesce(Subquery(summed, output_field=MONEY), Value(ZERO), output_field=MONEY)

        return self.annotate(
            opened=models.ExpressionWrapper(
                models.F("primitive_amount") + models.F("amendments_amount") + models.F("carried_over_amount"),
                output_field=MONEY,
            ),
            engaged=total(ExecutionKind.COMMITMENT),
            mandated=total(ExecutionKind.PAYMENT),
        ).annotate(
            remaining=Greatest(
                models.ExpressionWrapper(models.F("engaged") - models.F("mandated"), output_field=MONEY),
                Value(ZERO),
                output_field=MONEY,
            )
        )

    def totals(self) -> dict[str, Decimal]:
        """Sums of the amounts of the lines (after `with_amounts`)."""
        fields = ("primitive_amount", "amendments_amount", "opened", "engaged", "mandated", "remaining")
        # Aliases distinct from the annotations: an aggregate named like one silently sums nothing.
        sums = self.order_by().aggregate(
            **{f"sum_{name}": Coalesce(Sum(name), Value(ZERO), output_field=MONEY) for name in fields}
        )
        return {name: sums[f"sum_{name}"] for name in fields}

    # RESTRICT rather than PROTECT on the account and the AP: neither can be deleted while lines use
    # it, but deleting the whole organisation cascades through all of them.
    def totals_by_section(self) -> dict[str, dict]:
        """`totals()` per section and overall ("total"), with the number of lines, in one query."""
        fields = ("primitive_amount", "amendments_amount", "opened", "engaged", "mandated", "remaining")
        empty = {name: ZERO for name in fields} | {"count": 0}
        result = {section: dict(empty) for section in Section.values} | {"total": dict(empty)}
        grouped = (
            self.order_by()
            .values("section")
            .annotate(count=models.Count("pk"), **{f"sum_{name}": Sum(name) for name in fields})
        )
        for row in grouped:
            for target in (result[row["section"]], result["total"]):
                target["count"] += row["count"]
                for name in fields:
                    target[name] += row[f"sum_{name}"] or ZERO
        return result


class BudgetLine(OrganisationScopedModel):
    """One line of the IT budget of a fiscal year: an imputation (section, chapter, account,
    function) with its voted amounts; engagé and mandaté come from the execution rows.

    What feeds the line (a contract, a project, an application, an AP) is linked, so the
    proposal for next year can be computed from it."""

    year = models.PositiveSmallIntegerField("exercice", validators=YEAR_VALIDATORS)
    section = models.CharField("section", max_length=20, choices=Section.choices)
    account = models.ForeignKey(
        Account, verbose_name="compte (nature)", on_delete=models.RESTRICT, related_name="lines"
    )
    function = models.CharField(
        "fonction",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{1,4}$", "La fonction s'écrit en chiffres (ex. 020).")],
        help_text="Code fonctionnel M57, par exemple 020 (administration générale de la collectivité).",
    )
    service = models.ForeignKey(
        "core.Service", verbose_name="service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField("libellé", max_length=200)
    programme = models.ForeignKey(
        Programme,
        verbose_name="opération (AP)",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="lines",
    )
    axis = models.ForeignKey(
        "steering.RoadmapAxis",
        verbose_name="axe de la feuille de route",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contract = models.ForeignKey(
        "vendors.Contract", verbose_name="contrat", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        "steering.Project", verbose_name="projet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primitive_amount = money("budget primitif (€)")
    amendments_amount = money(
        "décisions modificatives (€)",
        signed=True,
        help_text="Total des DM et du budget supplémentaire ; peut être négatif.",
    )
    carried_over_amount = money("reports de l'exercice précédent (€)", help_text="Restes à réaliser de N-1 reportés.")
    indexation_percent = models.DecimalField(
        "indexation annuelle (%)",
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[
            MinValueValidator(-50, "L'indexation doit être comprise entre -50 et 50 %."),
            MaxValueValidator(50, "L'indexation doit être comprise entre -50 et 50 %."),
        ],
        help_text="Appliquée au montant du contrat pour proposer la prévision de l'exercice suivant.",
    )
    forecast_amount = money(
        "prévision de l'exercice suivant (€)",
        null=True,
        blank=True,
        default=None,
        help_text="Proposée à partir de ce qui alimente la ligne, puis ajustée.",
    )
    notes = models.TextField("remarques", blank=True)

    objects = BudgetLineQuerySet.as_manager()
    permission_domain = "finance"

    class Meta:
        verbose_name = "ligne budgétaire"
        verbose_name_plural = "lignes budgétaires"
        ordering = ("year", "section", "account__number", "function", "label")
        indexes = [models.Index(fields=["organisation", "year", "section"], name="finance_line_org_year_section")]

    def __str__(self) -> str:
        return f"{self.year} · {self.imputation} — {self.label}"

    @property
    def imputation(self) -> str:
        """Chapter-account-function, as finance software prints it (« 21-2183-020 »)."""
        if self.account_id is None:
            return "—"
        parts = [self.account.chapter, self.account.number] + ([self.function] if self.function else [])
        return "-".join(parts)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.account_id and self.section and self.account.section != self.section:
            errors["account"] = (
                f"Le compte {self.account.number} relève de la section "
                f"{self.account.get_section_display().lower()}, pas de celle de la ligne."
            )
        if self.programme_id and self.section != Section.INVESTMENT:
            errors["programme"] = "Une autorisation de programme ne finance que des dépenses d'investissement."
        if errors:
            raise ValidationError(errors)


class ExecutionEntry(OrganisationScopedModel):
    """An engagement or a mandat of the finance software, attached to the budget line of its
    imputation. A row whose imputation matches no line keeps `line` empty: listed, never dropped."""

    year = models.PositiveSmallIntegerField("exercice", validators=YEAR_VALIDATORS)
    kind = models.CharField("nature", max_length=20, choices=ExecutionKind.choices)
    reference = models.CharField("n° de pièce", max_length=60, blank=True)
    date = models.DateField("date")
    imputation = models.CharField("imputation", max_length=60, help_text="Telle que l'écrit le logiciel financier.")
    line = models.ForeignKey(
        BudgetLine,
        verbose_name="ligne budgétaire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", verbose_name="prestataire", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    third_party = models.CharField("tiers", max_length=200, blank=True)
    siret = models.CharField("SIRET du tiers", max_length=14, blank=True, validators=[siret_validator])
    amount = money("montant (€)", signed=True, help_text="Négatif pour une annulation ou une réduction.")
    subject = models.CharField("objet", max_length=300, blank=True)

    permission_domain = "finance"

    class Meta:
        verbose_name = "engagement ou mandat"
        verbose_name_plural = "engagements et mandats"
        ordering = ("-date", "reference")
        indexes = [models.Index(fields=["organisation", "year", "kind"], name="finance_entry_org_year_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "kind", "reference"],
                condition=~models.Q(reference=""),
                name="finance_entry_unique_org_piece",
                violation_error_message="Une pièce de même nature porte déjà ce numéro pour cet exercice.",
            )
        ]

    def __str__(self) -> str:
        piece = f" n° {self.reference}" if self.reference else ""
        return f"{self.get_kind_display()}{piece} du {self.date:%d/%m/%Y}"

    def clean(self) -> None:
        super().clean()
        if self.line_id and self.line.year != self.year:
            raise ValidationError({"line": f"Cette ligne relève de l'exercice {self.line.year}, pas de {self.year}."})


class TrajectoryEntry(OrganisationScopedModel):
    """An amount planned for one year of the pluriannual trajectory (PPI), by section and roadmap
    axis, in a scenario (the reference one, or an alternative the COPIL compares)."""

    scenario = models.CharField("scénario", max_length=120, default=REFERENCE_SCENARIO)
    year = models.PositiveSmallIntegerField("année", validators=YEAR_VALIDATORS)
    section = models.CharField("section", max_length=20, choices=Section.choices)
    axis = models.ForeignKey(
        "steering.RoadmapAxis",
        verbose_name="axe de la feuille de route",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    label = models.CharField("libellé", max_length=200)
    amount = money("montant prévu (€)")
    notes = models.TextField("remarques", blank=True)

    permission_domain = "finance"

    class Meta:
        verbose_name = "montant de la trajectoire"
        verbose_name_plural = "trajectoire pluriannuelle"
        ordering = ("scenario", "year", "section", "label")
        indexes = [models.Index(fields=["organisation", "scenario", "year"], name="finance_traj_org_scen_year")]

    def __str__(self) -> str:
        return f"{self.year} · {self.label} ({self.scenario})"


class FinanceSettings(OrganisationScopedModel):
    """What the organisation sets for the cost computations (one row per organisation)."""

    hourly_support_cost = money(
        "coût horaire du support (€)",
        default=Decimal("35.00"),
        help_text="Multiplie le temps passé sur les demandes pour la part support du coût complet.",
    )

    permission_domain = "finance"

    class Meta:
        verbose_name = "paramètres financiers"
        verbose_name_plural = "paramètres financiers"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="finance_settings_unique_org",
                violation_error_message="L'organisation a déjà ses paramètres financiers.",
            )
        ]

    def __str__(self) -> str:
        return "Paramètres financiers"
