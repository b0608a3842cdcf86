"""Antivirus state onto the inventory: Defender for Endpoint (`sync`) or a console's CSV
export (`import_export`). Only `Equipment.antivirus_*` is written.

A device is matched through `inventory.services.equipment_upsert` on its host name (case,
domain suffix and NetBIOS prefix ignored, see `equipment_name_key`), never renamed. A host
that matches nothing, or more than one row, is counted as unmatched and never creates
equipment: the inventory stays the référentiel's.
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from gouvernail.connectors.antivirus.client import DefenderClient
from gouvernail.connectors.antivirus.exports import parse_export
from gouvernail.connectors.antivirus.mapper import ProtectionFact, latest_per_host, map_machine
from gouvernail.connectors.sync_base import Progress, SyncCounts
from gouvernail.core.models import Organisation
from gouvernail.core.upsert import REF
from gouvernail.inventory.choices import EquipmentSource
from gouvernail.inventory.services import equipment_upsert

__all__ = ("apply_facts", "import_export", "sync")

# Host names are not personal data, but a log line of 5 000 of them helps nobody.
MAX_NAMED = 50


def sync(
    organisation: Organisation,
    client: DefenderClient,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    run=None,
) -> SyncCounts:
    """Reads every Defender machine, then writes; `now` (default: end of `today`, or the
    present) is when « seen within a week » is judged."""
    if now is None:
        now = timezone.make_aware(datetime.combine(today, time.max)) if today else timezone.now()
    with transaction.atomic():
        facts = []
        for item in client.machines():
            facts.append(map_machine(item, now=now))
            if progress:
                progress(len(facts), 0)
        return apply_facts(organisation, latest_per_host(facts), source=EquipmentSource.DEFENDER, run=run)


def import_export(
    organisation: Organisation, content: bytes | str, *, product: str = "", acting_user=None
) -> SyncCounts:
    """A console's CSV export, all or nothing: an unreadable cell raises `ExportError` first."""
    with transaction.atomic():
        facts = latest_per_host(parse_export(content, product=product))
        return apply_facts(organisation, facts, acting_user=acting_user)


@transaction.atomic
def apply_facts(
    organisation: Organisation, facts: Iterable[ProtectionFact], *, source: str = "", run=None, acting_user=None
) -> SyncCounts:
    """Writes the facts through `equipment_upsert`, matching on the host name only (never
    written, never creating a device)."""
    counts = SyncCounts()
    unmatched = []

    def note(outcome) -> None:
        if outcome.action in ("unmatched", "rejected"):
            unmatched.append(outcome.ref)

    rows = (
        {
            REF: fact.hostname,
            "name": fact.hostname,
            "antivirus_product": fact.product[:120],
            "antivirus_status": fact.status,
            "antivirus_seen": fact.last_seen,
        }
        for fact in facts
    )
    result = equipment_upsert(
        organisation=organisation,
        source=source or EquipmentSource.ANTIVIRUS_CSV,
        rows=rows,
        run=run,
        acting_user=acting_user,
        reason="" if run is not None else "Import d'un export antivirus",
        create=False,
        match_only=("name",),
        on_outcome=note,
    )
    counts.add_upserted(result.counts())
    # A host matching several devices is as unknown as one matching none.
    counts.add("unmatched", len(unmatched))
    if unmatched:
        shown = ", ".join(sorted(unmatched)[:MAX_NAMED])
        more = f" et {len(unmatched) - MAX_NAMED} autres" if len(unmatched) > MAX_NAMED else ""
        counts.warnings.append(f"Machines absentes de l'inventaire (ou en double) : {shown}{more}.")
    return counts
