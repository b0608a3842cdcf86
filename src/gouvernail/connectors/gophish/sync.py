"""One synchronisation of GoPhish: campaigns, and their results counted per service.

A recipient's e-mail is looked up among the people of the référentiel (their work e-mail, else
their Gouvernail login's: `core.services.person_ids_by_email`), then the person's service, and
dropped at once; only per-service counts are stored, through `awareness.services`. The counting
is awareness's `tally_recipients` (keyed by service id, as `campaign_results_store` expects),
over the mapper's `map_recipients`. Campaigns deleted in GoPhish are kept: they are the history
of the awareness effort.
"""

from django.db import transaction
from django.utils import timezone

from gouvernail.awareness.choices import CampaignSource
from gouvernail.awareness.models import PhishingCampaign
from gouvernail.awareness.services import campaign_results_store, campaign_upsert, tally_recipients
from gouvernail.connectors.gophish.client import GophishClient
from gouvernail.connectors.gophish.mapper import Campaign, map_campaign, map_recipients
from gouvernail.connectors.sync_base import Progress, SyncCounts
from gouvernail.core.models import Organisation, Person
from gouvernail.core.services import person_ids_by_email

__all__ = ("service_ids_by_email", "sync")


def service_ids_by_email(organisation: Organisation) -> dict[str, int]:
    """Lower-cased e-mail → service id, for the people who have a service (e-mail → person → service)."""
    services = dict(
        Person.objects.filter(organisation=organisation, service__isnull=False).values_list("pk", "service_id")
    )
    return {
        email: services[person_id]
        for email, person_id in person_ids_by_email(organisation).items()
        if person_id in services
    }


def _local_date(moment):
    return timezone.localtime(moment).date() if moment is not None else None


def sync(
    organisation: Organisation, client: GophishClient, *, today=None, progress: Progress | None = None
) -> SyncCounts:
    """Brings the organisation's GoPhish campaigns and their per-service rows up to date.

    Counts are of rows written: campaigns and result rows together. A campaign never
    launched (no launch date) is left out until it is.
    """
    counts = SyncCounts()
    with transaction.atomic():
        services = service_ids_by_email(organisation)
        campaigns = [c for c in map(map_campaign, client.campaign_summaries()) if c is not None]
        launched = [c for c in campaigns if (c.launched_at or c.created_at) is not None]
        if progress:
            progress(0, len(launched))
        for done, campaign in enumerate(launched, start=1):
            stored = _campaign_write(organisation, campaign, counts)
            tally = tally_recipients(map_recipients(client.campaign_results(campaign.remote_id), services.get))
            _results_write(stored, tally, counts)
            if progress:
                progress(done, len(launched))
    return counts


def _campaign_write(organisation: Organisation, campaign: Campaign, counts: SyncCounts) -> PhishingCampaign:
    external_id = str(campaign.remote_id)
    before = (
        PhishingCampaign.objects.filter(
            organisation=organisation, source=CampaignSource.GOPHISH, external_id=external_id
        )
        .values_list("last_updated", flat=True)
        .first()
    )
    stored = campaign_upsert(
        organisation=organisation,
        source=CampaignSource.GOPHISH,
        external_id=external_id,
        name=campaign.name[:200] or f"Campagne GoPhish {external_id}",
        launched_on=_local_date(campaign.launched_at or campaign.created_at),
        completed_on=_local_date(campaign.completed_at),
    )
    counts.add("created" if before is None else "updated" if stored.last_updated != before else "unchanged")
    return stored


def _results_write(campaign: PhishingCampaign, tally: dict, counts: SyncCounts) -> None:
    before = dict(campaign.results.values_list("service_id", "last_updated"))
    rows = campaign_results_store(campaign=campaign, results=tally)
    after = {row.service_id: row.last_updated for row in rows}
    counts.add("deleted", len(set(before) - set(after)))
    for service_id, moment in after.items():
        counts.add(
            "created" if service_id not in before else "unchanged" if before[service_id] == moment else "updated"
        )
