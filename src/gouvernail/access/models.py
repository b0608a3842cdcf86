"""Accounts and rights per application, the annual access review, arrivals and departures.

Least data: an account names its person (needed to review it) but keeps no personal detail
beyond the login; the lists that show accounts are for those who govern access (domain
« access »: no Prestataire, no élu)."""

from django.db import models

from gouvernail.access.choices import (
    AccountSource,
    CampaignStatus,
    ChecklistCategory,
    MovementKind,
    ReviewDecision,
)
from gouvernail.core.models import OrganisationScopedModel

__all__ = ("AccessReview", "AccessReviewCampaign", "AccountGrant", "ChecklistItem", "Movement")


class AccessModel(OrganisationScopedModel):
    permission_domain = "access"

    class Meta:
        abstract = True


class AccountGrant(AccessModel):
    """An account in an application and its role (administrators first in the lists)."""

    application = models.ForeignKey(
        "applications.Application", verbose_name="application", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "core.Person", verbose_name="personne", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    login = models.CharField("identifiant", max_length=200)
    role = models.CharField("rôle ou profil", max_length=120, blank=True)
    is_admin = models.BooleanField("administrateur", default=False)
    is_enabled = models.BooleanField("actif", default=True)
    source = models.CharField("origine", max_length=10, choices=AccountSource.choices, default=AccountSource.MANUAL)

    class Meta:
        verbose_name = "compte applicatif"
        verbose_name_plural = "comptes et droits"
        ordering = ("application__name", "-is_admin", "login")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "application", "login"],
                name="access_grant_unique_login",
                violation_error_message="Ce compte existe déjà dans cette application.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.login} ({self.application})"


class AccessReviewCampaign(AccessModel):
    """The annual review: each account is confirmed or revoked by the application's reviewer."""

    name = models.CharField("intitulé", max_length=200)
    year = models.PositiveSmallIntegerField("année")
    starts_on = models.DateField("ouverte le")
    due_on = models.DateField("échéance")
    status = models.CharField("état", max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)

    class Meta:
        verbose_name = "revue des accès"
        verbose_name_plural = "revues des accès"
        ordering = ("-year", "name")

    def __str__(self) -> str:
        return self.name


class AccessReview(AccessModel):
    """One account's decision within a campaign."""

    campaign = models.ForeignKey(
        AccessReviewCampaign, verbose_name="revue", on_delete=models.CASCADE, related_name="reviews"
    )
    account = models.ForeignKey(AccountGrant, verbose_name="compte", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        "core.Person", verbose_name="réviseur", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(
        "décision", max_length=20, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    decided_on = models.DateField("décidé le", null=True, blank=True)
    last_reminded_on = models.DateField("dernière relance le", null=True, blank=True, editable=False)
    comment = models.CharField("commentaire", max_length=300, blank=True)

    class Meta:
        verbose_name = "décision de revue"
        verbose_name_plural = "décisions de revue"
        ordering = ("campaign", "account__application__name", "-account__is_admin", "account__login")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "campaign", "account"],
                name="access_review_unique",
                violation_error_message="Ce compte est déjà dans cette revue.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} — {self.campaign}"


class Movement(AccessModel):
    """An arrival or a departure, with its checklist generated from the template."""

    person = models.ForeignKey("core.Person", verbose_name="personne", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("nature", max_length=10, choices=MovementKind.choices)
    effective_on = models.DateField("date d'effet")
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "arrivée ou départ"
        verbose_name_plural = "arrivées et départs"
        ordering = ("-effective_on",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person} ({self.effective_on:%d/%m/%Y})"


class ChecklistItem(AccessModel):
    movement = models.ForeignKey(Movement, verbose_name="procédure", on_delete=models.CASCADE, related_name="items")
    category = models.CharField("catégorie", max_length=20, choices=ChecklistCategory.choices)
    label = models.CharField("étape", max_length=300)
    due_on = models.DateField("échéance")
    done_on = models.DateField("faite le", null=True, blank=True)

    class Meta:
        verbose_name = "étape d'arrivée ou de départ"
        verbose_name_plural = "étapes d'arrivée ou de départ"
        ordering = ("movement", "due_on", "pk")

    def __str__(self) -> str:
        return self.label
