"""What every source's `sync()` shares: its counts and the progress callback it reports to.

A sync reads the source through its client, maps, and writes through the domain apps'
services inside one `transaction.atomic()`: a `SourceError` raised halfway (a 500 on page 3)
rolls everything back and reaches the caller unchanged, with its French message.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ("Progress", "SyncCounts")

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

    def add(self, outcome: str, number: int = 1) -> None:
        setattr(self, outcome, getattr(self, outcome) + number)

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
