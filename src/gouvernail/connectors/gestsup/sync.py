"""One synchronisation of GestSup into Gouvernail: assets, then tickets.

The caller (connectors.runner) opens the client and holds one database transaction around
this function, so an error or a cut connection anywhere leaves our data as it was.

Memory stays bounded: tickets are streamed and written in batches of `batch_size`; a full
run also keeps the ids it saw (`SeenIds`, one bit per id) to find the deleted ones.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone as django_timezone

from gouvernail.connectors.gestsup.client import GestsupClient
from gouvernail.connectors.gestsup.mapper import (
    ASSET,
    TICKET,
    AssetLookups,
    TicketLookups,
    date_problems,
    is_live_asset,
    is_live_ticket,
    map_asset,
    map_ticket,
    normalised_mapping,
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
from gouvernail.servicedesk.models import Request
from gouvernail.servicedesk.services import family_resolver, requests_remove, requests_upsert

__all__ = ("SyncResult", "synchronise")

BATCH_SIZE = 2000
# A source server's clock may run a little ahead of ours: a date up to this much after the
# run's start is believed (the mark still stops at the start); past it, it is reported.
CLOCK_ALLOWANCE = dt.timedelta(hours=1)
# Ticket ids quoted per kind of date problem in the run log; the rest are counted.
QUOTED_IDS = 20


@dataclass
class SyncResult:
    requests: SyncCounts = field(default_factory=SyncCounts)
    equipment: SyncCounts = field(default_factory=SyncCounts)
    warnings: list[str] = field(default_factory=list)
    high_water_mark: object = None  # aware datetime of the latest date_modif read
    rows_read: int = 0
    # {GestSup name: tickets} of the services and places that matched nothing of ours.
    unmatched_services: dict[str, int] = field(default_factory=dict)
    unmatched_sites: dict[str, int] = field(default_factory=dict)

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
    service_mapping: dict[str, int] | None = None,
) -> SyncResult:
    """Reads GestSup through `client` and writes requests and equipment of `organisation`.

    `since` (aware datetime) is the previous successful run's high-water mark; an
    incremental run reads only tickets modified from then on. A full run reads every ticket
    and removes the requests whose ticket is gone or disabled. `service_mapping` is the
    connector's {GestSup service name: service pk}, read before the same-name rule.

    Dates that cannot be true (after the run's start, a resolution before the creation) are
    left out and reported by ticket id; the high-water mark never passes the run's start.
    """
    tz = ZoneInfo(timezone)
    started = run.started_at if run is not None else django_timezone.now()
    result = SyncResult(high_water_mark=since)
    mark = Watermark(since, ceiling=started)
    our_sites, our_services = _our_names(Site, organisation), _our_names(Service, organisation)
    mapping = normalised_mapping(service_mapping or {}, set(our_services.values()))
    services = client.labels("tservices")
    # The asset and lookup reads come first: the ticket stream then holds the connection.
    _sync_assets(organisation, client, services, our_sites, our_services, result, run, mapping)
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
        service_mapping=mapping,
    )
    resolve = family_resolver(organisation)
    latest = started + CLOCK_ALLOWANCE
    problems: dict[str, list[str]] = {}
    since_naive = None if full or since is None else since.astimezone(tz).replace(tzinfo=None)
    total = client.count_tickets(since_naive)
    if progress:
        progress(0, total)

    source = RequestSource.GESTSUP
    # A first run has nothing to compare with: no stored row to read per batch, none to remove.
    none_stored = not Request.objects.filter(organisation=organisation, source=source).exists()
    seen = SeenIds() if full and not none_stored else None
    removed: list[str] = []
    batch: list[dict] = []

    def flush() -> None:
        upserted = requests_upsert(organisation=organisation, source=source, rows=batch, none_stored=none_stored)
        result.requests.add_upserted(upserted)
        batch.clear()
        if progress:
            progress(result.rows_read, max(total, result.rows_read))

    for row in client.iter_tickets(since_naive):
        result.rows_read += 1
        if not is_live_ticket(row):
            modified = source_datetime(row[TICKET["date_modif"]], tz)
            mark.see(modified if modified is not None and modified <= latest else None)
            if not full:
                removed.append(str(row[TICKET["id"]]))
            continue  # on a full run, not being seen is what removes it
        ticket = map_ticket(row, lookups, resolve, tz)
        found = date_problems(ticket, latest=latest, tz=tz)
        for problem in found:
            problems.setdefault(problem.split(" (")[0], []).append(f"n° {row[TICKET['id']]} : {problem}")
        # A date left out (in the future) moves no mark; one a little ahead stops at the start.
        mark.see(ticket["source_modified_at"])
        if ticket["opened_at"] is None:
            if found:  # created in the future: reported above
                continue
            result.warnings.append(f"Ticket GestSup n° {row[TICKET['id']]} ignoré : aucune date renseignée.")
            continue
        if seen is not None:
            seen.add(row[TICKET["id"]])
        batch.append(ticket)
        if len(batch) >= batch_size:
            flush()
    flush()

    if seen is not None:
        removed = _absent_ids(organisation, source, seen)
    if removed:
        result.requests.deleted += requests_remove(organisation=organisation, source=source, external_ids=removed)
    result.high_water_mark = mark.value
    result.warnings.extend(_date_warnings(problems))
    result.warnings.extend(_unmatched_warnings(lookups))
    result.unmatched_services = dict(lookups.unmatched_services)
    result.unmatched_sites = dict(lookups.unmatched_sites)
    return result


def _date_warnings(problems: dict[str, list[str]]) -> list[str]:
    warnings = []
    for lines in problems.values():
        warnings.extend(f"Ticket GestSup {line}." for line in lines[:QUOTED_IDS])
        if len(lines) > QUOTED_IDS:
            warnings.append(f"… et {len(lines) - QUOTED_IDS} autres tickets GestSup avec le même problème de date.")
    return warnings


def _plural(count: int) -> str:
    return f"{count} ticket{'s' if count > 1 else ''}"


def _unmatched_warnings(lookups: TicketLookups) -> list[str]:
    """GestSup services and places (or agencies) that matched nothing of ours, with how many
    tickets this run left without a service or a site: a mapping to add, said every run."""
    warnings = [
        f"Service GestSup « {name} » sans correspondance : {_plural(count)} sans service "
        "(rattachez-le dans la configuration du connecteur)."
        for name, count in sorted(lookups.unmatched_services.items(), key=lambda item: (-item[1], item[0]))
    ]
    warnings += [
        f"Lieu GestSup « {name} » sans site du même nom : {_plural(count)} sans site."
        for name, count in sorted(lookups.unmatched_sites.items(), key=lambda item: (-item[1], item[0]))
    ]
    return warnings


class SeenIds:
    """The ticket ids a full read saw, one bit each from the lowest: GestSup numbers its tickets
    with an auto-increment, so 200 000 of them take 25 kB where a list of ids took 1.6 MB, and
    the memory of a run no longer grows with the helpdesk's size. An id far outside the span
    already seen (more than 32 ids per id seen away) is kept apart, so that a stray huge number
    cannot allocate a huge bitmap."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self._base = 0  # the id of the first bit, a multiple of 8
        self._count = 0
        self._apart: set[int] = set()

    def add(self, number: int) -> None:
        self._count += 1
        if not self._bits:
            self._base = number - number % 8
            self._bits.append(0)
        low = min(self._base, number - number % 8)
        needed = (max(self._base + 8 * len(self._bits), number + 1) - low + 7) // 8
        if needed > len(self._bits):
            if needed > 4 * self._count + 4096:
                self._apart.add(number)
                return
            if low < self._base:
                self._bits[:0] = bytes((self._base - low) // 8)
                self._base = low
            # Grown by half at least, so that a long read does not copy the bitmap each time.
            missing = needed - len(self._bits)
            if missing > 0:
                self._bits.extend(bytes(max(missing, len(self._bits) // 2)))
        offset = number - self._base
        self._bits[offset >> 3] |= 1 << (offset & 7)

    def __contains__(self, number: int) -> bool:
        offset = number - self._base
        if 0 <= offset < 8 * len(self._bits) and self._bits[offset >> 3] & (1 << (offset & 7)):
            return True
        return number in self._apart


def _absent_ids(organisation: Organisation, source: str, seen: SeenIds) -> list[str]:
    """Our requests of the source whose id the full read did not see."""
    absent = []
    stored = Request.objects.filter(organisation=organisation, source=source).values_list("external_id", flat=True)
    for external_id in stored.iterator(chunk_size=5000):
        try:
            number = int(external_id)
        except ValueError:
            absent.append(external_id)
            continue
        if number not in seen:
            absent.append(external_id)
    return absent


#
# Assets → equipment, through the inventory's one upsert
#


def _sync_assets(
    organisation, client, services, our_sites, our_services, result: SyncResult, run=None, mapping=None
) -> None:
    lookups = AssetLookups(
        types=client.labels("tassets_type"),
        models=client.labels("tassets_model"),
        manufacturers=client.labels("tassets_manufacturer"),
        states=client.labels("tassets_state"),
        locations=client.labels("tassets_location"),
        services=services,
        our_sites=our_sites,
        our_services=our_services,
        service_mapping=mapping or {},
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
