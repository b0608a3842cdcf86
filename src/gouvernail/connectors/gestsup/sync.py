"""One synchronisation of GestSup into Gouvernail: assets, then tickets.

The caller (connectors.runner) opens the client and holds one database transaction around
this function, so an error or a cut connection anywhere leaves our data as it was.

Memory stays bounded: tickets are streamed and written in batches of `batch_size`; a full
run also keeps the ids it saw (8 bytes each, in id order) to find the deleted ones.
"""

import bisect
from array import array
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from gouvernail.connectors.gestsup.client import GestsupClient
from gouvernail.connectors.gestsup.mapper import (
    ASSET,
    TICKET,
    AssetLookups,
    TicketLookups,
    is_live_asset,
    is_live_ticket,
    map_asset,
    map_ticket,
    normalised_names,
    source_datetime,
)
from gouvernail.connectors.sync_base import Progress, SyncCounts
from gouvernail.connectors.watermark import Watermark
from gouvernail.core.models import Organisation, Service, Site
from gouvernail.core.upsert import REF
from gouvernail.inventory.choices import EquipmentSource
from gouvernail.inventory.services import equipment_upsert
from gouvernail.servicedesk.choices import RequestSource
from gouvernail.servicedesk.services import family_resolver, requests_remove, requests_upsert

__all__ = ("SyncResult", "synchronise")

BATCH_SIZE = 2000


@dataclass
class SyncResult:
    requests: SyncCounts = field(default_factory=SyncCounts)
    equipment: SyncCounts = field(default_factory=SyncCounts)
    warnings: list[str] = field(default_factory=list)
    high_water_mark: object = None  # aware datetime of the latest date_modif read
    rows_read: int = 0

    def total(self, name: str) -> int:
        return getattr(self.requests, name) + getattr(self.equipment, name)


def _our_names(model, organisation: Organisation) -> dict[str, int]:
    return normalised_names(model.objects.filter(organisation=organisation).values_list("pk", "name"))


def synchronise(
    *,
    organisation: Organisation,
    client: GestsupClient,
    timezone: str,
    full: bool,
    since=None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    run=None,
) -> SyncResult:
    """Reads GestSup through `client` and writes requests and equipment of `organisation`.

    `since` (aware datetime) is the previous successful run's high-water mark; an
    incremental run reads only tickets modified from then on. A full run reads every ticket
    and removes the requests whose ticket is gone or disabled.
    """
    tz = ZoneInfo(timezone)
    result = SyncResult(high_water_mark=since)
    mark = Watermark(since)
    our_sites, our_services = _our_names(Site, organisation), _our_names(Service, organisation)
    services = client.labels("tservices")
    # The asset and lookup reads come first: the ticket stream then holds the connection.
    _sync_assets(organisation, client, services, our_sites, our_services, result, run)
    lookups = TicketLookups(
        states=client.states(),
        types=client.labels("ttypes"),
        categories=client.labels("tcategory"),
        subcategories=client.labels("tsubcat"),
        services=services,
        places=client.labels("tplaces"),
        agencies=client.labels("tagencies"),
        groups=client.labels("tgroups"),
        our_services=our_services,
        our_sites=our_sites,
    )
    resolve = family_resolver(organisation)
    since_naive = None if full or since is None else since.astimezone(tz).replace(tzinfo=None)
    total = client.count_tickets(since_naive)
    if progress:
        progress(0, total)

    seen = array("q") if full else None
    in_order = True
    removed: list[str] = []
    batch: list[dict] = []
    source = RequestSource.GESTSUP

    def flush() -> None:
        result.requests.add_upserted(requests_upsert(organisation=organisation, source=source, rows=batch))
        batch.clear()
        if progress:
            progress(result.rows_read, max(total, result.rows_read))

    for row in client.iter_tickets(since_naive):
        result.rows_read += 1
        mark.see(source_datetime(row[TICKET["date_modif"]], tz))
        if not is_live_ticket(row):
            if not full:
                removed.append(str(row[TICKET["id"]]))
            continue  # on a full run, not being seen is what removes it
        ticket = map_ticket(row, lookups, resolve, tz)
        if ticket["opened_at"] is None:
            result.warnings.append(f"Ticket GestSup n° {row[TICKET['id']]} ignoré : aucune date renseignée.")
            continue
        if seen is not None:
            in_order = in_order and (not seen or seen[-1] < row[TICKET["id"]])
            seen.append(row[TICKET["id"]])
        batch.append(ticket)
        if len(batch) >= batch_size:
            flush()
    flush()

    if full:
        if not in_order:
            seen = array("q", sorted(seen))
        removed = _absent_ids(organisation, source, seen)
    if removed:
        result.requests.deleted += requests_remove(organisation=organisation, source=source, external_ids=removed)
    result.high_water_mark = mark.value
    return result


def _absent_ids(organisation: Organisation, source: str, seen: array) -> list[str]:
    """Our requests of the source whose id the full read did not see."""
    from gouvernail.servicedesk.models import Request

    absent = []
    stored = Request.objects.filter(organisation=organisation, source=source).values_list("external_id", flat=True)
    for external_id in stored.iterator(chunk_size=5000):
        try:
            number = int(external_id)
        except ValueError:
            absent.append(external_id)
            continue
        index = bisect.bisect_left(seen, number)
        if index == len(seen) or seen[index] != number:
            absent.append(external_id)
    return absent


#
# Assets → equipment, through the inventory's one upsert
#


def _sync_assets(organisation, client, services, our_sites, our_services, result: SyncResult, run=None) -> None:
    lookups = AssetLookups(
        types=client.labels("tassets_type"),
        models=client.labels("tassets_model"),
        manufacturers=client.labels("tassets_manufacturer"),
        states=client.labels("tassets_state"),
        locations=client.labels("tassets_location"),
        services=services,
        our_sites=our_sites,
        our_services=our_services,
    )
    # Disabled in GestSup: the fleet record is the référent's to retire.
    rows = (_asset_row(row, lookups) for row in client.assets() if is_live_asset(row))
    upserted = equipment_upsert(organisation=organisation, source=EquipmentSource.GESTSUP, rows=rows, run=run)
    result.equipment.add_result(upserted)
    result.warnings.extend(result.equipment.warnings)


def _asset_row(row: tuple, lookups: AssetLookups) -> dict:
    values = map_asset(row, lookups)
    number = row[ASSET["id"]]
    return {**values, "external_id": str(number), REF: f"Équipement GestSup n° {number} (« {values['name']} »)"}
