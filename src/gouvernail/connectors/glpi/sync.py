"""One synchronisation of GLPI: computers onto the inventory, tickets into `servicedesk`.

Computers go through `inventory.services.equipment_upsert` (serial, then name, then GLPI's
id); a computer matching nothing is created (GLPI then serves as the fleet inventory, as
GestSup does). Only what GLPI knows is overwritten: site, service, dates and state set in
Gouvernail stay, and an empty GLPI value erases nothing.
Tickets become `Request` rows (source GLPI) with no title, text nor person, written through
`servicedesk.services` as GestSup's are (`requests_upsert`, `requests_remove`); the family comes
from the organisation's category mappings (`family_resolver`). A full run reads every ticket,
so a ticket gone from GLPI (deleted or put in the trash) loses its request; an incremental run
reads only what GLPI modified since the previous run's high-water mark (`connectors.watermark`)
and removes the requests of the tickets put in the trash since.
"""

from datetime import date, datetime, timedelta

from django.db import transaction

from gouvernail.connectors.glpi.client import GlpiClient
from gouvernail.connectors.glpi.mapper import GLPI_TIMEZONE, GlpiComputer, GlpiTicket, map_computer, map_ticket
from gouvernail.connectors.sync_base import Progress, SyncCounts
from gouvernail.connectors.watermark import Watermark
from gouvernail.core.models import Organisation
from gouvernail.core.upsert import REF
from gouvernail.inventory.choices import EquipmentFamily, EquipmentSource
from gouvernail.inventory.services import equipment_upsert
from gouvernail.servicedesk.choices import RequestSource
from gouvernail.servicedesk.models import Request
from gouvernail.servicedesk.services import family_resolver, requests_remove, requests_upsert

__all__ = ("GlpiCounts", "sync")

# Tickets per `requests_upsert` call, as GestSup's sync.
BATCH_SIZE = 2000


class GlpiCounts(SyncCounts):
    """Counts of both kinds of rows; `equipment` and `requests` hold them apart."""

    def __init__(self):
        super().__init__()
        self.equipment = SyncCounts()
        self.requests = SyncCounts()

    def sections(self, heading: str) -> dict[str, dict[str, int]]:
        return {"équipements": self.equipment.as_dict(), "demandes": self.requests.as_dict()}

    def merge(self) -> "GlpiCounts":
        for name in ("created", "updated", "unchanged", "deleted", "unmatched"):
            setattr(self, name, getattr(self.equipment, name) + getattr(self.requests, name))
        return self


def sync(
    organisation: Organisation,
    client: GlpiClient,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    run=None,
    full: bool = True,
    since: datetime | None = None,
) -> GlpiCounts:
    """A full run reads every computer and ticket and removes the requests of tickets gone; an
    incremental one (`full=False`, from `since`, see `connectors.watermark`) reads only what
    GLPI modified from then on, and removes the requests of tickets put in the trash since."""
    counts = GlpiCounts()
    mark = Watermark(since)
    after = None if full or since is None else _glpi_time(since)
    with transaction.atomic():
        computers = []
        for row in client.computers(since=after) if after else client.computers():
            computer = map_computer(row)
            if computer is not None:
                mark.see(computer.modified_at)
                computers.append(computer)
        result = equipment_upsert(
            organisation=organisation,
            source=EquipmentSource.GLPI,
            rows=map(_computer_row, computers),
            run=run,
            defaults={"family": EquipmentFamily.DESKTOP},
            create_only=("name",),
        )
        counts.equipment.add_result(result)
        counts.warnings.extend(counts.equipment.warnings)
        tickets = client.tickets_modified(after) if after else client.tickets()
        _tickets_write(organisation, tickets, counts.requests, progress, mark, removing=after is None)
        if after:
            trashed = [str(number) for number in client.ticket_ids(after, deleted=True)]
            if trashed:
                removed = requests_remove(organisation=organisation, source=RequestSource.GLPI, external_ids=trashed)
                counts.requests.add("deleted", removed)
    counts.high_water_mark = mark.value
    counts.rows_read = len(computers) + counts.requests.created + counts.requests.updated + counts.requests.unchanged
    return counts.merge()


def _glpi_time(moment: datetime) -> str:
    """The mark as GLPI's search reads it (local time, to the second), one second earlier:
    `morethan` is strict, and a row saved in the mark's very second must be read again."""
    local = moment.astimezone(GLPI_TIMEZONE) - timedelta(seconds=1)
    return local.strftime("%Y-%m-%d %H:%M:%S")


def _computer_row(computer: GlpiComputer) -> dict:
    """What GLPI knows of a computer, as `equipment_upsert` takes it; a new one is a desktop."""
    return {
        REF: f"Ordinateur GLPI n° {computer.remote_id} (« {computer.name} »)",
        "external_id": str(computer.remote_id),
        "name": computer.name[:120] or f"GLPI {computer.remote_id}",
        "serial": computer.serial[:120],
        "manufacturer": computer.manufacturer[:120],
        "model": computer.model[:120],
        "os_name": computer.os_name[:120],
        "os_version": computer.os_version[:60],
    }


def _tickets_write(organisation, rows, counts: SyncCounts, progress: Progress | None, mark, *, removing: bool) -> None:
    """Tickets through the servicedesk services, in batches, as GestSup's run writes them; on a
    full read, the stored ones not seen are removed."""
    resolve = family_resolver(organisation)
    source = RequestSource.GLPI
    seen: set[str] = set()
    batch: list[dict] = []
    # A first run has nothing to compare with, as GestSup's: no stored row to read, none to remove.
    none_stored = not Request.objects.filter(organisation=organisation, source=source).exists()

    def flush() -> None:
        counts.add_upserted(
            requests_upsert(organisation=organisation, source=source, rows=batch, none_stored=none_stored)
        )
        batch.clear()
        if progress:
            progress(len(seen), 0)

    for row in rows:
        ticket = map_ticket(row)
        if ticket is None:
            continue
        mark.see(ticket.modified_at)
        external_id = str(ticket.remote_id)
        if external_id in seen:
            continue  # a ticket read twice across pages: inserting it twice would break the unique key
        seen.add(external_id)
        batch.append(_request_row(ticket, resolve))
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    if not removing or none_stored:
        return
    stored = Request.objects.filter(organisation=organisation, source=source).values_list("external_id", flat=True)
    gone = [external_id for external_id in stored.iterator(chunk_size=5000) if external_id not in seen]
    if gone:
        counts.add("deleted", requests_remove(organisation=organisation, source=source, external_ids=gone))


def _request_row(ticket: GlpiTicket, resolve) -> dict:
    """A ticket as the row `requests_upsert` takes: GLPI knows no service nor site of ours."""
    return {
        "external_id": str(ticket.remote_id),
        "opened_at": ticket.opened_at,
        "resolved_at": ticket.resolved_at,
        "source_modified_at": ticket.modified_at,
        "status": ticket.status,
        "request_type": ticket.request_type[:120],
        "category": ticket.category[:120],
        "subcategory": ticket.subcategory[:120],
        "family": resolve(ticket.category, ticket.subcategory),
        "service_id": None,
        "site_id": None,
        "time_spent_minutes": ticket.time_spent_minutes,
        "taken_at": ticket.taken_at,
    }
