"""One synchronisation of GLPI: computers onto the inventory, tickets into `servicedesk`.

Computers go through `inventory.services.equipment_upsert` (serial, then name, then GLPI's
id); a computer matching nothing is created (GLPI then serves as the fleet inventory, as
GestSup does). Only what GLPI knows is overwritten: site, service, dates and state set in
Gouvernail stay, and an empty GLPI value erases nothing.
Tickets become `Request` rows (source GLPI) with no title, text nor person, written through
`servicedesk.services` as GestSup's are (`requests_upsert`, `requests_remove`); the family comes
from the organisation's category mappings (`family_resolver`). Every ticket is read each time,
so a ticket gone from GLPI (deleted or put in the trash) loses its request.
"""

from datetime import date

from django.db import transaction

from gouvernail.connectors.glpi.client import GlpiClient
from gouvernail.connectors.glpi.mapper import GlpiComputer, GlpiTicket, map_computer, map_ticket
from gouvernail.connectors.sync_base import Progress, SyncCounts
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
) -> GlpiCounts:
    counts = GlpiCounts()
    with transaction.atomic():
        computers = (computer for computer in map(map_computer, client.computers()) if computer is not None)
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
        _tickets_write(organisation, client, counts.requests, progress)
    return counts.merge()


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


def _tickets_write(organisation, client: GlpiClient, counts: SyncCounts, progress: Progress | None) -> None:
    """Tickets through the servicedesk services, in batches, as GestSup's full run writes them;
    every ticket is read each run, so the stored ones not seen are removed."""
    resolve = family_resolver(organisation)
    source = RequestSource.GLPI
    seen: set[str] = set()
    batch: list[dict] = []

    def flush() -> None:
        counts.add_upserted(requests_upsert(organisation=organisation, source=source, rows=batch))
        batch.clear()
        if progress:
            progress(len(seen), 0)

    for row in client.tickets():
        ticket = map_ticket(row)
        if ticket is None:
            continue
        external_id = str(ticket.remote_id)
        if external_id in seen:
            continue  # a ticket read twice across pages: inserting it twice would break the unique key
        seen.add(external_id)
        batch.append(_request_row(ticket, resolve))
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
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
    }
