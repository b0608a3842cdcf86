"""What every source's `sync()` shares: its counts and the progress callback it reports to.

A sync reads the source through its client, maps, and writes through the domain apps'
services inside one `transaction.atomic()`: a `SourceError` raised halfway (a 500 on page 3)
rolls everything back and reaches the caller unchanged, with its French message.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ("EquipmentMatcher", "Progress", "SyncCounts", "write_fields")

Progress = Callable[[int, int], None]  # (done, total); total 0 when unknown


@dataclass
class SyncCounts:
    """Rows written by one sync. `unmatched` counts source items we could not attach to a row of
    ours (an antivirus host absent from the inventory); `extra` holds figures a source gives
    for later indicators (Entra MFA coverage), never names."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    unmatched: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    # French sentences for the run log (a group mapped to no service…), never names of people.
    warnings: list[str] = field(default_factory=list)

    def add(self, outcome: str, number: int = 1) -> None:
        setattr(self, outcome, getattr(self, outcome) + number)

    def add_upserted(self, outcomes: tuple[int, int, int]) -> None:
        """Adds what an upsert service returns: (created, updated, unchanged)."""
        for outcome, number in zip(("created", "updated", "unchanged"), outcomes, strict=True):
            self.add(outcome, number)

    @property
    def written(self) -> int:
        return self.created + self.updated + self.deleted

    def as_dict(self) -> dict[str, int]:
        return {
            "créés": self.created,
            "modifiés": self.updated,
            "inchangés": self.unchanged,
            "supprimés": self.deleted,
            "non rapprochés": self.unmatched,
            **self.extra,
        }

    def sections(self, heading: str) -> dict[str, dict[str, int]]:
        """The run log's counts, under `heading`; a sync writing two kinds of rows overrides it."""
        return {heading: self.as_dict()}


class EquipmentMatcher:
    """Finds the organisation's equipment a source device stands for: by serial number first
    (case ignored), else by short host name (case, domain suffix and NetBIOS prefix ignored).
    A key shared by several rows matches none of them: guessing would overwrite the wrong one."""

    def __init__(self, organisation):
        from gouvernail.connectors.antivirus.mapper import short_hostname
        from gouvernail.inventory.models import Equipment

        self._short = short_hostname
        self.by_serial: dict[str, list] = {}
        self.by_name: dict[str, list] = {}
        for equipment in Equipment.objects.filter(organisation=organisation):
            if equipment.serial:
                self.by_serial.setdefault(equipment.serial.upper(), []).append(equipment)
            self.by_name.setdefault(short_hostname(equipment.name), []).append(equipment)

    def find(self, *, serial: str = "", name: str = ""):
        for table, key in ((self.by_serial, serial.strip().upper()), (self.by_name, self._short(name))):
            if key and len(table.get(key, ())) == 1:
                return table[key][0]
        return None


def write_fields(instance, values: dict, counts: SyncCounts) -> None:
    """Sets `values` on a row and saves it only if one differs, counting updated or unchanged."""
    from gouvernail.core.services import save_as

    if all(getattr(instance, key) == value for key, value in values.items()):
        counts.add("unchanged")
        return
    for key, value in values.items():
        setattr(instance, key, value)
    save_as(instance, None)
    counts.add("updated")
