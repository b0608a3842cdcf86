from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from gouvernail.core.choices import Role
from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel
from gouvernail.vendors.choices import ContactRole, VendorTypology

__all__ = ("Contract", "Vendor", "VendorContact")

RENEWAL_HORIZON_MONTHS = 12
NOTICE_HORIZON_DAYS = 90


class VendorScopedQuerySet(OrganisationQuerySet):
    """Rows a Prestataire may read: those of the vendors its membership operates."""

    accounts_lookup = "vendor__accounts"

    def visible_to(self, membership):
        queryset = super().visible_to(membership)
        if membership.role == Role.PRESTATAIRE:
            return queryset.filter(**{self.accounts_lookup: membership})
        return queryset


class VendorQuerySet(VendorScopedQuerySet):
    accounts_lookup = "accounts"


class Vendor(OrganisationScopedModel):
    """A supplier of the information system: operator, host, software publisher, outsourcer."""

    name = models.CharField("nom", max_length=200)
    typology = models.CharField(
        "typologie", max_length=20, choices=VendorTypology.choices, default=VendorTypology.OTHER
    )
    is_critical = models.BooleanField(
        "critique / structurant", default=False, help_text="Un arrêt de ce prestataire bloquerait un service essentiel."
    )
    website = models.URLField("site web", blank=True)
    is_active = models.BooleanField("actif", default=True)
    notes = models.TextField("remarques", blank=True)
    accounts = models.ManyToManyField(
        "core.Membership",
        verbose_name="comptes prestataire",
        blank=True,
        related_name="vendors",
        help_text="Habilitations « Prestataire » qui voient ce prestataire et ses contrats.",
    )

    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = "prestataire"
        verbose_name_plural = "prestataires"
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "name"], name="vendors_vendor_org_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="vendors_vendor_unique_org_name",
                violation_error_message="Un prestataire porte déjà ce nom dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class VendorContact(OrganisationScopedModel):
    """A way to reach a vendor for a given role. Names of vendor staff are optional (least data)."""

    vendor = models.ForeignKey(Vendor, verbose_name="prestataire", on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField("rôle", max_length=20, choices=ContactRole.choices, default=ContactRole.SUPPORT)
    label = models.CharField("interlocuteur", max_length=160, blank=True, help_text="Fonction ou nom, si utile.")
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=40, blank=True)
    url = models.URLField("portail", blank=True)

    objects = VendorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "contact prestataire"
        verbose_name_plural = "contacts prestataires"
        ordering = ("vendor__name", "role")
        indexes = [models.Index(fields=["organisation", "vendor"], name="vendors_contact_org_vendor")]

    def __str__(self) -> str:
        return f"{self.vendor} — {self.get_role_display()}"


class ContractQuerySet(VendorScopedQuerySet):
    def active_on(self, day: date):
        return self.filter(start_date__lte=day, end_date__gte=day)

    def to_renew(self, day: date):
        """Running contracts that end within the renewal horizon (12 months)."""
        return self.active_on(day).filter(end_date__lte=day + relativedelta(months=RENEWAL_HORIZON_MONTHS))

    def notice_due(self, day: date):
        """Contracts whose notice deadline (the last day to give notice) falls within the next
        `NOTICE_HORIZON_DAYS`: past it, the contract renews or ends without a say."""
        return self.filter(notice_deadline__gte=day, notice_deadline__lte=day + timedelta(days=NOTICE_HORIZON_DAYS))


class Contract(OrganisationScopedModel):
    """A contract with a vendor. The end date derives from begin + duration, the notice deadline
    from end − notice, so renewals can be anticipated."""

    reference = models.CharField("référence", max_length=80)
    subject = models.CharField("objet", max_length=300)
    # RESTRICT, not PROTECT: a vendor with contracts cannot be deleted alone, but deleting the
    # whole organisation cascades through both.
    vendor = models.ForeignKey(Vendor, verbose_name="prestataire", on_delete=models.RESTRICT, related_name="contracts")
    start_date = models.DateField("date de début")
    duration_months = models.PositiveSmallIntegerField(
        "durée (mois)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "La durée doit être d'au moins un mois.")],
        help_text="La date de fin en découle. Laissez vide pour saisir la date de fin.",
    )
    end_date = models.DateField("date de fin", null=True, blank=True)
    notice_months = models.PositiveSmallIntegerField("préavis (mois)", default=0)
    notice_deadline = models.DateField("date limite de dénonciation", null=True, blank=True, editable=False)
    tacit_renewal = models.BooleanField("reconduction tacite", default=False)
    annual_amount_ht = models.DecimalField(
        "montant annuel HT (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Le montant ne peut pas être négatif.")],
    )
    annual_amount_ttc = models.DecimalField(
        "montant annuel TTC (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Le montant ne peut pas être négatif.")],
    )
    procurement_reference = models.CharField("référence du marché", max_length=80, blank=True)
    is_structuring = models.BooleanField("structurant", default=False)
    notes = models.TextField("remarques", blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat"
        verbose_name_plural = "contrats"
        ordering = ("end_date", "reference")
        indexes = [
            models.Index(fields=["organisation", "end_date"], name="vendors_contract_org_end"),
            models.Index(fields=["organisation", "vendor"], name="vendors_contract_org_vendor"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="vendors_contract_unique_org_reference",
                violation_error_message="Un contrat porte déjà cette référence dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.subject}"

    def clean(self) -> None:
        super().clean()
        if self.start_date is None:
            return
        if self.duration_months:
            try:
                self.end_date = derive_end_date(self.start_date, self.duration_months)
            except (ValueError, OverflowError):
                raise ValidationError({"duration_months": "La date de fin qui en découle dépasse l'an 9999."}) from None
        elif self.end_date is None:
            raise ValidationError({"end_date": "Indiquez la durée ou la date de fin du contrat."})
        elif self.end_date < self.start_date:
            end, start = f"{self.end_date:%d/%m/%Y}", f"{self.start_date:%d/%m/%Y}"
            message = f"La date de fin ({end}) précède la date de début ({start})."
            raise ValidationError({"end_date": message})
        try:
            self.end_date - relativedelta(months=self.notice_months or 0)
        except (ValueError, OverflowError):
            message = "Ce préavis placerait la date limite de dénonciation avant l'an 1."
            raise ValidationError({"notice_months": message}) from None

    def derive(self) -> None:
        """The end date from begin + duration, the notice deadline from end − notice; `save()`
        and the bulk upsert both call it."""
        if self.start_date and self.duration_months:
            self.end_date = derive_end_date(self.start_date, self.duration_months)
        self.notice_deadline = (
            self.end_date - relativedelta(months=self.notice_months or 0) if self.end_date is not None else None
        )

    def save(self, *args, **kwargs) -> None:
        self.derive()
        super().save(*args, **kwargs)

    def to_renew(self, today: date | None = None) -> bool:
        """« À renouveler < 12 mois »: running, and ending within the renewal horizon."""
        today = today or date.today()
        if self.end_date is None or self.start_date > today or self.end_date < today:
            return False
        return self.end_date <= today + relativedelta(months=RENEWAL_HORIZON_MONTHS)


def derive_end_date(start: date, duration_months: int) -> date:
    """A contract of N months starting on 1 Jan ends on 31 Dec (the day before the anniversary)."""
    return start + relativedelta(months=duration_months) - timedelta(days=1)
