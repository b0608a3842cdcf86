"""Phishing-awareness campaigns and their results, as aggregates per service only.

A campaign (GoPhish, another tool entered by hand, or the demo) holds one result row per
service of the organisation chart, plus at most one « service inconnu » row for recipients
that matched no person. Who clicked is never stored: the connector counts recipients per
service on the way in and keeps the counts.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from gouvernail.awareness.choices import MANUAL_SOURCES, CampaignSource
from gouvernail.core.models import OrganisationScopedModel, Service
from gouvernail.core.privacy import TOO_SMALL, suppress

__all__ = ("UNKNOWN_SERVICE", "PhishingCampaign", "PhishingServiceResult")

UNKNOWN_SERVICE = "Service inconnu"


class PhishingCampaign(OrganisationScopedModel):
    """One phishing simulation sent to the agents (« campagne de sensibilisation »)."""

    name = models.CharField("nom", max_length=200)
    launched_on = models.DateField("lancée le")
    completed_on = models.DateField("terminée le", null=True, blank=True)
    source = models.CharField("source", max_length=20, choices=CampaignSource.choices, default=CampaignSource.MANUAL)
    external_id = models.CharField(
        "identifiant dans la source", max_length=64, blank=True, help_text="Numéro de la campagne dans GoPhish."
    )
    template_name = models.CharField("modèle de message", max_length=200, blank=True)
    landing_page_name = models.CharField("page de destination", max_length=200, blank=True)

    permission_domain = "activity"

    class Meta:
        verbose_name = "campagne de phishing"
        verbose_name_plural = "campagnes de phishing"
        ordering = ("-launched_on", "name")
        indexes = [models.Index(fields=["organisation", "launched_on"], name="awareness_campaign_org_launch")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="awareness_campaign_unique_source_id",
                violation_error_message="Une campagne de cette source porte déjà cet identifiant.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.completed_on and self.launched_on and self.completed_on < self.launched_on:
            raise ValidationError({"completed_on": "La date de fin précède la date de lancement."})

    @property
    def is_kept_by_hand(self) -> bool:
        return self.source in MANUAL_SOURCES


class PhishingServiceResult(OrganisationScopedModel):
    """The counts of one campaign for one service (or for recipients matched to no service).

    Counts are cumulative, as GoPhish's: `clicked` includes those who then submitted data,
    so the click rate is clicked ÷ sent.
    """

    campaign = models.ForeignKey(
        PhishingCampaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="results"
    )
    # RESTRICT: deleting a service must not silently merge its results into « service inconnu »,
    # yet purging the whole organisation (which deletes the results too) stays possible.
    service = models.ForeignKey(
        Service,
        verbose_name="service",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="phishing_results",
        help_text="Laissez vide pour les destinataires rattachés à aucun service (« service inconnu »).",
    )
    sent = models.PositiveIntegerField("messages envoyés", default=0)
    opened = models.PositiveIntegerField("messages ouverts", default=0)
    clicked = models.PositiveIntegerField("clics sur le lien", default=0, help_text="Y compris les saisies de données.")
    submitted = models.PositiveIntegerField("données saisies", default=0)
    reported = models.PositiveIntegerField("signalements", default=0)

    permission_domain = "activity"

    class Meta:
        verbose_name = "résultat de phishing par service"
        verbose_name_plural = "résultats de phishing par service"
        ordering = ("campaign", "service__name")
        indexes = [models.Index(fields=["organisation", "campaign"], name="awareness_result_org_campaign")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "campaign", "service"],
                name="awareness_result_unique_service",
                violation_error_message="Cette campagne a déjà un résultat pour ce service.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "campaign"],
                condition=Q(service__isnull=True),
                name="awareness_result_unique_unknown",
                violation_error_message="Cette campagne a déjà une ligne « service inconnu ».",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.service_label}"

    @property
    def service_label(self) -> str:
        return self.service.name if self.service_id else UNKNOWN_SERVICE

    @cached_property
    def is_too_small(self) -> bool:
        """Shown « effectif insuffisant »: too few recipients, or hidden with such a service of the
        same campaign (core.privacy). Tables precompute it for their rows with `hidden_result_ids`."""
        return self.pk in hidden_result_ids([self])

    # What the pages show of each count: nothing for a service below the minimum group size.
    def _shown(self, name: str):
        return TOO_SMALL if self.is_too_small else getattr(self, name)

    opened_shown = property(lambda self: self._shown("opened"))
    clicked_shown = property(lambda self: self._shown("clicked"))
    submitted_shown = property(lambda self: self._shown("submitted"))
    reported_shown = property(lambda self: self._shown("reported"))

    def clean(self) -> None:
        errors = {}
        for name in ("opened", "clicked", "reported"):
            if getattr(self, name) > self.sent:
                errors[name] = f"Ne peut dépasser le nombre de messages envoyés ({self.sent})."
        if self.submitted > self.clicked:
            errors["submitted"] = (
                f"Ne peut dépasser le nombre de clics ({self.clicked}) : saisir suppose d'avoir cliqué."
            )
        if errors:
            raise ValidationError(errors)


def hidden_result_ids(results) -> set[int]:
    """The ids of the per-service results (of any campaigns) shown « effectif insuffisant »: the
    rule is applied to all the services of each campaign together, whatever subset is listed."""
    campaigns = {result.campaign_id for result in results}
    by_campaign: dict[int, list[tuple[int, int]]] = {}
    peers = PhishingServiceResult.objects.filter(campaign__in=campaigns).values_list("campaign_id", "pk", "sent")
    for campaign_id, pk, sent in peers.order_by("campaign_id", "pk"):
        by_campaign.setdefault(campaign_id, []).append((pk, sent))
    hidden = set()
    for members in by_campaign.values():
        suppression = suppress([sent for _, sent in members])
        hidden |= {pk for index, (pk, _) in enumerate(members) if suppression.is_hidden(index)}
    return hidden
