"""Writes of phishing results: what a connector (GoPhish) or an import calls.

Recipients are counted per service on the way in (`tally_recipients`) and only the counts
are stored (`campaign_results_store`): no row ever names a recipient.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from gouvernail.awareness.choices import GOPHISH_STAGES
from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.awareness.queries import Tally
from gouvernail.core.models import Organisation, Service, User
from gouvernail.core.services import save_as

__all__ = ("Recipient", "campaign_results_store", "campaign_upsert", "tally_recipients")


@dataclass(frozen=True)
class Recipient:
    """One GoPhish result, reduced to what the counts need: the service the e-mail matched
    (None when it matched nobody), the furthest status reached and the « reported » flag."""

    service_id: int | None
    status: str
    reported: bool = False


def tally_recipients(recipients: Iterable[Recipient]) -> dict[int | None, Tally]:
    """Counts per service following GoPhish's cumulative rules (getCampaignStats).

    A recipient at « Submitted Data » also counts as clicked, opened and sent; one at
    « Scheduled », « Queued » or « Error » was never sent and counts nowhere, except that a
    report (which only sets `reported`) is still counted for a delivered message.
    """
    counts: dict[int | None, list[int]] = {}
    for recipient in recipients:
        stage = GOPHISH_STAGES.get(recipient.status, 0)
        if stage == 0:
            continue
        row = counts.setdefault(recipient.service_id, [0, 0, 0, 0, 0])
        for index in range(stage):
            row[index] += 1
        row[4] += bool(recipient.reported)
    return {service_id: Tally(*row) for service_id, row in counts.items()}


@transaction.atomic
def campaign_upsert(
    *,
    organisation: Organisation,
    source: str,
    external_id: str,
    name: str,
    launched_on: date,
    completed_on: date | None = None,
    template_name: str = "",
    landing_page_name: str = "",
    acting_user: User | None = None,
) -> PhishingCampaign:
    """Creates the campaign known by (source, external id), or brings its fields up to date."""
    campaign = PhishingCampaign.objects.filter(
        organisation=organisation, source=source, external_id=external_id
    ).first() or PhishingCampaign(organisation=organisation, source=source, external_id=external_id)
    fields = {
        "name": name,
        "launched_on": launched_on,
        "completed_on": completed_on,
        "template_name": template_name,
        "landing_page_name": landing_page_name,
    }
    if campaign.pk and all(getattr(campaign, key) == value for key, value in fields.items()):
        return campaign  # unchanged: no journal entry for a sync that found nothing new
    for key, value in fields.items():
        setattr(campaign, key, value)
    campaign.full_clean(validate_unique=False, validate_constraints=False)
    return save_as(campaign, acting_user)


@transaction.atomic
def campaign_results_store(
    *, campaign: PhishingCampaign, results: dict[int | None, Tally], acting_user: User | None = None
) -> list[PhishingServiceResult]:
    """Makes the campaign's per-service rows exactly `results` (service id → counts).

    Rows whose counts did not change are left alone, so two identical syncs write nothing;
    a service no longer present loses its row. Service ids must belong to the campaign's
    organisation.
    """
    organisation = campaign.organisation
    known = set(
        Service.objects.filter(organisation=organisation, pk__in=[k for k in results if k]).values_list("pk", flat=True)
    )
    stray = {k for k in results if k is not None} - known
    if stray:
        raise ValueError(f"Services étrangers à l'organisation : {sorted(stray)}")
    existing = {row.service_id: row for row in campaign.results.all()}
    for service_id in set(existing) - set(results):
        existing[service_id].delete()
    stored = []
    for service_id, tally in results.items():
        row = existing.get(service_id) or PhishingServiceResult(
            organisation=organisation, campaign=campaign, service_id=service_id
        )
        values = {name: getattr(tally, name) for name in ("sent", "opened", "clicked", "submitted", "reported")}
        if row.pk is None or any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.full_clean(validate_unique=False, validate_constraints=False)
            save_as(row, acting_user)
        stored.append(row)
    return stored
