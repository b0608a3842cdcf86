"""The record of processing activities (RGPD art. 30), its processors and its impact assessments.

Personal-data breaches are not recorded here: the security incident register (app `compliance`)
owns them with the CNIL's 72-hour clock; an incident points at the processing it affects.
"""

from datetime import date, timedelta

from django.db import models

from gouvernail.core.choices import Role
from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel
from gouvernail.dataprotection.choices import (
    WP248_CRITERIA,
    WP248_THRESHOLD,
    ActivityRole,
    AssessmentStatus,
    CnilListItem,
    DataCategory,
    DataProtectionClause,
    LegalBasis,
    RegisterStatus,
    SecurityMeasure,
)

__all__ = ("ImpactAssessment", "ProcessingActivity", "ProcessorEngagement", "Register", "REVIEW_DAYS")

# The register is reviewed yearly: a fiche not confirmed for this long is « à revoir ».
REVIEW_DAYS = 365


def review_limit(today: date) -> date:
    """The oldest review date that still counts as « à jour » on `today`."""
    return today - timedelta(days=REVIEW_DAYS)


class RegisterQuerySet(OrganisationQuerySet):
    """The register may be given to a Prestataire that acts as the DPO (a mutualised DPO is often
    a vendor): its accounts read the register, nothing else of the data-protection domain's peers."""

    def visible_to(self, membership):
        rows = super().visible_to(membership)
        if membership.role == Role.PRESTATAIRE and not is_dpo_account(membership):
            return rows.none()
        return rows


def is_dpo_account(membership) -> bool:
    return Register.objects.filter(
        organisation_id=membership.organisation_id, dpo_vendor__accounts__pk=membership.pk
    ).exists()


class DataProtectionModel(OrganisationScopedModel):
    permission_domain = "dataprotection"
    objects = RegisterQuerySet.as_manager()

    class Meta:
        abstract = True


class Register(DataProtectionModel):
    """The head of the register (art. 30(1)(a), 30(2)(a)): who is the controller, its representative
    and its data protection officer. One per organisation."""

    controller_name = models.CharField("responsable de traitement", max_length=200)
    controller_contact = models.TextField("coordonnées du responsable", blank=True)
    representative = models.CharField("représentant légal", max_length=200, blank=True)
    dpo_name = models.CharField(
        "délégué à la protection des données (DPO)", max_length=200, blank=True, help_text="Nom ou organisme mutualisé."
    )
    dpo_contact = models.CharField("contact du DPO", max_length=200, blank=True, help_text="Adresse fonctionnelle.")
    dpo_vendor = models.ForeignKey(
        "vendors.Vendor",
        verbose_name="DPO assuré par le prestataire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Les comptes « Prestataire » de ce prestataire lisent le registre, et rien d'autre de la conformité.",
    )
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "responsable et DPO"
        verbose_name_plural = "responsable et DPO"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="dataprotection_register_unique_org",
                violation_error_message="L'organisation a déjà sa fiche de responsable de traitement.",
            )
        ]

    def __str__(self) -> str:
        return f"Registre de {self.controller_name}"


class ProcessingActivity(DataProtectionModel):
    """One processing activity of the register, on the controller side (the authority decides the
    purpose) or the processor side (it processes for a member commune)."""

    reference = models.CharField("référence", max_length=30, help_text="Ex. T-01 : clé de l'export et de l'import.")
    name = models.CharField("nom du traitement", max_length=200)
    role = models.CharField(
        "rôle de l'organisme", max_length=20, choices=ActivityRole.choices, default=ActivityRole.CONTROLLER
    )
    controllers_served = models.TextField(
        "responsables pour le compte desquels l'organisme agit",
        blank=True,
        help_text="Registre du sous-traitant (art. 30.2) : les communes ou organismes servis.",
    )
    joint_controller = models.CharField("responsable conjoint", max_length=200, blank=True)
    responsible_service = models.ForeignKey(
        "core.Service",
        verbose_name="service responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.TextField("objectifs poursuivis (finalités)", blank=True)
    legal_basis = models.CharField("base légale", max_length=30, choices=LegalBasis.choices, blank=True)
    data_subjects = models.TextField("catégories de personnes concernées", blank=True)
    data_categories = models.JSONField("catégories de données", default=list, blank=True)
    data_details = models.TextField("précisions sur les données", blank=True)
    sensitive_data = models.BooleanField("données sensibles", default=False, help_text="Art. 9, infractions, NIR.")
    sensitive_details = models.TextField("précisions sur les données sensibles", blank=True)
    retention = models.TextField("durées de conservation", blank=True)
    recipients_internal = models.TextField("destinataires internes", blank=True)
    recipients_external = models.TextField("organismes externes destinataires", blank=True)
    transfers_outside_eu = models.BooleanField("transferts hors UE", default=False)
    transfer_countries = models.CharField("pays destinataires", max_length=200, blank=True)
    transfer_safeguards = models.TextField("garanties des transferts", blank=True)
    security_measures = models.JSONField("mesures de sécurité", default=list, blank=True)
    security_details = models.TextField("autres mesures de sécurité", blank=True)
    applications = models.ManyToManyField(
        "applications.Application", verbose_name="logiciels ou applications", blank=True, related_name="+"
    )
    reviewed_on = models.DateField(
        "date de dernière mise à jour", null=True, blank=True, help_text="Revue au moins une fois par an."
    )
    is_complete = models.BooleanField("fiche complète", default=False, editable=False)
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "activité de traitement"
        verbose_name_plural = "registre des activités de traitement"
        ordering = ("reference",)
        indexes = [models.Index(fields=["organisation", "reference"], name="dataprot_activity_org_ref")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="dataprotection_activity_unique_org_ref",
                violation_error_message="Une activité de traitement porte déjà cette référence.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.name}"

    def missing_fields(self) -> list[str]:
        """The art. 30 entries still empty (the transfer and processor ones only when they apply)."""
        required = ["purpose", "legal_basis", "data_subjects", "data_categories", "retention", "security_measures"]
        if self.role == ActivityRole.PROCESSOR:
            required.append("controllers_served")
        if self.transfers_outside_eu:
            required += ["transfer_countries", "transfer_safeguards"]
        return [str(self._meta.get_field(name).verbose_name) for name in required if not getattr(self, name)]

    def save(self, *args, **kwargs) -> None:
        # Stored in the choices' order: the same set reads the same in the export and the journal.
        self.data_categories = [code for code in DataCategory.values if code in set(self.data_categories or ())]
        self.security_measures = [code for code in SecurityMeasure.values if code in set(self.security_measures or ())]
        self.is_complete = not self.missing_fields()
        super().save(*args, **kwargs)

    def status(self, today: date | None = None) -> str:
        today = today or date.today()
        if not self.is_complete:
            return RegisterStatus.TO_COMPLETE
        if self.reviewed_on is None or self.reviewed_on < review_limit(today):
            return RegisterStatus.TO_REVIEW
        return RegisterStatus.UP_TO_DATE

    def status_label(self) -> str:
        return RegisterStatus(self.status()).label

    def data_category_labels(self) -> str:
        labels = dict(DataCategory.choices)
        return ", ".join(str(labels[code]) for code in self.data_categories if code in labels)

    def security_measure_labels(self) -> str:
        labels = dict(SecurityMeasure.choices)
        return ", ".join(str(labels[code]) for code in self.security_measures if code in labels)


def status_filter(status: str, today: date) -> models.Q:
    """The rows of a register status on `today`, as a filter (the list and the indicator share it)."""
    fresh = models.Q(reviewed_on__gte=review_limit(today))
    if status == RegisterStatus.TO_COMPLETE:
        return models.Q(is_complete=False)
    if status == RegisterStatus.UP_TO_DATE:
        return models.Q(is_complete=True) & fresh
    return models.Q(is_complete=True) & ~fresh | models.Q(is_complete=True, reviewed_on__isnull=True)


class ProcessorEngagement(DataProtectionModel):
    """A vendor processing personal data for an activity (art. 28), with the contract that binds it
    and whether that contract carries the data-protection clauses."""

    activity = models.ForeignKey(
        ProcessingActivity, verbose_name="activité de traitement", on_delete=models.CASCADE, related_name="processors"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", verbose_name="sous-traitant", on_delete=models.RESTRICT, related_name="+"
    )
    contract = models.ForeignKey(
        "vendors.Contract", verbose_name="contrat", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clause = models.CharField(
        "clause de protection des données",
        max_length=20,
        choices=DataProtectionClause.choices,
        default=DataProtectionClause.UNKNOWN,
    )
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "sous-traitance"
        verbose_name_plural = "sous-traitances"
        ordering = ("activity__reference", "vendor__name")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity", "vendor"],
                name="dataprotection_engagement_unique",
                violation_error_message="Ce prestataire est déjà sous-traitant de cette activité.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vendor} pour {self.activity.reference}"


class ImpactAssessment(DataProtectionModel):
    """Whether an activity needs a data-protection impact assessment (AIPD) and where it stands.

    Required when the activity is of a type on the CNIL's list (délibération 2018-327) or meets
    two WP248 criteria or more; derived on save, so the list filters on it."""

    activity = models.OneToOneField(
        ProcessingActivity, verbose_name="activité de traitement", on_delete=models.CASCADE, related_name="assessment"
    )
    cnil_list_item = models.CharField("type de la liste CNIL", max_length=40, choices=CnilListItem.choices, blank=True)
    crit_scoring = models.BooleanField(WP248_CRITERIA[0][1], default=False)
    crit_automated_decision = models.BooleanField(WP248_CRITERIA[1][1], default=False)
    crit_systematic_monitoring = models.BooleanField(WP248_CRITERIA[2][1], default=False)
    crit_sensitive_data = models.BooleanField(WP248_CRITERIA[3][1], default=False)
    crit_large_scale = models.BooleanField(WP248_CRITERIA[4][1], default=False)
    crit_matching = models.BooleanField(WP248_CRITERIA[5][1], default=False)
    crit_vulnerable = models.BooleanField(WP248_CRITERIA[6][1], default=False)
    crit_innovative = models.BooleanField(WP248_CRITERIA[7][1], default=False)
    crit_blocks_right = models.BooleanField(WP248_CRITERIA[8][1], default=False)
    is_required = models.BooleanField("AIPD requise", default=False, editable=False)
    status = models.CharField("état", max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.TO_DO)
    completed_on = models.DateField("réalisée le", null=True, blank=True)
    conclusion = models.TextField("conclusion et mesures", blank=True)

    class Meta:
        verbose_name = "analyse d'impact (AIPD)"
        verbose_name_plural = "analyses d'impact (AIPD)"
        ordering = ("activity__reference",)

    def __str__(self) -> str:
        return f"AIPD — {self.activity}"

    def criteria_met(self) -> list[str]:
        return [label for name, label in WP248_CRITERIA if getattr(self, name)]

    def save(self, *args, **kwargs) -> None:
        self.is_required = bool(self.cnil_list_item) or len(self.criteria_met()) >= WP248_THRESHOLD
        super().save(*args, **kwargs)

    def reason(self) -> str:
        if self.cnil_list_item:
            return f"Type figurant sur la liste de la CNIL : {self.get_cnil_list_item_display()}."
        met = len(self.criteria_met())
        if met >= WP248_THRESHOLD:
            return f"{met} critères du G29 (WP248) réunis : deux suffisent en principe."
        return f"{met} critère(s) du G29 (WP248) réuni(s), hors liste CNIL : AIPD non requise en principe."
