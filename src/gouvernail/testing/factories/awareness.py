"""Builders for the rows of the `awareness` app: a valid row with sensible defaults, overridable."""

from datetime import date

from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.core.models import Organisation, Service


def make_phishing_campaign(organisation: Organisation, name: str = "Sensibilisation T1", **fields) -> PhishingCampaign:
    defaults = {"launched_on": date(2026, 3, 2), "source": "saisie"}
    return PhishingCampaign.objects.create(organisation=organisation, name=name, **{**defaults, **fields})


def make_phishing_result(campaign: PhishingCampaign, service: Service | None = None, **counts) -> PhishingServiceResult:
    defaults = {"sent": 10, "opened": 6, "clicked": 3, "submitted": 1, "reported": 2}
    return PhishingServiceResult.objects.create(
        organisation=campaign.organisation, campaign=campaign, service=service, **{**defaults, **counts}
    )
