"""Antivirus state onto the inventory: Defender for Endpoint (`sync`) or a console's CSV
export (`import_export`). Only `Equipment.antivirus_*` is written.

A device is matched on its short host name (case ignored, domain suffix and NetBIOS prefix
stripped, as `short_hostname` does for the source) against the organisation's equipment
names. A host that matches nothing, or more than one row, is counted as unmatched and never
creates equipment: the inventory stays the référentiel's.
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from gouvernail.connectors.antivirus.client import DefenderClient
from gouvernail.connectors.antivirus.exports import parse_export
from gouvernail.connectors.antivirus.mapper import ProtectionFact, latest_per_host, map_machine
from gouvernail.connectors.sync_base import EquipmentMatcher, Progress, SyncCounts, write_fields
from gouvernail.core.models import Organisation

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
        return apply_facts(organisation, latest_per_host(facts))


def import_export(organisation: Organisation, content: bytes | str, *, product: str = "") -> SyncCounts:
    """A console's CSV export, all or nothing: an unreadable cell raises `ExportError` first."""
    with transaction.atomic():
        return apply_facts(organisation, latest_per_host(parse_export(content, product=product)))


@transaction.atomic
def apply_facts(organisation: Organisation, facts: Iterable[ProtectionFact]) -> SyncCounts:
    counts = SyncCounts()
    matcher = EquipmentMatcher(organisation)
    unmatched = []
    for fact in facts:
        equipment = matcher.find(name=fact.hostname)
        if equipment is None:
            counts.add("unmatched")
            unmatched.append(fact.hostname)
            continue
        values = {
            "antivirus_product": fact.product[:120],
            "antivirus_status": fact.status,
            "antivirus_seen": fact.last_seen,
        }
        write_fields(equipment, values, counts)
    if unmatched:
        shown = ", ".join(sorted(unmatched)[:MAX_NAMED])
        more = f" et {len(unmatched) - MAX_NAMED} autres" if len(unmatched) > MAX_NAMED else ""
        counts.warnings.append(f"Machines absentes de l'inventaire (ou en double) : {shown}{more}.")
    return counts
